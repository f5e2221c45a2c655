import type { ChatRoute } from '../chat/chat-route.js';
import { consentSettings, type ConsentSettings } from '../consent/consent-settings.js';
import type { LookupResult } from '../metrics/metric-labels.js';
import { answerLookup } from './answer-lookup.js';
import { parseLookupQuestion } from './parse-lookup-question.js';

/** `counted` hears each lookup's result once it is audited (the operator's metrics). */
export function citizenLookupRoute(consent: ConsentSettings = consentSettings(), counted?: (result: LookupResult) => void): ChatRoute {
  return {
    name: 'citizen-lookup',
    matches: (request) => request.scope === 'personal' && parseLookupQuestion(request.text) !== null,
    handle: (request, context) => answerLookup(parseLookupQuestion(request.text)!, request, context, consent, counted),
  };
}
