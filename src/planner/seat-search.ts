import { satisfies, type LinearModel, type SolveOutcome } from './model.ts';

/**
 * Branch-and-bound nodes one search may visit before it gives up and the caller hands the model to a MILP backend.
 * Almost every cabal of the generated studios is decided in a few dozen nodes; the cap only bounds the rare model
 * whose rows fight each other.
 */
export const SEARCH_NODES = 4000;

/** Subgradient steps that fit the rows' prices (see `searchSeats`). */
const PRICE_STEPS = 60;

const EPS = 1e-9;

/**
 * Solves one seat model exactly by depth-first branch and bound, without a MILP solver. The model of one cabal
 * (src/planner/cabal-model.ts) has 0/1 seat variables, rows that count seats between bounds, and continuous "group
 * present" indicators (departments) in [0, 1] with a reward ≥ 0, each tied to its group's seats by y - Σx ≤ 0 and
 * counted in rows that ask for at least so many groups.
 *
 * Each node takes or leaves one seat: the best seat of the row that the best seats leave furthest short of its
 * minimum, else the best seat, taking first. A branch is cut when a row can no longer reach its minimum, or when an
 * upper bound on what the undecided seats can add cannot beat the best leaf. The bounds are exact optima of
 * relaxations: the size limit alone (a group's reward counted on its best seat), one row and the size limit, and the
 * Lagrangian relaxation of every minimum row (Held and Karp 1970: each seat is paid the prices of the rows it serves;
 * any prices ≥ 0 give a bound) with prices fitted by subgradient steps with Polyak's step size toward the first leaf.
 * Exhausting the tree proves the best leaf optimal, or the model infeasible; ties keep the first leaf found, so the
 * answer is deterministic. Returns undefined when the model is not of that shape or the search passes `maxNodes`, so
 * the caller can hand the model to a MILP backend.
 */
