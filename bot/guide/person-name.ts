import { foldLetters, stem } from './normalise-danish.js';

const CAPITALISED = /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u;

/**
 * Whether a question names a person ("sagsbehandler på Birte Prøvegaard"): two capitalised words in a row, neither
 * a word of the guide (so "Jobcenter Amager" and "Gammel Køge Landevej" are not names). Kept conservative: a name
 * written in lower case, or a single name, is not caught, and then the question is simply searched.
 */
export function namesAPerson(question: string, guideTerms: ReadonlyMap<string, number>): boolean {
  const tokens = question.split(/\s+/).map((token) => token.replace(/^[("“'‘]+|[)"”'’.,;:!?]+$/gu, ''));
  const isName = (token: string | undefined) => token !== undefined && CAPITALISED.test(token) && !guideTerms.has(stem(foldLetters(token)));
  return tokens.some((token, index) => isName(token) && isName(tokens[index + 1]));
}
