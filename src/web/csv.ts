import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';

/** The byte-order mark that tells Excel on Windows a CSV is UTF-8, so non-Latin names are not garbled. */
export const UTF8_BOM = '\uFEFF';

/**
 * Sends a CSV download, the one way every CSV response of the app is written: a UTF-8 byte-order mark, then the rows
 * written by csv-stringify with formula escaping (a cell starting with = + - @ cannot run in a spreadsheet), as an
 * attachment named after what it holds. Rows may also come as CSV text already written with `escape_formulas`.
 */
export function sendCsv(res: Response, fileName: string, rows: readonly (readonly unknown[])[] | string): void {
  const text = typeof rows === 'string' ? rows : stringify(rows as unknown[][], { escape_formulas: true });
  res
    .attachment(fileName)
    .type('text/csv; charset=utf-8')
    .send(UTF8_BOM + text);
}
