import type { Db } from '../store/open-database.js';

export type ConversationScope = 'personal' | 'groupChat' | 'channel';

export type StoredConversation = {
  conversationId: string;
  scope: ConversationScope;
  tenantId: string | null;
  serviceUrl: string;
  teamId: string | null;
  aadObjectId: string | null;
  /** The Bot Framework conversation reference, as JSON-compatible data; only the Teams layer reads it. */
  reference: Record<string, unknown>;
  active: boolean;
  inactiveReason: string | null;
};

type Row = {
  conversation_id: string;
  scope: ConversationScope;
  tenant_id: string | null;
  service_url: string;
  team_id: string | null;
  aad_object_id: string | null;
  reference: string;
  active: number;
  inactive_reason: string | null;
};

/** Conversation references captured from Teams, so the bot can post later (alerts, reminders, announcements). */
export class ConversationRepository {
  private readonly upsertRow;
  private readonly byId;
  private readonly personalOf;
  private readonly deactivate;
  private readonly deactivateTeam;

  constructor(db: Db) {
    this.upsertRow = db.prepare(`
      INSERT INTO conversations (conversation_id, scope, tenant_id, service_url, team_id, aad_object_id, reference, active, inactive_reason, updated_at)
      VALUES (@conversationId, @scope, @tenantId, @serviceUrl, @teamId, @aadObjectId, @reference, 1, NULL, @now)
      ON CONFLICT (conversation_id) DO UPDATE SET
        scope = excluded.scope, tenant_id = coalesce(excluded.tenant_id, tenant_id), service_url = excluded.service_url,
        team_id = coalesce(excluded.team_id, team_id), aad_object_id = coalesce(excluded.aad_object_id, aad_object_id),
        reference = excluded.reference, active = 1, inactive_reason = NULL, updated_at = excluded.updated_at`);
    this.byId = db.prepare<{ id: string }, Row>('SELECT * FROM conversations WHERE conversation_id = @id');
    this.personalOf = db.prepare<{ aad: string }, Row>(
      "SELECT * FROM conversations WHERE aad_object_id = @aad AND scope = 'personal' ORDER BY active DESC, updated_at DESC LIMIT 1",
    );
    this.deactivate = db.prepare<{ id: string; reason: string; now: string }>(
      'UPDATE conversations SET active = 0, inactive_reason = @reason, updated_at = @now WHERE conversation_id = @id',
    );
    this.deactivateTeam = db.prepare<{ teamId: string; reason: string; now: string }>(
      'UPDATE conversations SET active = 0, inactive_reason = @reason, updated_at = @now WHERE team_id = @teamId OR conversation_id = @teamId',
    );
  }

  /** Stores (or refreshes, and reactivates) a conversation the bot can post into. */
  remember(conversation: Omit<StoredConversation, 'active' | 'inactiveReason'>, now: Date): void {
    this.upsertRow.run({ ...conversation, reference: JSON.stringify(conversation.reference), now: now.toISOString() });
  }

  find(conversationId: string): StoredConversation | null {
    const row = this.byId.get({ id: baseConversationId(conversationId) });
    return row ? toConversation(row) : null;
  }

  /** The user's 1:1 chat with the bot (exists only where the app is installed for the user). */
  personalChatOf(aadObjectId: string): StoredConversation | null {
    const row = this.personalOf.get({ aad: aadObjectId.toLowerCase() });
    return row ? toConversation(row) : null;
  }

  markInactive(conversationId: string, reason: string, now: Date): void {
    this.deactivate.run({ id: baseConversationId(conversationId), reason, now: now.toISOString() });
  }

  /** The bot was removed from a team, or the team was deleted: none of its channels can be posted to. */
  markTeamInactive(teamId: string, reason: string, now: Date): void {
    this.deactivateTeam.run({ teamId, reason, now: now.toISOString() });
  }
}

/** A channel thread's conversation id is the channel's id plus `;messageid=<root>`. */
export function baseConversationId(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut === -1 ? conversationId : conversationId.slice(0, cut);
}

function toConversation(row: Row): StoredConversation {
  return {
    conversationId: row.conversation_id,
    scope: row.scope,
    tenantId: row.tenant_id,
    serviceUrl: row.service_url,
    teamId: row.team_id,
    aadObjectId: row.aad_object_id,
    reference: JSON.parse(row.reference) as Record<string, unknown>,
    active: row.active === 1,
    inactiveReason: row.inactive_reason,
  };
}
