import { describe, expect, it } from 'vitest';
import { guardedLpBackend } from '../../src/services/guarded-lp-backend.ts';
import { addRow, addVariable, emptyModel, type LinearModel } from '../../src/planner/model.ts';

/** A pick-k-of-n model; with 120 variables and 40 knapsack rows it takes about a second to solve in-thread. */
function model(n: number, rows: number): LinearModel {
  const m = emptyModel();
  const x = Array.from({ length: n }, (_, i) => addVariable(m, `x${i}`, 1 + ((i * 7919) % 13) / 10, true));
  addRow(
    m,
    'size',
    x.map((v) => [v, 1]),
    2,
    Math.floor(n / 3),
  );
  for (let r = 0; r < rows; r++) {
    addRow(
      m,
      `k${r}`,
      x.map((v, i) => [v, 3 + ((i * (r + 11) * 104729) % 17)]),
      -Infinity,
      40 + r,
    );
  }
  return m;
}

describe('guardedLpBackend', () => {
  it('solves in a worker and returns integral, checked values', async () => {
    const backend = guardedLpBackend(5000);
    try {
      expect(await backend.ready()).toBe(true);
      const outcome = backend.solve(model(6, 1));
      expect(outcome.status).toBe('solved');
      if (outcome.status === 'solved') expect([...outcome.values].every((v) => v === 0 || v === 1)).toBe(true);
    } finally {
      backend.close();
    }
  });

  it('abandons a solve past its wall-clock deadline, then keeps serving with a fresh worker', async () => {
    const backend = guardedLpBackend(100);
    try {
      await backend.ready();
      expect(backend.solve(model(120, 40))).toEqual({ status: 'failed', reason: 'no answer within 100 ms' });
      expect(backend.timeouts()).toBe(1);
      // The replacement starts in the background; until it is ready, solves fail over instead of blocking.
      expect(backend.solve(model(6, 0))).toEqual({ status: 'failed', reason: 'the solver worker is not ready' });
      expect(await backend.ready()).toBe(true);
      expect(backend.solve(model(6, 0)).status).toBe('solved');
    } finally {
      backend.close();
    }
  });
});
