import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../errors.js';
import { solveTransport, type TransportProblem } from './min-cost-flow.js';

interface Instance {
  supplies: number[];
  capacities: number[];
  /** costs[i][j]; null = no arc. */
  costs: (number | null)[][];
}

const problemOf = (x: Instance): TransportProblem => ({
  supplies: x.supplies,
  capacities: x.capacities,
  cost: (i, j) => x.costs[i]![j] ?? undefined,
});

/** Every integer allocation of every source's supply over the sinks and "shed": least shed first, then least cost. */
function bruteForce(x: Instance): { shed: number; cost: number } {
  const n = x.capacities.length;
  let best = { shed: Number.POSITIVE_INFINITY, cost: Number.POSITIVE_INFINITY };
  const used = new Array<number>(n).fill(0);
  const visit = (i: number, shed: number, cost: number) => {
    if (i === x.supplies.length) {
      if (shed < best.shed || (shed === best.shed && cost < best.cost)) best = { shed, cost };
      return;
    }
    const spread = (j: number, left: number, c: number) => {
      if (j === n) {
        visit(i + 1, shed + left, c);
        return;
      }
      const arc = x.costs[i]![j];
      const room = arc === null || arc === undefined ? 0 : Math.min(left, x.capacities[j]! - used[j]!);
      for (let q = 0; q <= room; q++) {
        used[j] = used[j]! + q;
        spread(j + 1, left - q, c + q * (arc ?? 0));
        used[j] = used[j]! - q;
      }
    };
    spread(0, x.supplies[i]!, cost);
  };
  visit(0, 0, 0);
  return best;
}

const tinyInstance = fc
  .record({ m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 3 }) })
  .chain(({ m, n }) =>
    fc.record({
      supplies: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: m, maxLength: m }),
      capacities: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
      costs: fc.array(
        fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { freq: 5 }), { minLength: n, maxLength: n }),
        { minLength: m, maxLength: m },
      ),
    }),
  );

describe('solveTransport', () => {
  it('matches brute force on tiny integer instances: same shed, same optimal cost', () => {
    fc.assert(
      fc.property(tinyInstance, (x) => {
        const got = solveTransport(problemOf(x));
        const want = bruteForce(x);
        expect(got.shedTotal).toBeCloseTo(want.shed, 9);
        expect(got.cost).toBeCloseTo(want.cost, 9);
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves no negative-cost cycle in the residual network on random real instances (optimality certificate)', () => {
    const instance = fc
      .record({ m: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 8 }) })
      .chain(({ m, n }) =>
        fc.record({
          supplies: fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: m, maxLength: m }),
          capacities: fc.array(fc.double({ min: 0, max: 800, noNaN: true }), { minLength: n, maxLength: n }),
          costs: fc.array(
            fc.array(fc.option(fc.double({ min: 0, max: 500, noNaN: true }), { freq: 6 }), {
              minLength: n,
              maxLength: n,
            }),
            { minLength: m, maxLength: m },
          ),
        }),
      );
    fc.assert(
      fc.property(instance, (x) => {
        const sol = solveTransport(problemOf(x));
        const total = x.supplies.reduce((s, v) => s + v, 0);
        const tol = 1e-7 * Math.max(1, total);
        // Flow conservation and capacities.
        x.supplies.forEach((s, i) => {
          const out = sol.flow[i]!.reduce((a, b) => a + b, 0) + sol.shed[i]!;
          expect(Math.abs(out - s)).toBeLessThan(tol);
        });
        x.capacities.forEach((c, j) => {
          const into = sol.flow.reduce((a, row) => a + row[j]!, 0);
          expect(into).toBeLessThanOrEqual(c + tol);
        });
        expect(hasNegativeCycle(x, sol.flow, sol.shed, tol)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('the certificate itself spots a suboptimal placement', () => {
    const x: Instance = { supplies: [10], capacities: [6, 100], costs: [[1, 5]] };
    expect(hasNegativeCycle(x, [Float64Array.from([0, 10])], Float64Array.from([0]), 1e-9)).toBe(true);
    expect(hasNegativeCycle(x, [Float64Array.from([6, 4])], Float64Array.from([0]), 1e-9)).toBe(false);
  });

  it('places everything when capacity allows and sheds exactly the excess otherwise', () => {
    const roomy = solveTransport({ supplies: [10, 5], capacities: [20], cost: () => 1 });
    expect(roomy.shedTotal).toBe(0);
    const tight = solveTransport({ supplies: [10, 5], capacities: [4, 3], cost: () => 1 });
    expect(tight.shedTotal).toBeCloseTo(8, 12);
  });

  it('prefers the cheap sink and spills to the dear one only when the cheap one is full', () => {
    const sol = solveTransport({ supplies: [10], capacities: [6, 100], cost: (_i, j) => (j === 0 ? 1 : 5) });
    expect(Array.from(sol.flow[0]!)).toEqual([6, 4]);
    expect(sol.cost).toBeCloseTo(26, 12);
  });

  it('rejects negative supplies', () => {
    expect(() => solveTransport({ supplies: [-1], capacities: [1], cost: () => 0 })).toThrow(HeadroomError);
  });
});

/**
 * Bellman–Ford over the residual network of the placement (sources, sinks, shed, super sink).
 * A feasible flow is optimal exactly when its residual network has no negative-cost cycle.
 */
function hasNegativeCycle(x: Instance, flow: Float64Array[], shed: Float64Array, tol: number): boolean {
  const m = x.supplies.length;
  const n = x.capacities.length;
  const maxCost = Math.max(1, ...x.costs.flat().map((c) => Math.abs(c ?? 0)));
  const shedCost = 2 * (m + n + 2) * (maxCost + 1);
  const shedNode = m + n;
  const sink = m + n + 1;
  const edges: [number, number, number][] = [];
  for (let i = 0; i < m; i++) {
    if (x.supplies[i] === 0) continue;
    for (let j = 0; j < n; j++) {
      const c = x.costs[i]![j];
      if (c === null || c === undefined) continue;
      edges.push([i, m + j, c]);
      if (flow[i]![j]! > tol) edges.push([m + j, i, -c]);
    }
    edges.push([i, shedNode, shedCost]);
    if (shed[i]! > tol) edges.push([shedNode, i, -shedCost]);
  }
  for (let j = 0; j < n; j++) {
    const into = flow.reduce((a, row) => a + row[j]!, 0);
    if (into < x.capacities[j]! - tol) edges.push([m + j, sink, 0]);
    if (into > tol) edges.push([sink, m + j, 0]);
  }
  edges.push([shedNode, sink, 0]);
  if (shed.some((s) => s > tol)) edges.push([sink, shedNode, 0]);
  const dist = new Array<number>(m + n + 2).fill(0);
  const slack = 1e-9 * shedCost;
  for (let round = 0; round <= m + n + 2; round++) {
    let changed = false;
    for (const [u, v, c] of edges) {
      if (dist[u]! + c < dist[v]! - slack) {
        dist[v] = dist[u]! + c;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}
