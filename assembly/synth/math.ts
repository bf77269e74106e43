// Real-time contract: lookup tables live in static memory (memory.data) and are filled once by
// mathConfigure() (from synthConfigure()); every function here is branch-light, allocation-free and
// returns finite values for finite input.

export const SINE_SIZE: i32 = 4096;
export const SINE: usize = memory.data((SINE_SIZE + 1) << 2, 16);

/** Fill the sine table (idempotent). */
export function mathConfigure(): void {
  for (let i = 0; i <= SINE_SIZE; i++) {
    store<f32>(SINE + (<usize>i << 2), <f32>Math.sin((2 * Math.PI * <f64>i) / <f64>SINE_SIZE));
  }
}

/** sin(2π·phase) for a phase in cycles (any finite value), table + linear interpolation (error < 1e-6). */
@inline export function sin1(phase: f32): f32 {
  const p = phase - Mathf.floor(phase);
  const x = p * <f32>SINE_SIZE;
  let i = <i32>x;
  const f = x - <f32>i;
  i &= SINE_SIZE - 1;
  const a = load<f32>(SINE + (<usize>i << 2));
  const b = load<f32>(SINE + (<usize>i << 2), 4);
  return a + f * (b - a);
}

/** The fractional part, in [0, 1). */
@inline export function frac(x: f32): f32 {
  return x - Mathf.floor(x);
}

/** 2^x for x in about [−126, 127]; relative error < 3e-6 (0.005 cents as a pitch). */
@inline export function exp2f(x: f32): f32 {
  x = min(max(x, -126), 126);
  const n = Mathf.floor(x + 0.5);
  const f = x - n; // [−0.5, 0.5]
  const p: f32 = 1 + f * (0.6931472 + f * (0.2402265 + f * (0.05550411 + f * (0.009618129 + f * 0.001333356))));
  return reinterpret<f32>((<i32>n + 127) << 23) * p;
}

/** Per-sample multiplier of an exponential decay that falls 60 dB in `t60` seconds. */
export function decayCoef(t60: f64, sampleRate: f64): f32 {
  if (!(t60 > 0)) return 0;
  return <f32>Math.pow(0.001, 1 / (t60 * sampleRate));
}

/** log2 of the 60 dB factor: exp2(−c × T60_LOG2 / (t60 × rate)) is the decay over c frames. */
export const T60_LOG2: f32 = 9.965784;

/** tan(x) for x in [0, 1.45] (filter prewarping), Padé; within 3 % at the top, exact near 0. */
@inline export function tanf(x: f32): f32 {
  const x2 = x * x;
  return x * (15 - x2) / (15 - 6 * x2);
}

/** xorshift32 step; never returns 0 for a non-zero state. */
@inline export function xorshift(s: u32): u32 {
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}

/** A xorshift state as a float in [−1, 1). */
@inline export function bipolar(s: u32): f32 {
  return <f32>(<i32>s) * 4.656613e-10;
}

/** Soft saturation: linear near 0, → ±1 (a rational tanh, clamped so it stays monotonic). */
@inline export function softClip(x: f32): f32 {
  x = min(max(x, -3), 3);
  const x2 = x * x;
  return x * (27 + x2) / (27 + 9 * x2);
}

/** PolyBLEP residual for a unit step at phase 0 of a phase `t` in [0, 1) advancing `dt` per sample. */
@inline export function blep(t: f32, dt: f32): f32 {
  if (t < dt) {
    const x = t / dt;
    return x + x - x * x - 1;
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt;
    return x * x + x + x + 1;
  }
  return 0;
}
