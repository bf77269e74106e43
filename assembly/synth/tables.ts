// Real-time contract: the organ wavetables are laid out and filled by tablesConfigure() (from
// synthConfigure()); render code reads them. No allocation.
//
// Each table is one period of a drawbar registration whose fundamental is the 16' pitch (half the
// note's frequency), so harmonic h of the table sounds h/2 times the note: 16' = 1, 5⅓' = 3,
// 8' = 2, 4' = 4, 2⅔' = 6, 2' = 8, 1⅗' = 10, 1⅓' = 12, 1' = 16. Four band-limited versions (mips)
// keep harmonics ≤ 16, 8, 4, 2; an oscillator uses the richest one whose top harmonic stays
// below 0.45 × the sample rate, so no registration aliases.

import { ORGAN_TABLES, T_CHURCH, T_CHURCH_SUB, T_HARMONICA, T_JAZZ, T_PERC, T_REED, T_ROCK } from './patches';
import { SINE_SIZE } from './math';

export const TABLE_SIZE: i32 = 2048;
export const MIPS: i32 = 4;
const TABLE_BYTES: usize = <usize>(TABLE_SIZE + 4) << 2;
const HARMONICS: i32 = 16;
const AMPS: usize = memory.data((HARMONICS + 1) << 2, 16);

export function tablesBytes(): usize {
  return <usize>(ORGAN_TABLES * MIPS) * TABLE_BYTES;
}

/** Table `table`, mip `mip`: TABLE_SIZE + 1 f32 (the last repeats the first for interpolation). */
@inline export function tableAt(base: usize, table: i32, mip: i32): usize {
  return base + <usize>(table * MIPS + mip) * TABLE_BYTES;
}

/** The richest mip whose top harmonic (of the 16' table) stays below 0.45 at `incTable` cycles per sample. */
@inline export function mipFor(incTable: f32): i32 {
  if (incTable * 16 < 0.45) return 0;
  if (incTable * 8 < 0.45) return 1;
  if (incTable * 4 < 0.45) return 2;
  return 3;
}

/** Drawbar settings 0–8 → harmonic amplitudes (each step 3 dB). Order: 16' 5⅓' 8' 4' 2⅔' 2' 1⅗' 1⅓' 1'. */
function drawbars(d0: i32, d1: i32, d2: i32, d3: i32, d4: i32, d5: i32, d6: i32, d7: i32, d8: i32): void {
  memory.fill(AMPS, 0, (HARMONICS + 1) << 2);
  setBar(1, d0); setBar(3, d1); setBar(2, d2); setBar(4, d3); setBar(6, d4);
  setBar(8, d5); setBar(10, d6); setBar(12, d7); setBar(16, d8);
}

function setBar(h: i32, setting: i32): void {
  store<f32>(AMPS + (<usize>h << 2), setting > 0 ? <f32>Math.pow(10, -3 * <f64>(8 - setting) / 20) : 0);
}

/** Note harmonics n = 1…8 (table harmonics 2n) with the given amplitudes. */
function noteHarmonics(a1: f32, a2: f32, a3: f32, a4: f32, a5: f32, a6: f32, a7: f32, a8: f32): void {
  memory.fill(AMPS, 0, (HARMONICS + 1) << 2);
  store<f32>(AMPS + (2 << 2), a1); store<f32>(AMPS + (4 << 2), a2); store<f32>(AMPS + (6 << 2), a3); store<f32>(AMPS + (8 << 2), a4);
  store<f32>(AMPS + (10 << 2), a5); store<f32>(AMPS + (12 << 2), a6); store<f32>(AMPS + (14 << 2), a7); store<f32>(AMPS + (16 << 2), a8);
}

/** Sum the harmonics in AMPS into the four mips of `table`, each normalised to peak 1. */
function build(base: usize, sine: usize, table: i32): void {
  for (let mip = 0; mip < MIPS; mip++) {
    const top = HARMONICS >> mip;
    const t = tableAt(base, table, mip);
    let peak: f32 = 0;
    for (let i = 0; i < TABLE_SIZE; i++) {
      let y: f32 = 0;
      for (let h = 1; h <= top; h++) {
        const a = load<f32>(AMPS + (<usize>h << 2));
        // SINE_SIZE = 2 × TABLE_SIZE: sin(2π h i / TABLE_SIZE) is an exact table entry.
        if (a != 0) y += a * load<f32>(sine + (<usize>((h * i * 2) & (SINE_SIZE - 1)) << 2));
      }
      store<f32>(t + (<usize>i << 2), y);
      peak = max(peak, abs(y));
    }
    const scale: f32 = peak > 0 ? 1 / peak : 0;
    for (let i = 0; i < TABLE_SIZE; i++) store<f32>(t + (<usize>i << 2), load<f32>(t + (<usize>i << 2)) * scale);
    store<f32>(t + (<usize>TABLE_SIZE << 2), load<f32>(t));
  }
}

/** Fill every table at `base` (tablesBytes() bytes). `sine` is the sine table (math.ts). */
export function tablesConfigure(base: usize, sine: usize): void {
  drawbars(8, 8, 8, 0, 0, 0, 0, 0, 0); build(base, sine, T_JAZZ);
  drawbars(8, 6, 8, 0, 0, 0, 0, 0, 0); build(base, sine, T_PERC);
  drawbars(8, 8, 8, 6, 0, 0, 0, 0, 4); build(base, sine, T_ROCK);
  drawbars(0, 6, 8, 8, 6, 6, 4, 5, 4); build(base, sine, T_CHURCH);
  drawbars(8, 0, 5, 0, 0, 0, 0, 0, 0); build(base, sine, T_CHURCH_SUB);
  noteHarmonics(1, 0.55, 0.45, 0.32, 0.28, 0.2, 0.17, 0.12); build(base, sine, T_REED);
  noteHarmonics(1, 0.6, 0.7, 0.3, 0.4, 0.2, 0.25, 0.1); build(base, sine, T_HARMONICA);
}
