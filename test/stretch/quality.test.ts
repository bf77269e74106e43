// Log-spectral distance to a synthesized ground truth (STRETCH.md definitions), printed, not asserted:
// the tuning aid for slice 6. Tonal material only (chord, plucks, vibrato voice), so the ideal output
// is exactly defined at any speed and transposition.
import { it } from 'vitest';
import { TestEngine } from '../engine/engine-harness.js';
import { fftInPlace } from './stretch-harness.js';

const SR = 48000;

/** The programme at speed `speed` (durations ÷ speed) and pitch factor `f`, `seconds` of source long. */
function programme(seconds: number, speed: number, f: number): Float32Array {
  const n = Math.round((seconds * SR) / speed);
  const x = new Float32Array(n);
  const chord = [220, 277.18, 329.63];
  const ph = new Float64Array(chord.length * 4);
  let vph = 0;
  for (let i = 0; i < n; i++) {
    const ts = (i / SR) * speed; // source time
    let s = 0;
    // Sustained chord in the first third, with a slow swell.
    if (ts < seconds / 3) {
      chord.forEach((fr, c) => {
        for (let h = 1; h <= 4; h++) {
          ph[c * 4 + h - 1] += (2 * Math.PI * fr * h * f) / SR;
          s += (0.05 / h) * Math.sin(ph[c * 4 + h - 1]) * (0.7 + 0.3 * Math.sin(2 * Math.PI * 0.5 * ts));
        }
      });
    } else if (ts < (2 * seconds) / 3) {
      // Plucks every 0.4 s: 1 ms attack (kept), decay 0.15 s of source time.
      const k = Math.floor((ts - seconds / 3) / 0.4);
      const t0 = seconds / 3 + 0.4 * k;
      const dt = (i - Math.round((t0 * SR) / speed)) / SR; // output time since onset
      const fr = [440, 660, 550, 495][k % 4] * f;
      const env = Math.min(1, dt / 0.001) * Math.exp((-dt * speed) / 0.15);
      for (let h = 1; h <= 3; h++) s += (0.15 / h) * env * Math.sin(2 * Math.PI * fr * h * dt);
    } else {
      // Vibrato voice: 330 Hz ± 30 cents at 5.5 Hz of source time.
      const fr = 330 * f * 2 ** ((30 / 1200) * Math.sin(2 * Math.PI * 5.5 * ts));
      vph += (2 * Math.PI * fr) / SR;
      for (let h = 1; h <= 5; h++) s += (0.12 / h) * Math.sin(h * vph);
    }
    x[i] = s;
  }
  return x;
}

function stft(x: Float32Array, from: number, to: number): Float64Array[] {
  const frames: Float64Array[] = [];
  const w = Float64Array.from({ length: 2048 }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 2048));
  for (let s = from; s + 2048 <= to; s += 512) {
    const re = new Float64Array(2048), im = new Float64Array(2048);
    for (let i = 0; i < 2048; i++) re[i] = x[s + i] * w[i];
    fftInPlace(re, im);
    frames.push(Float64Array.from({ length: 1025 }, (_, k) => re[k] * re[k] + im[k] * im[k]));
  }
  return frames;
}

function lsd(out: Float32Array, ideal: Float32Array, from: number, to: number): { fine: number; band: number } {
  const a = stft(out, from, to), b = stft(ideal, from, to);
  const k0 = Math.ceil((50 * 2048) / SR), k1 = Math.floor((16000 * 2048) / SR);
  const edges = Array.from({ length: 41 }, (_, i) => Math.round(((50 * (16000 / 50) ** (i / 40)) * 2048) / SR));
  let fine = 0, band = 0, count = 0;
  for (let f = 0; f < a.length; f++) {
    let e = 0, mx = 0, mxa = 0;
    for (let k = k0; k <= k1; k++) { e += b[f][k]; mx = Math.max(mx, b[f][k]); mxa = Math.max(mxa, a[f][k]); }
    if (e < 1e-8) continue;
    const fl = (p: number, m: number): number => 10 * Math.log10(Math.max(p, m * 1e-6));
    let s = 0;
    for (let k = k0; k <= k1; k++) s += (fl(a[f][k], mxa) - fl(b[f][k], mx)) ** 2;
    fine += Math.sqrt(s / (k1 - k0 + 1));
    let sb = 0, nb = 0;
    for (let j = 0; j < 40; j++) {
      let pa = 0, pb = 0;
      for (let k = edges[j]; k < Math.max(edges[j] + 1, edges[j + 1]); k++) { pa += a[f][k]; pb += b[f][k]; }
      sb += (fl(pa, mxa) - fl(pb, mx)) ** 2;
      nb++;
    }
    band += Math.sqrt(sb / nb);
    count++;
  }
  return { fine: fine / count, band: band / count };
}

it('LSD to the ground truth (printed)', { timeout: 300_000 }, () => {
  const seconds = 6;
  const src = programme(seconds, 1, 1);
  const names = ['chord', 'plucks', 'vibrato'];
  for (const [speed, st] of [[0.75, 0], [1.25, 0], [1, 3], [1, -5], [0.75, 3], [1.25, -5]] as const) {
    const f = 2 ** (st / 12);
    const ideal = programme(seconds, speed, f);
    const t = new TestEngine(SR, 128);
    t.load([[src, src]]);
    t.e.setPitch(st, 0);
    t.e.transport(0, 0, 1, speed);
    const out = t.render(ideal.length, undefined, 128).left;
    const parts = names.map((name, p) => {
      const from = Math.round(((p * seconds) / 3 / speed) * SR) + 4800, to = Math.round((((p + 1) * seconds) / 3 / speed) * SR) - 4800;
      const r = lsd(out, ideal, from, to);
      return `${name} ${r.fine.toFixed(2)}/${r.band.toFixed(2)}`;
    });
    console.log(`speed ${speed}, ${st} st: LSD fine/band dB: ${parts.join(', ')}`);
  }
});
