import type { ChatRoute } from '../chat/chat-route.js';
import { card, text } from '../chat/reply.js';
import { consentAllowsSharing } from '../consent/consent-source.js';
import { consentSettings, type ConsentSettings } from '../consent/consent-settings.js';
import { consentForAudit, describeConsent } from '../consent/describe-consent.js';
import { redactCprInText } from '../../domain/cpr/mask-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { SIDES } from '../lookup/citizen-overview.js';
import { SAMPLE_CHECK_ACTION, SAMPLE_CHECK_PURPOSE } from './audited-lookups.js';
import { drawSharedCitizens } from './draw-shared-citizens.js';
import { sampleCheckCardData, sampledCitizenView } from './sample-check-card.js';

const SAMPLE_CHECK = /^\/?stikpr(?:ø|oe|o)ve(?:\s+(.*))?$/is;
export const MAX_SAMPLE_CHECK = 20;
/** `stikprøve` alone draws this many. */
const DEFAULT_SAMPLE_CHECK = 5;

/**
 * `stikprøve <n>`: n shared citizens drawn at random for the specialist unit's quarterly review of coordination,
 * as one card. It shows citizens, so only in 1:1 chat, and each citizen shown is audited like a lookup. Consent
 * is respected as in lookups: no legal basis other than the policy's is documented for the review.
 */
export function sampleCheckRoute(consentPolicy: ConsentSettings = consentSettings()): ChatRoute {
  return {
    name: 'sample-check',
    matches: (request) => SAMPLE_CHECK.test(request.text.trim()),
    handle: async (request, context) => {
      const m = messages(request.locale).sampleCheck;
      if (request.scope !== 'personal') return [text(m.onlyPersonal)];
      const asker = await context.asker();
      if (!asker || !asker.roles.includes('specialist')) {
        context.log.info({ askerEmployeeId: asker?.id ?? null }, 'sample check refused: not in the specialist unit');
        return [text(m.onlySpecialists)];
      }
      const words = (SAMPLE_CHECK.exec(request.text.trim())![1] ?? '').trim();
      const size = words === '' ? DEFAULT_SAMPLE_CHECK : /^\d{1,3}$/.test(words) ? Number(words) : NaN;
      if (!(size >= 1 && size <= MAX_SAMPLE_CHECK)) return [text(m.badCount(redactCprInText(words).slice(0, 40)))];

      const { store } = context;
      const today = copenhagenDate(request.now);
      const { drawn, sharedToday } = await drawSharedCitizens(store, today, size);
      if (drawn.length === 0) return [text(m.noSharedCitizens)];
      const source = consentPolicy.sourceFor(store);
      const views = [];
      for (const cpr of drawn) {
        const consent = await source.consentFor(cpr, 'bif_sof_sharing', { asOf: today, today });
        const withheldSides = consentPolicy.requiredForSharing && !consentAllowsSharing(consent) ? SIDES.filter((side) => side !== asker.administration) : [];
        const view = sampledCitizenView(
          {
            cpr,
            name: await store.citizens.nameOf(cpr, today) ?? '—',
            cases: await store.cases.openCasesOf(cpr, today),
            offers: await store.sampleCheck.actionPlanOffers(cpr, today),
            alerts: await store.sampleCheck.alertCounts(cpr),
            consentText: describeConsent(consent, request.locale),
            withheldSides,
          },
          request.locale,
        );
        const detail = { basis: 'specialist', consent: consentForAudit(consent), consentRequired: consentPolicy.requiredForSharing, ...(withheldSides.length > 0 ? { withheld: withheldSides } : {}) };
        views.push({ cpr, view, detail });
      }
      // Nothing is shown that was not logged: one committed row per citizen on the card.
      await Promise.all(
        views.map(({ cpr, view, detail }) =>
          store.audit.appendCommitted({
            at: request.now,
            action: SAMPLE_CHECK_ACTION,
            purpose: SAMPLE_CHECK_PURPOSE,
            result: 'shown',
            actorEmployeeId: asker.id,
            actorAadObjectId: request.user.aadObjectId,
            actorAdministration: asker.administration,
            citizenCpr: cpr,
            asOf: today,
            shown: view.shown,
            detail,
          }),
        ),
      );
      context.log.info({ employeeId: asker.id, citizens: views.length }, 'sample check shown');
      return [card('sample-check', sampleCheckCardData(views.map(({ view }) => view.data), sharedToday, today, request.locale))];
    },
  };
}
