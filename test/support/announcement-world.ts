import type { Store } from '../../data/store/store.js';
import { TEST_TENANT } from './teams-activity.js';
import { PEOPLE, WORLD_CSV } from './world.js';

/** Channels of the announcement world's units (RUS-TEAM-A, CALL and SOF-INDGANG have none of their own). */
export const UNIT_CHANNELS = {
  'JC-UDSAT': '19:jc-udsat@thread.tacv2',
  'JC-UDSAT-NORD': '19:team-nord@thread.tacv2',
  'BC-VOKSNE': '19:bc-voksne@thread.tacv2',
  RUS: '19:rus@thread.tacv2',
  SPEC: '19:spec@thread.tacv2',
} as const;

const withChannel = (line: string) => {
  const id = line.split(',')[0] as keyof typeof UNIT_CHANNELS;
  return `${line},${UNIT_CHANNELS[id] ?? ''}`;
};

/**
 * The shared world with channels for some units and two members of the contact-person network: Anna (BIF) and Mads
 * (SOF). BC-VOKSNE closed at the end of 2024 and Mads moved from it to RUS-TEAM-A on 2025-01-01.
 */
export const ANNOUNCEMENT_WORLD_CSV: Record<string, string> = {
  ...WORLD_CSV,
  'units.csv': WORLD_CSV['units.csv']!.trim().split('\n').map((line, index) => (index === 0 ? `${line},teams_channel_id` : withChannel(line))).join('\n') + '\n',
  'employees.csv': WORLD_CSV['employees.csv']!
    .replace(`${PEOPLE.anna.id},${PEOPLE.anna.name},anna.jensen@kk.dk,${PEOPLE.anna.aadObjectId},33 66 01 01,JC-UDSAT-NORD,caseworker,`, `${PEOPLE.anna.id},${PEOPLE.anna.name},anna.jensen@kk.dk,${PEOPLE.anna.aadObjectId},33 66 01 01,JC-UDSAT-NORD,caseworker|contact_person,`)
    .replace(`RUS-TEAM-A,caseworker,2025-01-01,`, `RUS-TEAM-A,caseworker|contact_person,2025-01-01,`),
};

export const personalChatOf = (aadObjectId: string) => `a:personal-${aadObjectId}`;

/** Conversation references as Teams would have given them: channels where the bot is installed, and 1:1 chats. */
export async function rememberConversations(store: Store, serviceUrl: string, options: { channels?: readonly string[]; people?: readonly string[] }, now = new Date('2025-06-01T08:00:00Z')): Promise<void> {
  for (const id of options.channels ?? []) {
    await store.conversations.remember(
      {
        conversationId: id,
        scope: 'channel',
        tenantId: TEST_TENANT,
        serviceUrl,
        teamId: `team-of-${id}`,
        aadObjectId: null,
        reference: { channelId: 'msteams', serviceUrl, conversation: { id, conversationType: 'channel', isGroup: true, tenantId: TEST_TENANT }, bot: { id: '28:brobygger-test-bot', name: 'Brobygger' } },
      },
      now,
    );
  }
  for (const aad of options.people ?? []) {
    const id = personalChatOf(aad);
    await store.conversations.remember(
      {
        conversationId: id,
        scope: 'personal',
        tenantId: TEST_TENANT,
        serviceUrl,
        teamId: null,
        aadObjectId: aad,
        reference: { channelId: 'msteams', serviceUrl, conversation: { id, conversationType: 'personal', tenantId: TEST_TENANT }, user: { id: `29:${aad}`, aadObjectId: aad }, bot: { id: '28:brobygger-test-bot', name: 'Brobygger' } },
      },
      now,
    );
  }
}
