import { holdsSkill, skillLevel } from '../domain/skills.ts';
import { addMonths, monthRange, monthsBetween, type Month } from '../domain/month.ts';
import { isActiveIn, type Person, type Problem } from '../domain/types.ts';
import type { PlanRequest } from '../domain/plan.ts';

/** Why a person may not sit on a cabal, as bits; each bit belongs to one hard rule (or to the look-ahead heuristic). */
export const BLOCK = {
  unavailable: 1,
  streak: 2,
  streakOnProblem: 4,
  pins: 8,
  /** Not a rule: serving now would make a later include pin impossible. Dropped when proving infeasibility. */
  lookAhead: 16,
} as const;

/** Pins of one month, indexed for the month's model. */
export interface MonthPins {
  /** problem index → people pinned in. */
  include: Map<number, number[]>;
  /** person index → problems they are pinned into. */
  includeOf: Map<number, number[]>;
  /** problem index × N + person index, for exclude pins. */
  exclude: Set<number>;
}

/** The request indexed by integers once, so that the month loops never touch strings or luxon. */
export interface PlannerIndex {
  request: PlanRequest;
  months: Month[];
  /** One month past the horizon, for the look-ahead of the last planned month. */
  monthAfter: Month;
  people: Person[];
  problems: Problem[];
  personIndex: Map<string, number>;
  problemIndex: Map<string, number>;
  departments: string[];
  department: Int32Array;
  departmentMembers: number[][];
  /** Per problem, 1 for each affected person. */
  affected: Uint8Array[];
  affectedList: number[][];
  /** Per problem and required skill: the people holding it at the level, best first. */
  holders: number[][][];
  /** Per problem and person index (dense): mean level in its required skills, 0 when it has none. */
  skillFit: (p: number, i: number) => number;
  /** Per month index (the horizon plus one month): 1 for each person unavailable. */
  unavailable: Uint8Array[];
  /** Per month index (the horizon plus one month): whether each problem is active. */
  active: boolean[][];
  pins: MonthPins[];
}

/** Indexes a request for planning. */
export function buildIndex(request: PlanRequest): PlannerIndex {
  const months = monthRange(request.startMonth, request.months);
  const monthAfter = addMonths(request.startMonth, request.months);
  const extended = [...months, monthAfter];
  const people = request.people;
  const problems = request.problems;
  const N = people.length;
  const personIndex = new Map(people.map((p, i) => [p.id, i]));
  const problemIndex = new Map(problems.map((p, i) => [p.id, i]));
  const departments = request.departments.map((d) => d.id);
  const departmentOf = new Map(departments.map((d, k) => [d, k]));
  const department = new Int32Array(N);
  const departmentMembers: number[][] = departments.map(() => []);
  people.forEach((p, i) => {
    department[i] = departmentOf.get(p.department) ?? 0;
    departmentMembers[department[i]].push(i);
  });
  // Built from department lists, person ids and a skill → holders map, never by testing every person for every
  // problem: at 20000 people × 1000 problems that test alone took seconds.
  const byDepartmentId = new Map<string, number[]>();
  people.forEach((person, i) => {
    const list = byDepartmentId.get(person.department);
    if (list === undefined) byDepartmentId.set(person.department, [i]);
    else list.push(i);
  });
  const affected = problems.map((pr) => {
    const flags = new Uint8Array(N);
    for (const d of pr.affectedDepartments) for (const i of byDepartmentId.get(d) ?? []) flags[i] = 1;
    for (const id of pr.affectedPeople) {
      const i = personIndex.get(id);
      if (i !== undefined) flags[i] = 1;
    }
    return flags;
  });
  const affectedList = affected.map((flags) => {
    const list: number[] = [];
    for (let i = 0; i < N; i++) if (flags[i] === 1) list.push(i);
    return list;
  });
  // Skill name (a Map key: names are user-supplied) → everyone holding it at level ≥ 1, best level first, and their
  // levels in the same order (read once: reading them again per comparison and per problem cost seconds at scale).
  const found = new Map<string, { people: number[]; levels: number[] }>();
  people.forEach((person, i) => {
    for (const skill of Object.keys(person.skills)) {
      const level = skillLevel(person.skills, skill);
      if (level <= 0) continue;
      const entry = found.get(skill);
      if (entry === undefined) found.set(skill, { people: [i], levels: [level] });
      else {
        entry.people.push(i);
        entry.levels.push(level);
      }
    }
  });
  const bySkill = new Map<string, number[]>();
  const levelsBySkill = new Map<string, number[]>();
  for (const [skill, entry] of found) {
    // Positions in the entry, by level (best first), then by person index: the entry lists people in index order.
    const order = entry.people.map((_, k) => k);
    order.sort((a, b) => entry.levels[b] - entry.levels[a] || a - b);
    bySkill.set(
      skill,
      order.map((k) => entry.people[k]),
    );
    levelsBySkill.set(
      skill,
      order.map((k) => entry.levels[k]),
    );
  }
  const holders = problems.map((pr) =>
    pr.requiredSkills.map((r) => (bySkill.get(r.skill) ?? []).filter((i) => holdsSkill(people[i], r))),
  );
  const fit = problems.map((pr) => {
    if (pr.requiredSkills.length === 0) return null;
    const values = new Float32Array(N);
    for (const r of pr.requiredSkills) {
      const list = bySkill.get(r.skill) ?? [];
      const levels = levelsBySkill.get(r.skill) ?? [];
      for (let k = 0; k < list.length; k++) values[list[k]] += levels[k];
    }
    for (const i of new Set(pr.requiredSkills.flatMap((r) => bySkill.get(r.skill) ?? [])))
      values[i] /= pr.requiredSkills.length;
    return values;
  });
  const monthOf = new Map(extended.map((m, k) => [m, k]));
  const unavailable = extended.map(() => new Uint8Array(N));
  people.forEach((person, i) => {
    for (const m of person.unavailable) {
      const k = monthOf.get(m);
      if (k !== undefined) unavailable[k][i] = 1;
    }
  });
  // The month after the horizon is only used to look ahead: a cabal still running then needs carry-over too.
  const active = extended.map((m) => problems.map((pr) => isActiveIn(pr, m)));
  const pins: MonthPins[] = extended.map(() => ({ include: new Map(), includeOf: new Map(), exclude: new Set() }));
  for (const pin of request.pins) {
    const k = monthOf.get(pin.month);
    const p = problemIndex.get(pin.problem);
    const i = personIndex.get(pin.person);
    if (k === undefined || p === undefined || i === undefined) continue;
    if (pin.mode === 'include') {
      pins[k].include.set(p, [...(pins[k].include.get(p) ?? []), i]);
      pins[k].includeOf.set(i, [...(pins[k].includeOf.get(i) ?? []), p]);
    } else pins[k].exclude.add(p * N + i);
  }
  return {
    request,
    months,
    monthAfter,
    people,
    problems,
    personIndex,
    problemIndex,
    departments,
    department,
    departmentMembers,
    affected,
    affectedList,
    holders,
    skillFit: (p, i) => fit[p]?.[i] ?? 0,
    unavailable,
    active,
    pins,
  };
}

