/**
 * SoundTouch (WSOLA) via `soundtouch-ts`, pure JavaScript, interleaved stereo. Driven as a pull
 * stream: each quantum puts 128-frame chunks of the source and calls `process()` until 128 frames
 * are queued at the output, then receives 128. `tempo` = speed, `pitchSemitones` = semitones.
 *
 * Thread: the benchmark's main thread only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SoundTouch } from 'soundtouch-ts';
import { QUANTUM, SAMPLE_RATE, type Semitones, type Stereo } from '../types.js';
import { SourceCursor, type Engine } from './engine.js';

const require = createRequire(import.meta.url);

export function soundtouch(): Engine {
  const version = (JSON.parse(readFileSync(require.resolve('soundtouch-ts/package.json'), 'utf8')) as { version: string }).version;
  let st: SoundTouch;
  let cursor: SourceCursor;
  const chunkL = new Float32Array(QUANTUM);
  const chunkR = new Float32Array(QUANTUM);
  const interleaved = new Float32Array(2 * QUANTUM);
  let semis = 0;
  let tempo = 1;

  return {
    id: 'soundtouch',
    label: `SoundTouch (WSOLA, JS), soundtouch-ts ${version}`,
    notes: 'default settings (automatic sequence/seek window, quick seek); 128-frame input chunks until 128 frames are queued',
    unsupported: () => null,
    unsupportedAutomation: () => null,

    async start(source: Stereo, speed: number, semitones: Semitones): Promise<void> {
      st = new SoundTouch(SAMPLE_RATE);
      st.tempo = speed;
      st.pitchSemitones = semitones;
      tempo = speed;
      semis = semitones;
      cursor = new SourceCursor(source);
    },

    set(speed: number, semitones: Semitones): void {
      if (speed !== tempo) st.tempo = speed;
      if (semitones !== semis) st.pitchSemitones = semitones;
      tempo = speed;
      semis = semitones;
    },

    render(left: Float32Array, right: Float32Array): void {
      for (let guard = 0; st.outputBuffer.frameCount < QUANTUM && guard < 64; guard++) {
        cursor.read(QUANTUM, chunkL, chunkR);
        for (let i = 0; i < QUANTUM; i++) {
          interleaved[2 * i] = chunkL[i];
          interleaved[2 * i + 1] = chunkR[i];
        }
        st.inputBuffer.putSamples(interleaved);
        st.process();
      }
      const got = Math.min(QUANTUM, st.outputBuffer.frameCount);
      st.outputBuffer.receiveSamples(interleaved, got);
      for (let i = 0; i < got; i++) {
        left[i] = interleaved[2 * i];
        right[i] = interleaved[2 * i + 1];
      }
      left.fill(0, got);
      right.fill(0, got);
    },

    consumed: () => cursor.position,
    reportedLatency: () => null,
    stop(): void {},
  };
}
