import { describe, expect, it } from 'vitest';
import { endsUnspaced, foldText, searchableText, searchTerms, tagsNamedBy } from '../../src/domain/people-search.ts';

describe('searchTerms', () => {
  it('keeps words in any script and drops every FTS operator character', () => {
    expect(searchTerms('"')).toEqual([]);
    expect(searchTerms('*')).toEqual([]);
    expect(searchTerms('-')).toEqual([]);
    expect(searchTerms('netcode -shaders "level design"*')).toEqual(['netcode', 'shaders', 'level', 'design']);
    expect(searchTerms("O'Brien")).toEqual(['O', 'Brien']);
    expect(searchTerms('José 山田 Пётр')).toEqual(['José', '山田', 'Пётр']);
    expect(searchTerms('c++ c# #vfx')).toEqual(['c++', 'c#', 'vfx']);
  });

  it('searches at most eight words of forty characters', () => {
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
    expect(searchTerms('x'.repeat(100))[0]).toHaveLength(40);
  });
});

describe('foldText', () => {
  it('compares words the way the index does', () => {
    expect(foldText('Núñez')).toBe('nunez');
    expect(foldText('ZOË')).toBe('zoe');
  });
});

describe('tagsNamedBy', () => {
  const skills = ['level-design', 'sound-design', 'netcode', 'networking', 'shaders'];
  it('names the tags that match the most terms', () => {
    expect(tagsNamedBy(['level', 'design'], skills)).toEqual(['level-design']);
    expect(tagsNamedBy(['design'], skills)).toEqual(['level-design', 'sound-design']);
    expect(tagsNamedBy(['net'], skills)).toEqual(['netcode', 'networking']);
    expect(tagsNamedBy(['Ada'], skills)).toEqual([]);
    expect(tagsNamedBy([], skills)).toEqual([]);
  });
  it('matches words by prefix only, not inside a word', () => {
    expect(tagsNamedBy(['code'], skills)).toEqual([]);
  });
});

describe('searchableText', () => {
  it('makes each Chinese, Japanese or Korean character a word and leaves other scripts as they are', () => {
    expect(searchableText('山田太郎').trim().split(/\s+/)).toEqual(['山', '田', '太', '郎']);
    expect(searchableText('김민준').trim().split(/\s+/)).toEqual(['김', '민', '준']);
    expect(searchableText('カタカナ').trim().split(/\s+/)).toHaveLength(4);
    expect(searchableText("Siobhán O'Brien")).toBe("Siobhán O'Brien");
    expect(searchableText('Пётр Иванов')).toBe('Пётр Иванов');
    expect(searchableText('Ada 李')).toBe('Ada  李 ');
  });

  it('tells whether a term ends in such a character', () => {
    expect(endsUnspaced('山田')).toBe(true);
    expect(endsUnspaced('山a')).toBe(false);
    expect(endsUnspaced('')).toBe(false);
  });
});
