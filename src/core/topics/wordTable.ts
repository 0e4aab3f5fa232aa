/**
 * Interns words handed over as UTF-16 units: a word already seen costs a hash and a compare, and no string is
 * built for it. (A Map keyed by token strings spends most of the counting time creating and hashing strings.)
 */
import { scanCleanedTokens, scanUnicodeTokens } from './tokenize';

const INITIAL_SLOTS = 1 << 12;
const UNITS_PER_CALL = 8192;

export class WordTable {
  /** Words by id, in order of first appearance. */
  readonly words: string[] = [];
  /** Open addressing with linear probing, kept at most half full: slot i holds [hash, word id + 1] (0 = free). */
  private slots = new Int32Array(2 * INITIAL_SLOTS);
  private units = new Uint16Array(64);

  /** Id of the word in `units[0 .. length)`, added when new. */
  idOf(units: Uint16Array, length: number): number {
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ units[i], 0x01000193);
    const mask = this.slots.length / 2 - 1;
    let slot = hash & mask;
    for (let entry = this.slots[2 * slot + 1]; entry !== 0; slot = (slot + 1) & mask, entry = this.slots[2 * slot + 1]) {
      if (this.slots[2 * slot] === hash && sameWord(this.words[entry - 1], units, length)) return entry - 1;
    }
    const id = this.words.length;
    this.words.push(unitsToString(units, length));
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = id + 1;
    if (4 * this.words.length > this.slots.length) this.grow();
    return id;
  }

  idOfString(word: string): number {
    const units = this.scratch(word.length);
    for (let i = 0; i < word.length; i++) units[i] = word.charCodeAt(i);
    return this.idOf(units, word.length);
  }

  /**
   * Calls `visit` with the id of each token of `text` (see tokenize.ts), adding new words, and `visitBreak` at
   * each paragraph break. Returns false when cleaning leaves "" (never when `cleanText` is off).
   */
  readTokens(text: string, cleanText: boolean, visit: (id: number) => void, visitBreak?: () => void): boolean {
    const units = this.scratch(text.length);
    if (!cleanText) {
      // Tokens of non-ASCII pieces come as strings between ASCII tokens, so reusing the scratch for them is safe.
      scanUnicodeTokens(
        text,
        units,
        (length) => visit(this.idOf(units, length)),
        (token) => visit(this.idOfString(token)),
        visitBreak,
      );
      return true;
    }
    return scanCleanedTokens(text, units, (length) => visit(this.idOf(units, length)), visitBreak);
  }

  private scratch(length: number): Uint16Array {
    if (this.units.length < length) this.units = new Uint16Array(Math.max(length, 2 * this.units.length));
    return this.units;
  }

  private grow(): void {
    const previous = this.slots;
    this.slots = new Int32Array(2 * previous.length);
    const mask = this.slots.length / 2 - 1;
    for (let old = 0; old < previous.length; old += 2) {
      if (previous[old + 1] === 0) continue;
      let slot = previous[old] & mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      this.slots[2 * slot] = previous[old];
      this.slots[2 * slot + 1] = previous[old + 1];
    }
  }
}

function sameWord(word: string, units: Uint16Array, length: number): boolean {
  if (word.length !== length) return false;
  for (let i = 0; i < length; i++) if (word.charCodeAt(i) !== units[i]) return false;
  return true;
}

function unitsToString(units: Uint16Array, length: number): string {
  if (length <= UNITS_PER_CALL) return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  let text = '';
  for (let start = 0; start < length; start += UNITS_PER_CALL) text += unitsToString(units.subarray(start), Math.min(UNITS_PER_CALL, length - start));
  return text;
}
