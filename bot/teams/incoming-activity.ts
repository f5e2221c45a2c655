import { z } from 'zod';

/** Ids and names end up in URLs and in every log line of the turn; Teams's own are far shorter. */
const id = z.string().max(1024);
const word = z.string().max(100);

/** A user, the bot or a member added: Teams always sends the id as a string. */
const account = z.object({ id, name: z.string().max(500).nullish(), aadObjectId: word.nullish() });

/**
 * The fields of an activity that the bot or botbuilder read, each with its type and a bound when present, so a
 * malformed activity gets 400 before the turn instead of failing inside it (with an error line quoting the value).
 * Only checked: the activity handed on is the body itself, with every field (the parsed copy drops unknown keys, and
 * not copying them keeps a body of 200,000 keys from costing a third of a second before authentication).
 */
export const incomingActivity = z.object({
  type: word.min(1),
  id: id.nullish(),
  name: word.nullish(),
  action: word.nullish(),
  channelId: word.nullish(),
  serviceUrl: z.string().url().max(2048).optional(),
  locale: word.nullish(),
  text: z.string().nullish(),
  replyToId: id.nullish(),
  from: account.optional(),
  recipient: account.optional(),
  conversation: z.object({ id, name: z.string().max(500).nullish(), conversationType: word.nullish(), tenantId: word.nullish(), isGroup: z.boolean().nullish() }).optional(),
  membersAdded: z.array(account).nullish(),
  membersRemoved: z.array(account).nullish(),
  entities: z.array(z.object({ type: word })).optional(),
  attachments: z.array(z.object({ contentType: word })).optional(),
  channelData: z.object({ tenant: z.object({ id: word }).nullish() }).nullish(),
});
