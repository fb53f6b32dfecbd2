import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { listDepartments } from '../../db/repos/people.ts';
import {
  listLocations,
  personCards,
  publishedCabalsIn,
  rankPeople,
  skillWorkOf,
  tagNames,
  type CabalWork,
} from '../../db/repos/search.ts';
import { currentMonth, type Clock } from '../../domain/clock.ts';
import { addMonths, type Month } from '../../domain/month.ts';
import { searchTerms, tagsNamedBy } from '../../domain/people-search.ts';
import type { StudioCache } from '../studio-cache.ts';

/** Results per page of the people search. */
export const PAGE_SIZE = 20;
/** How many months back (the current one included) count as recent cabal work. */
export const RECENT_MONTHS = 12;
/** How many skills a result card shows. */
const TOP_SKILLS = 4;

/** A people search as asked for in the URL of /people. */
export interface PeopleSearchInput {
  q: string;
  department: string;
  location: string;
  /** Minimum level in the searched skill, or 0 for any. */
  level: number;
  page: number;
}

/** Field errors of a malformed search, keyed by the query parameter. */
export type PeopleSearchErrors = Record<string, string>;

const text = (max: number, field: string) =>
  z
    .string(`${field}: give one value`)
    .max(max, `${field}: at most ${max} characters`)
    .default('')
    .transform((s) => s.trim());

const inputSchema = z.object({
  q: text(200, 'Search'),
  department: text(100, 'Department'),
  location: text(100, 'Location'),
  level: z
    .string('Level: give one value')
    .default('')
    .refine((v) => ['', '1', '2', '3'].includes(v), 'Level: choose 1, 2 or 3')
    .transform((v) => (v === '' ? 0 : Number(v))),
  page: z
    .string('Page: give one value')
    .default('1')
    .refine((v) => /^[1-9]\d{0,4}$/.test(v), 'Page: a whole number from 1')
    .transform(Number),
});

/** Reads /people's query parameters; a repeated or out-of-range parameter is an error naming it. */
export function parsePeopleSearch(
  query: Record<string, unknown>,
): { ok: true; value: PeopleSearchInput } | { ok: false; errors: PeopleSearchErrors; value: PeopleSearchInput } {
  const parsed = inputSchema.safeParse(query);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: PeopleSearchErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'q')] ??= issue.message;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    ok: false,
    errors,
    value: { q: str(query.q), department: str(query.department), location: str(query.location), level: 0, page: 1 },
  };
}

/** One person in the results, with why they rank where they do. */
export interface PeopleSearchHit {
  id: string;
  name: string;
  departmentName: string;
  title: string;
  location: string;
  /** Their strongest skills, the searched ones first. */
  topSkills: { skill: string; level: number; named: boolean }[];
  /** Highest level in a searched skill (0 when none). */
  level: number;
  /** Recent published months on problems that required a searched skill, grouped by problem. */
  recentWork: { problemId: string; problemTitle: string; months: Month[] }[];
  /** Searched interests they hold. */
  interests: string[];
  /** This month's published cabal, if they sit in one. */
  current?: CabalWork;
}

/** A page of the people search, with what the query was understood to mean. */
export interface PeopleSearchResult {
  input: PeopleSearchInput;
  /** The skills and interests the text names, which the ranking uses. */
  skills: string[];
  interests: string[];
  recentFrom: Month;
  recentTo: Month;
  total: number;
  pages: number;
  hits: PeopleSearchHit[];
}

/**
 * Runs a people search: full-text match over name, department, title, skills and interests, filtered, ranked for
 * expertise (level in the searched skill, then recent published cabal work on problems needing it, then interest) and
 * paged. With no text it lists everyone who passes the filters, by name.
 */
export function searchDirectory(db: Db, clock: Clock, input: PeopleSearchInput): PeopleSearchResult {
  const terms = searchTerms(input.q);
  const tags = terms.length ? tagNames(db) : { skills: [], interests: [] };
  const skills = tagsNamedBy(terms, tags.skills);
  const interests = tagsNamedBy(terms, tags.interests);
  const month = currentMonth(clock);
  const recentFrom = addMonths(month, -(RECENT_MONTHS - 1));
  const ranked = rankPeople(db, {
    terms,
    skills,
    interests,
    department: input.department || undefined,
    location: input.location || undefined,
    minLevel: input.level || undefined,
    recentFrom,
    recentTo: month,
  });
  const pages = Math.max(1, Math.ceil(ranked.length / PAGE_SIZE));
  const page = ranked.slice((input.page - 1) * PAGE_SIZE, input.page * PAGE_SIZE);
  const ids = page.map((r) => r.id);
  const cards = new Map(personCards(db, ids).map((c) => [c.id, c]));
  const work = groupBy(skillWorkOf(db, ids, skills, recentFrom, month), (w) => w.personId);
  const current = new Map(publishedCabalsIn(db, ids, month).map((c) => [c.personId, c]));
  const named = new Set(skills);
  const namedInterests = new Set(interests);
  const hits = page.flatMap((r): PeopleSearchHit[] => {
    const card = cards.get(r.id);
    if (!card) return [];
    const topSkills = [...card.skills]
      .sort((a, b) => Number(named.has(b.skill)) - Number(named.has(a.skill)) || b.level - a.level)
      .slice(0, TOP_SKILLS)
      .map((s) => ({ ...s, named: named.has(s.skill) }));
    return [
      {
        id: card.id,
        name: card.name,
        departmentName: card.departmentName,
        title: card.title,
        location: card.location,
        topSkills,
        level: r.level,
        recentWork: byProblem(work.get(r.id) ?? []),
        interests: card.interests.filter((i) => namedInterests.has(i)),
        current: current.get(r.id),
      },
    ];
  });
  return { input, skills, interests, recentFrom, recentTo: month, total: ranked.length, pages, hits };
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

function byProblem(work: CabalWork[]): PeopleSearchHit['recentWork'] {
  const out = new Map<string, PeopleSearchHit['recentWork'][number]>();
  for (const w of work) {
    const entry = out.get(w.problemId) ?? { problemId: w.problemId, problemTitle: w.problemTitle, months: [] };
    entry.months.push(w.month);
    out.set(w.problemId, entry);
  }
  return [...out.values()];
}

/**
 * The choices of the search filters: departments and locations of the studio, read once per version of the studio's
 * data (the locations are a scan of every person).
 */
export function searchFilters(
  db: Db,
  cache: StudioCache,
): { departments: { id: string; name: string }[]; locations: string[] } {
  return cache.get('people:search-filters', () => ({ departments: listDepartments(db), locations: listLocations(db) }));
}

/** The /people URL of a search, with empty parameters left out, so it reads well when shared. */
export function searchHref(input: Partial<PeopleSearchInput>): string {
  const params = new URLSearchParams();
  if (input.q) params.set('q', input.q);
  if (input.department) params.set('department', input.department);
  if (input.location) params.set('location', input.location);
  if (input.level) params.set('level', String(input.level));
  if (input.page && input.page > 1) params.set('page', String(input.page));
  const query = params.toString();
  return query ? `/people?${query}` : '/people';
}
