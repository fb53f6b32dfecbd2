import { addMonths, type Month } from './month.ts';
import { PROBLEM_DEFAULTS, defaultCarryOver, type Department, type Person, type Problem } from './types.ts';
import { holdsSkill } from './skills.ts';

/** A seeded pseudo-random source, so that one seed always gives one studio. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element of a list, drawn with the given weights. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A shuffled copy of a list. */
  shuffle<T>(items: readonly T[]): T[];
}

/** Creates a mulberry32 generator: small, fast and good enough for test data and tie-breaking. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items, weights) => {
      const total = weights.reduce((a, b) => a + b, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

interface DepartmentSpec {
  id: string;
  name: string;
  /** Relative headcount. */
  weight: number;
  /** Job title stems, e.g. "Gameplay Engineer". */
  roles: string[];
  /** Skills people of this department usually hold. */
  skills: string[];
}

// Ordered by how likely a studio is to have the department, so smaller studios drop the last ones.
const DEPARTMENTS: DepartmentSpec[] = [
  {
    id: 'engineering',
    name: 'Engineering',
    weight: 24,
    roles: ['Gameplay Engineer', 'Engine Programmer', 'Tools Engineer', 'Network Engineer'],
    skills: ['gameplay-programming', 'engine', 'tools', 'netcode', 'performance', 'shaders'],
  },
  {
    id: 'art',
    name: 'Art',
    weight: 18,
    roles: ['Environment Artist', 'Character Artist', 'Concept Artist', 'Technical Artist'],
    skills: ['3d-modelling', 'concept-art', 'texturing', 'lighting', 'shaders', 'vfx'],
  },
  {
    id: 'design',
    name: 'Game Design',
    weight: 14,
    roles: ['Game Designer', 'Systems Designer', 'Level Designer', 'Combat Designer'],
    skills: ['level-design', 'systems-design', 'combat-design', 'economy', 'prototyping'],
  },
  {
    id: 'qa',
    name: 'Quality Assurance',
    weight: 10,
    roles: ['QA Tester', 'QA Analyst', 'Test Engineer'],
    skills: ['test-automation', 'bug-triage', 'certification', 'performance'],
  },
  {
    id: 'animation',
    name: 'Animation',
    weight: 8,
    roles: ['Animator', 'Technical Animator', 'Rigger'],
    skills: ['animation', 'rigging', 'motion-capture', 'combat-design'],
  },
  {
    id: 'production',
    name: 'Production',
    weight: 8,
    roles: ['Producer', 'Project Manager', 'Release Manager'],
    skills: ['scheduling', 'live-ops', 'stakeholder-management', 'certification'],
  },
  {
    id: 'audio',
    name: 'Audio',
    weight: 5,
    roles: ['Sound Designer', 'Composer', 'Audio Programmer'],
    skills: ['sound-design', 'music', 'audio-programming'],
  },
  {
    id: 'narrative',
    name: 'Narrative',
    weight: 5,
    roles: ['Writer', 'Narrative Designer', 'Localization Specialist'],
    skills: ['writing', 'narrative-design', 'localization'],
  },
  {
    id: 'ux',
    name: 'User Experience',
    weight: 5,
    roles: ['UX Designer', 'UI Artist', 'User Researcher'],
    skills: ['ui-design', 'user-research', 'accessibility', 'prototyping'],
  },
  {
    id: 'data',
    name: 'Data & Analytics',
    weight: 4,
    roles: ['Data Analyst', 'Data Engineer', 'Monetization Analyst'],
    skills: ['analytics', 'economy', 'monetization', 'live-ops'],
  },
];

// Anyone may hold these, whatever their department; they keep cross-department skill holders realistic.
const GENERAL_SKILLS = [
  'prototyping',
  'user-research',
  'analytics',
  'writing',
  'accessibility',
  'performance',
  'live-ops',
];

