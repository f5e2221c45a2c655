import type { Employee } from '../../data/repositories/employees.js';
import type { ChatRoute } from '../chat/chat-route.js';
import { text } from '../chat/reply.js';
import { redactCprInText } from '../../domain/cpr/mask-cpr.js';
import { messages } from '../i18n/messages.js';
import { DEFAULT_REPORT_DAYS, guideReportCard, guideSearchSummary, MAX_REPORT_DAYS } from './guide-search-report.js';
import type { GuideSearchLogSettings } from './log-guide-search.js';

const REPORT = /^(?:vejviser|vejviseren|guide)\s+(?:rapport|report)(?:\s+(\S+)(?:\s+(?:dage|days))?)?$/i;
const DAYS = /^[1-9]\d{0,2}$/;

/** Like announcements: the specialist unit, and admins. */
const maySeeReport = (asker: Employee | null) => Boolean(asker && (asker.roles.includes('specialist') || asker.roles.includes('admin')));

/**
 * `vejviser rapport [dage]` (`guide report [days]`): the searches that found nothing or whose answers were not
 * opened, for the specialist unit to improve the content. In 1:1 chat only: it repeats what colleagues asked.
 */
export function guideReportRoute(settings: GuideSearchLogSettings): ChatRoute {
  return {
    name: 'guide-report',
    matches: (request) => REPORT.test(request.text),
    handle: async (request, context) => {
      const m = messages(request.locale).guideSearches;
      const asker = await context.asker();
      if (!maySeeReport(asker)) {
        context.log.info({ askerEmployeeId: asker?.id ?? null }, 'guide report refused: not in the specialist unit');
        return [text(m.onlySpecialists)];
      }
      if (request.scope !== 'personal') return [text(m.onlyPersonal)];
      const asked = REPORT.exec(request.text)![1];
      if (asked !== undefined && !(DAYS.test(asked) && Number(asked) <= MAX_REPORT_DAYS)) return [text(m.badDays(redactCprInText(asked).slice(0, 20), MAX_REPORT_DAYS))];
      const days = asked === undefined ? DEFAULT_REPORT_DAYS : Number(asked);
      context.log.info({ employeeId: asker!.id, days }, 'guide report shown');
      return [guideReportCard(await guideSearchSummary(context.store, days, request.now), request.locale, settings.retentionDays)];
    },
  };
}
