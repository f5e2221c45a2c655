import type { ChatRoute } from '../chat/chat-route.js';
import { answerLookup } from './answer-lookup.js';
import { parseLookupQuestion } from './parse-lookup-question.js';

export const citizenLookupRoute: ChatRoute = {
  name: 'citizen-lookup',
  matches: (request) => request.scope === 'personal' && parseLookupQuestion(request.text) !== null,
  handle: (request, context) => answerLookup(parseLookupQuestion(request.text)!, request, context),
};
