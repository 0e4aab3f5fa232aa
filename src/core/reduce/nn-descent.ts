/**
 * Approximate k-nearest neighbours by nearest-neighbour descent (Dong et al. 2011), seeded by a random
 * projection forest, as pynndescent does for umap-learn: "a neighbour of my neighbour is likely my neighbour".
 * Works on a RowStore in its own row order; every random choice comes from the injected generator.
 */
import type { Random } from '../random';
import { NeighborHeaps } from './neighbor-heaps';
import { PAIR_CAPACITY, type RowStore } from './row-store';

export interface NnDescentSettings {
  /** Random projection trees seeding the graph; umap-learn: min(64, 5 + round(√n / 20)). */
  readonly trees: number;
  /** Points per tree leaf; pynndescent: max(60, min(256, 5k)). */
  readonly leafSize: number;
  /** Descent rounds at most; umap-learn: max(5, round(log2 n)). */
  readonly iterations: number;
  /** Candidates sampled per point and round; umap-learn passes 60. */
  readonly maxCandidates: number;
  /** Stop when fewer than delta · n · k neighbours changed in a round. */
  readonly delta: number;
}

export function defaultNnDescentSettings(rows: number, neighbors: number): NnDescentSettings {
  return {
    trees: Math.min(64, 5 + Math.round(Math.sqrt(rows) / 20)),
    leafSize: Math.max(60, Math.min(256, 5 * neighbors)),
    iterations: Math.max(5, Math.round(Math.log2(rows))),
    maxCandidates: 60,
    delta: 0.001,
  };
}

/**
 * Fills heaps (one row per store row, holding neighbours other than the row itself) step by step; yields the
 * fraction of work done so the caller can report progress and cancel between steps.
 */
export function* nnDescent(store: RowStore, heaps: NeighborHeaps, settings: NnDescentSettings, random: Random): Generator<number, void> {
  const pairs = new PairQueue(store, heaps);
  const totalSteps = settings.trees + settings.iterations;
  for (let tree = 0; tree < settings.trees; tree++) {
    const { points, leafStarts } = randomProjectionTree(store, settings.leafSize, random);
    for (let leaf = 0; leaf + 1 < leafStarts.length; leaf++) {
      for (let a = leafStarts[leaf]; a < leafStarts[leaf + 1]; a++) {
        for (let b = a + 1; b < leafStarts[leaf + 1]; b++) pairs.add(points[a], points[b]);
      }
    }
    pairs.flush();
    yield (tree + 1) / totalSteps;
  }
  fillEmptySlots(heaps, pairs, random);

  const candidates = new CandidateSets(heaps.rows, settings.maxCandidates);
  for (let iteration = 0; iteration < settings.iterations; iteration++) {
    candidates.sample(heaps, random);
    pairs.changes = 0;
    const { fresh, old, size } = candidates;
    for (let i = 0; i < heaps.rows; i++) {
      const base = i * size;
      for (let a = base; a < base + size; a++) {
        const p = fresh[a];
        if (p < 0) continue;
        for (let b = a + 1; b < base + size; b++) if (fresh[b] >= 0) pairs.add(p, fresh[b]);
        for (let b = base; b < base + size; b++) if (old[b] >= 0 && old[b] !== p) pairs.add(p, old[b]);
      }
      if ((i & 1023) === 1023) yield (settings.trees + iteration + i / heaps.rows) / totalSteps;
    }
    pairs.flush();
    yield (settings.trees + iteration + 1) / totalSteps;
    if (pairs.changes <= settings.delta * heaps.rows * heaps.size) break;
  }
}

/** Batches candidate pairs, has the store compute their distances, and offers each pair to both heaps. */
class PairQueue {
  private count = 0;
  changes = 0;

  constructor(
    private readonly store: RowStore,
    private readonly heaps: NeighborHeaps,
  ) {}

  add(p: number, q: number): void {
    this.store.left[this.count] = p;
    this.store.right[this.count] = q;
    if (++this.count === PAIR_CAPACITY) this.flush();
  }

  flush(): void {
    const { store, heaps, count } = this;
    store.pairDistances(count);
    const { left, right, out } = store;
    const size = heaps.size;
    const kept = heaps.distances;
    for (let t = 0; t < count; t++) {
      const p = left[t];
      const q = right[t];
      const d = out[t];
      if (d < kept[p * size]) this.changes += heaps.push(p, d, q, 1);
      if (d < kept[q * size]) this.changes += heaps.push(q, d, p, 1);
    }
    this.count = 0;
  }
}

/** Rows the forest left short of neighbours (tiny leaves) get random ones. */
function fillEmptySlots(heaps: NeighborHeaps, pairs: PairQueue, random: Random): void {
  const n = heaps.rows;
  for (let i = 0; i < n; i++) {
    let missing = 0;
    for (let s = i * heaps.size; s < (i + 1) * heaps.size; s++) if (heaps.indices[s] < 0) missing++;
    for (let m = 0; m < missing; m++) {
      const j = Math.floor(random() * n);
      if (j !== i) pairs.add(i, j);
    }
  }
  pairs.flush();
}

/**
 * Per point, a random sample (by random priority, smallest kept) of its neighbours and reverse neighbours,
 * split into those new since the last round and old ones; new ones sampled are then marked old.
 */
class CandidateSets {
  readonly fresh: Int32Array;
  readonly old: Int32Array;
  private readonly freshPriority: Float32Array;
  private readonly oldPriority: Float32Array;

