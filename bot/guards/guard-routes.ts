import { containsCpr } from '../../domain/cpr/find-cpr.js';
import { messages } from '../i18n/messages.js';
import { parseLookupQuestion } from '../lookup/parse-lookup-question.js';
import { MARKING_COMMAND } from '../shared-citizen/parse-marking-command.js';
import type { ChatRoute } from '../chat/chat-route.js';
import { text } from '../chat/reply.js';

/** Teams caps a message near 28 KB; anything this long is not a question for us. */
export const MAX_MESSAGE_LENGTH = 4000;

export const emptyMessageRoute: ChatRoute = {
  name: 'empty-message',
  matches: (request) => request.text === '',
  handle: (request) => [text(messages(request.locale).common.emptyMessage)],
};

export const tooLongRoute: ChatRoute = {
  name: 'too-long',
  matches: (request) => request.text.length > MAX_MESSAGE_LENGTH,
  handle: (request) => [text(messages(request.locale).common.tooLong(MAX_MESSAGE_LENGTH))],
};

/**
 * In a channel or group chat, anything about a specific citizen is turned away before it is looked at: a CPR number
 * in any spelling the detector knows, anything the lookup would read as a question, a marking command.
 */
export const personalDataOutsidePersonalChatRoute: ChatRoute = {
  name: 'personal-data-outside-personal-chat',
  matches: (request) => request.scope !== 'personal' && (containsCpr(request.text) || parseLookupQuestion(request.text) !== null || MARKING_COMMAND.test(request.text)),
  handle: (request) => [text(messages(request.locale).common.personalDataOnlyInPersonalChat)],
};
