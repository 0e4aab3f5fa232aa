/**
 * Many strings as one UTF-8 buffer and their end offsets: tens of thousands of them cross a thread or a webview
 * boundary as two typed arrays (transferred or copied in one piece) instead of one clone per string, and are
 * decoded one at a time when someone asks. Dependency-free: the map webview decodes them too.
 */

export interface PackedStrings {
  readonly bytes: Uint8Array;
  /** ends[i] is where string i ends in `bytes`; it starts where string i − 1 ends. */
  readonly ends: Uint32Array;
  /** 1 where the entry is null rather than a string (absent: no entry is null). */
  readonly nulls?: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function packStrings(strings: readonly (string | null)[]): PackedStrings {
  const encoded = strings.map((s) => (s === null ? null : encoder.encode(s)));
  const ends = new Uint32Array(strings.length);
  let size = 0;
  encoded.forEach((e, i) => (ends[i] = size += e?.length ?? 0));
  const bytes = new Uint8Array(size);
  encoded.forEach((e, i) => e && bytes.set(e, ends[i] - e.length));
  const anyNull = encoded.includes(null);
  return { bytes, ends, ...(anyNull ? { nulls: Uint8Array.from(encoded, (e) => (e === null ? 1 : 0)) } : {}) };
}

export function stringCount(packed: PackedStrings): number {
  return packed.ends.length;
}

export function stringAt(packed: PackedStrings, i: number): string | null {
  if (packed.nulls?.[i]) return null;
  return decoder.decode(packed.bytes.subarray(i === 0 ? 0 : packed.ends[i - 1], packed.ends[i]));
}

export function unpackStrings(packed: PackedStrings): (string | null)[] {
  return Array.from({ length: packed.ends.length }, (_, i) => stringAt(packed, i));
}

/**
 * The entries `from` lists, in that order (one pass over the bytes, no decoding): a subset, a reordering, or the
 * parts of several columns put together (`sources`, one per entry of `from`, each [column, index]).
 */
export function gatherStrings(sources: readonly PackedStrings[], from: ArrayLike<number>, column?: ArrayLike<number>): PackedStrings {
  const count = from.length;
  const ends = new Uint32Array(count);
  const source = (k: number) => sources[column ? column[k] : 0];
  const span = (packed: PackedStrings, i: number): [number, number] => [i === 0 ? 0 : packed.ends[i - 1], packed.ends[i]];
  let size = 0;
  let anyNull = false;
  for (let k = 0; k < count; k++) {
    const packed = source(k);
    const [start, end] = span(packed, from[k]);
    ends[k] = size += end - start;
    if (packed.nulls?.[from[k]]) anyNull = true;
  }
  const bytes = new Uint8Array(size);
  const nulls = anyNull ? new Uint8Array(count) : undefined;
  // Consecutive entries of one source (an update keeps long runs of unchanged documents) are copied as one block.
  for (let k = 0; k < count;) {
    const packed = source(k);
    let last = k;
    while (last + 1 < count && source(last + 1) === packed && from[last + 1] === from[last] + 1) last++;
    bytes.set(packed.bytes.subarray(span(packed, from[k])[0], span(packed, from[last])[1]), k === 0 ? 0 : ends[k - 1]);
    if (nulls) for (let j = k; j <= last; j++) if (packed.nulls?.[from[j]]) nulls[j] = 1;
    k = last + 1;
  }
  return { bytes, ends, ...(nulls ? { nulls } : {}) };
}
