import type { Unit } from '../../data/repositories/units.js';
import type { Repositories } from '../../data/store/store.js';
import type { ChatContext } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { card, text, type Reply } from '../chat/reply.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatDate } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { consentSettings, type ConsentSettings } from '../consent/consent-settings.js';
import { consentAllowsSharing } from '../consent/consent-source.js';
import { consentForAudit, describeConsent } from '../consent/describe-consent.js';
import { sharedStatus } from '../citizen-status/shared-status.js';
import { buildCitizenOverview, SIDES } from './citizen-overview.js';
import { decideAccess } from './need-to-know.js';
import type { LookupResult } from '../metrics/metric-labels.js';
import type { LookupQuestion } from './parse-lookup-question.js';
import { describeCprProblem } from './describe-cpr-problem.js';
import { refusalCard } from './refusal-card.js';

export const LOOKUP_PURPOSE = 'single_point_of_entry';

/**
 * The single point of entry: who handles this citizen in BIF and in SOF. Every attempt is written to the audit log
 * before the answer is returned, so nothing is shown that was not logged.
 */
export async function answerLookup(question: LookupQuestion, request: ChatRequest, context: ChatContext, consentPolicy: ConsentSettings = consentSettings(), counted?: (result: LookupResult) => void): Promise<Reply[]> {
  const m = messages(request.locale);
  const asker = await context.asker();
  const actor = {
    actorEmployeeId: asker?.id ?? null,
    actorAadObjectId: request.user.aadObjectId,
    actorAdministration: asker?.administration ?? null,
  };
  const audit = async (entry: Omit<Parameters<typeof context.store.audit.append>[0], 'at' | 'action' | 'purpose' | keyof typeof actor> & { result: LookupResult }) => {
    await context.store.audit.appendCommitted({ at: request.now, action: 'citizen.lookup', purpose: LOOKUP_PURPOSE, ...actor, ...entry });
    counted?.(entry.result);
  };

  if (question.kind !== 'lookup') {
    await audit({ result: 'invalid', citizenCpr: null, asOf: null, detail: { problem: question.kind } });
    if (question.kind === 'several-cprs') return [text(m.common.oneCitizenAtATime)];
    if (question.kind === 'bad-date') return [text(question.reason === 'no-such-date' ? m.dates.noSuchDate(question.text) : m.dates.badDate(question.text))];
    return [text(describeCprProblem(question.shown, question.problem, m))];
  }

  const today = copenhagenDate(request.now);
  if (question.asOf && question.asOf > today) {
    // Cases are recorded as they happen: a future date would only repeat today's answer as if it were known.
    await audit({ result: 'invalid', citizenCpr: null, asOf: null, detail: { problem: 'future-as-of' } });
    return [text(m.dates.futureAsOf(formatDate(question.asOf, request.locale)))];
  }
  const asOf = question.asOf ?? today;
  const { store } = context;
  // The decision and everything shown come from one committed state: an import switching meanwhile is seen whole.
  const seen = await store.readSnapshot(async (reads) => {
    const decision = await decideAccess(asker, question.cpr, today, reads);
    if (!decision.allowed) return { decision, shown: null };
    const cases = await reads.cases.openCasesOf(question.cpr, asOf);
    const names = await Promise.all(SIDES.map(async (side) => [side, (await reads.units.administrationNames(side))?.[request.locale] ?? side] as const));
    const shown = {
      cases,
      citizenName: (await reads.citizens.nameOf(question.cpr, asOf)) ?? (await reads.citizens.nameOf(question.cpr, today)) ?? '—',
      status: sharedStatus(cases, await reads.sharedOverrides.inForceOn(question.cpr, asOf)),
      entryPoints: await entryPointsOfBothSides(reads, asOf),
      administrationNames: Object.fromEntries(names),
    };
    return { decision, shown };
  });
  if (!seen.shown) {
    const { reason } = seen.decision;
    await audit({ result: 'refused', citizenCpr: question.cpr, asOf, detail: { reason } });
    if (reason === 'not-an-employee' || !asker) return [text(m.common.unknownUser)];
    if (reason === 'no-lookup-role') return [text(m.lookup.noLookupRole)];
    return [await refusalCard(asker, maskCpr(question.cpr), today, store, request.locale)];
  }

  const { decision, shown } = seen;
  const consent = await consentPolicy.sourceFor(store).consentFor(question.cpr, 'bif_sof_sharing', { asOf, today });
  // Without consent in force, and while it is required, the asker sees only their own administration's side.
  const withheldSides = consentPolicy.requiredForSharing && !consentAllowsSharing(consent) ? SIDES.filter((side) => side !== asker?.administration) : [];
  const overview = buildCitizenOverview({
    cpr: question.cpr,
    ...shown,
    asOf,
    today,
    showSofTargetGroup: decision.basis === 'specialist' || asker?.administration === 'SOF',
    consent: { text: describeConsent(consent, request.locale), withheldSides },
    locale: request.locale,
  });
  const consentDetail = { consent: consentForAudit(consent), consentRequired: consentPolicy.requiredForSharing, ...(withheldSides.length > 0 ? { withheld: withheldSides } : {}) };
  await audit({ result: 'shown', citizenCpr: question.cpr, asOf, shown: overview.shown, detail: { basis: decision.basis, ...consentDetail } });
  return [card('citizen-lookup', overview.data)];
}

async function entryPointsOfBothSides(reads: Repositories, asOf: string): Promise<Record<(typeof SIDES)[number], Unit[]>> {
  const entryPoints = await reads.units.entryPointsByAdministration(asOf);
  return { BIF: entryPoints.BIF ?? [], SOF: entryPoints.SOF ?? [] };
}
