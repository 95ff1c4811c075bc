// A transportation problem solved as min-cost flow by successive shortest paths (Dijkstra on
// reduced costs with node potentials). Sources have supplies, sinks have capacities, every
// source may also "shed" at a prohibitive cost, so the solver first places as much as it can and
// then, among the placements of that size, finds the cheapest one.
import { HeadroomError } from '../errors.js';

export interface TransportProblem {
  supplies: readonly number[];
  capacities: readonly number[];
  /** cost(i, j) per unit of flow from source i to sink j; undefined when there is no arc. */
  cost: (source: number, sink: number) => number | undefined;
}

export interface TransportSolution {
  /** flow[i][j] from source i to sink j. */
  flow: Float64Array[];
  /** Supply of each source that could not be placed. */
  shed: Float64Array;
  shedTotal: number;
  /** Sum of flow × cost over the placed flow (the shed penalty is not included). */
  cost: number;
  augmentations: number;
}

interface Graph {
  head: Int32Array;
  next: number[];
  to: number[];
  residual: number[];
  cost: number[];
}

function addEdge(g: Graph, from: number, to: number, capacity: number, cost: number): number {
  const id = g.to.length;
  // Edge id ^ 1 is always the reverse edge.
  g.to.push(to, from);
  g.residual.push(capacity, 0);
  g.cost.push(cost, -cost);
  g.next.push(g.head[from]!, g.head[to]!);
  g.head[from] = id;
  g.head[to] = id + 1;
  return id;
}

export function solveTransport(problem: TransportProblem): TransportSolution {
  const { supplies, capacities } = problem;
  const m = supplies.length;
  const n = capacities.length;
  for (const x of [...supplies, ...capacities]) {
    if (!(x >= 0)) throw new HeadroomError('INPUT_INVALID', `supplies and capacities must be ≥ 0, got ${x}`);
  }
  // Nodes: 0 = super source, 1..m sources, m+1..m+n sinks, m+n+1 the shed node, m+n+2 super sink.
  const shedNode = m + n + 1;
  const sinkNode = m + n + 2;
  const nodeCount = m + n + 3;
  const g: Graph = { head: new Int32Array(nodeCount).fill(-1), next: [], to: [], residual: [], cost: [] };

  const arcCost: (number | undefined)[][] = [];
  let maxAbsCost = 0;
  for (let i = 0; i < m; i++) {
    const row: (number | undefined)[] = [];
    for (let j = 0; j < n; j++) {
      const c = supplies[i]! > 0 ? problem.cost(i, j) : undefined;
      if (c !== undefined && !Number.isFinite(c)) throw new HeadroomError('INPUT_INVALID', `arc cost must be finite`);
      row.push(c);
      if (c !== undefined) maxAbsCost = Math.max(maxAbsCost, Math.abs(c));
    }
    arcCost.push(row);
  }
  // An augmenting path alternates at most m + n arcs, each worth at most maxAbsCost: a shed
  // penalty above twice that total is never worth paying while any placement is possible.
  const shedCost = 2 * (m + n + 2) * (maxAbsCost + 1);

  const supplyEdge: number[] = [];
  const arcEdge: Int32Array[] = [];
  const shedEdge: number[] = [];
  const totalSupply = supplies.reduce((s, x) => s + x, 0);
  for (let i = 0; i < m; i++) supplyEdge.push(addEdge(g, 0, 1 + i, supplies[i]!, 0));
  for (let i = 0; i < m; i++) {
    const ids = new Int32Array(n).fill(-1);
    for (let j = 0; j < n; j++) {
      const c = arcCost[i]![j];
      if (c !== undefined) ids[j] = addEdge(g, 1 + i, 1 + m + j, Number.POSITIVE_INFINITY, c);
    }
    arcEdge.push(ids);
    shedEdge.push(addEdge(g, 1 + i, shedNode, Number.POSITIVE_INFINITY, shedCost));
  }
  for (let j = 0; j < n; j++) addEdge(g, 1 + m + j, sinkNode, capacities[j]!, 0);
  addEdge(g, shedNode, sinkNode, Number.POSITIVE_INFINITY, 0);

  const potential = initialPotentials(m, n, arcCost, shedCost);
  const epsilon = 1e-12 * Math.max(1, totalSupply);
  let remaining = totalSupply;
  let augmentations = 0;
  const maxAugmentations = 20 * (nodeCount + m * n) + 100;
  const dist = new Float64Array(nodeCount);
  const viaEdge = new Int32Array(nodeCount);
  const done = new Uint8Array(nodeCount);

  while (remaining > epsilon) {
    if (++augmentations > maxAugmentations) {
      throw new HeadroomError('RUNTIME', `min-cost flow did not converge after ${maxAugmentations} augmentations`);
    }
    shortestPaths(g, potential, dist, viaEdge, done, sinkNode);
    const toSink = dist[sinkNode]!;
    if (!Number.isFinite(toSink)) break; // cannot happen: the shed node always reaches the sink
    // Dijkstra stopped at the sink: nodes it did not settle move by the sink's distance, which
    // keeps every residual reduced cost ≥ 0.
    for (let v = 0; v < nodeCount; v++) potential[v] = potential[v]! + (done[v] ? dist[v]! : toSink);
    let push = Number.POSITIVE_INFINITY;
    for (let v = sinkNode; v !== 0; v = g.to[viaEdge[v]! ^ 1]!) push = Math.min(push, g.residual[viaEdge[v]!]!);
    for (let v = sinkNode; v !== 0; v = g.to[viaEdge[v]! ^ 1]!) {
      const e = viaEdge[v]!;
      g.residual[e] = g.residual[e]! - push;
      g.residual[e ^ 1] = g.residual[e ^ 1]! + push;
      // Rounding dust would otherwise leave arcs that look open but carry nothing.
      if (g.residual[e]! < epsilon) g.residual[e] = 0;
    }
    remaining -= push;
  }

  const flow = arcEdge.map((ids) => {
    const row = new Float64Array(n);
    ids.forEach((id, j) => {
      if (id >= 0) row[j] = g.residual[id ^ 1]!;
    });
    return row;
  });
  const shed = Float64Array.from(shedEdge, (id) => g.residual[id ^ 1]!);
  // Supply left unreached (only through rounding) counts as shed rather than vanishing.
  supplyEdge.forEach((id, i) => {
    shed[i] = shed[i]! + g.residual[id]!;
  });
  let cost = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) cost += flow[i]![j]! * (arcCost[i]![j] ?? 0);
  return { flow, shed, shedTotal: shed.reduce((s, x) => s + x, 0), cost, augmentations };
}

