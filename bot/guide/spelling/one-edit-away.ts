const DANISH_LETTERS = 'abcdefghijklmnopqrstuvwxyzæøå';

/**
 * Every string one typing mistake from a word (Norvig's edits1): a letter left out, two neighbours swapped, a
 * letter replaced, a letter added. About 60 per letter of the word, each once.
 */
export function oneEditAway(word: string): Set<string> {
  const edits = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [left, right] = [word.slice(0, i), word.slice(i)];
    if (right) edits.add(left + right.slice(1));
    if (right.length > 1) edits.add(left + right[1] + right[0] + right.slice(2));
    for (const letter of DANISH_LETTERS) {
      if (right && letter !== right[0]) edits.add(left + letter + right.slice(1));
      edits.add(left + letter + right);
    }
  }
  edits.delete(word);
  return edits;
}
