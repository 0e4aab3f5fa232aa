/**
 * Approximate counts of 32-bit keys in fixed memory (a count-min sketch, Cormode & Muthukrishnan 2005): two rows
 * of counters indexed by independent hashes; a key's count is the smaller of its two counters. It never
 * undercounts; it overcounts only when both of a key's counters are shared with other keys.
 */
import { mix32 } from './words';

const MAX_WIDTH = 1 << 22;
const MIN_WIDTH = 1 << 10;
const SATURATED = 0xffff;

export class CountSketch {
  private readonly first: Uint16Array;
  private readonly second: Uint16Array;
  private readonly mask: number;

  /** `expectedAdds`: how many additions are coming (sizes the rows, up to `maxWidth` counters per row). */
  constructor(expectedAdds: number, maxWidth = MAX_WIDTH) {
    let width = MIN_WIDTH;
    while (width < expectedAdds && width < maxWidth) width <<= 1;
    this.first = new Uint16Array(width);
    this.second = new Uint16Array(width);
    this.mask = width - 1;
  }

  /** Counts `key` once more; returns its count now. */
  add(key: number): number {
    const a = key & this.mask;
    const b = mix32(key ^ 0x5bd1e995) & this.mask;
    if (this.first[a] < SATURATED) this.first[a]++;
    if (this.second[b] < SATURATED) this.second[b]++;
    return Math.min(this.first[a], this.second[b]);
  }

  count(key: number): number {
    return Math.min(this.first[key & this.mask], this.second[mix32(key ^ 0x5bd1e995) & this.mask]);
  }
}
