import ICAL from 'ical.js';
import { createEvents } from 'ics';
import { describe, expect, it } from 'vitest';
import { foldIcsLines } from '../../src/services/calendar.ts';

const octets = (line: string) => Buffer.byteLength(line, 'utf8');

function feedWith(title: string, description: string): string {
  const { error, value } = createEvents([
    { uid: 'u1@cabal', title, description, start: [2027, 1, 1], end: [2027, 2, 1] },
  ]);
  if (error || !value) throw error ?? new Error('no feed');
  return value;
}

describe('ICS line folding', () => {
  const cases = [
    ['CJK', '戦闘の手触りを決める設計会議：近接攻撃、回避、ヒットストップ、カメラの揺れ、音の重さ'],
    ['emoji', 'Cabal 🎮🔥🧪 combat feel 👩🏽‍💻👨‍👩‍👧‍👦 and more 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀'],
    ['mixed', 'Économie du jeu — 経済 — ₿ — ' + 'ü'.repeat(80)],
  ] as const;

  for (const [name, title] of cases) {
    it(`keeps every line of a ${name} title within 75 octets and a parser reads the title back whole`, () => {
      const raw = feedWith(title, `${title}\n${title}`);
      // The library alone folds by characters: the reason for the refolding.
      if (name !== 'mixed') expect(Math.max(...raw.split('\r\n').map(octets))).toBeGreaterThan(75);
      const folded = foldIcsLines(raw);
      const lines = folded.split('\r\n');
      expect(Math.max(...lines.map(octets))).toBeLessThanOrEqual(75);
      expect(folded).not.toContain('\uFFFD');
      for (const line of lines.slice(1)) expect(line === '' || /^[ A-Z]/.test(line)).toBe(true);
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(folded)).getFirstSubcomponent('vevent')!);
      expect(event.summary).toBe(title);
      expect(event.description).toBe(`${title}\n${title}`);
    });
  }

  it('leaves short lines alone and ends lines in CRLF', () => {
    const raw = feedWith('Short', 'Plain');
    const folded = foldIcsLines(raw);
    expect(folded).toContain('SUMMARY:Short\r\n');
    expect(folded.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
  });

  it('breaks an ASCII line at exactly 75 octets, continuing with one space', () => {
    const folded = foldIcsLines(`X-LONG:${'a'.repeat(200)}`);
    const lines = folded.split('\r\n');
    expect(lines.map(octets)).toEqual([75, 75, 59]);
    expect(lines.slice(1).every((l) => l.startsWith(' ') && !l.startsWith('  '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`X-LONG:${'a'.repeat(200)}`);
  });
});
