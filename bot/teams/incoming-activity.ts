import { z } from 'zod';

/** Ids and names end up in URLs and in every log line of the turn; Teams's own are far shorter. */
const id = z.string().max(1024);
const word = z.string().max(100);

/** A user, the bot or a member added: Teams always sends the id as a string. */
const account = z.looseObject({ id, name: z.string().max(500).nullish(), aadObjectId: word.nullish() });

/**
 * The fields of an activity that the bot or botbuilder read, each with its type and a bound when present, so a
 * malformed activity gets 400 before the turn instead of failing inside it (with an error line quoting the value).
 * Everything else passes through untouched; botbuilder reads the rest.
 */
export const incomingActivity = z.looseObject({
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
  conversation: z.looseObject({ id, name: z.string().max(500).nullish(), conversationType: word.nullish(), tenantId: word.nullish(), isGroup: z.boolean().nullish() }).optional(),
  membersAdded: z.array(account).nullish(),
  membersRemoved: z.array(account).nullish(),
  entities: z.array(z.looseObject({ type: word })).optional(),
  attachments: z.array(z.looseObject({ contentType: word })).optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: word }).nullish() }).nullish(),
});
