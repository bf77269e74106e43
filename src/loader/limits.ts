/**
 * The size and length limits of LIMITS (src/shared/constants.ts), checked before anything big is
 * allocated, with messages that say what to do. Pure; any thread.
 */
import { LIMITS } from '../shared/constants.js';
import type { Seconds } from '../shared/units.js';
import { TrackLoadError } from './errors.js';

/** "1.5 GB", "820 MB", "12 KB": binary units, as file managers show them. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) { value /= 1024; u++; }
  const digits = u === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${units[u]}`;
}

/** "3 min 5 s", "20 min", "45 s". */
export function formatDuration(seconds: Seconds): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts = [h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : '', rest > 0 || s === 0 ? `${rest} s` : ''];
  return parts.filter(Boolean).join(' ');
}

/** "1.5 GB", or "over 1 GB" when rounding would make a size just past the limit read as the limit. */
function sizeOver(bytes: number, limit: number): string {
  const text = formatBytes(bytes);
  return text === formatBytes(limit) ? `over ${text}` : text;
}

/** Throws when one file is larger than LIMITS.maxFileBytes. `what` names it: `"bass.wav"`. */
export function checkFileSize(what: string, bytes: number): void {
  if (bytes > LIMITS.maxFileBytes) {
    throw new TrackLoadError(
      `${what} is ${sizeOver(bytes, LIMITS.maxFileBytes)}; Backline opens files up to ${formatBytes(LIMITS.maxFileBytes)}. Export it compressed (FLAC, Ogg or MP3) or split it.`,
    );
  }
}

/** Throws when a stem is longer than LIMITS.maxDurationSeconds. */
export function checkDuration(what: string, seconds: Seconds): void {
  if (seconds > LIMITS.maxDurationSeconds) {
    throw new TrackLoadError(
      `${what} is ${formatDuration(seconds)} long; Backline plays songs up to ${formatDuration(LIMITS.maxDurationSeconds)}. Trim the audio or split the song.`,
    );
  }
}

/** Throws when a manifest is larger than LIMITS.maxManifestBytes (it is JSON text, never that big). */
export function checkManifestSize(what: string, bytes: number): void {
  if (bytes > LIMITS.maxManifestBytes) {
    throw new TrackLoadError(`${what} is ${sizeOver(bytes, LIMITS.maxManifestBytes)}; a track manifest is at most ${formatBytes(LIMITS.maxManifestBytes)}. Is it really a Backline manifest?`);
  }
}