export function searchSeats(model: LinearModel, maxNodes = SEARCH_NODES): SolveOutcome | undefined {
  if (model.triviallyInfeasible) return { status: 'infeasible' };
  const V = model.variables.length;
  // kind: 1 a 0/1 seat, 2 a group indicator in [0, 1] with a reward ≥ 0.
  const kind = new Int8Array(V);
  for (let j = 0; j < V; j++) {
    const v = model.variables[j];
    if (v.integer && v.upper === 1) kind[j] = 1;
    else if (!v.integer && v.upper === 1 && v.objective >= 0) kind[j] = 2;
    else return undefined;
  }
  const seatVars: number[] = [];
  for (let j = 0; j < V; j++) if (kind[j] === 1) seatVars.push(j);
  seatVars.sort((a, b) => model.variables[b].objective - model.variables[a].objective || a - b);
  const n = seatVars.length;
  const position = new Int32Array(V).fill(-1);
  const value = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    position[seatVars[m]] = m;
    value[m] = model.variables[seatVars[m]].objective;
  }

  // Groups: one per indicator, with its seats from its one link row; a seat belongs to at most one group.
  const groupOf = new Int32Array(V).fill(-1);
  const groupOfSeat = new Int32Array(n).fill(-1);
  const groupReward: number[] = [];
  const groupIndicator: number[] = [];
  const seatRows: { terms: [number, number][]; lo: number; hi: number }[] = [];
  const groupRows: { terms: [number, number][]; lo: number }[] = [];
  for (const row of model.rows) {
    let indicators = 0;
    let seats = 0;
    for (const [j] of row.terms) {
      if (kind[j] === 2) indicators++;
      else seats++;
    }
    if (row.hi === 0 && row.lo === -Infinity && indicators === 1) {
      const [y, one] = row.terms.find(([j]) => kind[j] === 2)!;
      if (one !== 1 || groupOf[y] !== -1) return undefined;
      const g = groupReward.length;
      groupOf[y] = g;
      groupReward.push(model.variables[y].objective);
      groupIndicator.push(y);
      for (const [j, c] of row.terms) {
        if (kind[j] === 2) continue;
        if (c !== -1 || groupOfSeat[position[j]] !== -1) return undefined;
        groupOfSeat[position[j]] = g;
      }
      continue;
    }
    if (row.terms.some(([, c]) => c !== 1)) return undefined;
    if (indicators === 0) seatRows.push(row);
    // A group may only help a row reach its minimum: with an upper bound, "present" would not be free to take.
    else if (seats === 0 && row.hi === Infinity) groupRows.push(row);
    else return undefined;
  }
  for (let j = 0; j < V; j++) if (kind[j] === 2 && groupOf[j] === -1) return undefined;
  const G = groupReward.length;
  const groupSize = new Int32Array(G);
  for (let m = 0; m < n; m++) if (groupOfSeat[m] >= 0) groupSize[groupOfSeat[m]]++;

  // Rows 0..S-1 count seats, rows S..R-1 count groups.
  const S = seatRows.length;
  const R = S + groupRows.length;
  const lo = new Float64Array(R);
  const hi = new Float64Array(R);
  const sum = new Int32Array(R);
  const open = new Int32Array(R);
  const member: Uint8Array[] = [];
  seatRows.forEach((row, q) => {
    lo[q] = row.lo;
    hi[q] = row.hi;
    const flags = new Uint8Array(n);
    for (const [j] of row.terms) flags[position[j]] = 1;
    member.push(flags);
  });
  groupRows.forEach((row, k) => {
    lo[S + k] = row.lo;
    hi[S + k] = Infinity;
    const flags = new Uint8Array(G);
    for (const [j] of row.terms) flags[groupOf[j]] = 1;
    member.push(flags);
  });
  const seatRowsOf = csr(n, S, (q, m) => member[q][m] === 1);
  const groupRowsOf = csr(G, R - S, (k, g) => member[S + k][g] === 1, S);
  for (let q = 0; q < S; q++) for (let m = 0; m < n; m++) open[q] += member[q][m];
  const sizeRows: number[] = [];
  for (let q = 0; q < S; q++) if (open[q] === n && hi[q] !== Infinity) sizeRows.push(q);
  // Pairs of minimum rows that share no seat: their needs add up.
  const disjoint: [number, number][] = [];
  for (let a = 0; a < S; a++)
    for (let b = a + 1; b < S; b++) {
      if (lo[a] <= 0 || lo[b] <= 0) continue;
      let shared = false;
      for (let m = 0; m < n && !shared; m++) shared = member[a][m] === 1 && member[b][m] === 1;
      if (!shared) disjoint.push([a, b]);
    }

  // state[m]: 0 undecided, 1 taken, 2 left out.
  const state = new Uint8Array(n);
  let undecided = n;
  const groupCount = new Int32Array(G);
  const groupOpen = Int32Array.from(groupSize);
  let current = 0;
  let best = -Infinity;
  let bestState: Uint8Array | undefined;
  let nodes = 0;
  let exhausted = false;
  let firstLeafOnly = true;
  let usePrices = false;
  let pricedSeatRows = seatRowsOf;
  let pricedGroupRows = groupRowsOf;

  // The undecided seats in value order (seats are numbered by value), as a circular doubly linked list through the
  // sentinel n: deciding a seat unlinks it and undeciding relinks it, in LIFO order (Knuth's dancing links), so the
  // bounds visit only undecided seats.
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  for (let m = 0; m <= n; m++) {
    next[m] = (m + 1) % (n + 1);
    prev[m] = (m + n) % (n + 1);
  }
  const order = new Int32Array(n);
  const worth = new Float64Array(n);
  const looseOrder = new Int32Array(n);
  const looseWorth = new Float64Array(n);
  const headSeen = new Int32Array(G);
  let stamp = 0;
  let count = 0;
  const price = new Float64Array(R);
  const trial = new Float64Array(R);
  const effective = new Float64Array(R);
  const cost = new Float64Array(n);
  const headOf = new Int32Array(G);
  const pick = new Int32Array(n);
  const pickWorth = new Float64Array(n);
  const served = new Float64Array(R);

  const need = (q: number): number => lo[q] - sum[q];
  const capacity = (): number => {
    let cap = undecided;
    for (const q of sizeRows) cap = Math.min(cap, hi[q] - sum[q]);
    return cap;
  };
  /** Whether every row can still reach its minimum with `cap` more seats. */
  const reachable = (cap: number): boolean => {
    for (let q = 0; q < R; q++) {
      const short = need(q);
      if (short <= 0) continue;
      let potential = 0;
      if (q < S) potential = open[q];
      else for (let g = 0; g < G; g++) if (member[q][g] === 1 && groupCount[g] === 0 && groupOpen[g] > 0) potential++;
      if (short > potential || short > cap) return false;
    }
    for (const [a, b] of disjoint) if (Math.max(0, need(a)) + Math.max(0, need(b)) > cap) return false;
    return true;
  };
  const insert = (list: Int32Array, weights: Float64Array, length: number, m: number, w: number): void => {
    // Seats arrive by value and only rewarded ones move, a little.
    let c = length;
    while (c > 0 && weights[list[c - 1]] < w) {
      list[c] = list[c - 1];
      c--;
    }
    list[c] = m;
    weights[m] = w;
  };
  /**
   * The smallest of the one-row bounds on what the undecided seats can add with `cap` seats left: the best `cap` by
   * worth (a group's reward on its best seat); for each row of seats short of its minimum, its best seats up to that
   * minimum (even at a loss) and the best of the rest, by loose worth (every seat of a group counted with the reward,
   * since the row may be met by a seat that is not its group's best); for each row of groups short, the best seat of
   * each of the best groups it lacks and the best of the rest. Leaves `order` and `worth` for the choice of a seat.
   */
  const bound = (cap: number): number => {
    count = 0;
    stamp++;
    for (let m = next[n]; m !== n; m = next[m]) {
      let w = value[m];
      const g = groupOfSeat[m];
      if (g >= 0 && groupCount[g] === 0 && headSeen[g] !== stamp) {
        headSeen[g] = stamp;
        w += groupReward[g];
      }
      insert(order, worth, count++, m, w);
    }
    let tightest = 0;
    for (let t = 0; t < count && t < cap && worth[order[t]] > 0; t++) tightest += worth[order[t]];
    let looseCount = -1;
    for (let q = 0; q < S; q++) {
      const short = need(q);
      if (short <= 0) continue;
      if (looseCount < 0) {
        looseCount = 0;
        for (let m = next[n]; m !== n; m = next[m]) {
          const g = groupOfSeat[m];
          insert(
            looseOrder,
            looseWorth,
            looseCount++,
            m,
            value[m] + (g >= 0 && groupCount[g] === 0 ? groupReward[g] : 0),
          );
        }
      }
      const flags = member[q];
      let total = 0;
      let inRow = 0;
      let others = 0;
      const free = cap - short;
      for (let t = 0; t < looseCount && (inRow < short || others < free); t++) {
        const m = looseOrder[t];
        if (flags[m] === 1 && inRow < short) {
          total += looseWorth[m];
          inRow++;
        } else if (others < free && looseWorth[m] > 0) {
          total += looseWorth[m];
          others++;
        }
      }
      tightest = Math.min(tightest, total);
    }
    for (let q = S; q < R; q++) {
      const short = need(q);
      if (short <= 0) continue;
      stamp++;
      const flags = member[q];
      let total = 0;
      let opened = 0;
      let others = 0;
      const free = cap - short;
      for (let t = 0; t < count && (opened < short || others < free); t++) {
        const m = order[t];
        const g = groupOfSeat[m];
        if (g >= 0 && flags[g] === 1 && groupCount[g] === 0 && headSeen[g] !== stamp && opened < short) {
          headSeen[g] = stamp;
          total += worth[m];
          opened++;
        } else if (others < free && worth[m] > 0) {
          total += worth[m];
          others++;
        }
      }
      tightest = Math.min(tightest, total);
    }
    return tightest;
  };
  /**
   * The Lagrangian bound at these prices: each undecided seat is worth its value plus the prices of the rows short of
   * their minimum that it serves, a group's reward and prices going to its best seat (taking another of its seats
   * instead never pays once the rows are priced); the best `cap` positive worths, less the prices of what the rows
   * still need. `pick` holds the seats taken, for the subgradient.
   */
  const lagrange = (
    cap: number,
    prices: Float64Array,
    seatIn: Incidence = seatRowsOf,
    groupIn: Incidence = groupRowsOf,
  ): { bound: number; taken: number } => {
    let total = 0;
    for (let q = 0; q < R; q++) {
      const short = need(q);
      effective[q] = short > 0 ? prices[q] : 0;
      total -= effective[q] * Math.max(0, short);
    }
    headOf.fill(-1);
    const seatStart = seatIn.start;
    const seatList = seatIn.list;
    for (let m = next[n]; m !== n; m = next[m]) {
      let c = value[m];
      for (let e = seatStart[m]; e < seatStart[m + 1]; e++) c += effective[seatList[e]];
      cost[m] = c;
      const g = groupOfSeat[m];
      if (g >= 0 && groupCount[g] === 0 && (headOf[g] < 0 || c > cost[headOf[g]])) headOf[g] = m;
    }
    let taken = 0;
    for (let m = next[n]; m !== n; m = next[m]) {
      let w = cost[m];
      const g = groupOfSeat[m];
      if (g >= 0 && headOf[g] === m) {
        w += groupReward[g];
        for (let e = groupIn.start[g]; e < groupIn.start[g + 1]; e++) w += effective[groupIn.list[e]];
      }
      if (w <= 0 || (taken === cap && w <= pickWorth[cap - 1])) continue;
      let c = taken < cap ? taken++ : cap - 1;
      while (c > 0 && pickWorth[c - 1] < w) {
        pick[c] = pick[c - 1];
        pickWorth[c] = pickWorth[c - 1];
        c--;
      }
      pick[c] = m;
      pickWorth[c] = w;
    }
    for (let t = 0; t < taken; t++) total += pickWorth[t];
    return { bound: total, taken };
  };
  /** Fits the prices at the root to the first leaf: subgradient steps with Polyak's step size, keeping the best. */
  const fitPrices = (cap: number): void => {
    trial.fill(0);
    let lowest = Infinity;
    for (let step = 0; step < PRICE_STEPS; step++) {
      const { bound: at, taken } = lagrange(cap, trial);
      if (at < lowest) {
        lowest = at;
        price.set(trial);
      }
      const gap = at - best;
      if (gap <= EPS) break;
      served.fill(0);
      for (let t = 0; t < taken; t++) {
        const m = pick[t];
        for (let e = seatRowsOf.start[m]; e < seatRowsOf.start[m + 1]; e++) served[seatRowsOf.list[e]]++;
        const g = groupOfSeat[m];
        if (g >= 0 && headOf[g] === m)
          for (let e = groupRowsOf.start[g]; e < groupRowsOf.start[g + 1]; e++) served[groupRowsOf.list[e]]++;
      }
      let norm = 0;
      for (let q = 0; q < R; q++) {
        served[q] = need(q) > 0 ? need(q) - served[q] : 0;
        norm += served[q] * served[q];
      }
      if (norm === 0) break;
      for (let q = 0; q < R; q++) trial[q] = Math.max(0, trial[q] + (gap / norm) * served[q]);
    }
  };
  /** The next seat to decide: the best seat of the row the best `cap` seats leave furthest short, else the best. */
  const nextSeat = (cap: number): number => {
    let chosen = order[0];
    let shortest = 0;
    for (let q = 0; q < S; q++) {
      const short = need(q);
      if (short <= 0) continue;
      const flags = member[q];
      let have = 0;
      let first = -1;
      for (let t = 0; t < count; t++) {
        const m = order[t];
        if (flags[m] === 0) continue;
        if (first < 0) first = m;
        if (t >= cap) break;
        have++;
      }
      if (short - have > shortest && first >= 0) {
        shortest = short - have;
        chosen = first;
      }
    }
    for (let q = S; q < R; q++) {
      const short = need(q);
      if (short <= 0) continue;
      stamp++;
      const flags = member[q];
      let have = 0;
      let first = -1;
      for (let t = 0; t < count; t++) {
        const m = order[t];
        const g = groupOfSeat[m];
        if (g < 0 || flags[g] === 0 || groupCount[g] !== 0 || headSeen[g] === stamp) continue;
        headSeen[g] = stamp;
        if (t >= cap) {
          first = m;
          break;
        }
        have++;
      }
      if (short - have > shortest && first >= 0) {
        shortest = short - have;
        chosen = first;
      }
    }
    return chosen;
  };
  const take = (m: number, sign: 1 | -1): void => {
    current += sign * value[m];
    for (let e = seatRowsOf.start[m]; e < seatRowsOf.start[m + 1]; e++) sum[seatRowsOf.list[e]] += sign;
    const g = groupOfSeat[m];
    if (g < 0) return;
    const before = groupCount[g];
    groupCount[g] += sign;
    if ((before === 0 && sign === 1) || (before === 1 && sign === -1)) {
      current += sign * groupReward[g];
      for (let e = groupRowsOf.start[g]; e < groupRowsOf.start[g + 1]; e++) sum[groupRowsOf.list[e]] += sign;
    }
  };
  const decide = (m: number, to: 0 | 1 | 2): void => {
    const sign = to === 0 ? 1 : -1;
    for (let e = seatRowsOf.start[m]; e < seatRowsOf.start[m + 1]; e++) open[seatRowsOf.list[e]] += sign;
    if (groupOfSeat[m] >= 0) groupOpen[groupOfSeat[m]] += sign;
    undecided += sign;
    state[m] = to;
    if (to === 0) {
      next[prev[m]] = m;
      prev[next[m]] = m;
    } else {
      next[prev[m]] = next[m];
      prev[next[m]] = prev[m];
    }
  };
  const leaf = (): void => {
    for (let q = 0; q < R; q++) if (sum[q] < lo[q]) return;
    if (current > best + EPS) {
      best = current;
      bestState = state.slice();
    }
  };
  const visit = (): void => {
    if (exhausted || (firstLeafOnly && bestState !== undefined)) return;
    if (++nodes > maxNodes) {
      exhausted = true;
      return;
    }
    const cap = capacity();
    if (cap < 0 || !reachable(cap)) return;
    if (cap === 0) {
      leaf();
      return;
    }
    // The Lagrangian bound first: it prunes most of the nodes either bound prunes, and the one-row bounds are then
    // computed only where the search goes on (they also rank the seats for the choice of the next one).
    if (usePrices && current + lagrange(cap, price, pricedSeatRows, pricedGroupRows).bound <= best + EPS) return;
    if (current + bound(cap) <= best + EPS) return;
    const m = nextSeat(cap);
    let fits = true;
    for (let e = seatRowsOf.start[m]; e < seatRowsOf.start[m + 1]; e++)
      if (sum[seatRowsOf.list[e]] + 1 > hi[seatRowsOf.list[e]]) fits = false;
    if (fits) {
      decide(m, 1);
      take(m, 1);
      visit();
      take(m, -1);
      decide(m, 0);
    }
    decide(m, 2);
    visit();
    decide(m, 0);
  };
  // First a dive to one leaf (near the greedy fill); then, with prices fitted to it, the whole tree.
  visit();
  if (bestState !== undefined && !exhausted) {
    const cap = capacity();
    firstLeafOnly = false;
    if (bound(cap) > best + EPS) {
      fitPrices(cap);
      // Rows priced at 0 add nothing to a seat's worth: the tree's Lagrangian bounds skip them.
      pricedSeatRows = withoutRows(seatRowsOf, price);
      pricedGroupRows = withoutRows(groupRowsOf, price);
      usePrices = true;
      visit();
    }
  }
  if (exhausted) return undefined;
  if (bestState === undefined) return { status: 'infeasible' };
  const chosen = bestState;
  const values = new Float64Array(V);
  for (let m = 0; m < n; m++) if (chosen[m] === 1) values[seatVars[m]] = 1;
  for (let m = 0; m < n; m++) if (chosen[m] === 1 && groupOfSeat[m] >= 0) values[groupIndicator[groupOfSeat[m]]] = 1;
  if (!satisfies(model, values)) return undefined;
  return { status: 'solved', values, optimal: true };
}

