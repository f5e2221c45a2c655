import type { Employee } from '../../data/repositories/employees.js';
import type { Store } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { text, type Reply } from '../chat/reply.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { openingText } from './hotline-card.js';
import type { HotlineSettings } from './hotline-settings.js';

/** What a hotline agent who writes `hotline` needs: whether the hotline is open, how they stand today, and how to change it. */
export async function agentStatusReply(store: Store, settings: HotlineSettings, agent: Employee, locale: Locale, now: Date): Promise<Reply> {
  const presence = (await store.hotline.presenceOn(copenhagenDate(now))).get(agent.id) ?? 'available';
  return text(`${openingText(settings, locale, now)} ${messages(locale).hotline.agentStatus[presence]}`);
}