  constructor(
    rows: number,
    readonly size: number,
  ) {
    this.fresh = new Int32Array(rows * size);
    this.old = new Int32Array(rows * size);
    this.freshPriority = new Float32Array(rows * size);
    this.oldPriority = new Float32Array(rows * size);
  }

  sample(heaps: NeighborHeaps, random: Random): void {
    this.fresh.fill(-1);
    this.old.fill(-1);
    this.freshPriority.fill(Infinity);
    this.oldPriority.fill(Infinity);
    const { indices, flags } = heaps;
    for (let i = 0; i < heaps.rows; i++) {
      for (let s = i * heaps.size; s < (i + 1) * heaps.size; s++) {
        const j = indices[s];
        if (j < 0) continue;
        const priority = random();
        const ids = flags[s] ? this.fresh : this.old;
        const priorities = flags[s] ? this.freshPriority : this.oldPriority;
        pushCandidate(ids, priorities, i * this.size, this.size, priority, j);
        pushCandidate(ids, priorities, j * this.size, this.size, priority, i);
      }
    }
    for (let i = 0; i < heaps.rows; i++) {
      for (let s = i * heaps.size; s < (i + 1) * heaps.size; s++) {
        if (!flags[s]) continue;
        const j = indices[s];
        for (let c = i * this.size; c < (i + 1) * this.size; c++) {
          if (this.fresh[c] === j) {
            flags[s] = 0;
            break;
          }
        }
      }
    }
  }
}

/** Bounded max-heap push on (priority, id) keeping the smallest priorities, skipping ids already present. */
function pushCandidate(ids: Int32Array, priorities: Float32Array, base: number, size: number, priority: number, id: number): void {
  if (!(priority < priorities[base])) return;
  for (let s = base; s < base + size; s++) if (ids[s] === id) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && priorities[base + right] > priorities[base + left] ? right : left;
    if (priorities[base + child] <= priority) break;
    priorities[base + i] = priorities[base + child];
    ids[base + i] = ids[base + child];
    i = child;
  }
  priorities[base + i] = priority;
  ids[base + i] = id;
}

/**
 * One random projection tree: every node splits its points by which of two random pivot points each is
 * closer to. For euclidean rows that is the side of the pivots' perpendicular bisector (pynndescent's
 * euclidean split); for unit rows under cosine, of the hyperplane between the pivot directions (its angular
 * split). Returns the points grouped by leaf: leaf l holds points[leafStarts[l] .. leafStarts[l + 1]).
 */
export function randomProjectionTree(store: RowStore, leafSize: number, random: Random): { points: Int32Array; leafStarts: Int32Array } {
  const n = store.rows;
  const points = Int32Array.from({ length: n }, (_, i) => i);
  const side = new Uint8Array(n);
  const scratch = new Int32Array(n);
  const leafStarts: number[] = [];
  const stack: number[] = [0, n];
  while (stack.length > 0) {
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    if (end - start <= leafSize) {
      leafStarts.push(start);
      continue;
    }
    const middle = splitNode(store, points, start, end, side, scratch, random);
    stack.push(middle, end, start, middle);
  }
  // Leaves were discovered depth-first from the left, so their starts are increasing.
  leafStarts.push(n);
  return { points, leafStarts: Int32Array.from(leafStarts) };
}

/** Partitions points[start, end) by pivot side; returns where the right side begins. */
function splitNode(store: RowStore, points: Int32Array, start: number, end: number, side: Uint8Array, scratch: Int32Array, random: Random): number {
  const count = end - start;
  const leftPivot = points[start + Math.floor(random() * count)];
  let rightPivot = points[start + Math.floor(random() * (count - 1))];
  if (rightPivot === leftPivot) rightPivot = points[end - 1];
  const half = PAIR_CAPACITY >> 1;
  let nLeft = 0;
  for (let chunk = start; chunk < end; chunk += half) {
    const size = Math.min(half, end - chunk);
    for (let t = 0; t < size; t++) {
      store.left[t] = points[chunk + t];
      store.right[t] = leftPivot;
      store.left[size + t] = points[chunk + t];
      store.right[size + t] = rightPivot;
    }
    store.pairDistances(2 * size);
    for (let t = 0; t < size; t++) {
      const toLeft = store.out[t];
      const toRight = store.out[size + t];
      const goesLeft = toLeft === toRight ? random() < 0.5 : toLeft < toRight;
      side[chunk + t - start] = goesLeft ? 0 : 1;
      if (goesLeft) nLeft++;
    }
  }
  if (nLeft === 0 || nLeft === count) {
    // Every point on one side (duplicates): split at random into halves instead.
    nLeft = 0;
    for (let t = 0; t < count; t++) {
      side[t] = random() < 0.5 ? 0 : 1;
      if (side[t] === 0) nLeft++;
    }
    if (nLeft === 0 || nLeft === count) nLeft = fixedHalves(side, count);
  }
  let l = 0;
  let r = nLeft;
  for (let t = 0; t < count; t++) scratch[side[t] === 0 ? l++ : r++] = points[start + t];
  points.set(scratch.subarray(0, count), start);
  return start + nLeft;
}

function fixedHalves(side: Uint8Array, count: number): number {
  const nLeft = count >> 1;
  for (let t = 0; t < count; t++) side[t] = t < nLeft ? 0 : 1;
  return nLeft;
}
