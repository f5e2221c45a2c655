import { foldLetters } from '../../domain/text/normalise-danish.js';
import { editDistance } from '../../domain/text/term-variants.js';
import { helpRoute } from './help-route.js';
import { messages } from '../i18n/messages.js';
import type { ChatRoute } from '../chat/chat-route.js';
import { text } from '../chat/reply.js';

const HELP_WORDS = ['hjælp', 'help'];
const OTHER_COMMANDS = ['hotline', 'status', 'vejviser'];

/**
 * The command a one-word message was probably meant as: one typo from it ("hjlp", "hjelp", "hotlnie"; a swap of
 * neighbouring letters is one), or two for words of five letters or more ("hjlep"). Several words are a question
 * for the guide, however they begin.
 */
export function commandNearMiss(message: string): string | null {
  const word = foldLetters(message.trim().replace(/^\//, '').replace(/[?!.]+$/, ''));
  if (!/^\p{L}{3,12}$/u.test(word)) return null;
  const allowed = word.length >= 5 ? 2 : 1;
  const closest = [...HELP_WORDS, ...OTHER_COMMANDS]
    .map((command) => ({ command, distance: editDistance(word, command, allowed) }))
    .filter(({ distance }) => distance <= allowed)
    .sort((a, b) => a.distance - b.distance)[0];
  return closest?.command ?? null;
}

/**
 * Before the guide takes a message as a question: a near-miss of `hjælp` gets the help card (what was wanted, and
 * it shows nothing personal); a near-miss of another command is asked about rather than run.
 */
export const commandNearMissRoute: ChatRoute = {
  name: 'command-near-miss',
  matches: (request) => commandNearMiss(request.text) !== null,
  handle: async (request, context) => {
    const command = commandNearMiss(request.text)!;
    if (HELP_WORDS.includes(command)) return helpRoute.handle(request, context);
    return [text(messages(request.locale).common.didYouMean(command))];
  },
};
