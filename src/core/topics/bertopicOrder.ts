/**
 * The order in which BERTopic 0.17.4 numbers topics by size (`_sort_mappings_by_frequency`): its topic counter
 * (topics in order of first appearance, outliers included) goes through pandas 1.5's
 * `sort_values("Size", ascending=False)`, i.e. numpy 1.24's `argsort(kind="quicksort")` of the reversed sizes,
 * reversed again. numpy's quicksort is an introsort that sorts runs of up to 17 entries by insertion, so equal sizes
 * keep their order of appearance for small counts and are shuffled deterministically for larger ones.
 */

/** Runs at most this much longer than one entry are insertion-sorted (numpy's SMALL_QUICKSORT). */
const SMALL_QUICKSORT = 16;

/** Indices into `sizes` (one entry per topic in order of first appearance), largest size first. */
export function bertopicSizeOrder(sizes: readonly number[]): number[] {
  const reversed = [...sizes].reverse();
  const order = numpyQuicksortArgsort(reversed);
  return order.map((i) => sizes.length - 1 - i).reverse();
}

/** numpy's `aquicksort` (median-of-three introsort with an insertion-sort finish and a heapsort fallback). */
export function numpyQuicksortArgsort(values: readonly number[]): number[] {
  const tosort = values.map((_, i) => i);
  const v = values;
  const swap = (a: number, b: number) => ([tosort[a], tosort[b]] = [tosort[b], tosort[a]]);
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = values.length - 1;
  let depth = 2 * mostSignificantBit(values.length);
  for (;;) {
    if (depth < 0) {
      heapsortRange(v, tosort, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (v[tosort[pm]] < v[tosort[pl]]) swap(pm, pl);
        if (v[tosort[pr]] < v[tosort[pm]]) swap(pr, pm);
        if (v[tosort[pm]] < v[tosort[pl]]) swap(pm, pl);
        const pivot = v[tosort[pm]];
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do pi++;
          while (v[tosort[pi]] < pivot);
          do pj--;
          while (pivot < v[tosort[pj]]);
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // The larger part waits on the stack.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--depth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = tosort[pi];
        const key = v[vi];
        let pj = pi;
        while (pj > pl && key < v[tosort[pj - 1]]) {
          tosort[pj] = tosort[pj - 1];
          pj--;
        }
        tosort[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    depth = depths.pop()!;
  }
  return tosort;
}

function mostSignificantBit(n: number): number {
  let bit = 0;
  while ((n >>= 1) > 0) bit++;
  return bit;
}

/** numpy's `aheapsort` of `tosort[start .. start + n)`. */
function heapsortRange(v: readonly number[], tosort: number[], start: number, n: number): void {
  // One-based indexing, as numpy's.
  const at = (i: number) => start + i - 1;
  const sift = (from: number, end: number, item: number) => {
    let i = from;
    for (let j = 2 * from; j <= end;) {
      if (j < end && v[tosort[at(j)]] < v[tosort[at(j + 1)]]) j++;
      if (!(v[item] < v[tosort[at(j)]])) break;
      tosort[at(i)] = tosort[at(j)];
      i = j;
      j += j;
    }
    tosort[at(i)] = item;
  };
  for (let l = n >> 1; l > 0; l--) sift(l, n, tosort[at(l)]);
  for (let end = n; end > 1;) {
    const item = tosort[at(end)];
    tosort[at(end)] = tosort[at(1)];
    end--;
    sift(1, end, item);
  }
}
