// Real-time contract: the song's tempo map (beats ↔ seconds), read from memory the caller owns
// (laid out by the loader, like the event list). Lookups are O(log points) binary searches; nothing
// allocates. Mirrors src/shared/tempo-map.ts exactly (test/midi/tempo.test.ts): piecewise-constant
// tempo, beats counted from the first downbeat, positions before 0 use the first tempo.

/** Points: `count` × (beat f64, bpm f64, seconds-at-beat f64): 24 bytes each. */
let points: usize = 0;
let count: i32 = 0;
const POINT_BYTES: usize = 24;
/** Map used until one is loaded (and for bad input): 120 BPM. */
const DEFAULT_BPM: f64 = 120;

@inline function beatOf(i: i32): f64 { return load<f64>(points + <usize>i * POINT_BYTES); }
@inline function bpmOf(i: i32): f64 { return load<f64>(points + <usize>i * POINT_BYTES, 8); }
@inline function secondsOf(i: i32): f64 { return load<f64>(points + <usize>i * POINT_BYTES, 16); }

/**
 * Use the tempo map at `ptr`: `n` × (beat, bpm, 0) f64 triples in increasing beat order, the first
 * at beat 0 (the third value of each is filled in here: seconds from beat 0). Message handler only.
 * Returns false (and keeps 120 BPM) for bad input: n < 1, a first beat ≠ 0, beats not increasing,
 * a bpm not in (0, 10000].
 */
export function tempoLoad(ptr: usize, n: i32): bool {
  count = 0;
  if (n < 1 || (ptr & 7) != 0 || <u64>ptr + <u64>n * POINT_BYTES > (<u64>memory.size() << 16)) return false;
  let seconds: f64 = 0;
  for (let i = 0; i < n; i++) {
    const at = ptr + <usize>i * POINT_BYTES;
    const beat = load<f64>(at);
    const bpm = load<f64>(at, 8);
    if (!(bpm > 0 && bpm <= 10000)) return false;
    if (i == 0 ? beat != 0 : !(beat > load<f64>(at - POINT_BYTES))) return false;
    if (i > 0) seconds += (beat - load<f64>(at - POINT_BYTES)) * 60 / load<f64>(at - POINT_BYTES, 8);
    store<f64>(at, seconds, 16);
  }
  points = ptr;
  count = n;
  return true;
}

/** Index of the last point at or before `beat` (0 before the first). */
function pointAtBeat(beat: f64): i32 {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (beatOf(mid) <= beat) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function pointAtSeconds(seconds: f64): i32 {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (secondsOf(mid) <= seconds) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The tempo in force at `beat`. */
export function tempoBpmAt(beat: f64): f64 {
  if (count == 0) return DEFAULT_BPM;
  return bpmOf(pointAtBeat(beat));
}

/** Song beat at `seconds` from the first downbeat. */
export function tempoBeatAt(seconds: f64): f64 {
  if (count == 0) return seconds * DEFAULT_BPM / 60;
  if (seconds < 0) return seconds * bpmOf(0) / 60;
  const i = pointAtSeconds(seconds);
  return beatOf(i) + (seconds - secondsOf(i)) * bpmOf(i) / 60;
}

/** Seconds from the first downbeat at `beat`. */
export function tempoSecondsAt(beat: f64): f64 {
  if (count == 0) return beat * 60 / DEFAULT_BPM;
  if (beat < 0) return beat * 60 / bpmOf(0);
  const i = pointAtBeat(beat);
  return secondsOf(i) + (beat - beatOf(i)) * 60 / bpmOf(i);
}

/** The first tempo change strictly after `beat`, or +Infinity: where a caller cuts its block. */
export function tempoNextChange(beat: f64): f64 {
  if (count == 0) return Infinity;
  const i = pointAtBeat(beat); // before beat 0 the first tempo holds: the first change is point 1
  return i + 1 < count ? beatOf(i + 1) : Infinity;
}
