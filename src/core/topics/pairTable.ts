/** Interns pairs of word ids (bigrams) as consecutive pair ids, without building a string per pair. */

const INITIAL_SLOTS = 1 << 12;

export class PairTable {
  /** The pairs by id: first word at 2·id, second at 2·id + 1. */
  private words = new Int32Array(2 * INITIAL_SLOTS);
  /** Open addressing with linear probing, at most half full: pair id + 1 per slot (0 = free). */
  private slots = new Int32Array(2 * INITIAL_SLOTS);
  private count = 0;
  /** "a b" per pair id, made the first time a vocabulary needs it. */
  private readonly texts: (string | undefined)[] = [];

  get size(): number {
    return this.count;
  }

  first(pair: number): number {
    return this.words[2 * pair];
  }

  second(pair: number): number {
    return this.words[2 * pair + 1];
  }

  /** Id of the pair (a, b), added when new. */
  idOf(a: number, b: number): number {
    const slot = this.slotOf(a, b);
    if (this.slots[slot] !== 0) return this.slots[slot] - 1;
    const id = this.count++;
    if (2 * this.count > this.words.length) {
      const grown = new Int32Array(2 * this.words.length);
      grown.set(this.words);
      this.words = grown;
    }
    this.words[2 * id] = a;
    this.words[2 * id + 1] = b;
    // One slot per pair, so the array stays dense.
    this.texts.push(undefined);
    this.slots[slot] = id + 1;
    if (2 * this.count > this.slots.length) this.grow();
    return id;
  }

  /** The pair as text: its words joined by a space. */
  text(pair: number, words: readonly string[]): string {
    return (this.texts[pair] ??= `${words[this.words[2 * pair]]} ${words[this.words[2 * pair + 1]]}`);
  }

  /** The slot holding (a, b), or the free slot where it would go. */
  private slotOf(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let slot = hash(a, b) & mask;
    for (let entry = this.slots[slot]; entry !== 0; slot = (slot + 1) & mask, entry = this.slots[slot]) {
      if (this.words[2 * (entry - 1)] === a && this.words[2 * (entry - 1) + 1] === b) return slot;
    }
    return slot;
  }

  private grow(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = hash(this.words[2 * id], this.words[2 * id + 1]) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }
}

/** MurmurHash3's finaliser over a·φ + b: every input bit reaches the low bits the mask keeps. */
function hash(a: number, b: number): number {
  let h = (Math.imul(a, 0x9e3779b1) + b) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
