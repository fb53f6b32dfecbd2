import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HORIZON_LIMIT } from '../../src/planner/horizon-model.ts';
import { smallProblem, smallStudio } from './fixtures.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cabal-plan-'));

async function plan(request: unknown, extra: string[] = []): Promise<{ code: number; stderr: string; out: string }> {
  const input = join(dir, `in-${Math.random().toString(36).slice(2)}.json`);
  const out = `${input}.out`;
  writeFileSync(input, JSON.stringify(request));
  try {
    const { stderr } = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/plan.ts',
      '--in',
      input,
      '--out',
      out,
      ...extra,
    ]);
    return { code: 0, stderr, out };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr, out };
  }
}

describe('npm run plan', () => {
  const request = { startMonth: '2027-01', months: 2, ...smallStudio(), problems: [smallProblem()] };

  it('exits 0 and writes the plan', async () => {
    const r = await plan(request, ['--months', '3', '--seed', '5']);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(r.out, 'utf8'));
    expect(written.status).toBe('planned');
    expect(written.months.map((m: { month: string }) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(Object.keys(written.quality)).toEqual([
      'violations',
      'servedShare',
      'maxMonthsServed',
      'gini',
      'meanSkillFit',
      'newPairShare',
    ]);
  });

  it('exits 1, names the field and writes nothing for a malformed request', async () => {
    const people = smallStudio().people.map((p, i) => (i === 4 ? { ...p, department: 'artt' } : p));
    const r = await plan({ ...request, people });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('people[4].department: unknown department "artt"');
    expect(existsSync(r.out)).toBe(false);
  });

  it('exits 2 and writes the explanation for an infeasible request', async () => {
    const r = await plan({
      ...request,
      problems: [
        smallProblem({
          requiredSkills: [{ skill: 'netcode', minLevel: 3 }],
          affectedDepartments: ['design', 'art', 'eng'],
          minOutsiders: 1,
          minAffected: 0,
        }),
      ],
      people: smallStudio().people.map((p) => (p.id === 'eng1' ? { ...p, unavailable: ['2027-01'] } : p)),
    });
    expect(r.code).toBe(2);
    const written = JSON.parse(readFileSync(r.out, 'utf8'));
    expect(written).toMatchObject({ status: 'infeasible', month: '2027-01', problem: 'combat' });
    expect(written.conflict.map((c: { rule: string }) => c.rule).sort()).toEqual(['required-skills', 'unavailable']);
    expect(r.stderr).toContain('infeasible');
  });

  it('exits 3 and writes the undecided answer when no plan is found and the proof would exceed its budget', async () => {
    // One person holds netcode; alpha needs it in January, beta in February, and nobody may serve two months running.
    // Each problem alone can be staffed, so only a model of both months over everyone proves there is no plan; with
    // just over HORIZON_LIMIT / 2 people that model is over the planner's size budget (seat variables, not time), so
    // the answer is undecided on every machine.
    const departments = ['a', 'b', 'c'].map((id) => ({ id, name: id.toUpperCase() }));
    const people = Array.from({ length: Math.floor(HORIZON_LIMIT / 2) + 1 }, (_, i) => ({
      id: `p${i}`,
      name: `P ${i}`,
      department: departments[i % 3].id,
      skills: i === 0 ? { netcode: 1 } : {},
    }));
    const problem = (id: string, month: string) => ({
      id,
      title: id.toUpperCase(),
      affectedDepartments: ['a'],
      requiredSkills: [{ skill: 'netcode', minLevel: 1 }],
      size: { min: 3, max: 3 },
      minAffected: 0,
      minOutsiders: 0,
      minDepartments: 1,
      carryOver: { min: 0, max: 3 },
      startMonth: month,
      endMonth: month,
    });
    const r = await plan({
      startMonth: '2027-01',
      months: 2,
      policy: { maxConsecutiveMonths: 1 },
      departments,
      people,
      problems: [problem('alpha', '2027-01'), problem('beta', '2027-02')],
    });
    expect(r.code).toBe(3);
    const written = JSON.parse(readFileSync(r.out, 'utf8'));
    expect(written).toMatchObject({ status: 'undecided', month: '2027-02', problem: 'beta' });
    expect(written.message).toContain('neither find a plan nor prove that none exists');
    expect(r.stderr).toContain('undecided: BETA (beta) could not be staffed in 2027-02');
  });
});

describe('npm run plan on the shared failing inputs', () => {
  const fixture = (name: string): unknown =>
    JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

  it('planner-proto-skill.json: exits 2, naming required-skills for the skill "constructor"', async () => {
    const r = await plan(fixture('planner-proto-skill.json'));
    expect(r.code).toBe(2);
    const written = JSON.parse(readFileSync(r.out, 'utf8'));
    expect(written.status).toBe('infeasible');
    expect(written.conflict.map((c: { rule: string }) => c.rule)).toEqual(['required-skills']);
    expect(r.stderr).toContain('required-skills: skill constructor');
  });

  it('planner-dup-history-skill.json: exits 1, naming the history path, and writes nothing', async () => {
    const r = await plan(fixture('planner-dup-history-skill.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('history[1].members[1]: "p01" is listed twice');
    expect(existsSync(r.out)).toBe(false);
  });
});

describe('npm run plan on requests a tester wrote by hand', () => {
  const fixture = (name: string): unknown =>
    JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

  it('huge-min-affected.json: a minimum of a billion is a field error (it crashed the planner with a fatal error)', async () => {
    const r = await plan(fixture('huge-min-affected.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('problems[0].minAffected: Too big: expected number to be <=1000\n');
    expect(existsSync(r.out)).toBe(false);
  });

  it('reads a request saved with a byte order mark, as Windows editors write it', async () => {
    const request = { startMonth: '2027-01', months: 2, ...smallStudio(), problems: [smallProblem()] };
    const input = join(dir, 'bom.json');
    writeFileSync(input, `\uFEFF${JSON.stringify(request)}`);
    const out = `${input}.out`;
    const { stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/plan.ts', '--in', input, '--out', out]);
    expect(stderr).toContain('planned 2 months');
    expect(JSON.parse(readFileSync(out, 'utf8')).status).toBe('planned');
  });
});

describe('the worker runner outside vitest', () => {
  it('plans in a worker thread from a plain node process with the tsx loader', async () => {
    const script = `
      import { startPlanRun } from './src/services/plan-runner.ts';
      import { generateRequest } from './src/planner/generate-request.ts';
      const request = await generateRequest({ people: 60, problems: 3, seed: 1, startMonth: '2027-01', months: 2 });
      const run = startPlanRun(request);
      const result = await run.promise;
      console.log(result.status, run.progress().state);
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(stdout.trim()).toBe('planned done');
  });
});
