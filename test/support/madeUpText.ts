/** Prose of made-up words: no two texts share a run of five words unless a test plants one. */
import type { Random } from '../../src/core/random';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dro', 'fen', 'gal', 'hum', 'jor'];

export function madeUpProse(words: number, random: Random): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let s = 0; s < length; s++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    out.push(word);
  }
  return `${out.join(' ')}.`;
}

/** A copy with about `share` of its words replaced. */
export function withWordsChanged(text: string, share: number, random: Random): string {
  return text.replace(/[a-z]+/g, (word) => (random() < share ? 'changed' : word));
}
