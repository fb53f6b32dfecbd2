import { readFileSync } from 'node:fs';
import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { planRequest } from '../../src/planner/plan-request.ts';
import { checkPlan } from '../../src/planner/check.ts';
import { infeasibleSchema, parsePlanRequest } from '../../src/planner/schema.ts';
import type { InfeasibleAnswer, PlanResult, WayOut } from '../../src/domain/plan.ts';

/** A request a tester wrote by hand, exactly as the file has it (defaults left out). */
function file(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

async function plan(json: unknown, options: Parameters<typeof planRequest>[1] = {}): Promise<PlanResult> {
  const parsed = parsePlanRequest(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return planRequest(parsed.value, options);
}

async function infeasible(json: unknown, options: Parameters<typeof planRequest>[1] = {}): Promise<InfeasibleAnswer> {
  const result = await plan(json, options);
  if (result.status !== 'infeasible') throw new Error(`expected infeasible, got ${result.status}`);
  expect(infeasibleSchema.safeParse(JSON.parse(JSON.stringify(result))).success).toBe(true);
  return result;
}

/**
 * Applies a way out to the file as a user would (to the JSON they wrote, not the parsed request) and plans the whole
 * request again: 'planned', 'past' when it now fails in a later month, or where it is stuck.
 */
async function applied(json: unknown, answer: InfeasibleAnswer, wayOut: WayOut): Promise<string> {
  const document = structuredClone(json);
  fastJsonPatch.applyPatch(document, wayOut.patch as fastJsonPatch.Operation[], true);
  const parsed = parsePlanRequest(document);
  if (!parsed.ok) return `malformed: ${JSON.stringify(parsed.errors)}`;
  const result = await planRequest(parsed.value);
  if (result.status === 'planned') {
    expect(checkPlan(parsed.value, result.plan).violations).toEqual([]);
    return 'planned';
  }
  return result.month > answer.month ? 'past' : `stuck in ${result.month} (${result.status})`;
}

describe('ways out of requests a tester wrote by hand', () => {
  it('two-rules-each-alone.json: names both rules and finds the change to both that works', async () => {
    // Two departments, a cabal needing three; a skill nobody holds. Each rule blocks on its own, so no single change
    // works; dropping the skill and lowering the departments to 2 together does (16 people, 8 per department).
    const json = file('hand/two-rules-each-alone.json');
    const answer = await infeasible(json);
    expect(answer.month).toBe('2027-01');
    expect(answer.conflict.map((c) => c.rule).sort()).toEqual(['min-departments', 'required-skills']);
    expect(answer.noSingleChange).toBe(true);
    expect(answer.message).toContain('No single change works');
    expect(answer.wayOuts.map((w) => w.text)).toEqual([
      'drop the required skill netcode and lower minimum departments to 2',
    ]);
    for (const wayOut of answer.wayOuts) expect(await applied(json, answer, wayOut)).toBe('planned');
  });

  it('far-minimum.json: offers the nearest minimum that works, not the floor', async () => {
    // Four people are affected (department d0 of four departments, sixteen people): 1000 cannot be met, 4 can
    // (4 affected + 2 outsiders from two other departments fit a cabal of 7).
    const json = file('hand/far-minimum.json');
    const answer = await infeasible(json);
    expect(answer.month).toBe('2027-01');
    const minAffected = answer.conflict.find((c) => c.rule === 'min-affected');
    expect(minAffected?.wayOuts.map((w) => w.text)).toEqual(['lower minimum affected to 4']);
    expect(minAffected?.wayOuts[0].patch).toEqual([{ op: 'add', path: '/problems/0/minAffected', value: 4 }]);
    for (const wayOut of answer.wayOuts) expect(await applied(json, answer, wayOut)).not.toMatch(/stuck|malformed/);
  });

  it('everyone-away.json: asks as many people as the cabal needs, not one at a time', async () => {
    // Everyone marked February unavailable. A cabal needs 5 (2 affected from d0: p000 and p008, 2 outsiders, 3
    // departments); asking the two affected people and three others from three departments is the nearest change.
    const json = file('hand/everyone-away.json');
    const answer = await infeasible(json);
    expect(answer.month).toBe('2027-02');
    expect(answer.noSingleChange).toBe(false);
    const texts = answer.wayOuts.map((w) => w.text);
    expect(texts).toContain('ask p000, p008, p001, p002 and p003 whether they can make 2027-02 after all');
    for (const wayOut of answer.wayOuts) expect(await applied(json, answer, wayOut)).toBe('planned');
  });

  it('two-problems-fail-alone.json: pairs each way out with a fix for the other problem that fails in that month', async () => {
    // Both problems need a skill nobody holds. Dropping Audio's skill alone still fails in January (on Boss fights),
    // so the way out carries Boss fights' fix too, and the answer names Boss fights as well.
    const json = file('hand/two-problems-fail-alone.json');
    const answer = await infeasible(json);
    expect(answer).toMatchObject({ month: '2027-01', problem: 'a', noSingleChange: false });
    expect(answer.wayOuts.map((w) => w.text)).toEqual([
      "drop the required skill x, and for problem 'Boss fights': drop the required skill y",
    ]);
    expect(answer.message).toContain('Boss fights (b) cannot be staffed in 2027-01 either: required-skills');
    // The rule's own ways out carry the fix too: each one, applied alone, gets past January.
    expect(answer.conflict[0].wayOuts).toEqual(answer.wayOuts);
    for (const wayOut of answer.wayOuts) expect(await applied(json, answer, wayOut)).toBe('planned');
  });

  it('finds the same ways out when the quick feasibility check is skipped and each is planned instead', async () => {
    // The node-limited feasibility model only speeds verification up: when it cannot tell (here: never asked), the
    // change is planned as the user's re-run would plan it, so advice that exists is never hidden.
    const json = file('case-06-tiny-affected-dept.json');
    const quick = await infeasible(json);
    const planned = await infeasible(json, { limits: { verifyNodes: 0 } });
    expect(planned.wayOuts).toEqual(quick.wayOuts);
    expect(planned.wayOuts.length).toBe(2);
  });

  it('raising the maximum size keeps the carry-over range it was verified with when the file leaves carry-over out', async () => {
    // Four departments of six; the cabal needs 3 affected (d0) and 6 outsiders, 9 in all, but may hold 7. The file
    // gives no carry-over, so its default follows the size (max ⌈7/2⌉ = 4); the size alone, written into the file,
    // would make it 2..5, a request nobody re-planned.
    const json = {
      startMonth: '2027-01',
      months: 3,
      departments: [0, 1, 2, 3].map((d) => ({ id: `d${d}`, name: `Dept ${d}` })),
      people: Array.from({ length: 24 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, department: `d${i % 4}` })),
      problems: [{ id: 'big', title: 'Big review', affectedDepartments: ['d0'], minAffected: 3, minOutsiders: 6 }],
    };
    const answer = await infeasible(json);
    const raise = answer.wayOuts.find((w) => w.text === 'raise the maximum size to 9');
    expect(raise).toBeDefined();
    const document = structuredClone(json);
    fastJsonPatch.applyPatch(document, raise!.patch as fastJsonPatch.Operation[], true);
    const parsed = parsePlanRequest(document);
    expect(parsed.ok && parsed.value.problems[0]).toMatchObject({
      size: { min: 5, max: 9 },
      carryOver: { min: 2, max: 4 },
    });
    expect(await applied(json, answer, raise!)).toBe('planned');
  });
});
