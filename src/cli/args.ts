/**
 * `backline render` arguments → validated options. Errors are one-line messages (UsageError).
 * Pure; Node main thread.
 */
export class UsageError extends Error {}

export interface RenderOptions {
  input: string;
  output: string;
  speed: number | null;
  bpm: number | null;
  semitones: number;
  cents: number;
  mute: string[];
  solo: string[];
  fromBar: number | null;
  toBar: number | null;
  sampleRate: number;
}

export const USAGE = `usage: backline render <track> -o out.wav [--speed R | --bpm B] [--semitones N] [--cents C]
                      [--mute ids] [--solo ids] [--from BAR] [--to BAR] [--sample-rate HZ]
  <track>  a backline.json manifest, a .zip track package, or one audio file (WAV, FLAC, Ogg Vorbis, MP3)
  ids      comma-separated stem ids (see the manifest, or the ids printed by --list)`;

const NUMBER_FLAGS = new Set(['--speed', '--bpm', '--semitones', '--cents', '--from', '--to', '--sample-rate']);
const LIST_FLAGS = new Set(['--mute', '--solo']);

function parseNumber(flag: string, text: string | undefined, min: number, max: number, integer = false): number {
  if (text === undefined) throw new UsageError(`${flag} needs a value`);
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} ${text}: expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

export function parseRenderArgs(argv: readonly string[]): RenderOptions {
  if (argv[0] !== 'render') throw new UsageError(argv.length ? `unknown command "${argv[0]}"\n${USAGE}` : USAGE);
  const options: RenderOptions = {
    input: '', output: '', speed: null, bpm: null, semitones: 0, cents: 0, mute: [], solo: [],
    fromBar: null, toBar: null, sampleRate: 48000,
  };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-o' || arg === '--output') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a file name`);
      options.output = value;
    } else if (NUMBER_FLAGS.has(arg)) {
      const text = argv[++i];
      switch (arg) {
        case '--speed': options.speed = parseNumber(arg, text, 0.25, 2); break;
        case '--bpm': options.bpm = parseNumber(arg, text, 10, 1000); break;
        case '--semitones': options.semitones = parseNumber(arg, text, -12, 12, true); break;
        case '--cents': options.cents = parseNumber(arg, text, -100, 100); break;
        case '--from': options.fromBar = parseNumber(arg, text, 1, 1e6, true); break;
        case '--to': options.toBar = parseNumber(arg, text, 1, 1e6, true); break;
        default: options.sampleRate = parseNumber(arg, text, 8000, 192000, true); break;
      }
    } else if (LIST_FLAGS.has(arg)) {
      const text = argv[++i];
      if (!text) throw new UsageError(`${arg} needs comma-separated stem ids`);
      const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
      if (arg === '--mute') options.mute.push(...ids); else options.solo.push(...ids);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    } else if (!options.input) {
      options.input = arg;
    } else {
      throw new UsageError(`more than one track given ("${options.input}", "${arg}")`);
    }
  }
  if (!options.input) throw new UsageError(`no track given\n${USAGE}`);
  if (!options.output) throw new UsageError('no output file given (-o out.wav)');
  if (!/\.wav$/i.test(options.output)) throw new UsageError(`the output must be a .wav file (got "${options.output}")`);
  if (options.speed !== null && options.bpm !== null) throw new UsageError('give --speed or --bpm, not both');
  if (options.fromBar !== null && options.toBar !== null && options.toBar <= options.fromBar) {
    throw new UsageError(`--to ${options.toBar} must come after --from ${options.fromBar}`);
  }
  return options;
}
