import { words } from '../../domain/text/normalise-danish.js';

/**
 * At most this many characters: the results card's text column holds about 60–70 characters a line in Teams' chat,
 * so a summary is three lines at most and three results with their buttons stay on one screen.
 */
export const SUMMARY_LENGTH = 200;

/** Abbreviations that never end a Danish sentence (lower case, without the last period). */
const NEVER_LAST = new Set([
  'bl.a', 'f.eks', 'fx', 'jf', 'jvf', 'ca', 'kl', 'evt', 'pga', 'p.g.a', 'nr', 'tlf', 'inkl', 'ekskl', 'vedr', 'mht',
  'ift', 'iflg', 'dvs', 'hhv', 'stk', 'pkt', 'kap', 'ang', 'særl', 'pr',
]);

/** A period after one or two digits, or after a date like "1.6", is an ordinal or a date: "Fra 1. januar 2025". */
const ORDINAL_OR_DATE = /^(?:\d{1,2}\.)+\d{0,4}$/;

/**
 * What a result list shows of an entry: whole sentences, as many as fit in SUMMARY_LENGTH, starting with the first
 * sentence about the entry's subject — one holding its bold term or a word of its title — because several entries
 * open with the same sentence about the 2025 reorganisation. A sentence too long to fit is cut at a word with "…".
 */
export function entrySummary(entry: { title: string; body: string }, maxLength = SUMMARY_LENGTH): string {
  const sentences = sentencesOf(entry.body);
  const titleWords = new Set(words(entry.title).filter((word) => word.length >= 5));
  const aboutSubject = (sentence: string) => sentence.includes('**') || words(sentence).some((word) => titleWords.has(word));
  const start = Math.max(0, sentences.findIndex(aboutSubject));
  let summary = sentences[start] ?? '';
  if (summary.length > maxLength) return cutAtWord(summary, maxLength);
  for (const next of sentences.slice(start + 1)) {
    if (summary.length + 1 + next.length > maxLength) break;
    summary = `${summary} ${next}`;
  }
  return summary;
}

/** The sentences of a text, split only where a sentence really ends (not after "1.", "bl.a." or "fx."). */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  let from = 0;
  for (const match of text.matchAll(/[.!?][)"”’*]*(?=\s|$)/g)) {
    const end = match.index + match[0].length;
    if (!endsSentence(text, match.index, end)) continue;
    sentences.push(text.slice(from, end).trim());
    from = end;
  }
  const rest = text.slice(from).trim();
  if (rest !== '') sentences.push(rest);
  return sentences.filter(Boolean);
}

function endsSentence(text: string, mark: number, end: number): boolean {
  if (text[mark] !== '.') return true;
  const word = /[^\s(*"“]*$/.exec(text.slice(0, mark))![0].toLowerCase();
  if (NEVER_LAST.has(word) || ORDINAL_OR_DATE.test(`${word}.`) || /^\p{L}$/u.test(word)) return false;
  const next = /^\s*[*("“]*(.)/su.exec(text.slice(end))?.[1];
  // A new sentence starts with a capital or a digit; a lower-case word after the period means it was an abbreviation.
  return next === undefined || !/\p{Ll}/u.test(next);
}

/** Cut before maxLength at the last space, without dangling punctuation or an unclosed bold, and mark the cut. */
function cutAtWord(text: string, maxLength: number): string {
  const room = text.slice(0, maxLength); // one character is left for the ellipsis below
  const lastSpace = room.lastIndexOf(' ', maxLength - 1);
  let cut = (lastSpace > 0 ? room.slice(0, lastSpace) : room.slice(0, maxLength - 1)).replace(/[\s,;:–—(-]+$/u, '');
  if ((cut.match(/\*\*/g) ?? []).length % 2 === 1) cut += '**';
  return `${cut}…`;
}
