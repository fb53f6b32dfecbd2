import { describe, expect, it } from 'vitest';
import { generateStudio, seededRandom } from '../../src/domain/studio-generator.ts';

describe('generateStudio', () => {
  const options = { people: 150, problems: 12, seed: 42, startMonth: '2027-01' };

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateStudio(options)).toEqual(generateStudio(options));
    expect(generateStudio({ ...options, seed: 43 }).people[5]).not.toEqual(generateStudio(options).people[5]);
  });

  it('sizes the departments to the studio', () => {
    expect(generateStudio(options).departments).toHaveLength(9);
    expect(generateStudio({ ...options, people: 3000, problems: 10 }).departments).toHaveLength(10);
  });

  it('generates complete, consistent people and problems', () => {
    const studio = generateStudio(options);
    const departments = new Set(studio.departments.map((d) => d.id));
    const ids = new Set(studio.people.map((p) => p.id));
    expect(ids.size).toBe(150);
    expect(new Set(studio.people.map((p) => p.email)).size).toBe(150);
    for (const d of departments) expect(studio.people.some((p) => p.department === d)).toBe(true);
    for (const p of studio.people) {
      expect(departments.has(p.department)).toBe(true);
      expect(['junior', 'mid', 'senior', 'lead', 'principal']).toContain(p.grade);
      expect(p.timeZone).toMatch(/^[A-Z][a-z]+\/[A-Za-z_]+$/);
      expect(Object.values(p.skills).every((l) => l >= 1 && l <= 3)).toBe(true);
      expect(p.unavailable.every((m) => /^\d{4}-\d{2}$/.test(m))).toBe(true);
    }
    for (const problem of studio.problems) {
      expect(problem.affectedDepartments.length).toBeGreaterThanOrEqual(1);
      expect(problem.affectedDepartments.length).toBeLessThanOrEqual(2);
      expect(problem.affectedPeople.length).toBeLessThanOrEqual(3);
      expect(problem.requiredSkills.length).toBeLessThanOrEqual(2);
      expect(ids.has(problem.lead!)).toBe(true);
      expect(problem.size).toEqual({ min: 5, max: 7 });
      expect(problem.carryOver).toEqual({ min: 2, max: 4 });
      // Plannable: every required skill is held at its level by several people.
      for (const r of problem.requiredSkills) {
        expect(studio.people.filter((p) => (p.skills[r.skill] ?? 0) >= r.minLevel).length).toBeGreaterThanOrEqual(6);
      }
    }
  });

  it('has scarce skills as well as common ones', () => {
    const studio = generateStudio({ ...options, people: 1000, problems: 10 });
    const holders = (skill: string): number => studio.people.filter((p) => skill in p.skills).length;
    expect(holders('netcode')).toBeLessThan(holders('performance') / 3);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generated names', () => {
  it('are unique, so two people are never read as one', () => {
    for (const people of [150, 3000]) {
      const studio = generateStudio({ people, problems: 8, seed: 7, startMonth: '2027-01' });
      expect(new Set(studio.people.map((p) => p.name)).size).toBe(people);
    }
  });
});
