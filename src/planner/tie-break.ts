/**
 * Deterministic tie-break noise in [0, 1) for a person i and problem p in month index mi, from the seed, without
 * consuming a sequence (a murmur3-style integer mix), so that the seed only decides between equally good choices.
 */
export function noise(seed: number, mi: number, i: number, p: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (mi + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (i + 0x165667b1), 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ (p + 0x27d4eb2f), 0x85ebca6b) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