/** What the months planned so far (history included) leave behind for the next month. */
export interface RollingState {
  /** Consecutive months served, ending with the month before. */
  streak: Int32Array;
  /** Consecutive months on each problem (person × P + problem), ending with the month before. */
  streakOnProblem: Int32Array;
  /** Months served in history and plan. */
  served: Int32Array;
  /** Months served within the plan. */
  servedInPlan: Int32Array;
  /** Months served on each problem (person × P + problem). */
  servedOnProblem: Uint16Array;
  /** Members of each problem's cabal the month before, or undefined when it had none. */
  previous: (number[] | undefined)[];
  /** Pairs who have served together: min × N + max. */
  met: Set<number>;
}

/** Builds the state at the start month from the published history. */
export function initialState(index: PlannerIndex): RollingState {
  const N = index.people.length;
  const P = index.problems.length;
  const state: RollingState = {
    streak: new Int32Array(N),
    streakOnProblem: new Int32Array(N * P),
    served: new Int32Array(N),
    servedInPlan: new Int32Array(N),
    servedOnProblem: new Uint16Array(N * P),
    previous: new Array(P).fill(undefined),
    met: new Set(),
  };
  const history = index.request.history;
  if (history.length === 0) return state;
  const first = history.reduce((m, h) => (h.month < m ? h.month : m), history[0].month);
  const span = monthsBetween(first, index.request.startMonth);
  for (const month of monthRange(first, span)) {
    const cabals: (number[] | undefined)[] = new Array(P).fill(undefined);
    for (const h of history) {
      if (h.month !== month) continue;
      const p = index.problemIndex.get(h.problem);
      if (p === undefined) continue;
      cabals[p] = h.members.map((id) => index.personIndex.get(id)).filter((i): i is number => i !== undefined);
    }
    applyMonth(index, state, cabals, false);
  }
  return state;
}

/** Moves the state one month on, after the month's cabals are decided (undefined for a problem without a cabal). */
export function applyMonth(
  index: PlannerIndex,
  state: RollingState,
  cabals: (number[] | undefined)[],
  inPlan: boolean,
): void {
  const N = index.people.length;
  const P = index.problems.length;
  const servedNow = new Uint8Array(N);
  for (let p = 0; p < P; p++) {
    const before = state.previous[p];
    const now = cabals[p];
    const nowSet = new Set(now ?? []);
    if (before !== undefined) for (const i of before) if (!nowSet.has(i)) state.streakOnProblem[i * P + p] = 0;
    if (now !== undefined) {
      const beforeSet = new Set(before ?? []);
      for (const i of now) {
        servedNow[i] = 1;
        state.streakOnProblem[i * P + p] = beforeSet.has(i) ? state.streakOnProblem[i * P + p] + 1 : 1;
        state.servedOnProblem[i * P + p]++;
      }
      for (let a = 0; a < now.length; a++)
        for (let b = a + 1; b < now.length; b++) state.met.add(pairKey(N, now[a], now[b]));
    }
    state.previous[p] = now;
  }
  for (let i = 0; i < N; i++) {
    if (servedNow[i]) {
      state.streak[i]++;
      state.served[i]++;
      if (inPlan) state.servedInPlan[i]++;
    } else state.streak[i] = 0;
  }
}

/** The key of an unordered pair of people. */
export function pairKey(N: number, a: number, b: number): number {
  return a < b ? a * N + b : b * N + a;
}
