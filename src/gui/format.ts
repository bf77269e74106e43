/**
 * Text the GUI shows: positions, times, levels, sizes. Pure functions, no DOM; unit-tested in
 * test/unit/gui-format.test.ts. Minus signs are U+2212 (typographic, read as "minus").
 */
import type { TrackDescription } from '../shared/track.js';
import type { Decibels, Seconds } from '../shared/units.js';
import { SILENCE_DB } from '../shared/units.js';
import type { BarBeat } from './time-map.js';

export const MINUS = '\u2212';

/** `bar.beat`, e.g. "12.3"; bars before the downbeat show as 0 or below ("0.4", "−1.1"). */
export function formatBarBeat({ bar, beat }: BarBeat): string {
  return `${bar < 0 ? MINUS : ''}${Math.abs(bar)}.${beat}`;
}

/**
 * `m:ss.t` (tenths truncated, like a clock), e.g. 83.46 → "1:23.4".
 * @example formatClock(-1.5) === '−0:01.5'
 */
export function formatClock(seconds: Seconds): string {
  if (!Number.isFinite(seconds)) return '0:00.0';
  const tenths = Math.floor(Math.abs(seconds) * 10 + 1e-6);
  const m = Math.floor(tenths / 600);
  const s = Math.floor((tenths % 600) / 10);
  const t = tenths % 10;
  const sign = seconds < 0 && tenths > 0 ? MINUS : '';
  return `${sign}${m}:${s < 10 ? '0' : ''}${s}.${t}`;
}

/** Whole seconds as `m:ss`, for spoken values that should not change ten times a second. */
export function formatClockCoarse(seconds: Seconds): string {
  return formatClock(seconds).replace(/\.\d$/, '');
}

/**
 * A fader level without unit: "+3.5", "0.0", "−6.0"; the fader bottom (−60 dB) and below is "−∞".
 * @example formatDb(-60) === '−∞'
 */
export function formatDb(db: Decibels): string {
  if (Number.isNaN(db)) return '0.0';
  if (db <= SILENCE_DB) return `${MINUS}\u221e`;
  const rounded = Math.round(db * 10) / 10;
  if (rounded === 0) return '0.0';
  return `${rounded > 0 ? '+' : MINUS}${Math.abs(rounded).toFixed(1)}`;
}

/** A fader level for screen readers (aria-valuetext): "−6.0 dB", "−∞ dB". */
export function formatDbSpoken(db: Decibels): string {
  return `${formatDb(db)} dB`;
}

/** Bytes as megabytes (10⁶), e.g. "147.5 MB"; whole numbers from 100 MB up. */
export function formatMegabytes(bytes: number): string {
  const mb = Math.max(0, Number.isFinite(bytes) ? bytes : 0) / 1e6;
  return `${mb >= 100 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** A tempo without needless decimals: 96 → "96", 92.5 → "92.5", 119.999 → "120". */
export function formatBpm(bpm: number): string {
  return String(Math.round(bpm * 100) / 100);
}

/** A speed factor as a percentage of the song's tempo: 1 → "100%", 0.855 → "86%". */
export function formatPercent(speed: number): string {
  return `${Math.round((Number.isFinite(speed) ? speed : 1) * 100)}%`;
}

/** The speed as musicians say it: a percentage of the song's tempo (0.85 → "85%"). */
export const formatSpeed = formatPercent;

/** "A minor · 96 BPM · 4/4"; a changing tempo shows its range ("90–120 BPM"). */
export function formatTrackMeta(track: Pick<TrackDescription, 'key' | 'tempoMap' | 'timeSignature'>): string {
  const parts: string[] = [];
  if (track.key) parts.push(track.key);
  const bpms = track.tempoMap.map((p) => p.bpm).filter((b) => Number.isFinite(b) && b > 0);
  if (bpms.length > 0) {
    const lo = Math.min(...bpms);
    const hi = Math.max(...bpms);
    parts.push(lo === hi ? `${formatBpm(lo)} BPM` : `${formatBpm(lo)}\u2013${formatBpm(hi)} BPM`);
  }
  parts.push(`${track.timeSignature[0]}/${track.timeSignature[1]}`);
  return parts.join(' \u00b7 ');
}

/** A parameter value as a boolean toggle state. */
export function isOn(value: number | undefined): boolean {
  return value !== undefined && value >= 0.5;
}
