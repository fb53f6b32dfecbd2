import tseslint from 'typescript-eslint';

// Imports point inward: web → services → {planner, db} → domain.
const forbid = (group, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'drizzle/', 'data/', 'coverage/', 'public/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: forbid(
      [
        '**/web/**',
        '**/db/**',
        '**/planner/**',
        '**/services/**',
        '**/cli/**',
        'express',
        'drizzle-orm',
        'drizzle-orm/*',
        'better-sqlite3',
      ],
      'domain/ is plain TypeScript: it imports nothing from web, db, planner or services.',
    ),
  },
  {
    files: ['src/planner/**/*.ts'],
    rules: forbid(
      [
        '**/web/**',
        '**/db/**',
        '**/services/**',
        '**/cli/**',
        'express',
        'drizzle-orm',
        'drizzle-orm/*',
        'better-sqlite3',
      ],
      'The planner sees domain types only: never web, db or services.',
    ),
  },
  {
    files: ['src/db/**/*.ts'],
    rules: forbid(['**/web/**', '**/services/**', '**/planner/**', 'express'], 'db/ sits below services and web.'),
  },
  {
    files: ['src/web/**/*.ts'],
    rules: forbid(
      ['**/db/**', 'drizzle-orm', 'drizzle-orm/*', 'better-sqlite3'],
      'web/ reads and writes through services, never db/.',
    ),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: forbid(['**/web/**', 'express'], 'services/ never sees Express or the web layer.'),
  },
);
