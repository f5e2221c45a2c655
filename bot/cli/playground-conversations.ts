import type { Store } from '../../data/store/store.js';

type Settings = {
  tenantId: string;
  currentUser: { id: string; name: string; aadObjectId: string };
  bot?: { id?: string; name?: string };
  personalChat?: { id?: string };
  team?: { id?: string; channels?: { id: string; name?: string }[] };
};

/**
 * The Playground does not send Teams' install events for its mock team, so the demo records its conversations
 * as if the app had been installed there: the team's channels and the current user's 1:1 chat.
 */
export async function rememberPlaygroundConversations(store: Store, settings: Settings, serviceUrl: string, now: Date): Promise<number> {
  const bot = { id: settings.bot?.id ?? '28:brobygger-demo', name: settings.bot?.name ?? 'Brobygger' };
  const reference = (id: string, conversationType: string) => ({ channelId: 'msteams', serviceUrl, bot, conversation: { id, conversationType, tenantId: settings.tenantId } });
  let remembered = 0;
  const teamId = settings.team?.id;
  for (const channel of [...(teamId ? [{ id: teamId }] : []), ...(settings.team?.channels ?? [])]) {
    await store.conversations.remember(
      { conversationId: channel.id, scope: 'channel', tenantId: settings.tenantId, serviceUrl, teamId: teamId ?? null, aadObjectId: null, reference: reference(channel.id, 'channel') },
      now,
    );
    remembered++;
  }
  if (settings.personalChat?.id) {
    const user = settings.currentUser;
    await store.conversations.remember(
      {
        conversationId: settings.personalChat.id,
        scope: 'personal',
        tenantId: settings.tenantId,
        serviceUrl,
        teamId: null,
        aadObjectId: user.aadObjectId.toLowerCase(),
        reference: { ...reference(settings.personalChat.id, 'personal'), user: { id: user.id, name: user.name, aadObjectId: user.aadObjectId } },
      },
      now,
    );
    remembered++;
  }
  return remembered;
}
