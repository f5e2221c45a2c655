import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { baseConversationId, type ConversationScope } from '../../data/repositories/conversations.js';
import type { Store } from '../../data/store/store.js';
import type { Logger } from '../log/logger.js';
import { scopeOf, tenantOf } from './activity-to-request.js';
import { teamsConnectorClient } from './connector-response-counting.js';

type TeamsChannelData = { team?: { id?: string }; channel?: { id?: string }; eventType?: string; tenant?: { id?: string } };

/**
 * Keeps the conversation references the bot needs to post later: captured on install and on any activity where
 * missing; a team install also records every channel of the team; uninstall, a deleted channel or a deleted team
 * marks them inactive.
 */
export async function captureConversation(context: TurnContext, store: Store, log: Logger, now: Date): Promise<void> {
  const activity = context.activity;
  if (!activity.conversation?.id || !activity.serviceUrl) return;
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  const teamId = channelData.team?.id ?? null;
  const scope = scopeOf(activity);

  if (removedBot(activity)) {
    if (scope === 'channel' && teamId) await store.conversations.markTeamInactive(teamId, 'uninstalled', now);
    else await store.conversations.markInactive(activity.conversation.id, 'uninstalled', now);
    log.info({ scope }, 'bot removed: conversation marked inactive');
    return;
  }
  if (activity.type === ActivityTypes.ConversationUpdate && channelData.eventType === 'teamDeleted' && teamId) {
    await store.conversations.markTeamInactive(teamId, 'team-deleted', now);
    return;
  }
  if (activity.type === ActivityTypes.ConversationUpdate && channelData.eventType === 'channelDeleted' && channelData.channel?.id) {
    await store.conversations.markInactive(channelData.channel.id, 'channel-deleted', now);
    return;
  }

  const conversationId = baseConversationId(activity.conversation.id);
  const known = await store.conversations.find(conversationId);
  if (!known || !known.active || known.serviceUrl !== activity.serviceUrl) {
    await remember(store, activity, conversationId, scope, teamId, now);
  }
  if (channelData.eventType === 'channelCreated' && channelData.channel?.id) {
    await remember(store, activity, channelData.channel.id, 'channel', teamId, now);
  }
  if (scope === 'channel' && teamId && addedBot(activity)) await captureTeamChannels(context, store, log, teamId, now);
}

async function captureTeamChannels(context: TurnContext, store: Store, log: Logger, teamId: string, now: Date): Promise<void> {
  try {
    const channels = (await teamsConnectorClient(context).teams.fetchChannelList(teamId)).conversations ?? [];
    for (const channel of channels) {
      if (channel.id) await remember(store, context.activity, channel.id, 'channel', teamId, now);
    }
    log.info({ channels: channels.length }, 'team channels recorded');
  } catch (error) {
    log.warn({ err: error }, 'could not list the team’s channels; the General channel is recorded');
  }
}

async function remember(store: Store, activity: Activity, conversationId: string, scope: ConversationScope, teamId: string | null, now: Date): Promise<void> {
  const reference = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  reference.conversation = { ...reference.conversation!, id: conversationId };
  await store.conversations.remember(
    {
      conversationId,
      scope,
      tenantId: tenantOf(activity),
      serviceUrl: activity.serviceUrl,
      teamId,
      aadObjectId: scope === 'personal' ? (activity.from?.aadObjectId?.toLowerCase() ?? null) : null,
      reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
    },
    now,
  );
}

function addedBot(activity: Activity): boolean {
  if (activity.type === ActivityTypes.InstallationUpdate) return activity.action === 'add' || activity.action === 'add-upgrade';
  return activity.type === ActivityTypes.ConversationUpdate && (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
}

function removedBot(activity: Activity): boolean {
  if (activity.type === ActivityTypes.InstallationUpdate) return activity.action === 'remove' || activity.action === 'remove-upgrade';
  return activity.type === ActivityTypes.ConversationUpdate && (activity.membersRemoved ?? []).some((member) => member.id === activity.recipient?.id);
}
