import { randomUUID } from 'node:crypto';

export const TEST_TENANT = '72f988bf-0000-4000-8000-000000000001';
export const BOT = { id: '28:brobygger-test-bot', name: 'Brobygger' };

export type TeamsUser = { aadObjectId: string; name: string };

/** A message activity shaped like the ones Teams sends a bot in a 1:1 chat (or a channel with `scope`). */
export function teamsMessage(options: {
  serviceUrl: string;
  from: TeamsUser;
  text?: string;
  value?: unknown;
  locale?: string;
  tenantId?: string;
  scope?: 'personal' | 'channel' | 'groupChat';
  replyToId?: string;
  /** A channel's id (a thread suffix is added) or another conversation id; defaults to a fixed test channel or the user's 1:1 chat. */
  conversationId?: string;
  teamId?: string;
}): Record<string, unknown> {
  const tenantId = options.tenantId ?? TEST_TENANT;
  const scope = options.scope ?? 'personal';
  const channelId = options.conversationId ?? `19:channel-${tenantId.slice(0, 8)}@thread.tacv2`;
  const conversationId = scope === 'channel' ? `${channelId};messageid=1700000000000` : (options.conversationId ?? `a:personal-${options.from.aadObjectId}`);
  return {
    type: 'message',
    id: `${Date.now()}${Math.floor(Math.random() * 1000)}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    from: { id: `29:${options.from.aadObjectId}`, name: options.from.name, aadObjectId: options.from.aadObjectId },
    conversation: { id: conversationId, conversationType: scope, tenantId, ...(scope === 'channel' ? { isGroup: true } : {}) },
    recipient: BOT,
    textFormat: 'plain',
    locale: options.locale ?? 'da-DK',
    ...(options.text !== undefined ? { text: scope === 'personal' ? options.text : `<at>${BOT.name}</at> ${options.text}` } : {}),
    ...(options.value !== undefined ? { value: options.value } : {}),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    ...(scope !== 'personal' ? { entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] } : {}),
    channelData: {
      tenant: { id: tenantId },
      ...(scope === 'channel' ? { team: { id: options.teamId ?? '19:team@thread.tacv2' }, channel: { id: channelId } } : {}),
    },
  };
}

/** An Action.Execute press as Teams delivers it: an `adaptiveCard/action` invoke. */
export function teamsCardActionInvoke(options: {
  serviceUrl: string;
  from: TeamsUser;
  verb: string;
  data: unknown;
  locale?: string;
  replyToId?: string;
  scope?: 'personal' | 'channel';
  conversationId?: string;
  trigger?: 'manual' | 'automatic';
}): Record<string, unknown> {
  const base = teamsMessage({
    serviceUrl: options.serviceUrl,
    from: options.from,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.conversationId ? { conversationId: options.conversationId } : {}),
  });
  return {
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    text: undefined,
    replyToId: options.replyToId ?? randomUUID(),
    entities: undefined,
    value: { action: { type: 'Action.Execute', verb: options.verb, data: options.data }, trigger: options.trigger ?? 'manual' },
  };
}

/** The bot being installed in a personal chat (conversationUpdate with the bot among membersAdded). */
export function teamsBotInstalled(options: { serviceUrl: string; from: TeamsUser; scope?: 'personal' | 'channel'; locale?: string }): Record<string, unknown> {
  const base = teamsMessage({ serviceUrl: options.serviceUrl, from: options.from, scope: options.scope ?? 'personal', ...(options.locale ? { locale: options.locale } : {}) });
  return { ...base, type: 'conversationUpdate', text: undefined, entities: undefined, membersAdded: [BOT] };
}

/** The bot added to a team (conversationUpdate in the General channel, whose id is the team's id). */
export function teamsBotAddedToTeam(options: { serviceUrl: string; from: TeamsUser; teamId: string }): Record<string, unknown> {
  const base = teamsMessage({ serviceUrl: options.serviceUrl, from: options.from, scope: 'channel', conversationId: options.teamId, teamId: options.teamId });
  return {
    ...base,
    type: 'conversationUpdate',
    text: undefined,
    entities: undefined,
    conversation: { id: options.teamId, conversationType: 'channel', isGroup: true, tenantId: TEST_TENANT },
    membersAdded: [BOT],
    channelData: { tenant: { id: TEST_TENANT }, team: { id: options.teamId, name: 'SOF og BIF' }, eventType: 'teamMemberAdded' },
  };
}

/** The bot removed from a team. */
export function teamsBotRemovedFromTeam(options: { serviceUrl: string; from: TeamsUser; teamId: string }): Record<string, unknown> {
  const added = teamsBotAddedToTeam(options);
  return { ...added, membersAdded: undefined, membersRemoved: [BOT], channelData: { ...(added.channelData as object), eventType: 'teamMemberRemoved' } };
}

/** The compose box's search (a search-based message extension), as Teams sends it while the user types. */
export function teamsMessageExtensionQuery(options: { serviceUrl: string; from: TeamsUser; commandId?: string; query?: string; skip?: number; locale?: string; scope?: 'personal' | 'channel' }): Record<string, unknown> {
  const base = teamsMessage({ serviceUrl: options.serviceUrl, from: options.from, scope: options.scope ?? 'channel', ...(options.locale ? { locale: options.locale } : {}) });
  const parameters = options.query === undefined ? [{ name: 'initialRun', value: 'true' }] : [{ name: 'query', value: options.query }];
  return {
    ...base,
    type: 'invoke',
    name: 'composeExtension/query',
    text: undefined,
    entities: undefined,
    value: { commandId: options.commandId ?? 'searchGuide', parameters, queryOptions: { skip: options.skip ?? 0, count: 25 } },
  };
}

/** The user picked a result whose preview had an invoke tap with `value`. */
export function teamsMessageExtensionSelect(options: { serviceUrl: string; from: TeamsUser; value: unknown; locale?: string }): Record<string, unknown> {
  const base = teamsMessage({ serviceUrl: options.serviceUrl, from: options.from, scope: 'channel', ...(options.locale ? { locale: options.locale } : {}) });
  return { ...base, type: 'invoke', name: 'composeExtension/selectItem', text: undefined, entities: undefined, value: options.value };
}