const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chloe',
  'Dmitri',
  'Elena',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jade',
  'Kofi',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tomas',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Amir',
  'Bea',
  'Carlos',
  'Dana',
  'Emil',
  'Freya',
  'Goran',
  'Ines',
  'Jonas',
  'Keiko',
  'Liam',
  'Maya',
  'Nils',
  'Olga',
  'Pablo',
  'Rin',
  'Sofia',
  'Theo',
  'Valentina',
  'Wiktor',
  'Yara',
  'Aiko',
  'Bruno',
  'Cleo',
];
const LAST_NAMES = [
  'Moss',
  'Okafor',
  'Lindqvist',
  'Tanaka',
  'Novak',
  'Haddad',
  'Moreau',
  'Kowalski',
  'Silva',
  'Jensen',
  'Petrov',
  'Nakamura',
  'Fischer',
  'Costa',
  'Brennan',
  'Ahmed',
  'Larsen',
  'Ito',
  'Dubois',
  'Kaur',
  'Reyes',
  'Berg',
  'Mensah',
  'Rossi',
  'Yilmaz',
  'Schmidt',
  'Park',
  'Nguyen',
  'Walsh',
  'Eriksson',
  'Almeida',
  'Sato',
  'Horvat',
  'Bianchi',
  'Mwangi',
  'Olsen',
  'Chen',
  'Garcia',
  'Ivanova',
  'Murphy',
  'Lund',
  'Kim',
  'Suzuki',
  'Vargas',
  'Holm',
  'Adeyemi',
  'Lopez',
  'Weber',
  'Zhang',
  'Quinn',
];

const STUDIOS = [
  { location: 'Bellevue', timeZone: 'America/Los_Angeles', weight: 40 },
  { location: 'Montreal', timeZone: 'America/Toronto', weight: 25 },
  { location: 'Stockholm', timeZone: 'Europe/Stockholm', weight: 20 },
  { location: 'Tokyo', timeZone: 'Asia/Tokyo', weight: 10 },
  { location: 'Remote (Lisbon)', timeZone: 'Europe/Lisbon', weight: 5 },
];

const GRADES = ['junior', 'mid', 'senior', 'lead', 'principal'] as const;
const GRADE_WEIGHTS = [25, 35, 25, 10, 5];

const INTERESTS = [
  'speedrunning',
  'board-games',
  'esports',
  'pixel-art',
  'modding',
  'tabletop-rpg',
  'retro-consoles',
  'vr',
  'game-jams',
  'photography',
  'climbing',
  'cooking',
  'streaming',
  'chess',
  'music-production',
  'open-source',
  'mentoring',
  'accessibility-advocacy',
];

const TOPICS = [
  'Combat feel',
  'Onboarding flow',
  'Matchmaking fairness',
  'Crafting economy',
  'Boss encounters',
  'Photo mode',
  'Save system',
  'Co-op revive',
  'Loot tables',
  'Stealth readability',
  'Controller remapping',
  'Dialogue pacing',
  'Day-night cycle',
  'Vehicle handling',
  'Season pass',
  'Tutorial quests',
  'Inventory UI',
  'Weather effects',
  'Anti-cheat',
  'Cross-play parties',
  'Difficulty modes',
  'Traversal',
  'Companion AI',
  'Store front',
  'Performance budget',
  'Accessibility options',
  'Localization pipeline',
  'Audio mix',
  'Quest journal',
  'Death penalty',
];
const AREAS = [
  'in the open world',
  'for the new region',
  'on consoles',
  'for mobile',
  'in the endgame',
  'for new players',
  'in PvP',
  'in the next expansion',
  'for live events',
  'in the hub city',
];

const SKILL_RARITY: Record<string, number> = {
  netcode: 0.35,
  shaders: 0.5,
  'audio-programming': 0.5,
  localization: 0.5,
  'motion-capture': 0.6,
  monetization: 0.6,
};

/** The options of a generated studio. */
export interface StudioOptions {
  people: number;
  problems: number;
  seed: number;
  startMonth: Month;
}

/** A generated studio: departments, people and problems with every default applied. */
export interface Studio {
  departments: Department[];
  people: Person[];
  problems: Problem[];
}

/** How many departments a studio of this headcount has: 8 for tiny, 9 for mid-size, 10 for large studios. */
function departmentCount(people: number): number {
  if (people < 60) return 8;
  if (people < 500) return 9;
  return 10;
}

