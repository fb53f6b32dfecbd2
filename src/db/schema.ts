import { sql } from 'drizzle-orm';
import { integer, primaryKey, real, sqliteTable, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

// Every table of the domain in PRODUCT.md; later work adds behaviour, not tables.

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** Departments of the studio (owned by the HR import). */
export const departments = sqliteTable('departments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

/**
 * People. The HR import owns name, email, department, title, grade and location;
 * the person owns time zone, skills, interests and unavailable months (their own tables).
 */
export const people = sqliteTable(
  'people',
  {
    id: text('id').primaryKey(),
    // HR-owned fields.
    name: text('name').notNull(),
    email: text('email').notNull(),
    departmentId: text('department_id')
      .notNull()
      .references(() => departments.id),
    title: text('title').notNull().default(''),
    grade: text('grade').notNull().default(''),
    location: text('location').notNull().default(''),
    hrSource: text('hr_source').notNull().default(''),
    hrUpdatedAt: text('hr_updated_at'),
    // Self-owned fields.
    timeZone: text('time_zone').notNull().default('UTC'),
    profileUpdatedAt: text('profile_updated_at'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('people_email_unique').on(t.email), index('people_department_idx').on(t.departmentId)],
);

/** A person's skills, each at level 1..3 (self-owned). */
export const personSkills = sqliteTable(
  'person_skills',
  {
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    skill: text('skill').notNull(),
    level: integer('level').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.skill] }), index('person_skills_skill_idx').on(t.skill)],
);

/** A person's free interest tags (self-owned). */
export const personInterests = sqliteTable(
  'person_interests',
  {
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    interest: text('interest').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.interest] }), index('person_interests_interest_idx').on(t.interest)],
);

/** Months a person marked unavailable (self-owned). */
export const personUnavailableMonths = sqliteTable(
  'person_unavailable_months',
  {
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.month] })],
);

/** Design problems; quotas default as in PRODUCT.md. */
export const problems = sqliteTable('problems', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  leadPersonId: text('lead_person_id').references(() => people.id),
  sizeMin: integer('size_min').notNull().default(5),
  sizeMax: integer('size_max').notNull().default(7),
  minAffected: integer('min_affected').notNull().default(2),
  minOutsiders: integer('min_outsiders').notNull().default(2),
  minDepartments: integer('min_departments').notNull().default(3),
  carryOverMin: integer('carry_over_min').notNull().default(2),
  carryOverMax: integer('carry_over_max').notNull().default(4),
  startMonth: text('start_month').notNull(),
  endMonth: text('end_month'),
  status: text('status', { enum: ['draft', 'active', 'closed'] })
    .notNull()
    .default('active'),
  createdAt: createdAt(),
  updatedAt: text('updated_at'),
});

/** Departments affected by a problem. */
export const problemAffectedDepartments = sqliteTable(
  'problem_affected_departments',
  {
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    departmentId: text('department_id')
      .notNull()
      .references(() => departments.id),
  },
  (t) => [primaryKey({ columns: [t.problemId, t.departmentId] })],
);

/** Named individuals who will live with a problem's decision. */
export const problemAffectedPeople = sqliteTable(
  'problem_affected_people',
  {
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.problemId, t.personId] })],
);

/** Skills a problem's cabal must hold, at a minimum level. */
export const problemRequiredSkills = sqliteTable(
  'problem_required_skills',
  {
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    skill: text('skill').notNull(),
    minLevel: integer('min_level').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.problemId, t.skill] })],
);

/** One problem's cabal in one month: a draft until its month is published. */
export const cabals = sqliteTable(
  'cabals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    publishedAt: text('published_at'),
    publishedBy: integer('published_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cabals_problem_month_unique').on(t.problemId, t.month), index('cabals_month_idx').on(t.month)],
);

/** A cabal's members, with their tags (JSON array) and the rationale for each. */
export const cabalMembers = sqliteTable(
  'cabal_members',
  {
    cabalId: integer('cabal_id')
      .notNull()
      .references(() => cabals.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
    why: text('why').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.cabalId, t.personId] }), index('cabal_members_person_idx').on(t.personId)],
);

/** A lead's pin: include or exclude a person from a problem's cabal in a month. */
export const pins = sqliteTable(
  'pins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    mode: text('mode', { enum: ['include', 'exclude'] }).notNull(),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('pins_problem_month_person_unique').on(t.problemId, t.month, t.personId)],
);

/** The organisation-wide rotation policy: a single row with id 1. */
export const rotationPolicy = sqliteTable('rotation_policy', {
  id: integer('id').primaryKey(),
  maxConsecutiveMonths: integer('max_consecutive_months').notNull().default(3),
  maxConsecutiveMonthsOnProblem: integer('max_consecutive_months_on_problem').notNull().default(3),
  weightFairness: real('weight_fairness').notNull().default(1),
  weightFreshness: real('weight_freshness').notNull().default(1),
  weightSkillFit: real('weight_skill_fit').notNull().default(1),
  weightNetwork: real('weight_network').notNull().default(1),
  updatedAt: text('updated_at'),
  updatedBy: integer('updated_by'),
});

/** Login accounts; every account is linked to one person. */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    // Disabling an account (or the HR import deactivating its person) deletes its sessions in a trigger.
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    /** Set while the password is a one-time password an admin handed over: it must be changed before anything else. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email), uniqueIndex('users_person_unique').on(t.personId)],
);

/** Roles added to an account; every account is also an employee. */
export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['lead', 'manager', 'admin'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/** Login sessions; the id is the SHA-256 of the cookie value, so a leaked table cannot be replayed. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Who moved whom in or out of a cabal, published a month, or changed something that matters. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorUserId: integer('actor_user_id'),
    action: text('action').notNull(),
    problemId: text('problem_id'),
    month: text('month'),
    personId: text('person_id'),
    detail: text('detail').notNull().default(''),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_problem_idx').on(t.problemId)],
);

/** A person's calendar feed token; regenerating replaces (and so revokes) the old one. */
export const calendarTokens = sqliteTable(
  'calendar_tokens',
  {
    personId: text('person_id')
      .primaryKey()
      .references(() => people.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('calendar_tokens_token_unique').on(t.token)],
);

/** Planner runs started from the web, so a progress widget can follow them across requests. */
export const planRuns = sqliteTable(
  'plan_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    startedBy: integer('started_by'),
    startedAt: text('started_at').notNull(),
    firstMonth: text('first_month').notNull(),
    months: integer('months').notNull(),
    status: text('status', { enum: ['running', 'planned', 'infeasible', 'failed'] })
      .notNull()
      .default('running'),
    monthsDone: integer('months_done').notNull().default(0),
    result: text('result', { mode: 'json' }),
    finishedAt: text('finished_at'),
    /** The problems the run plans (ids), or null for a studio-wide run. */
    scope: text('scope', { mode: 'json' }).$type<string[] | null>(),
    /** The app process working on the run: "<process id>:<start token>"; null for runs from before owners. */
    owner: text('owner'),
    /** When the owning process last said it was still working on the run (ISO instant). */
    heartbeatAt: text('heartbeat_at'),
  },
  // One writer: at most one run is running in the whole database, whichever app process started it.
  (t) => [
    uniqueIndex('plan_runs_one_running')
      .on(t.status)
      .where(sql`status = 'running'`),
  ],
);

/** Small key/value facts about this installation, e.g. whether the app seeded the demo itself. */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
