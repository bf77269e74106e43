/**
 * Metronome click: a decaying cosine that starts at its peak on the exact beat frame, so the
 * onset is sample-accurate (tests find it at the beat, not a few samples later).
 */

/** One click, mono. Accents (bar downbeats) are higher and louder. */
export function click(sampleRate: number, accent: boolean): Float32Array {
  const out = new Float32Array(Math.round(0.04 * sampleRate));
  const hz = accent ? 1760 : 1320;
  const level = accent ? 1 : 0.62;
  const tau = 0.006;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    // A raised-cosine fade over the last quarter so the click ends on exact zero (digital silence between beats).
    const tailStart = out.length * 0.75;
    const fade = i < tailStart ? 1 : 0.5 + 0.5 * Math.cos(Math.PI * (i - tailStart) / (out.length - tailStart));
    out[i] = level * Math.cos(2 * Math.PI * hz * t) * Math.exp(-t / tau) * fade;
  }
  return out;
}
