// Plain rules of the people search: how typed text becomes search terms, and which skills and interests it names.

/** At most this many words of a query are searched; the rest are ignored. */
export const MAX_TERMS = 8;
/** Longer words are cut to this many characters. */
export const MAX_TERM_LENGTH = 40;

/**
 * Splits typed text into search terms: runs of letters and digits in any script (a `+` or `#` may follow, as in
 * "c++" or "c#"). Quotes, `*`, `-`, apostrophes and other punctuation separate words and are never operators.
 */
export function searchTerms(text: string): string[] {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}+#]*/gu) ?? [];
  return words.slice(0, MAX_TERMS).map((w) => [...w].slice(0, MAX_TERM_LENGTH).join(''));
}

/** Characters of the scripts that write names without spaces between words (Chinese, Japanese, Korean). */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/**
 * The form of a text the search index stores and the query matches: each Chinese, Japanese or Korean character
 * stands alone as a word ("山田太郎" → "山 田 太 郎"), so that a query of its characters in a row (searched as a
 * phrase) finds a name from its middle ("太郎"), whatever its length; other scripts are left as typed.
 */
export function searchableText(text: string): string {
  return text.normalize('NFC').replace(UNSPACED, ' $& ');
}

/** Whether a search term ends in a character that stands alone in the index (so it needs no prefix match). */
export function endsUnspaced(term: string): boolean {
  const last = [...term].at(-1) ?? '';
  return new RegExp(UNSPACED.source, 'u').test(last);
}

/** Lower-cases a text and strips its diacritics, the way the search index compares words ("Núñez" → "nunez"). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a tag, folded: "level-design" → ["level", "design"], "C++" → ["c++"]. */
function tagWords(tag: string): string[] {
  return foldText(tag).match(/[\p{L}\p{N}][\p{L}\p{N}+#]*/gu) ?? [];
}

/**
 * The tags (skills or interests) a query names: those in which the most terms each start some word, at least one.
 * So "level design" names "level-design" rather than every "*-design", and "net" names "netcode".
 */
export function tagsNamedBy(terms: readonly string[], tags: Iterable<string>): string[] {
  const folded = terms.map(foldText).filter(Boolean);
  if (folded.length === 0) return [];
  let best = 0;
  let named: string[] = [];
  for (const tag of tags) {
    const words = tagWords(tag);
    const hits = folded.filter((t) => words.some((w) => w.startsWith(t))).length;
    if (hits === 0 || hits < best) continue;
    if (hits > best) {
      best = hits;
      named = [];
    }
    named.push(tag);
  }
  return named.sort();
}

/**
 * The size step (1..steps) of a tag held by `count` people when the studio's tags are held by `min`..`max` people:
 * a square-root scale, so a tag held by a handful stays readable beside one held by hundreds.
 */
export function cloudStep(count: number, min: number, max: number, steps = 5): number {
  if (max <= min) return Math.ceil(steps / 2);
  const t = (Math.sqrt(count) - Math.sqrt(min)) / (Math.sqrt(max) - Math.sqrt(min));
  return 1 + Math.round(Math.min(1, Math.max(0, t)) * (steps - 1));
}