/** Generates a realistic, deterministic and plannable game studio for demos, seeds, tests and benchmarks. */
export function generateStudio(options: StudioOptions): Studio {
  const rng = seededRandom(options.seed);
  const specs = DEPARTMENTS.slice(0, departmentCount(options.people));
  const departments: Department[] = specs.map((d) => ({ id: d.id, name: d.name }));
  const people = generatePeople(rng, specs, options);
  const problems = generateProblems(rng, specs, people, options);
  return { departments, people, problems };
}

function generatePeople(rng: Random, specs: DepartmentSpec[], options: StudioOptions): Person[] {
  const width = Math.max(3, String(options.people).length);
  const usedEmails = new Set<string>();
  const usedNames = new Set<string>();
  const people: Person[] = [];
  for (let n = 0; n < options.people; n++) {
    // The first people go round-robin so every department has someone even in tiny studios.
    const spec =
      n < specs.length
        ? specs[n]
        : rng.weighted(
            specs,
            specs.map((d) => d.weight),
          );
    // Names are unique, so nobody reads two people as one; past the 2,500 pairs a middle initial tells them apart.
    let first = rng.pick(FIRST_NAMES);
    let last = rng.pick(LAST_NAMES);
    for (let tries = 0; usedNames.has(`${first} ${last}`) && tries < 10; tries++) {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
    }
    let name = `${first} ${last}`;
    for (let k = 0; usedNames.has(name); k++)
      name = `${first} ${'ABCDEFGHIJKLMNOPRSTVW'[k % 21]}.${k >= 21 ? k : ''} ${last}`;
    usedNames.add(name);
    const gradeIndex = GRADES.indexOf(rng.weighted(GRADES, GRADE_WEIGHTS));
    const studio = rng.weighted(
      STUDIOS,
      STUDIOS.map((s) => s.weight),
    );
    let email = `${first}.${last}@studio.example`.toLowerCase();
    for (let k = 2; usedEmails.has(email); k++) email = `${first}.${last}${k}@studio.example`.toLowerCase();
    usedEmails.add(email);
    const gradeLabel = GRADES[gradeIndex];
    const title = gradeLabel === 'mid' ? rng.pick(spec.roles) : `${capitalise(gradeLabel)} ${rng.pick(spec.roles)}`;
    people.push({
      id: `p${String(n + 1).padStart(width, '0')}`,
      name,
      email,
      department: spec.id,
      title,
      grade: gradeLabel,
      location: studio.location,
      timeZone: studio.timeZone,
      skills: generateSkills(rng, spec, gradeIndex),
      interests: rng.shuffle(INTERESTS).slice(0, rng.int(0, 3)),
      unavailable: generateUnavailable(rng, options.startMonth),
    });
  }
  return people;
}

function generateSkills(rng: Random, spec: DepartmentSpec, gradeIndex: number): Record<string, number> {
  const skills: Record<string, number> = {};
  const core = rng.shuffle(spec.skills).slice(0, rng.int(1, Math.min(3, spec.skills.length)));
  const extra = rng.next() < 0.4 ? [rng.pick(GENERAL_SKILLS)] : [];
  for (const skill of [...core, ...extra]) {
    if (rng.next() > (SKILL_RARITY[skill] ?? 1)) continue;
    // Seniority raises the level; a general skill picked up outside one's department stays shallow.
    const base = extra.includes(skill) && !core.includes(skill) ? 1 : 1 + Math.floor((gradeIndex + rng.int(0, 2)) / 2);
    skills[skill] = Math.max(1, Math.min(3, base));
  }
  if (Object.keys(skills).length === 0) skills[spec.skills[0]] = 1;
  return skills;
}

function generateUnavailable(rng: Random, startMonth: Month): Month[] {
  const roll = rng.next();
  const count = roll < 0.7 ? 0 : roll < 0.92 ? 1 : 2;
  const months = new Set<Month>();
  // Parental leave, sabbaticals and crunch on a shipping title: spread over the history and the year ahead.
  for (let k = 0; k < count; k++) months.add(addMonths(startMonth, rng.int(-2, 13)));
  return [...months].sort();
}

