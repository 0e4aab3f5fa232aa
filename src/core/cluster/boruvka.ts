/**
 * Borůvka over a kd-tree: each round, every component finds its lightest outgoing edge and all of
 * those edges join the tree, so O(log n) rounds. Searches skip tree nodes inside the searching
 * component and nodes that cannot beat the component's best edge so far.
 */
import type { Checkpoint } from './checkpoint';
import {
  type KdTree,
  squaredDistanceBetween as importedDistance,
  squaredDistanceBetweenBoxes as importedBoxesDistance,
  squaredDistanceToBox as importedBoxDistance,
} from './kdTree';
import { coreInTreeOrder, edgePrecedes, sortEdges, type SpanningTree } from './spanningTree';
import { UnionFind } from './unionFind';

// Local bindings: module-namespace getters (CommonJS interop) are costly in the innermost loops.
const squaredDistanceBetween = importedDistance;
const squaredDistanceToBox = importedBoxDistance;
const squaredDistanceBetweenBoxes = importedBoxesDistance;

/** Points handled between two checkpoints. */
const CHUNK = 2048;

export async function boruvkaSpanningTree(tree: KdTree, core: Float64Array, checkpoint?: Checkpoint): Promise<SpanningTree> {
  const { size: n, dim, coords, index, nodeCount, left, right, start, end } = tree;
  const coreAt = coreInTreeOrder(tree, core);

  // Nodes are numbered in pre-order, so children have higher ids than their parent.
  const nodeMinCore = new Float64Array(nodeCount);
  const nodeMinRow = new Int32Array(nodeCount);
  for (let node = nodeCount - 1; node >= 0; node--) {
    let minCore = Infinity;
    let minRow = n;
    if (left[node] < 0) {
      for (let p = start[node]; p < end[node]; p++) {
        if (coreAt[p] < minCore) minCore = coreAt[p];
        if (index[p] < minRow) minRow = index[p];
      }
    } else {
      minCore = Math.min(nodeMinCore[left[node]], nodeMinCore[right[node]]);
      minRow = Math.min(nodeMinRow[left[node]], nodeMinRow[right[node]]);
    }
    nodeMinCore[node] = minCore;
    nodeMinRow[node] = minRow;
  }

  const sets = new UnionFind(n);
  const componentOf = new Int32Array(n);
  // The component every point under a node belongs to, or −1 when they differ.
  const nodeComponent = new Int32Array(nodeCount);
  // Lightest outgoing edge found so far per component (indexed by the component's root position).
  const bestWeight = new Float64Array(n);
  const bestLo = new Int32Array(n);
  const bestHi = new Int32Array(n);
  const bestP = new Int32Array(n);
  const bestQ = new Int32Array(n);
  // Per point: no edge from it to another component weighs less. Components only grow, so a point's
  // lightest outgoing edge only gets heavier and what a search learned stays true.
  const lowerBound = Float64Array.from(coreAt);
  // Per point: the other end of its lightest outgoing edge when a search found it exactly, else −1.
  const nearestForeign = new Int32Array(n).fill(-1);

  const from = new Int32Array(Math.max(0, n - 1));
  const to = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  let edgeCount = 0;

  /** Offers edge (p, q), q outside p's component, as the component's best. */
  const consider = (p: number, q: number, component: number): void => {
    let w = coreAt[p] > coreAt[q] ? coreAt[p] : coreAt[q];
    if (w > bestWeight[component]) return;
    const d = Math.sqrt(squaredDistanceBetween(coords, dim, p, q));
    if (d > w) w = d;
    const pRow = index[p];
    const qRow = index[q];
    if (w < bestWeight[component] || (w === bestWeight[component] && edgePrecedes(pRow, qRow, bestLo[component], bestHi[component]))) {
      bestWeight[component] = w;
      bestLo[component] = pRow < qRow ? pRow : qRow;
      bestHi[component] = pRow < qRow ? qRow : pRow;
      bestP[component] = p;
      bestQ[component] = q;
    }
  };

  // One point's search (used where a leaf mixes components, e.g. in the first round).
  let queryP = 0;
  let queryRow = 0;
  let queryOffset = 0;
  let queryComponent = 0;
  const visitFromPoint = (node: number, boxD2: number): void => {
    if (nodeComponent[node] === queryComponent) return;
    let bound = Math.sqrt(boxD2);
    if (coreAt[queryP] > bound) bound = coreAt[queryP];
    if (nodeMinCore[node] > bound) bound = nodeMinCore[node];
    const best = bestWeight[queryComponent];
    if (bound > best) return;
    // At an equal bound only an edge to a lower row can still win the tie (endpoint order is monotone in the row).
    if (bound === best && !edgePrecedes(queryRow, nodeMinRow[node], bestLo[queryComponent], bestHi[queryComponent])) return;
    const a = left[node];
    if (a < 0) {
      for (let q = start[node], stop = end[node]; q < stop; q++) if (componentOf[q] !== queryComponent) consider(queryP, q, queryComponent);
      return;
    }
    const b = right[node];
    const dA = squaredDistanceToBox(tree, a, coords, queryOffset);
    const dB = squaredDistanceToBox(tree, b, coords, queryOffset);
    if (dA <= dB) {
      visitFromPoint(a, dA);
      visitFromPoint(b, dB);
    } else {
      visitFromPoint(b, dB);
      visitFromPoint(a, dA);
    }
  };

  // One search for the points of a leaf that lies inside a single component: shared node tests.
  const batch = new Int32Array(n);
  let batchSize = 0;
  let batchLeaf = 0;
  let batchComponent = 0;
  let batchMinCore = 0;
  const visitFromLeaf = (node: number, boxD2: number): void => {
    if (nodeComponent[node] === batchComponent) return;
    let bound = Math.sqrt(boxD2);
    if (batchMinCore > bound) bound = batchMinCore;
    if (nodeMinCore[node] > bound) bound = nodeMinCore[node];
    if (bound > bestWeight[batchComponent]) return;
    const a = left[node];
    if (a < 0) {
      for (let i = 0; i < batchSize; i++) {
        const p = batch[i];
        let pointBound = Math.sqrt(squaredDistanceToBox(tree, node, coords, p * dim));
        if (coreAt[p] > pointBound) pointBound = coreAt[p];
        if (pointBound > bestWeight[batchComponent]) continue;
        for (let q = start[node], stop = end[node]; q < stop; q++) if (componentOf[q] !== batchComponent) consider(p, q, batchComponent);
      }
      return;
    }
    const b = right[node];
    const dA = squaredDistanceBetweenBoxes(tree, batchLeaf, a);
    const dB = squaredDistanceBetweenBoxes(tree, batchLeaf, b);
    if (dA <= dB) {
      visitFromLeaf(a, dA);
      visitFromLeaf(b, dB);
    } else {
      visitFromLeaf(b, dB);
      visitFromLeaf(a, dA);
    }
  };

  /** Records what a finished search taught about point p. */
  const learn = (p: number): void => {
    const component = componentOf[p];
    lowerBound[p] = bestWeight[component];
    // p holds its component's best edge only if its own search just found it, and then it is p's lightest.
    nearestForeign[p] = bestP[component] === p ? bestQ[component] : -1;
  };

  const needsSearch = (p: number): boolean => nearestForeign[p] < 0 && lowerBound[p] <= bestWeight[componentOf[p]];

  const searchLeaf = (leaf: number): void => {
    const component = nodeComponent[leaf];
    if (component < 0) {
      for (let p = start[leaf]; p < end[leaf]; p++) {
        if (!needsSearch(p)) continue;
        queryP = p;
        queryRow = index[p];
        queryOffset = p * dim;
        queryComponent = componentOf[p];
        visitFromPoint(0, 0);
        learn(p);
      }
      return;
    }
    batchSize = 0;
    batchMinCore = Infinity;
    for (let p = start[leaf]; p < end[leaf]; p++) {
      if (!needsSearch(p)) continue;
      batch[batchSize++] = p;
      if (coreAt[p] < batchMinCore) batchMinCore = coreAt[p];
    }
    if (batchSize === 0) return;
    batchLeaf = leaf;
    batchComponent = component;
    visitFromLeaf(0, 0);
    for (let i = 0; i < batchSize; i++) learn(batch[i]);
  };

  while (edgeCount < n - 1) {
    for (let p = 0; p < n; p++) componentOf[p] = sets.find(p);
    for (let node = nodeCount - 1; node >= 0; node--) {
      let component: number;
      if (left[node] < 0) {
        component = componentOf[start[node]];
        for (let p = start[node] + 1; p < end[node] && component >= 0; p++) if (componentOf[p] !== component) component = -1;
      } else {
        component = nodeComponent[left[node]] === nodeComponent[right[node]] ? nodeComponent[left[node]] : -1;
      }
      nodeComponent[node] = component;
    }
    bestWeight.fill(Infinity);
    bestP.fill(-1);

    // A point whose lightest edge still leads to another component keeps that edge: it is still the lightest.
    for (let p = 0; p < n; p++) {
      const q = nearestForeign[p];
      if (q < 0) continue;
      if (componentOf[q] === componentOf[p]) nearestForeign[p] = -1;
      else consider(p, q, componentOf[p]);
    }

    let searched = 0;
    for (let leaf = 0; leaf < nodeCount; leaf++) {
      if (left[leaf] >= 0) continue;
      searchLeaf(leaf);
      searched += end[leaf] - start[leaf];
      if (searched >= CHUNK) {
        searched = 0;
        await checkpoint?.(edgeCount, 'spanning tree');
      }
    }

    for (let p = 0; p < n; p++) {
      if (componentOf[p] !== p || bestP[p] < 0) continue;
      // Two components may pick the same edge; the second pick finds them already joined.
      if (sets.union(bestP[p], bestQ[p]) < 0) continue;
      from[edgeCount] = bestLo[p];
      to[edgeCount] = bestHi[p];
      weight[edgeCount] = bestWeight[p];
      edgeCount++;
    }
  }
  await checkpoint?.(edgeCount, 'spanning tree');
  return sortEdges(from, to, weight);
}
