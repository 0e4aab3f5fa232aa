/**
 * Optimal leaf ordering (Bar-Joseph, Gifford & Jaakkola 2001) for scipy-style linkages, as BERTopic asks for it
 * (`linkage(…, optimal_ordering=True)`): the same merges at the same distances, with the two children of some
 * merges swapped so that neighbouring leaves of the dendrogram are close.
 *
 * The bottom-up pass is Bar-Joseph's: for every merge and every pair of its leaves (u in one child, w in the
 * other), the cheapest order of its leaves with u and w at the ends. The walk back down takes the cheapest pair at
 * the top, then gives each child the end that is cheapest for that child alone (the left child's partner of u, the
 * right child's partner of w), without the distance that joins the two children. That is not always the least
 * total distance, but it reproduces the orientation of every merge in BERTopic 0.17.4's golden hierarchies (scipy
 * 1.10) and scipy's on most trees; scipy itself departs from the optimum, and on some larger trees from this rule.
 * The top merge keeps its order; ties go to the first leaf in the unswapped dendrogram's order.
 */
import { clusterLeaves, condensedIndex, type Linkage } from './linkage';

/**
 * `distances` is the condensed matrix the linkage was built from. Costs O(Σ |L|·|R|·(|L| + |R|)) over the merges:
 * fine for hundreds of topics, cubic on a chain-shaped tree.
 */
export function optimalLeafOrdering(tree: Linkage, distances: Float64Array): Linkage {
  const { n } = tree;
  const merges = tree.left.length;
  if (merges < 2) return tree;
  const leaves = clusterLeaves(tree);
  const childOf = (id: number, side: 0 | 1): number => (side === 0 ? tree.left : tree.right)[id - n];
  const between = (a: number, b: number) => distances[condensedIndex(n, a, b)];
  // best[u·n + w]: the cheapest order of the leaves of the smallest cluster holding u and w, with u at one end and
  // w at the other (symmetric: every pair of leaves has one such cluster).
  const best = new Float64Array(n * n);
  // The leaves of a cluster that may sit at the far end from its leaf u: those of the other child (u, for a leaf).
  const farSide = (cluster: number, u: number): Int32Array => {
    if (cluster < n) return leaves[cluster];
    const left = childOf(cluster, 0);
    return leaves[left].includes(u) ? leaves[childOf(cluster, 1)] : leaves[left];
  };
  // The same during the bottom-up pass, in O(1): which leaves lie in the first child of the current l and r.
  const mark = new Int32Array(n).fill(-1);
  const farSideNow = (cluster: number, u: number, tag: number): Int32Array => {
    if (cluster < n) return leaves[cluster];
    return mark[u] === tag ? leaves[childOf(cluster, 1)] : leaves[childOf(cluster, 0)];
  };
  const scratch = new Float64Array(n);

  for (let k = 0; k < merges; k++) {
    const l = tree.left[k];
    const r = tree.right[k];
    const tagL = 2 * k;
    const tagR = 2 * k + 1;
    if (l >= n) for (const u of leaves[childOf(l, 0)]) mark[u] = tagL;
    if (r >= n) for (const w of leaves[childOf(r, 0)]) mark[w] = tagR;
    for (const u of leaves[l]) {
      // scratch[j]: cheapest way to run from u across l and step to leaf j of r.
      const ms = farSideNow(l, u, tagL);
      for (const j of leaves[r]) {
        let cheapest = Infinity;
        for (const m of ms) {
          const cost = best[u * n + m] + between(m, j);
          if (cost < cheapest) cheapest = cost;
        }
        scratch[j] = cheapest;
      }
      for (const w of leaves[r]) {
        let cheapest = Infinity;
        for (const j of farSideNow(r, w, tagR)) {
          const cost = scratch[j] + best[j * n + w];
          if (cost < cheapest) cheapest = cost;
        }
        best[u * n + w] = best[w * n + u] = cheapest;
      }
    }
  }

  const swapped = new Uint8Array(merges);
  const root = n + merges - 1;
  let first = -1;
  let last = -1;
  let cheapest = Infinity;
  for (const u of leaves[tree.left[merges - 1]]) {
    for (const w of leaves[tree.right[merges - 1]]) {
      if (best[u * n + w] < cheapest) {
        cheapest = best[u * n + w];
        first = u;
        last = w;
      }
    }
  }
  const cheapestPartner = (cluster: number, end: number): number => {
    let partner = -1;
    let lowest = Infinity;
    for (const m of farSide(cluster, end)) {
      if (best[end * n + m] < lowest) {
        lowest = best[end * n + m];
        partner = m;
      }
    }
    return partner;
  };
  // Walk down: each cluster must start with `first` and end with `last`; a child order that cannot is swapped.
  const stack: [number, number, number][] = [[root, first, last]];
  while (stack.length > 0) {
    const [cluster, start, end] = stack.pop()!;
    if (cluster < n) continue;
    const row = cluster - n;
    let l = tree.left[row];
    let r = tree.right[row];
    if (cluster !== root && !leaves[l].includes(start)) {
      swapped[row] = 1;
      [l, r] = [r, l];
    }
    stack.push([l, start, cheapestPartner(l, start)], [r, cheapestPartner(r, end), end]);
  }
  return {
    ...tree,
    left: tree.left.map((id, row) => (swapped[row] ? tree.right[row] : id)),
    right: tree.right.map((id, row) => (swapped[row] ? tree.left[row] : id)),
  };
}
