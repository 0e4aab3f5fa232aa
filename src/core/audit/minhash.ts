/**
 * MinHash signatures and LSH banding: candidate pairs of similar sets in near-linear time.
 *
 * Signatures use one permutation hashing (Li, Owen & Zhang 2012): each element is hashed once (seeded), the top
 * bits pick one of 128 bins and the rest compete for the bin's minimum; empty bins borrow the next filled bin's
 * value, offset by the distance (densification by rotation, Shrivastava & Li 2014). Two sets agree in a bin
 * with probability equal to their Jaccard similarity, as with 128 independent hash functions, for the cost of
 * one hash per element. Banding: 64 bands of 2 bins; sets that agree on a whole band become a candidate pair,
 * so a pair of Jaccard J is found with probability 1 − (1 − J²)⁶⁴ (0.93 at J = 0.2, 0.998 at J = 0.3).
 */
import { Pacer } from '../control';
import { mix32, radixSort } from './words';

export const SIGNATURE_SIZE = 128;
const BIN_BITS = 7;
const VALUE_BITS = 32 - BIN_BITS;
const VALUE_MASK = (1 << VALUE_BITS) - 1;
const EMPTY = 0xffffffff;
export const BAND_ROWS = 2;
export const BANDS = SIGNATURE_SIZE / BAND_ROWS;
/** Buckets larger than this are not paired all-with-all: each member meets the next WINDOW members only. */
const FULL_BUCKET = 48;
const WINDOW = 8;

/**
 * The MinHash signature of `set` (any 32-bit values; duplicates are harmless) into `signature`
 * (SIGNATURE_SIZE entries), then its BANDS band keys into `keys` at `keys[row * BANDS + band]`.
 */
export function writeBandKeys(set: Uint32Array, seed: number, signature: Uint32Array, keys: Uint32Array, row: number): void {
  signature.fill(EMPTY);
  for (let i = 0; i < set.length; i++) {
    const h = mix32(set[i] ^ seed);
    const bin = h >>> VALUE_BITS;
    const value = h & VALUE_MASK;
    if (value < signature[bin]) signature[bin] = value;
  }
  densify(signature);
  for (let band = 0; band < BANDS; band++) {
    const at = band * BAND_ROWS;
    keys[row * BANDS + band] = mix32(Math.imul(signature[at], 0x9e3779b1) ^ signature[at + 1] ^ Math.imul(band + 1, 0x85ebca6b));
  }
}

/** Each empty bin takes the value of the nearest filled bin to its right (circularly), plus distance × 2²⁵. */
function densify(signature: Uint32Array): void {
  let filled = -1;
  for (let b = SIGNATURE_SIZE - 1; b >= 0 && filled < 0; b--) if (signature[b] !== EMPTY) filled = b;
  if (filled < 0) return;
  for (let step = 1; step < SIGNATURE_SIZE; step++) {
    const b = (filled - step + SIGNATURE_SIZE) % SIGNATURE_SIZE;
    if (signature[b] !== EMPTY) continue;
    const source = signature[(b + 1) % SIGNATURE_SIZE];
    signature[b] = ((((source >>> VALUE_BITS) + 1) << VALUE_BITS) | (source & VALUE_MASK)) >>> 0;
  }
}

/**
 * Candidate pairs from band keys (`keys[row * BANDS + band]`, a row's keys together; rows with `skip[row]` set
 * take no part): rows that share a band's key. Each pair is visited once, as [smaller row, larger row]: by the
 * first band in which the two share a key (looked up in the two rows' keys, so no set of pairs is kept), or,
 * when they met there in an oversized bucket (paired with near members only), through a set of the pairs such
 * buckets gave. The `pacer` lets the event loop in between buckets.
 */
export async function candidatePairs(
  keys: Uint32Array,
  rows: number,
  skip: Uint8Array,
  visit: (a: number, b: number) => void,
  pacer: Pacer = new Pacer({}),
): Promise<void> {
  // crowded[row * BANDS + band] = 1 where a row was in an oversized bucket of a band.
  const crowded = new Uint8Array(BANDS * rows);
  const seenCrowded = new Set<number>();
  const emit = (x: number, y: number, band: number, crowdedHere: boolean) => {
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    const keysOfA = a * BANDS;
    const keysOfB = b * BANDS;
    let first = 0;
    while (first < band && keys[keysOfA + first] !== keys[keysOfB + first]) first++;
    const firstCrowded = first < band ? crowded[keysOfA + first] === 1 : crowdedHere;
    if (!firstCrowded) {
      if (first === band) visit(a, b);
      return;
    }
    const key = a * rows + b;
    if (seenCrowded.has(key)) return;
    seenCrowded.add(key);
    visit(a, b);
  };
  const taking = Int32Array.from({ length: rows }, (_, r) => r).filter((r) => !skip[r]);
  const bandKeys = new Uint32Array(taking.length);
  const members = new Int32Array(taking.length);
  for (let band = 0; band < BANDS; band++) {
    for (let i = 0; i < taking.length; i++) bandKeys[i] = keys[taking[i] * BANDS + band];
    members.set(taking);
    // Stable: the rows of a bucket stay in ascending order.
    radixSort(bandKeys, members);
    let start = 0;
    while (start < members.length) {
      let end = start + 1;
      while (end < members.length && bandKeys[end] === bandKeys[start]) end++;
      const isCrowded = end - start > FULL_BUCKET;
      if (isCrowded) for (let i = start; i < end; i++) crowded[members[i] * BANDS + band] = 1;
      const reach = isCrowded ? WINDOW + 1 : end - start;
      for (let i = start; i < end; i++) {
        for (let j = i + 1; j < Math.min(end, i + reach); j++) emit(members[i], members[j], band, isCrowded);
      }
      start = end;
      if (pacer.due) await pacer.pause();
    }
  }
}
