import type { Presence, WhitelistKind } from '../../data/repositories/hotline.js';
import { auditAdminChange } from '../chat/audit-admin-change.js';
import type { ChatRoute } from '../chat/chat-route.js';
import { card, text, type Reply } from '../chat/reply.js';
import type { ChatRequest } from '../chat/chat-request.js';
import type { ChatContext } from '../chat/chat-route.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatDate } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { aadObjectIdColumn, phoneColumn } from '../../data/import/cell-schemas.js';
import { formatPhone } from '../../domain/phone/normalise-phone.js';
import { agentStatusReply } from './agent-status.js';
import { hotlineCard, notWhitelistedCard } from './hotline-card.js';
import type { HotlineSettings } from './hotline-settings.js';
import { skillFromText } from '../../domain/skills/skills.js';
import { whitelistInTeams } from './whitelist.js';

const HOTLINE = /^hotline(?:\s+(.*))?$/is;
const PRESENCE: Record<string, Presence> = {
  optaget: 'busy',
  busy: 'busy',
  fri: 'away',
  off: 'away',
  away: 'away',
  'tilgængelig': 'available',
  tilgaengelig: 'available',
  ledig: 'available',
  available: 'available',
};
const WHITELIST = /^(?:hvidliste|whitelist)(?:\s+(tilføj|tilfoej|add|fjern|remove)\s+(\S+(?:[\s-]\d+)*)(?:\s+(.*))?)?\s*$/is;

/**
 * `hotline [emne]` (the card; a hotline agent is also told their own status), `hotline optaget|fri|tilgængelig` (agents set their presence for today) and
 * `hotline hvidliste [tilføj|fjern <nummer|objekt-id> [note]]` (admins manage the explicit whitelist).
 */
export function hotlineRoute(settings: HotlineSettings): ChatRoute {
  return {
    name: 'hotline',
    matches: (request) => HOTLINE.test(request.text),
    handle: async (request, context) => {
      const rest = (HOTLINE.exec(request.text)![1] ?? '').trim();
      const presence = PRESENCE[rest.toLowerCase()];
      if (presence) return setPresence(presence, request, context);
      const whitelist = WHITELIST.exec(rest);
      if (whitelist) return manageWhitelist(whitelist, request, context);
      const asker = await context.asker();
      const decision = await whitelistInTeams(context.store, { aadObjectId: request.user.aadObjectId, employee: asker }, copenhagenDate(request.now));
      context.log.info({ whitelisted: decision.whitelisted, reason: decision.reason, askerEmployeeId: asker?.id ?? null }, 'hotline asked in chat');
      const ownStatus = asker?.roles.includes('hotline_agent') ? [await agentStatusReply(context.store, settings, asker, request.locale, request.now)] : [];
      if (!decision.whitelisted) return ownStatus.length > 0 ? ownStatus : [await notWhitelistedCard(context.store, settings, request.locale, request.now)];
      const topic = rest === '' ? null : skillFromText(rest);
      return [await hotlineCard(context.store, settings, { topic, unknownTopic: rest !== '' && topic === null ? rest.slice(0, 60) : null, locale: request.locale, now: request.now }), ...ownStatus];
    },
  };
}

async function setPresence(presence: Presence, request: ChatRequest, context: ChatContext): Promise<Reply[]> {
  const m = messages(request.locale);
  const asker = await context.asker();
  if (!asker?.roles.includes('hotline_agent')) return [text(m.hotline.onlyAgents)];
  await context.store.hotline.setPresence(asker.id, presence, request.now, copenhagenDate(request.now));
  context.log.info({ employeeId: asker.id, presence }, 'hotline presence set');
  return [text(m.hotline.presenceSet[presence])];
}

async function manageWhitelist(match: RegExpExecArray, request: ChatRequest, context: ChatContext): Promise<Reply[]> {
  const m = messages(request.locale);
  const asker = await context.asker();
  if (!asker?.roles.includes('admin')) return [text(m.hotline.whitelistOnlyAdmins)];
  const today = copenhagenDate(request.now);
  const [, verb, rawValue, note] = match;
  if (!verb || !rawValue) return [await whitelistCard(request, context)];
  const value = whitelistValue(rawValue);
  if (!value) return [text(m.hotline.whitelistBadValue(rawValue.slice(0, 60)))];
  const shown = value.kind === 'phone' ? formatPhone(value.value) : value.value;
  const adding = /^(tilføj|tilfoej|add)$/i.test(verb);
  const store = context.store;
  const outcome = await store.transaction(async (tx) => {
    if (adding) await tx.hotline.addChatEntry({ ...value, note: note?.trim().slice(0, 200) || null, byEmployeeId: asker.id, from: today, now: request.now });
    else if (!await tx.hotline.endChatEntry({ ...value, from: today, now: request.now })) {
      return (await tx.hotline.explicitEntry(value.kind, value.value, today))?.source === 'file' ? 'in-file' : 'not-found';
    }
    await auditAdminChange(tx, request, asker, {
      action: adding ? 'hotline.whitelist.added' : 'hotline.whitelist.removed',
      purpose: 'hotline',
      asOf: today,
      detail: { kind: value.kind, value: value.value },
    });
    return 'done';
  });
  if (outcome === 'in-file') return [text(m.hotline.whitelistFromFile(shown))];
  if (outcome === 'not-found') return [text(m.hotline.whitelistNotInChat(shown))];
  return [text(adding ? m.hotline.whitelistAdded(shown) : m.hotline.whitelistRemoved(shown))];
}

/** The same normalisation as hotline_whitelist.csv: an Entra ID object id, else a phone number. */
function whitelistValue(raw: string): { kind: WhitelistKind; value: string } | null {
  const aad = aadObjectIdColumn(raw);
  if (typeof aad === 'string') return { kind: 'aad', value: aad };
  const phone = phoneColumn(raw);
  return typeof phone === 'string' ? { kind: 'phone', value: phone } : null;
}

async function whitelistCard(request: ChatRequest, context: ChatContext): Promise<Reply> {
  const m = messages(request.locale);
  const entries = await context.store.hotline.entriesInForce(copenhagenDate(request.now));
  return card('item-list', {
    lang: request.locale,
    title: m.hotline.whitelistTitle,
    items: [
      { text: m.hotline.whitelistIntro },
      ...(entries.length === 0
        ? [{ text: m.hotline.whitelistEmpty }]
        : entries.map((entry) => ({
            text: `**${entry.kind === 'phone' ? formatPhone(entry.value) : entry.value}** – ${entry.note ?? ''} (${m.hotline.whitelistSource[entry.source]}${entry.validTo ? `, ${formatDate(entry.validTo, request.locale)}` : ''})`,
          }))),
    ],
    hint: m.hotline.whitelistHint,
  });
}
