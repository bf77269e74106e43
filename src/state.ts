/**
 * The plugin state a host saves: where the track came from, parameter values and settings, with a
 * version. Never the audio. `migrateState` accepts every older shape (and the SDK's own
 * `{ parameterValues }`), so sessions saved by older versions still open.
 */
import type { TrackSource } from './shared/track.js';
import { PARAMETER_IDS } from './shared/params.js';
import { sanitizeSyncSettings, type SyncSettings } from './shared/messages.js';
import { sanitizePractice, type PracticeSettings } from './shared/practice.js';

/**
 * 2: settings gained `barOffset` and `emitTransport` (docs/sync.md); `speed` and `followHostTempo`
 * joined the parameters. A version-1 state opens with those at their defaults (offset 0, no
 * transport output, speed 1, following the host's tempo). Since 2 also (optional, so still version 2):
 * `semitones`/`cents` parameters and `keepsPitch` overrides by stem id.
 * 3: `practice` (loop region, count-in mode, click, trainer: docs/practice.md) and the `loopEnabled`,
 * `clickLevel`, `countInBars` parameters. Older states open with no loop, no click, no trainer.
 */
export const STATE_VERSION = 3;

export interface BacklineState {
  version: number;
  track: TrackSource | null;
  /** Denormalized values by parameter id. */
  params: Record<string, number>;
  settings: SyncSettings;
  /** Per-stem overrides of "keeps its pitch when transposed", by stem id (absent: the role's default). */
  keepsPitch: Record<string, boolean>;
  /** Practice settings (version 3; defaults before). */
  practice: PracticeSettings;
}

/** Turn any saved state into the current shape; unknown ids and non-numbers are dropped. */
export function migrateState(input: unknown): BacklineState {
  const state: BacklineState = {
    version: STATE_VERSION, track: null, params: {}, settings: sanitizeSyncSettings(null), keepsPitch: {}, practice: sanitizePractice(null),
  };
  if (typeof input !== 'object' || input === null) return state;
  const raw = input as Record<string, any>;
  if (typeof raw.version === 'number' && raw.version > STATE_VERSION) {
    throw new Error(`This session was saved by a newer Backline (state version ${raw.version}); update the plugin to open it.`);
  }
  const track = raw.track;
  if (track && track.kind === 'url' && typeof track.url === 'string') state.track = { kind: 'url', url: track.url };
  else if (track && track.kind === 'files' && Array.isArray(track.names)) state.track = { kind: 'files', names: track.names.map(String) };
  // v1 params, or the SDK's { parameterValues: { id: { value } } }.
  const params = raw.params ?? Object.fromEntries(Object.entries(raw.parameterValues ?? {}).map(([id, v]: [string, any]) => [id, v?.value]));
  for (const id of PARAMETER_IDS) {
    const value = params?.[id];
    if (typeof value === 'number' && Number.isFinite(value)) state.params[id] = value;
  }
  // v1 settings hold only barBase; v2 adds barOffset and emitTransport. Bad values take the defaults.
  state.settings = sanitizeSyncSettings(typeof raw.settings === 'object' && raw.settings !== null ? raw.settings : null);
  state.practice = sanitizePractice(raw.practice);
  if (typeof raw.keepsPitch === 'object' && raw.keepsPitch !== null) {
    for (const [id, on] of Object.entries(raw.keepsPitch)) if (typeof on === 'boolean') state.keepsPitch[id] = on;
  }
  return state;
}
