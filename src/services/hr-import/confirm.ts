import type { Db } from '../../db/client.ts';
import { insertAudit, type AuditEntry } from '../../db/repos/audit.ts';
import { readHrState, writeHrImport } from '../../db/repos/hr.ts';
import type { Clock } from '../../domain/clock.ts';
import type { ImportError, ParsedHrFile } from './parse.ts';
import {
  computePreview,
  DEACTIVATION_CONFIRM_THRESHOLD,
  hrStateHash,
  type ImportOptions,
  type ImportPreview,
} from './preview.ts';

/** A preview waiting for its confirmation: the parsed file and options it came from, and who asked for it. */
export interface PendingImport {
  file: ParsedHrFile;
  options: ImportOptions;
  preview: ImportPreview;
  fileName: string;
  actor: { userId?: number; personId?: string; label: string };
}

/** What an import wrote, in figures. */
export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  departmentsCreated: string[];
}

/** The outcome of a confirmation. */
export type ConfirmResult =
  | { ok: true; outcome: ImportOutcome }
  | { ok: false; reason: 'needs-deactivation-confirmation' }
  | { ok: false; reason: 'data-changed'; preview: ImportPreview }
  | { ok: false; reason: 'invalid'; errors: ImportError[] };

/** Tells whether a preview deactivates so many people that the admin must confirm that number explicitly. */
export function needsDeactivationConfirmation(preview: ImportPreview): boolean {
  return preview.deactivated.length > DEACTIVATION_CONFIRM_THRESHOLD;
}

/**
 * Applies exactly the writes of a preview, all or nothing, in one immediate transaction with its audit entries:
 * one `hr.import` summary and one entry per person created, changed or deactivated. If the HR data no longer hashes
 * to what the preview was computed against, nothing is written and a fresh preview of the same file is returned.
 */
export function confirmImport(
  db: Db,
  clock: Clock,
  pending: PendingImport,
  confirmation: { deactivations: boolean },
): ConfirmResult {
  const { preview } = pending;
  if (needsDeactivationConfirmation(preview) && !confirmation.deactivations)
    return { ok: false, reason: 'needs-deactivation-confirmation' };
  const at = clock.now().toISO()!;
  try {
    return db.transaction(
      (tx): ConfirmResult => {
        const state = readHrState(tx);
        if (hrStateHash(state) !== preview.dataHash) {
          const again = computePreview(state, pending.file, pending.options, pending.actor.personId);
          return again.ok
            ? { ok: false, reason: 'data-changed', preview: again.preview }
            : { ok: false, reason: 'invalid', errors: again.errors };
        }
        writeHrImport(tx, preview.write, { at, source: `HR import ${at.slice(0, 10)}` });
        insertAudit(tx, auditEntries(preview, pending.actor.label), { userId: pending.actor.userId, at });
        return {
          ok: true,
          outcome: {
            created: preview.created.length,
            updated: preview.changed.length,
            unchanged: preview.unchanged,
            deactivated: preview.deactivated.length,
            departmentsCreated: preview.departmentsCreated,
          },
        };
      },
      { behavior: 'immediate' },
    );
  } catch (cause) {
    throw new Error('hr import: unable to write the imported people', { cause });
  }
}

function auditEntries(preview: ImportPreview, by: string): AuditEntry[] {
  const summary =
    `HR import (${by}): ${preview.created.length} created, ${preview.changed.length} updated, ` +
    `${preview.unchanged} unchanged, ${preview.deactivated.length} deactivated` +
    (preview.departmentsCreated.length ? `; new departments ${preview.departmentsCreated.join(', ')}` : '') +
    ` (${preview.encoding}, ${preview.rowsRead} rows, ${preview.skippedRows.length} empty rows skipped)`;
  return [
    { action: 'hr.import', detail: summary },
    ...preview.created.map((p): AuditEntry => ({
      action: 'person.create',
      personId: p.id,
      detail: `${p.name}, ${p.department}`,
    })),
    ...preview.changed.map((p): AuditEntry => ({
      action: 'person.update',
      personId: p.id,
      detail: [
        ...(p.reactivated ? ['reactivated'] : []),
        ...p.changes.map((c) => `${c.field}: ${c.from || '(empty)'} → ${c.to || '(empty)'}`),
      ].join('; '),
    })),
    ...preview.deactivated.map((p): AuditEntry => ({
      action: 'person.deactivate',
      personId: p.id,
      detail: `${p.name}: not in the complete list`,
    })),
  ];
}
