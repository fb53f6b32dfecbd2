import { sql } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { endsUnspaced, searchableText } from '../../domain/people-search.ts';

// The FTS5 table people_fts (drizzle/0001_people_search.sql) holds one row per active person:
// person_id (not indexed), name, department name, title, skills and interests as space-separated words, each in
// the searchable form of src/domain/people-search.ts (CJK characters one word each). search_text() is that
// function, registered on every connection by openDb (src/db/client.ts).

const INDEX_ROWS = sql`
  SELECT p.id, search_text(p.name), search_text(d.name), search_text(p.title),
    search_text(coalesce((SELECT group_concat(s.skill, ' ') FROM person_skills s WHERE s.person_id = p.id), '')),
    search_text(coalesce((SELECT group_concat(i.interest, ' ') FROM person_interests i WHERE i.person_id = p.id), ''))
  FROM people p JOIN departments d ON d.id = p.department_id
  WHERE p.active = 1`;

/**
 * Rewrites the search index rows of the given people (every person when `ids` is omitted) from their current name,
 * department, title, skills and interests; inactive people leave the index. Call it inside the transaction that
 * changed them, so the index never disagrees with the data and a rolled-back change leaves it untouched.
 */
export function reindexPeople(tx: Conn, ids?: readonly string[]): void {
  try {
    if (ids === undefined) {
      tx.run(sql`DELETE FROM people_fts`);
      tx.run(sql`INSERT INTO people_fts (person_id, name, department, title, skills, interests) ${INDEX_ROWS}`);
      return;
    }
    if (ids.length === 0) return;
    const list = JSON.stringify([...new Set(ids)]);
    tx.run(sql`DELETE FROM people_fts WHERE person_id IN (SELECT value FROM json_each(${list}))`);
    tx.run(
      sql`INSERT INTO people_fts (person_id, name, department, title, skills, interests) ${INDEX_ROWS}
          AND p.id IN (SELECT value FROM json_each(${list}))`,
    );
  } catch (cause) {
    throw new Error('db: unable to update the people search index', { cause });
  }
}

/**
 * Turns search terms (letters and digits only, see `searchTerms` in src/domain/people-search.ts) into an FTS5
 * query: each term quoted (so `OR`, `NOT`, `*` or `-` typed by a user are words, never operators) and made a prefix,
 * all of them required. A term with CJK characters becomes a phrase of them in a row ("太郎" → `"太 郎"`), which
 * matches anywhere in a name; it is a prefix only when it ends in another script. Undefined when there is nothing
 * to search for.
 */
