/**
 * Parameter values → engine calls. One mapping for the plugin's processor and the offline
 * renderer (CLI, tests), so both produce the same mix. Any thread that owns the engine.
 */
import type { EngineExports } from './engine-abi.js';
import { parseStemParamId } from './params.js';
import type { StemRole } from './track.js';

/** Apply one parameter (denormalized value) to the engine; unknown ids are ignored. */
export function applyEngineParameter(engine: EngineExports, id: string, value: number): void {
  if (id === 'masterGain') { engine.setMasterGain(value); return; }
  const stem = parseStemParamId(id);
  if (!stem) return;
  const index = stem.slot - 1;
  if (stem.kind === 'Mute') engine.setStemMute(index, value);
  else if (stem.kind === 'Solo') engine.setStemSolo(index, value);
  else engine.setStemGain(index, value);
}

/** Roles whose stems keep their pitch when the song is transposed (they are still time-stretched). */
const PITCH_KEEPING_ROLES: ReadonlySet<StemRole> = new Set(['drums', 'percussion', 'click']);

export function keepsPitchByDefault(role: StemRole): boolean {
  return PITCH_KEEPING_ROLES.has(role);
}
