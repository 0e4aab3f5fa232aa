/** Disjoint sets over 0…size−1 with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly setSize: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
    this.setSize = new Int32Array(size).fill(1);
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** Joins the sets of x and y; returns the new root, or −1 if they were already one set. */
  union(x: number, y: number): number {
    let a = this.find(x);
    let b = this.find(y);
    if (a === b) return -1;
    if (this.setSize[a] < this.setSize[b]) {
      const t = a;
      a = b;
      b = t;
    }
    this.parent[b] = a;
    this.setSize[a] += this.setSize[b];
    return a;
  }
}
