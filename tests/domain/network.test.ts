import { describe, expect, it } from 'vitest';
import {
  commonContacts,
  introductionPath,
  neighboursOf,
  buildNetwork,
  personIn,
  pathImpact,
  type NetworkPerson,
  type NetworkTie,
} from '../../src/domain/network.ts';

const person = (id: string, department = 'eng'): NetworkPerson => ({
  id,
  name: id.toUpperCase(),
  department,
  departmentName: department,
});
const months = (n: number) => Array.from({ length: n }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
const tie = (a: string, b: string, weight = 1): NetworkTie => ({ a, b, months: months(weight) });
const graphOf = (ids: string[], ties: NetworkTie[]) =>
  buildNetwork(
    ids.map((id) => person(id)),
    ties,
  );

describe('buildNetwork', () => {
  it('weights each edge by the months together and ignores ties to unknown people', () => {
    const { graph, nodeOf } = graphOf(['a', 'b'], [tie('a', 'b', 3), tie('a', 'ghost', 2)]);
    expect(graph.size).toBe(1);
    expect(graph.getEdgeAttribute(nodeOf.get('a')!, nodeOf.get('b')!, 'weight')).toBe(3);
  });

  it('keys nodes by position, never by person id, and keeps the id as an attribute', () => {
    const { graph, nodeOf } = graphOf(['__proto__', 'constructor'], [tie('__proto__', 'constructor', 2)]);
    expect(graph.nodes()).toEqual(['n0', 'n1']);
    expect(nodeOf.get('constructor')).toBe('n1');
    expect(graph.getNodeAttribute('n0', 'id')).toBe('__proto__');
    expect(graph.size).toBe(1);
  });
});

// Person ids come from the HR import, where "__proto__" or "constructor" is a valid id: every question about the
// network must treat them as any other id (graphology would throw on them as node keys).
describe('people whose ids are object members', () => {
  // __proto__ – constructor (2 months) – toString – hasOwnProperty – valueOf, and __proto__ – toString (1 month).
  const g = graphOf(
    ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'plain'],
    [
      tie('__proto__', 'constructor', 2),
      tie('constructor', 'toString', 1),
      tie('__proto__', 'toString', 1),
      tie('toString', 'hasOwnProperty', 3),
      tie('hasOwnProperty', 'valueOf', 1),
    ],
  );

  it('lists their contacts and the contacts they share', () => {
    expect(neighboursOf(g, 'toString').map((c) => [c.id, c.months])).toEqual([
      ['hasOwnProperty', 3],
      ['__proto__', 1],
      ['constructor', 1],
    ]);
    expect(commonContacts(g, '__proto__', 'constructor').map((c) => [c.id, c.monthsWithA, c.monthsWithB])).toEqual([
      ['toString', 1, 1],
    ]);
    expect(commonContacts(g, 'constructor', 'hasOwnProperty').map((c) => c.id)).toEqual(['toString']);
  });

  it('finds a path between them, and knows who is not a person', () => {
    const path = introductionPath(g, '__proto__', 'valueOf');
    expect(path.status === 'path' && path.steps.map((s) => [s.id, s.months])).toEqual([
      ['__proto__', 0],
      ['toString', 1],
      ['hasOwnProperty', 3],
      ['valueOf', 1],
    ]);
    expect(introductionPath(g, 'isPrototypeOf', 'valueOf')).toEqual({ status: 'unknown-person', id: 'isPrototypeOf' });
    expect(personIn(g, 'constructor')?.name).toBe('CONSTRUCTOR');
    expect(personIn(g, 'propertyIsEnumerable')).toBeUndefined();
    expect(neighboursOf(g, 'isPrototypeOf')).toEqual([]);
  });

  it('says what the network loses without one of them', () => {
    const impact = pathImpact(g, 'toString');
    expect(impact).toMatchObject({ articulationPoint: true, largestBefore: 5, largestAfter: 2, cutOff: 2 });
    // __proto__–hasOwnProperty and constructor–hasOwnProperty lose their one short path; the stronger tie first.
    expect(impact.brokenPairs).toBe(2);
    expect(impact.examples.map((p) => [p.a.id, p.b.id])).toEqual([
      ['hasOwnProperty', '__proto__'],
      ['hasOwnProperty', 'constructor'],
    ]);
  });
});

describe('neighboursOf', () => {
  it('lists contacts strongest tie first, then by name', () => {
    const g = graphOf(['a', 'b', 'c', 'd'], [tie('a', 'c', 1), tie('a', 'b', 1), tie('a', 'd', 4)]);
    expect(neighboursOf(g, 'a').map((c) => [c.id, c.months])).toEqual([
      ['d', 4],
      ['b', 1],
      ['c', 1],
    ]);
    expect(neighboursOf(g, 'nobody')).toEqual([]);
  });
});

