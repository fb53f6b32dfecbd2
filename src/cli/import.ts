import fs from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { migrateDb, openDb } from '../db/client.ts';
import { systemClock } from '../domain/clock.ts';
import { confirmImport, needsDeactivationConfirmation } from '../services/hr-import/confirm.ts';
import type { ImportError } from '../services/hr-import/parse.ts';
import { previewUpload, type ImportPreview } from '../services/hr-import/preview.ts';

const USAGE = `usage: npm run import -- FILE [--dry-run] [--complete] [--new-departments] [--yes] [--db PATH]
  Imports people from an HR CSV file: prints the preview (encoding, separator, new people, changes old → new,
  deactivations, skipped rows), then writes it, all or nothing, unless --dry-run.
  --complete          the file is the complete staff list: people not in it are deactivated
  --new-departments   create departments the file names that do not exist yet (otherwise they are errors)
  --yes               confirm deactivating more than a few people without being asked
  Exit 0 when imported (or previewed with --dry-run), 1 on a bad file or refused confirmation, with rows and columns.`;

/** How many people of each list the printed preview shows. */
const LIST_LIMIT = 50;

/** The preview as text lines, in the same terms as the web page. */
function previewLines(preview: ImportPreview, fileName: string): string[] {
  const lines = [
    `${fileName}: read as ${preview.encoding}, ${preview.delimiter}-separated; ${preview.rowsRead} people` +
      (preview.skippedRows.length ? `, ${preview.skippedRows.length} empty rows skipped` : ''),
    `${preview.created.length} new, ${preview.changed.length} changed, ${preview.unchanged} unchanged, ` +
      `${preview.deactivated.length} deactivated` +
      (preview.departmentsCreated.length ? `; new departments: ${preview.departmentsCreated.join(', ')}` : ''),
  ];
  const list = <T>(title: string, items: T[], line: (item: T) => string) => {
    if (!items.length) return;
    lines.push('', `${title}:`, ...items.slice(0, LIST_LIMIT).map((i) => `  ${line(i)}`));
    if (items.length > LIST_LIMIT) lines.push(`  … and ${items.length - LIST_LIMIT} more`);
  };
  list('New', preview.created, (p) => `row ${p.row}  ${p.id}  ${p.name} <${p.email}>  ${p.department}`);
  list('Changed', preview.changed, (p) =>
    [
      `row ${p.row}  ${p.id}  ${p.name}:`,
      ...(p.reactivated ? ['active again'] : []),
      p.changes.map((c) => `${c.field} ${c.from || '(empty)'} → ${c.to || '(empty)'}`).join('; '),
    ].join(' '),
  );
  list('Deactivated (not in the complete list)', preview.deactivated, (p) => `${p.id}  ${p.name} <${p.email}>`);
  return lines;
}

function errorLines(errors: ImportError[]): string[] {
  return errors.map((e) => `row ${e.row}, column ${e.column}: ${e.message}`);
}

async function askYes(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      complete: { type: 'boolean', default: false },
      'new-departments': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      db: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 1;
  }
  const fileName = positionals[0]!;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(fileName);
  } catch (err) {
    console.error(`cannot read ${fileName}: ${(err as Error).message}`);
    return 1;
  }
  const config = loadConfig(values.db ? { ...process.env, DATABASE_PATH: values.db } : process.env);
  const db = openDb(config.databasePath);
  try {
    migrateDb(db);
    const options = { complete: values.complete, newDepartments: values['new-departments'] };
    const result = previewUpload(db, bytes, options, undefined);
    if (!result.ok) {
      const reading = result.encoding ? ` (read as ${result.encoding}, ${result.delimiter}-separated)` : '';
      console.error(
        `${fileName} was not imported${reading}; nothing was written:`,
        ...errorLines(result.errors).map((l) => `\n  ${l}`),
      );
      return 1;
    }
    console.log(previewLines(result.preview, fileName).join('\n'));
    if (values['dry-run']) {
      console.log('\nDry run: nothing was written.');
      return 0;
    }
    let deactivations = values.yes;
    if (needsDeactivationConfirmation(result.preview) && !deactivations) {
      deactivations = await askYes(`\nDeactivate these ${result.preview.deactivated.length} people? [y/N] `);
      if (!deactivations) {
        console.error(
          `Not imported: confirm the ${result.preview.deactivated.length} deactivations (answer y, or add --yes).`,
        );
        return 1;
      }
    }
    const pending = { ...result.parsed, preview: result.preview, fileName, actor: { label: 'command line' } };
    const done = confirmImport(db, systemClock, pending, { deactivations });
    if (!done.ok) {
      console.error(
        done.reason === 'invalid'
          ? ['Not imported:', ...errorLines(done.errors)].join('\n  ')
          : 'Not imported: the people changed while the preview was shown; run the command again.',
      );
      return 1;
    }
    const o = done.outcome;
    console.log(
      `\nImported into ${config.databasePath}: ${o.created} created, ${o.updated} updated, ${o.unchanged} unchanged, ${o.deactivated} deactivated.`,
    );
    return 0;
  } finally {
    db.$client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
