import { baseConversationId } from '../../data/repositories/conversations.js';
import { auditAdminChange } from '../chat/audit-admin-change.js';
import type { ChatRoute } from '../chat/chat-route.js';
import { card, text } from '../chat/reply.js';
import { redactCprInText } from '../../domain/cpr/mask-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { channelOfUnit } from '../routing/route-alert.js';

const LINK = /^(tilknyt|link)(?:\s+(\S+))?\s*$/i;

/** `@Brobygger tilknyt <unit id>` in a channel: the unit's alerts come to this channel from today (admins only). */
export const channelLinkRoute: ChatRoute = {
  name: 'channel-link',
  matches: (request) => LINK.test(request.text),
  handle: async (request, context) => {
    const m = messages(request.locale);
    const asker = await context.asker();
    const unitId = LINK.exec(request.text)![2];
    if (!asker?.roles.includes('admin')) return [text(m.channelLink.onlyAdmins)];
    if (request.scope !== 'channel' || !request.conversationId || !unitId) return [text(m.channelLink.onlyInChannel)];
    const today = copenhagenDate(request.now);
    const unit = await context.store.units.findById(unitId, today);
    if (!unit) return [text(m.channelLink.unknownUnit(redactCprInText(unitId).slice(0, 60)))];
    const channelId = baseConversationId(request.conversationId);
    const previous = await channelOfUnit(context.store, unit.id, today);
    await context.store.transaction(async (tx) => {
      await tx.channelLinks.link({ unitId: unit.id, channelId, byEmployeeId: asker.id, from: today, now: request.now });
      await auditAdminChange(tx, request, asker, { action: 'channel.linked', purpose: 'advis', asOf: today, detail: { unitId: unit.id, channelId, previous } });
    });
    return [
      card('channel-link-result', {
        lang: request.locale,
        title: m.channelLink.title,
        text: m.channelLink.text(unit.name, unit.id),
        facts: [{ title: m.channelLink.previous, value: previous && previous !== channelId ? previous : m.channelLink.none }],
      }),
    ];
  },
};
