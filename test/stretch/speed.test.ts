// Speed figure (printed, not asserted): µs per 128-frame quantum for 1 and 16 stretched stereo stems.
import { it } from 'vitest';
import { warmEngineCalls } from '../../src/shared/engine-abi.js';
import { TestEngine, noise } from '../engine/engine-harness.js';

function measure(stems: number, rate: number, semitones: number): { mean: number; cpu: number; q99: number; worst: number } {
  const sr = 48000;
  const t = new TestEngine(sr, 128);
  warmEngineCalls(t.e); // as the processor does: else V8 compiles a call wrapper inside the 1,000th process()
  const len = sr * 8;
  const tracks = Array.from({ length: stems }, (_, i) => [noise(len, 10 + i, 0.3), noise(len, 40 + i, 0.3)]);
  t.load(tracks);
  t.e.setPitch(semitones, 0);
  t.e.transport(0, sr, 1, rate);
  for (let i = 0; i < 200; i++) t.block(128); // warm-up (priming included)
  // The input buffers are zero since configure(); call process directly so the JS side allocates nothing.
  const times = new Float64Array(1500);
  let ctx = t.t;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < times.length; i++) {
    const a = process.hrtime.bigint();
    t.e.process(ctx, 128);
    times[i] = Number(process.hrtime.bigint() - a) / 1000;
    ctx += 128;
  }
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / times.length; // CPU time: robust to other processes
  times.sort();
  const mean = times.reduce((s, x) => s + x, 0) / times.length;
  return { mean, cpu, q99: times[Math.floor(times.length * 0.99)], worst: times[times.length - 1] };
}

/** The cost of the quantum that starts playback (every stretcher primes in it). */
function startCost(stems: number, rate: number, semitones = 0): number {
  const sr = 48000;
  const t = new TestEngine(sr, 128);
  const len = sr * 4;
  t.load(Array.from({ length: stems }, (_, i) => [noise(len, 10 + i, 0.3), noise(len, 40 + i, 0.3)]));
  t.e.setPitch(semitones, 0);
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    t.e.transport(t.t, sr * (k % 2 ? 1 : 2), 1, rate); // a seek: a new voice primes every stem
    const a = process.hrtime.bigint();
    t.e.process(t.t, 128);
    best = Math.min(best, Number(process.hrtime.bigint() - a) / 1000);
    t.t += 128;
    for (let i = 0; i < 10; i++) t.block(128);
  }
  return best;
}

it('speed (printed)', { timeout: 300_000 }, () => {
  for (const stems of [1, 16]) {
    for (const st of [0, 7]) console.log(`play/seek quantum with ${stems} stereo stem(s) priming, speed 0.75, ${st} st: ${startCost(stems, 0.75, st).toFixed(0)} µs`);
  }
  for (const [stems, rate, st] of [[1, 0.75, 0], [1, 0.75, 3], [16, 0.75, 0], [16, 1.25, 3]] as const) {
    const m = measure(stems, rate, st);
    const rt = (128 / 48000) * 1e6 / (m.cpu / stems);
    console.log(`${stems} stereo stem(s), speed ${rate}, ${st} st: CPU ${m.cpu.toFixed(1)} µs/quantum (wall mean ${m.mean.toFixed(1)}, q99 ${m.q99.toFixed(1)}, worst ${m.worst.toFixed(1)}); ${rt.toFixed(0)}× real time per stem`);
  }
});
