// Real-time contract: SIMD (f32x4) and scalar loops over the scratch period of one voice. Nothing
// allocates; every loop is bounded by the period length (≤ CHUNK, padded to a multiple of 4).
// Lanes are four consecutive frames; recursive filters stay scalar, everything else is SIMD.

/** 0, 1, 2, 3: lane offsets. */
@inline export function lanes(): v128 {
  return f32x4(0, 1, 2, 3);
}

/** Fractional part of each lane, in [0, 1). */
@inline export function frac4(x: v128): v128 {
  return f32x4.sub(x, f32x4.floor(x));
}

const S1: f32 = 6.2831853;
const S3: f32 = -41.341702;
const S5: f32 = 81.605249;
const S7: f32 = -76.705860;
const S9: f32 = 42.058694;

/**
 * sin(2π·t) for t in cycles (any finite value): reduced to [−¼, ¼] by symmetry, then an odd
 * Taylor polynomial of degree 9 (error < 4e-6, −108 dB).
 */
@inline export function sin4(t: v128): v128 {
  // y in [−0.5, 0.5)
  let y = f32x4.sub(t, f32x4.floor(f32x4.add(t, f32x4.splat(0.5))));
  // Fold |y| > ¼ onto the rising part: sin(2π(½ − y)) = sin(2πy).
  const a = f32x4.abs(y);
  const sign = v128.and(y, i32x4.splat(0x80000000));
  const folded = v128.or(f32x4.sub(f32x4.splat(0.5), a), sign);
  y = v128.bitselect(folded, y, f32x4.gt(a, f32x4.splat(0.25)));
  const y2 = f32x4.mul(y, y);
  let p = f32x4.add(f32x4.mul(f32x4.splat(S9), y2), f32x4.splat(S7));
  p = f32x4.add(f32x4.mul(p, y2), f32x4.splat(S5));
  p = f32x4.add(f32x4.mul(p, y2), f32x4.splat(S3));
  p = f32x4.add(f32x4.mul(p, y2), f32x4.splat(S1));
  return f32x4.mul(p, y);
}

/** PolyBLEP residual of a unit step at phase 0, per lane (t in [0, 1), dt the phase step). */
@inline export function blep4(t: v128, dt: v128, invDt: v128): v128 {
  const one = f32x4.splat(1);
  // Just after the step: x = t/dt, 2x − x² − 1.
  const x1 = f32x4.mul(t, invDt);
  const r1 = f32x4.sub(f32x4.sub(f32x4.add(x1, x1), f32x4.mul(x1, x1)), one);
  // Just before it: x = (t − 1)/dt, x² + 2x + 1.
  const x2 = f32x4.mul(f32x4.sub(t, one), invDt);
  const r2 = f32x4.add(f32x4.add(f32x4.mul(x2, x2), f32x4.add(x2, x2)), one);
  const early = f32x4.lt(t, dt);
  const late = f32x4.gt(t, f32x4.sub(one, dt));
  return v128.or(v128.and(r1, early), v128.and(r2, late));
}

/** Band-limited sawtooth, −1…1. */
@inline export function saw4(t: v128, dt: v128, invDt: v128): v128 {
  const naive = f32x4.sub(f32x4.add(t, t), f32x4.splat(1));
  return f32x4.sub(naive, blep4(t, dt, invDt));
}

/** Band-limited pulse of width pw (its DC removed), −1…1. */
@inline export function pulse4(t: v128, dt: v128, invDt: v128, pw: f32): v128 {
  const pwv = f32x4.splat(pw);
  const high = f32x4.lt(t, pwv);
  const naive = v128.bitselect(f32x4.splat(1), f32x4.splat(-1), high);
  const t2 = frac4(f32x4.sub(t, pwv));
  const y = f32x4.sub(f32x4.add(naive, blep4(t, dt, invDt)), blep4(t2, dt, invDt));
  return f32x4.sub(y, f32x4.splat(2 * pw - 1));
}

/** Triangle, −1…1 (its harmonics fall 12 dB/octave: aliasing stays inaudible). */
@inline export function tri4(t: v128): v128 {
  return f32x4.sub(f32x4.splat(1), f32x4.mul(f32x4.splat(4), f32x4.abs(f32x4.sub(t, f32x4.splat(0.5)))));
}

/** Soft saturation of n4 frames in place (the rational tanh of math.ts), after a gain. */
export function drive4(buf: usize, n4: i32, gain: f32): void {
  const g = f32x4.splat(gain);
  const lim = f32x4.splat(3);
  const c27 = f32x4.splat(27);
  const c9 = f32x4.splat(9);
  for (let i = 0; i < n4; i += 4) {
    const p = buf + (<usize>i << 2);
    let x = f32x4.mul(v128.load(p), g);
    x = f32x4.min(f32x4.max(x, f32x4.neg(lim)), lim);
    const x2 = f32x4.mul(x, x);
    v128.store(p, f32x4.div(f32x4.mul(x, f32x4.add(c27, x2)), f32x4.add(c27, f32x4.mul(c9, x2))));
  }
}

/** Multiply n4 frames by a constant. */
export function scale4(buf: usize, n4: i32, gain: f32): void {
  const g = f32x4.splat(gain);
  for (let i = 0; i < n4; i += 4) {
    const p = buf + (<usize>i << 2);
    v128.store(p, f32x4.mul(v128.load(p), g));
  }
}
