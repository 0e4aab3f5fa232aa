/**
 * Approximate counts of 32-bit keys in fixed memory (a count-min sketch, Cormode & Muthukrishnan 2005): two rows
 * of counters indexed by independent hashes; a key's count is the smaller of its two counters. It never
 * undercounts; it overcounts only when both of a key's counters are shared with other keys.
 */
import { mix32 } from './words';

const MAX_WIDTH = 1 << 22;
const MIN_WIDTH = 1 << 10;
const SATURATED = 0xffff;

/** A sketch's two rows of counters (plain data: they may cross threads). */
export interface SketchCounters {
  readonly first: Uint16Array;
  readonly second: Uint16Array;
}

/** Counters per row for `expectedAdds` additions: a power of two, at most `maxWidth`. */
export function sketchWidth(expectedAdds: number, maxWidth = MAX_WIDTH): number {
  let width = MIN_WIDTH;
  while (width < expectedAdds && width < maxWidth) width <<= 1;
  return width;
}

export class CountSketch {
  private readonly first: Uint16Array;
  private readonly second: Uint16Array;
  private readonly mask: number;

  /** `width`: counters per row (a power of two, see `sketchWidth`), or the counters to go on from. */
  constructor(width: number | SketchCounters) {
    this.first = typeof width === 'number' ? new Uint16Array(width) : width.first;
    this.second = typeof width === 'number' ? new Uint16Array(width) : width.second;
    this.mask = this.first.length - 1;
  }

  /** Counts `key` once more. */
  add(key: number): void {
    const a = key & this.mask;
    const b = mix32(key ^ 0x5bd1e995) & this.mask;
    if (this.first[a] < SATURATED) this.first[a]++;
    if (this.second[b] < SATURATED) this.second[b]++;
  }

  count(key: number): number {
    return Math.min(this.first[key & this.mask], this.second[mix32(key ^ 0x5bd1e995) & this.mask]);
  }

  /** Adds another sketch's counts (of the same width), as if its keys had been added here. */
  addCounts(other: SketchCounters): void {
    for (let i = 0; i < this.first.length; i++) {
      this.first[i] = Math.min(SATURATED, this.first[i] + other.first[i]);
      this.second[i] = Math.min(SATURATED, this.second[i] + other.second[i]);
    }
  }

  get counters(): SketchCounters {
    return { first: this.first, second: this.second };
  }
}
