/** The text encodings an HR file may come in, as the preview names them. */
export type HrEncoding = 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16 LE with BOM' | 'UTF-16 BE with BOM' | 'Windows-1252';

/** A decoded file, or why its bytes are not a text CSV. */
export type DecodedFile = { ok: true; text: string; encoding: HrEncoding } | { ok: false; message: string };

/**
 * Decodes an uploaded file's bytes: a UTF-8 or UTF-16 byte-order mark decides; otherwise bytes that are valid UTF-8
 * are UTF-8, and anything else is taken as Windows-1252 (what Excel's "CSV (Comma delimited)" writes on Windows).
 * Decoding uses the platform's WHATWG `TextDecoder`. The byte-order mark is not part of the text. A spreadsheet
 * workbook or a file with NUL bytes (UTF-16 without a mark, or a binary file) is refused with a message saying so.
 */
export function decodeHrFile(bytes: Uint8Array): DecodedFile {
  const starts = (...b: number[]) => b.every((v, i) => bytes[i] === v);
  if (starts(0xef, 0xbb, 0xbf)) return decoded('utf-8', bytes.subarray(3), 'UTF-8 with BOM');
  if (starts(0xff, 0xfe)) return decoded('utf-16le', bytes.subarray(2), 'UTF-16 LE with BOM');
  if (starts(0xfe, 0xff)) return decoded('utf-16be', bytes.subarray(2), 'UTF-16 BE with BOM');
  if (starts(0x50, 0x4b, 0x03, 0x04))
    return {
      ok: false,
      message: 'This is a spreadsheet workbook (.xlsx), not a CSV file: in Excel choose File › Save As › "CSV UTF-8".',
    };
  if (starts(0xd0, 0xcf, 0x11, 0xe0))
    return {
      ok: false,
      message: 'This is an old Excel workbook (.xls), not a CSV file: in Excel choose File › Save As › "CSV UTF-8".',
    };
  if (bytes.includes(0))
    return {
      ok: false,
      message:
        'The file holds NUL bytes, so it is not a text CSV (a UTF-16 file needs its byte-order mark): save it as "CSV UTF-8".',
    };
  try {
    return {
      ok: true,
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes),
      encoding: 'UTF-8',
    };
  } catch {
    return decoded('windows-1252', bytes, 'Windows-1252');
  }
}

function decoded(label: string, bytes: Uint8Array, encoding: HrEncoding): DecodedFile {
  return { ok: true, text: new TextDecoder(label, { ignoreBOM: true }).decode(bytes), encoding };
}
