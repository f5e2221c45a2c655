import type { ChatRoute } from '../chat/chat-route.js';
import { consentSettings, type ConsentSettings } from '../consent/consent-settings.js';
import { answerLookup } from './answer-lookup.js';
import { parseLookupQuestion } from './parse-lookup-question.js';

export function citizenLookupRoute(consent: ConsentSettings = consentSettings()): ChatRoute {
  return {
    name: 'citizen-lookup',
    matches: (request) => request.scope === 'personal' && parseLookupQuestion(request.text) !== null,
    handle: (request, context) => answerLookup(parseLookupQuestion(request.text)!, request, context, consent),
  };
}
