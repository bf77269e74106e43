/**
 * A small seeded PRNG (mulberry32) so the demo song renders identically everywhere.
 * Each voice takes its own stream ({@link rngFor}), so changing one part never reshuffles another.
 * Pure; any thread.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [-1, 1). */
  bipolar(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** @example createRng(1).next() // the same number on every run */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    bipolar: () => next() * 2 - 1,
    range: (lo, hi) => lo + (hi - lo) * next(),
    chance: (p) => next() < p,
  };
}

/** A stream derived from a seed and a label (FNV-1a over the label, mixed with the seed). */
export function rngFor(seed: number, label: string): Rng {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return createRng(h);
}