function generateProblems(rng: Random, specs: DepartmentSpec[], people: Person[], options: StudioOptions): Problem[] {
  const byDepartment = new Map<string, Person[]>(specs.map((d) => [d.id, []]));
  for (const p of people) byDepartment.get(p.department)!.push(p);
  const demand = new Map<string, number>();
  const problems: Problem[] = [];
  const width = Math.max(2, String(options.problems).length);
  for (let n = 0; n < options.problems; n++) {
    const topic = TOPICS[n % TOPICS.length];
    const round = Math.floor(n / TOPICS.length);
    const title = round === 0 ? topic : `${topic} ${AREAS[(round - 1 + n) % AREAS.length]}`;
    const primary = rng.weighted(
      specs,
      specs.map((d) => d.weight),
    );
    const affectedDepartments = [primary.id];
    if (rng.next() < 0.4) {
      const second = rng.pick(specs.filter((d) => d.id !== primary.id && d.weight <= 10));
      affectedDepartments.push(second.id);
    }
    // A rotation needs about three affected people per affected seat (rests, absences); small departments get company.
    const headcount = (): number => affectedDepartments.reduce((n, d) => n + (byDepartment.get(d)?.length ?? 0), 0);
    const enough = 3 * PROBLEM_DEFAULTS.minAffected + 2;
    if (headcount() < enough && affectedDepartments.length < 2) {
      const largest = [...specs].sort((a, b) => b.weight - a.weight).find((d) => !affectedDepartments.includes(d.id));
      if (largest !== undefined) affectedDepartments.push(largest.id);
    }
    const affectedPool = people.filter((p) => !affectedDepartments.includes(p.department));
    const affectedPeople = rng
      .shuffle(affectedPool)
      .slice(0, headcount() < enough ? 3 : rng.int(0, 3))
      .map((p) => p.id)
      .sort();
    const requiredSkills = pickRequiredSkills(rng, primary, people, demand);
    const inside = affectedDepartments.flatMap((d) => byDepartment.get(d) ?? []);
    const leads = inside.filter((p) => p.grade === 'lead' || p.grade === 'principal');
    const lead = (leads.length > 0 ? rng.pick(leads) : rng.pick(inside.length > 0 ? inside : people)).id;
    // Most problems run from the start; some open later and some close, as a real roadmap does.
    const startOffset = rng.next() < 0.75 ? 0 : rng.int(1, 6);
    const problem: Problem = {
      id: `${slug(title)}-${String(n + 1).padStart(width, '0')}`,
      title,
      description: `How should we approach ${title.toLowerCase()}? ${primary.name} owns the outcome; the cabal brings the rest of the studio's view.`,
      lead,
      affectedDepartments,
      affectedPeople,
      requiredSkills,
      size: { ...PROBLEM_DEFAULTS.size },
      minAffected: PROBLEM_DEFAULTS.minAffected,
      minOutsiders: PROBLEM_DEFAULTS.minOutsiders,
      minDepartments: PROBLEM_DEFAULTS.minDepartments,
      carryOver: defaultCarryOver(PROBLEM_DEFAULTS.size),
      startMonth: addMonths(options.startMonth, startOffset),
    };
    if (rng.next() < 0.15) problem.endMonth = addMonths(problem.startMonth, rng.int(5, 11));
    problems.push(problem);
  }
  return problems;
}

/** Picks 0–2 skills the studio holds in depth, so that demand never outruns holders (the studio stays plannable). */
function pickRequiredSkills(
  rng: Random,
  primary: DepartmentSpec,
  people: Person[],
  demand: Map<string, number>,
): { skill: string; minLevel: number }[] {
  const count = rng.weighted([0, 1, 2], [25, 50, 25]);
  const chosen: { skill: string; minLevel: number }[] = [];
  const candidates = rng.shuffle([...primary.skills, ...GENERAL_SKILLS]);
  for (const skill of candidates) {
    if (chosen.length >= count) break;
    if (chosen.some((c) => c.skill === skill)) continue;
    const minLevel = rng.weighted([1, 2, 3], [45, 40, 15]);
    const key = `${skill}@${minLevel}`;
    const holders = people.filter((p) => holdsSkill(p, { skill, minLevel })).length;
    // Each requiring problem needs about two holders a month (rest months included), so keep a wide margin.
    const needed = 6 + 4 * ((demand.get(key) ?? 0) + 1);
    if (holders < needed) continue;
    demand.set(key, (demand.get(key) ?? 0) + 1);
    chosen.push({ skill, minLevel });
  }
  return chosen.sort((a, b) => a.skill.localeCompare(b.skill));
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