/** Incidence lists of items (seats or groups) in rows, flat: the rows of item i are list[start[i]..start[i + 1]). */
interface Incidence {
  start: Int32Array;
  list: Int32Array;
}

/** The same incidence lists without the rows whose price is 0, in the same order. */
function withoutRows(incidence: Incidence, price: Float64Array): Incidence {
  const items = incidence.start.length - 1;
  const start = new Int32Array(items + 1);
  const list: number[] = [];
  for (let i = 0; i < items; i++) {
    for (let e = incidence.start[i]; e < incidence.start[i + 1]; e++)
      if (price[incidence.list[e]] !== 0) list.push(incidence.list[e]);
    start[i + 1] = list.length;
  }
  return { start, list: Int32Array.from(list) };
}

/** Incidence lists of items (seats or groups) in rows, flat: the rows of item i are list[start[i]..start[i + 1]). */
function csr(items: number, rows: number, holds: (row: number, item: number) => boolean, offset = 0): Incidence {
  const start = new Int32Array(items + 1);
  const list: number[] = [];
  for (let i = 0; i < items; i++) {
    for (let r = 0; r < rows; r++) if (holds(r, i)) list.push(r + offset);
    start[i + 1] = list.length;
  }
  return { start, list: Int32Array.from(list) };
}