describe('commonContacts', () => {
  it('lists only the people tied to both, best known to both first', () => {
    const g = graphOf(
      ['a', 'b', 'x', 'y', 'z', 'lonely'],
      [tie('a', 'x', 1), tie('x', 'b', 1), tie('a', 'y', 3), tie('y', 'b', 2), tie('a', 'z', 5), tie('a', 'b', 1)],
    );
    const shared = commonContacts(g, 'a', 'b');
    expect(shared.map((c) => [c.id, c.monthsWithA, c.monthsWithB])).toEqual([
      ['y', 3, 2],
      ['x', 1, 1],
    ]);
    expect(commonContacts(g, 'a', 'lonely')).toEqual([]);
    expect(commonContacts(g, 'a', 'a')).toEqual([]);
  });
});

describe('introductionPath', () => {
  // a reaches d in two hops through b (ties of 1 month) or through c (ties of 3 and 2 months); the long way
  // round through e, f and g has the strongest ties of all but one hop more.
  const g = graphOf(
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'island'],
    [
      tie('a', 'b', 1),
      tie('b', 'd', 1),
      tie('a', 'c', 3),
      tie('c', 'd', 2),
      tie('a', 'e', 9),
      tie('e', 'f', 9),
      tie('f', 'd', 9),
    ],
  );

  it('takes the fewest hops and, among them, the strongest ties', () => {
    const path = introductionPath(g, 'a', 'd');
    expect(path.status).toBe('path');
    if (path.status !== 'path') return;
    expect(path.steps.map((s) => [s.id, s.months])).toEqual([
      ['a', 0],
      ['c', 3],
      ['d', 2],
    ]);
  });

  it('goes the other way as well', () => {
    const path = introductionPath(g, 'd', 'a');
    expect(path.status === 'path' && path.steps.map((s) => s.id)).toEqual(['d', 'c', 'a']);
  });

  it('says so when there is no path, when both are one person, and when a person is unknown', () => {
    expect(introductionPath(g, 'a', 'island')).toEqual({ status: 'no-path' });
    expect(introductionPath(g, 'a', 'a')).toEqual({ status: 'same-person' });
    expect(introductionPath(g, 'a', 'zed')).toEqual({ status: 'unknown-person', id: 'zed' });
  });

  it('prefers strong ties on a long ring too (all hops equal, weights decide)', () => {
    // Two 4-hop routes from s to t: one with a 1-month tie in it, one with 2-month ties only.
    const ring = graphOf(
      ['s', 'p1', 'p2', 'p3', 'q1', 'q2', 'q3', 't'],
      [
        tie('s', 'p1', 5),
        tie('p1', 'p2', 5),
        tie('p2', 'p3', 1),
        tie('p3', 't', 5),
        tie('s', 'q1', 2),
        tie('q1', 'q2', 2),
        tie('q2', 'q3', 2),
        tie('q3', 't', 2),
      ],
    );
    const path = introductionPath(ring, 's', 't');
    // 1/5+1/5+1/1+1/5 = 1.6 against 4 × 1/2 = 2: the p route's ties are stronger in sum despite its weak link.
    expect(path.status === 'path' && path.steps.map((s) => s.id)).toEqual(['s', 'p1', 'p2', 'p3', 't']);
  });
});

describe('pathImpact', () => {
  // Two triangles a-b-c and d-e-f joined by the bridge c-d, plus a pendant g on d.
  const g = graphOf(
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    [
      tie('a', 'b'),
      tie('b', 'c'),
      tie('a', 'c', 2),
      tie('c', 'd', 3),
      tie('d', 'e'),
      tie('e', 'f'),
      tie('d', 'f'),
      tie('d', 'g', 4),
    ],
  );

  it('finds the articulation point and how many are cut off from the largest component', () => {
    const c = pathImpact(g, 'c');
    expect(c.articulationPoint).toBe(true);
    expect(c.largestBefore).toBe(7);
    expect(c.largestAfter).toBe(4);
    expect(c.cutOff).toBe(2);
    const a = pathImpact(g, 'a');
    expect(a.articulationPoint).toBe(false);
    expect(a.cutOff).toBe(0);
  });

  it('counts the pairs that lose every path of two or fewer steps, strongest first', () => {
    const d = pathImpact(g, 'd');
    // d's neighbours: c, e, f, g. Untied pairs whose only common contact is d: c-e, c-f, c-g, e-g, f-g (e-f are tied).
    expect(d.brokenPairs).toBe(5);
    expect(d.examples.map((p) => [p.a.id, p.b.id])).toEqual([
      ['g', 'c'],
      ['g', 'e'],
      ['g', 'f'],
      ['c', 'e'],
      ['c', 'f'],
    ]);
    expect(pathImpact(g, 'a').brokenPairs).toBe(0);
  });

  it('an isolated or unknown person costs nothing', () => {
    expect(pathImpact(g, 'h')).toMatchObject({ articulationPoint: false, cutOff: 0, brokenPairs: 0 });
    expect(pathImpact(g, 'nobody')).toMatchObject({ articulationPoint: false, cutOff: 0, brokenPairs: 0 });
  });
});
