import type { Sql } from '../sql/sql.js';

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

const UPSERT = `
  INSERT INTO conversations (conversation_id, scope, tenant_id, service_url, team_id, aad_object_id, reference, active, inactive_reason, updated_at)
  VALUES (@conversationId, @scope, @tenantId, @serviceUrl, @teamId, @aadObjectId, @reference, 1, NULL, @now)
  ON CONFLICT (conversation_id) DO UPDATE SET
    scope = excluded.scope, tenant_id = coalesce(excluded.tenant_id, conversations.tenant_id), service_url = excluded.service_url,
    team_id = coalesce(excluded.team_id, conversations.team_id), aad_object_id = coalesce(excluded.aad_object_id, conversations.aad_object_id),
    reference = excluded.reference, active = 1, inactive_reason = NULL, updated_at = excluded.updated_at`;
const BY_ID = 'SELECT * FROM conversations WHERE conversation_id = @id';
const PERSONAL_OF = "SELECT * FROM conversations WHERE aad_object_id = @aad AND scope = 'personal' ORDER BY active DESC, updated_at DESC LIMIT 1";
const DEACTIVATE = 'UPDATE conversations SET active = 0, inactive_reason = @reason, updated_at = @now WHERE conversation_id = @id';
const DEACTIVATE_TEAM = 'UPDATE conversations SET active = 0, inactive_reason = @reason, updated_at = @now WHERE team_id = @teamId OR conversation_id = @teamId';

/** Conversation references captured from Teams, so the bot can post later (alerts, reminders, announcements). */
export class ConversationRepository {
  constructor(private readonly sql: Sql) {}

  /** Stores (or refreshes, and reactivates) a conversation the bot can post into. */
  async remember(conversation: Omit<StoredConversation, 'active' | 'inactiveReason'>, now: Date): Promise<void> {
    await this.sql.run(UPSERT, {
      conversationId: conversation.conversationId,
      scope: conversation.scope,
      tenantId: conversation.tenantId,
      serviceUrl: conversation.serviceUrl,
      teamId: conversation.teamId,
      aadObjectId: conversation.aadObjectId,
      reference: JSON.stringify(conversation.reference),
      now: now.toISOString(),
    });
  }

  async find(conversationId: string): Promise<StoredConversation | null> {
    const row = await this.sql.get<Row>(BY_ID, { id: baseConversationId(conversationId) });
    return row ? toConversation(row) : null;
  }

  /** The user's 1:1 chat with the bot (exists only where the app is installed for the user). */
  async personalChatOf(aadObjectId: string): Promise<StoredConversation | null> {
    const row = await this.sql.get<Row>(PERSONAL_OF, { aad: aadObjectId.toLowerCase() });
    return row ? toConversation(row) : null;
  }

  async markInactive(conversationId: string, reason: string, now: Date): Promise<void> {
    await this.sql.run(DEACTIVATE, { id: baseConversationId(conversationId), reason, now: now.toISOString() });
  }

  /** The bot was removed from a team, or the team was deleted: none of its channels can be posted to. */
  async markTeamInactive(teamId: string, reason: string, now: Date): Promise<void> {
    await this.sql.run(DEACTIVATE_TEAM, { teamId, reason, now: now.toISOString() });
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
