import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredConversation } from '../../../data/repositories/conversations.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

type Remembered = Omit<StoredConversation, 'active' | 'inactiveReason'>;

const personal = (conversationId: string, aadObjectId: string): Remembered => ({
  conversationId,
  scope: 'personal',
  tenantId: 'tenant-1',
  serviceUrl: 'https://smba.example/emea/',
  teamId: null,
  aadObjectId,
  reference: { conversation: { id: conversationId, conversationType: 'personal' }, user: { aadObjectId, name: 'Åse Ødegård' } },
});

const channel = (conversationId: string, teamId: string | null): Remembered => ({
  conversationId,
  scope: 'channel',
  tenantId: 'tenant-1',
  serviceUrl: 'https://smba.example/emea/',
  teamId,
  aadObjectId: null,
  reference: { conversation: { id: conversationId, conversationType: 'channel' } },
});

const at = (day: string) => new Date(`${day}T10:00:00Z`);

for (const { label, open } of contractEngines()) {
  describe(`conversations on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('stores a conversation with its reference as given, and finds a channel thread by its channel', async () => {
      await engine.repositories.conversations.remember(channel('19:general@thread', 'team-a'), at('2025-06-01'));
      const expected = { ...channel('19:general@thread', 'team-a'), active: true, inactiveReason: null };
      expect(await engine.repositories.conversations.find('19:general@thread')).toEqual(expected);
      expect(await engine.repositories.conversations.find('19:general@thread;messageid=1717236000000')).toEqual(expected);
      expect(await engine.repositories.conversations.find('19:unknown@thread')).toBeNull();
    });

    it('refreshes a remembered conversation, keeping the tenant, team and user it knew when the new one lacks them', async () => {
      await engine.repositories.conversations.remember(channel('19:refresh@thread', 'team-b'), at('2025-06-01'));
      await engine.repositories.conversations.remember(
        { ...channel('19:refresh@thread', null), tenantId: null, serviceUrl: 'https://smba.example/new/', reference: { fresh: true } },
        at('2025-06-02'),
      );
      expect(await engine.repositories.conversations.find('19:refresh@thread')).toEqual({
        ...channel('19:refresh@thread', 'team-b'),
        serviceUrl: 'https://smba.example/new/',
        reference: { fresh: true },
        active: true,
        inactiveReason: null,
      });
    });

    it("finds a user's personal chat by their id in any case, preferring an active one, then the newest", async () => {
      await engine.repositories.conversations.remember(personal('a:older', 'aad-user'), at('2025-06-01'));
      await engine.repositories.conversations.remember(personal('a:newer', 'aad-user'), at('2025-06-02'));
      expect((await engine.repositories.conversations.personalChatOf('AAD-USER'))?.conversationId).toBe('a:newer');
      await engine.repositories.conversations.markInactive('a:newer', 'uninstalled', at('2025-06-03'));
      expect((await engine.repositories.conversations.personalChatOf('aad-user'))?.conversationId).toBe('a:older');
      expect(await engine.repositories.conversations.personalChatOf('aad-nobody')).toBeNull();
    });

    it('marks a conversation inactive with the reason, and remembering it again reactivates it', async () => {
      await engine.repositories.conversations.remember(personal('a:gone', 'aad-gone'), at('2025-06-01'));
      await engine.repositories.conversations.markInactive('a:gone;messageid=1', 'conversation-not-found', at('2025-06-02'));
      expect(await engine.repositories.conversations.find('a:gone')).toMatchObject({ active: false, inactiveReason: 'conversation-not-found' });
      await engine.repositories.conversations.remember(personal('a:gone', 'aad-gone'), at('2025-06-03'));
      expect(await engine.repositories.conversations.find('a:gone')).toMatchObject({ active: true, inactiveReason: null });
    });

    it("marks every channel of a team inactive, and the team's own conversation, but no other team's", async () => {
      await engine.repositories.conversations.remember(channel('19:team-c@thread', 'team-c'), at('2025-06-01'));
      await engine.repositories.conversations.remember(channel('19:team-c-other@thread', 'team-c'), at('2025-06-01'));
      await engine.repositories.conversations.remember(channel('19:team-d@thread', 'team-d'), at('2025-06-01'));
      await engine.repositories.conversations.markTeamInactive('team-c', 'team-deleted', at('2025-06-02'));
      const rows = await engine.sql.all<{ conversation_id: string; active: number; inactive_reason: string | null }>(
        "SELECT conversation_id, active, inactive_reason FROM conversations WHERE conversation_id LIKE '19:team-%' ORDER BY conversation_id",
      );
      expect(rows).toEqual([
        { conversation_id: '19:team-c-other@thread', active: 0, inactive_reason: 'team-deleted' },
        { conversation_id: '19:team-c@thread', active: 0, inactive_reason: 'team-deleted' },
        { conversation_id: '19:team-d@thread', active: 1, inactive_reason: null },
      ]);
    });

    it('refuses a conversation whose scope Teams does not have, and stores nothing of it', async () => {
      const wrong = { ...channel('19:wrong-scope@thread', 'team-e'), scope: 'meeting' as never };
      await expect(engine.repositories.conversations.remember(wrong, at('2025-06-01'))).rejects.toThrow(/CHECK|check/);
      expect(await engine.repositories.conversations.find('19:wrong-scope@thread')).toBeNull();
    });
  });
}