export function ftsQuery(terms: readonly string[]): string | undefined {
  const parts = terms.map((t) => t.replace(/"/g, '').trim()).filter((t) => t !== '');
  if (parts.length === 0) return undefined;
  return parts
    .map((t) => `"${searchableText(t).trim().split(/\s+/).join(' ')}"${endsUnspaced(t) ? '' : '*'}`)
    .join(' ');
}

/** What a ranked people search asks for: the words, the skills and interests they name, filters and a window. */
export interface PeopleQuery {
  terms: readonly string[];
  /** Skills the query names: the person's level in these ranks first. */
  skills: readonly string[];
  /** Interests the query names: holding one ranks below any skill level. */
  interests: readonly string[];
  department?: string;
  location?: string;
  /** Minimum level in the named skills (in any skill when the query names none). */
  minLevel?: number;
  /** Published months (inclusive, YYYY-MM) that count as recent cabal work. */
  recentFrom: string;
  recentTo: string;
}

/** One ranked match: the person and the keys they were ranked by. */
export interface RankedPerson {
  id: string;
  /** Highest level held in the named skills; 0 when none. */
  level: number;
  /** Published months in the window on problems that required a named skill. */
  recentMonths: number;
  interestMatch: boolean;
}

/**
 * Ranks every active person matching a query: by level in the named skills, then recent cabal months on problems
 * that required them, then interest match, then FTS relevance (bm25, name weighted highest), then name. With no terms
 * it lists everyone who passes the filters, by name. Two statements at most; the caller pages the result.
 */
export function rankPeople(db: Conn, q: PeopleQuery): RankedPerson[] {
  const match = ftsQuery(q.terms);
  const skills = JSON.stringify(q.skills);
  const interests = JSON.stringify(q.interests);
  const filters = [sql`p.active = 1`];
  if (q.department) filters.push(sql`p.department_id = ${q.department}`);
  if (q.location) filters.push(sql`p.location = ${q.location}`);
  if (q.minLevel) {
    filters.push(
      q.skills.length
        ? sql`level >= ${q.minLevel}`
        : sql`EXISTS (SELECT 1 FROM person_skills s WHERE s.person_id = p.id AND s.level >= ${q.minLevel})`,
    );
  }
  const where = sql.join(filters, sql` AND `);
  const keys = sql`
    coalesce((SELECT max(s.level) FROM person_skills s
      WHERE s.person_id = p.id AND s.skill IN (SELECT value FROM json_each(${skills}))), 0) AS level,
    (SELECT count(DISTINCT c.month) FROM cabal_members m JOIN cabals c ON c.id = m.cabal_id
      WHERE m.person_id = p.id AND c.status = 'published' AND c.month BETWEEN ${q.recentFrom} AND ${q.recentTo}
        AND EXISTS (SELECT 1 FROM problem_required_skills r
          WHERE r.problem_id = c.problem_id AND r.skill IN (SELECT value FROM json_each(${skills})))) AS recentMonths,
    EXISTS (SELECT 1 FROM person_interests i
      WHERE i.person_id = p.id AND i.interest IN (SELECT value FROM json_each(${interests}))) AS interestMatch`;
  try {
    if (!match) {
      // No words: the directory by name. No skill or interest is named, so every ranking key is zero.
      const ids = db.all<{ id: string }>(sql`SELECT p.id FROM people p WHERE ${where} ORDER BY p.name, p.id`);
      return ids.map((r) => ({ id: r.id, level: 0, recentMonths: 0, interestMatch: false }));
    }
    const rows = match
      ? db.all<Omit<RankedPerson, 'interestMatch'> & { interestMatch: number }>(sql`
          SELECT p.id, ${keys}
          FROM (SELECT person_id, bm25(people_fts, 0, 10, 3, 3, 5, 2) AS score
                FROM people_fts WHERE people_fts MATCH ${match}) hits
          JOIN people p ON p.id = hits.person_id
          WHERE ${where}
          ORDER BY level DESC, recentMonths DESC, interestMatch DESC, hits.score, p.name, p.id`)
      : db.all<Omit<RankedPerson, 'interestMatch'> & { interestMatch: number }>(sql`
          SELECT p.id, ${keys} FROM people p WHERE ${where} ORDER BY p.name, p.id`);
    return rows.map((r) => ({ ...r, interestMatch: Boolean(r.interestMatch) }));
  } catch (cause) {
    throw new Error('db: unable to search people', { cause });
  }
}

/** Every skill and interest name held by anyone (read from their indexes alone), for telling which a query names. */
export function tagNames(db: Conn): { skills: string[]; interests: string[] } {
  return {
    skills: db.all<{ t: string }>(sql`SELECT DISTINCT skill AS t FROM person_skills`).map((r) => r.t),
    interests: db.all<{ t: string }>(sql`SELECT DISTINCT interest AS t FROM person_interests`).map((r) => r.t),
  };
}

/** How many active people hold each skill and each interest, most held first: for the tag cloud. */
export function tagCounts(db: Conn): {
  skills: { tag: string; count: number }[];
  interests: { tag: string; count: number }[];
} {
  const skills = db.all<{ tag: string; count: number }>(sql`
    SELECT s.skill AS tag, count(*) AS count FROM person_skills s JOIN people p ON p.id = s.person_id
    WHERE p.active = 1 GROUP BY s.skill ORDER BY count DESC, tag`);
  const interests = db.all<{ tag: string; count: number }>(sql`
    SELECT i.interest AS tag, count(*) AS count FROM person_interests i JOIN people p ON p.id = i.person_id
    WHERE p.active = 1 GROUP BY i.interest ORDER BY count DESC, tag`);
  return { skills, interests };
}

/** What a search result card shows of a person: HR fields, every skill with its level, and interests. */
export interface PersonCard {
  id: string;
  name: string;
  departmentName: string;
  title: string;
  location: string;
  skills: { skill: string; level: number }[];
  interests: string[];
}

/** Loads the cards of some people (three queries), in the order of `ids`; unknown ids are skipped. */
export function personCards(db: Conn, ids: readonly string[]): PersonCard[] {
  if (ids.length === 0) return [];
  const list = JSON.stringify(ids);
  const rows = db.all<Omit<PersonCard, 'skills' | 'interests'>>(sql`
    SELECT p.id, p.name, d.name AS departmentName, p.title, p.location
    FROM people p JOIN departments d ON d.id = p.department_id
    WHERE p.id IN (SELECT value FROM json_each(${list}))`);
  const skills = db.all<{ personId: string; skill: string; level: number }>(sql`
    SELECT person_id AS personId, skill, level FROM person_skills
    WHERE person_id IN (SELECT value FROM json_each(${list})) ORDER BY level DESC, skill`);
  const interests = db.all<{ personId: string; interest: string }>(sql`
    SELECT person_id AS personId, interest FROM person_interests
    WHERE person_id IN (SELECT value FROM json_each(${list})) ORDER BY interest`);
  const byId = new Map(rows.map((r) => [r.id, { ...r, skills: [], interests: [] } as PersonCard]));
  for (const s of skills) byId.get(s.personId)?.skills.push({ skill: s.skill, level: s.level });
  for (const i of interests) byId.get(i.personId)?.interests.push(i.interest);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One month of published cabal work by a person on a problem. */
export interface CabalWork {
  personId: string;
  month: string;
  problemId: string;
  problemTitle: string;
}

/**
 * The published cabal months of some people between two months (inclusive), on problems that required one of the
 * given skills; oldest first.
 */
export function skillWorkOf(
  db: Conn,
  ids: readonly string[],
  skills: readonly string[],
  from: string,
  to: string,
): CabalWork[] {
  if (ids.length === 0 || skills.length === 0) return [];
  return db.all<CabalWork>(sql`
    SELECT m.person_id AS personId, c.month, c.problem_id AS problemId, pr.title AS problemTitle
    FROM cabal_members m JOIN cabals c ON c.id = m.cabal_id JOIN problems pr ON pr.id = c.problem_id
    WHERE m.person_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
      AND c.status = 'published' AND c.month BETWEEN ${from} AND ${to}
      AND EXISTS (SELECT 1 FROM problem_required_skills r
        WHERE r.problem_id = c.problem_id AND r.skill IN (SELECT value FROM json_each(${JSON.stringify(skills)})))
    ORDER BY c.month, pr.title`);
}

/** The published cabal each of some people sits in during one month (at most one per person by the rules). */
export function publishedCabalsIn(db: Conn, ids: readonly string[], month: string): CabalWork[] {
  if (ids.length === 0) return [];
  return db.all<CabalWork>(sql`
    SELECT m.person_id AS personId, c.month, c.problem_id AS problemId, pr.title AS problemTitle
    FROM cabal_members m JOIN cabals c ON c.id = m.cabal_id JOIN problems pr ON pr.id = c.problem_id
    WHERE m.person_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
      AND c.status = 'published' AND c.month = ${month}
    ORDER BY pr.title`);
}

/** The locations active people work from, for the search filter. */
export function listLocations(db: Conn): string[] {
  return db
    .all<{ location: string }>(
      sql`SELECT DISTINCT location FROM people WHERE active = 1 AND location <> '' ORDER BY location`,
    )
    .map((r) => r.location);
}

/** A person found by name for a picker, with whether they already have an account. */
export interface NamedPerson {
  id: string;
  name: string;
  departmentName: string;
  title: string;
  hasAccount: boolean;
}

/** Finds active people whose name has words starting with each term (full-text, any script), best matches first. */
export function peopleByName(db: Conn, terms: readonly string[], limit = 12): NamedPerson[] {
  const match = ftsQuery(terms);
  if (!match) return [];
  const rows = db.all<Omit<NamedPerson, 'hasAccount'> & { hasAccount: number }>(sql`
    SELECT p.id, p.name, d.name AS departmentName, p.title,
      EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id) AS hasAccount
    FROM people_fts f JOIN people p ON p.id = f.person_id JOIN departments d ON d.id = p.department_id
    WHERE people_fts MATCH ${`name : (${match})`} AND p.active = 1
    ORDER BY bm25(people_fts), p.name LIMIT ${limit}`);
  return rows.map((r) => ({ ...r, hasAccount: Boolean(r.hasAccount) }));
}