/** Potentials that make every reduced cost ≥ 0 on the initial (acyclic) network. */
function initialPotentials(m: number, n: number, arcCost: (number | undefined)[][], shedCost: number): Float64Array {
  const p = new Float64Array(m + n + 3);
  let sinkPotential = shedCost;
  for (let j = 0; j < n; j++) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      const c = arcCost[i]![j];
      if (c !== undefined && c < best) best = c;
    }
    p[1 + m + j] = Number.isFinite(best) ? best : 0;
    sinkPotential = Math.min(sinkPotential, p[1 + m + j]!);
  }
  p[m + n + 1] = shedCost;
  p[m + n + 2] = Math.min(sinkPotential, 0);
  return p;
}

/** Dijkstra on reduced costs from the super source, stopping once the sink is settled. */
function shortestPaths(
  g: Graph,
  potential: Float64Array,
  dist: Float64Array,
  viaEdge: Int32Array,
  done: Uint8Array,
  sinkNode: number,
): void {
  dist.fill(Number.POSITIVE_INFINITY);
  done.fill(0);
  dist[0] = 0;
  const heap = new MinHeap();
  heap.push(0, 0);
  while (heap.size > 0) {
    const [d, u] = heap.pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u === sinkNode) break;
    const pu = potential[u]!;
    for (let e = g.head[u]!; e !== -1; e = g.next[e]!) {
      if (g.residual[e]! <= 0) continue;
      const v = g.to[e]!;
      if (done[v]) continue;
      // Rounding can make a reduced cost a hair below zero; clamp so Dijkstra stays monotone.
      const nd = d + Math.max(0, g.cost[e]! + pu - potential[v]!);
      if (nd < dist[v]!) {
        dist[v] = nd;
        viaEdge[v] = e;
        heap.push(nd, v);
      }
    }
  }
}

/** Binary heap of (key, node) pairs with lazy deletion. */
class MinHeap {
  private readonly keys: number[] = [];
  private readonly nodes: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, node: number): void {
    const keys = this.keys;
    const nodes = this.nodes;
    let i = keys.length;
    keys.push(key);
    nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      nodes[i] = nodes[parent]!;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  pop(): [number, number] {
    const keys = this.keys;
    const nodes = this.nodes;
    const top: [number, number] = [keys[0]!, nodes[0]!];
    const lastKey = keys.pop()!;
    const lastNode = nodes.pop()!;
    const size = keys.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && keys[child + 1]! < keys[child]!) child++;
        if (keys[child]! >= lastKey) break;
        keys[i] = keys[child]!;
        nodes[i] = nodes[child]!;
        i = child;
      }
      keys[i] = lastKey;
      nodes[i] = lastNode;
    }
    return top;
  }
}
