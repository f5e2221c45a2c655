import { foldLetters, stem } from '../../domain/text/normalise-danish.js';

const CAPITALISED = /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u;

/**
 * Whether a question names a person ("sagsbehandler på Birte Prøvegaard"): two capitalised words in a row, neither
 * a word of the guide (so "Jobcenter Amager" and "Gammel Køge Landevej" are not names). Kept conservative: a name
 * written in lower case, or a single name, is not caught, and then the question is simply searched.
 */
export function namesAPerson(question: string, guideTerms: ReadonlyMap<string, number>): boolean {
  const tokens = question.split(/\s+/).map(bareWord);
  const isName = nameTest(guideTerms);
  return tokens.some((token, index) => isName(token) && isName(tokens[index + 1]));
}

/**
 * The question with each name namesAPerson sees (its run of capitalised words) replaced by `replacement`, for the
 * guide's search log; the rest, punctuation and spacing included, is left as written.
 */
export function replacePersonNames(question: string, guideTerms: ReadonlyMap<string, number>, replacement: string): string {
  const parts = question.split(/(\s+)/);
  const words = parts.filter((_, index) => index % 2 === 0).map(bareWord);
  const isName = nameTest(guideTerms);
  const named = words.map((word, index) => isName(word) && (isName(words[index - 1]) || isName(words[index + 1])));
  let result = '';
  for (let index = 0; index < parts.length; index += 2) {
    const word = index / 2;
    if (!named[word]) {
      result += parts[index]! + (parts[index + 1] ?? '');
      continue;
    }
    if (named[word - 1]) continue;
    let last = word;
    while (named[last + 1]) last++;
    const first = parts[index]!;
    const final = parts[last * 2]!;
    result += LEADING_PUNCTUATION.exec(first)![0] + replacement + TRAILING_PUNCTUATION.exec(final)![0] + (parts[last * 2 + 1] ?? '');
  }
  return result;
}

const LEADING_PUNCTUATION = /^[("“'‘]*/u;
const TRAILING_PUNCTUATION = /[)"”'’.,;:!?]*$/u;

function bareWord(token: string): string {
  return token.replace(LEADING_PUNCTUATION, '').replace(TRAILING_PUNCTUATION, '');
}

function nameTest(guideTerms: ReadonlyMap<string, number>): (token: string | undefined) => boolean {
  return (token) => token !== undefined && CAPITALISED.test(token) && !guideTerms.has(stem(foldLetters(token)));
}
