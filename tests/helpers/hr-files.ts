/** The header of an HR file in the import's own column names. */
export const HR_HEADER = 'id,name,email,department,title,grade,location';

/** A file as Excel's "CSV (Comma delimited)" saves it on Windows: Windows-1252 (Latin-1 for these letters), CRLF. */
export function windows1252(lines: string[]): Buffer {
  const text = lines.join('\r\n') + '\r\n';
  if (/[^\u0000-\u00ff]/.test(text)) throw new Error('windows1252 fixture: only Latin-1 letters are supported');
  return Buffer.from(text, 'latin1');
}

/** A file as "Unicode Text" or an HR system saves it: UTF-16 little-endian with a byte-order mark. */
export function utf16le(lines: string[], eol = '\r\n'): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join(eol) + eol, 'utf16le')]);
}

/** UTF-16 big-endian with a byte-order mark. */
export function utf16be(lines: string[]): Buffer {
  const le = Buffer.from(lines.join('\n') + '\n', 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
}

/** A file as Excel's "CSV UTF-8" saves it: a byte-order mark and CRLF line ends. */
export function utf8Bom(lines: string[]): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

/** Plain UTF-8 with LF line ends. */
export function utf8(lines: string[]): Buffer {
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}
