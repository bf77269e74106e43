/**
 * The parameter schema: ids never change (hosts save automation by id); labels follow the stems.
 * Used by the processor to build its WamParameterInfo map and by the GUI/node to read values.
 */
import type { WamParameterConfiguration } from '@webaudiomodules/api';
import { STEM_SLOTS } from './constants.js';
import { SILENCE_DB } from './units.js';

export type StemParamKind = 'Mute' | 'Solo' | 'Gain';

/** `stem${slot}${kind}` for slot 1…16, e.g. `stem2Mute`. */
export function stemParamId(slot: number, kind: StemParamKind): string {
  return `stem${slot}${kind}`;
}

/** Parses a stem parameter id; null for global parameters. */
export function parseStemParamId(id: string): { slot: number; kind: StemParamKind } | null {
  const m = /^stem(\d{1,2})(Mute|Solo|Gain)$/.exec(id);
  if (!m) return null;
  const slot = Number(m[1]);
  if (slot < 1 || slot > STEM_SLOTS) return null;
  return { slot, kind: m[2] as StemParamKind };
}

export const GAIN_MIN_DB = SILENCE_DB;
export const GAIN_MAX_DB = 12;

/** Range of the `speed` parameter (song seconds per second when not following the host tempo). */
export const SPEED_MIN = 0.25;
export const SPEED_MAX = 2;

/** Range of the `semitones` and `cents` parameters. */
export const SEMITONES_MIN = -12;
export const SEMITONES_MAX = 12;
export const CENTS_MIN = -100;
export const CENTS_MAX = 100;

/** Range of the `clickLevel` parameter (dB; the bottom is silence). */
export const CLICK_LEVEL_MIN_DB = SILENCE_DB;
export const CLICK_LEVEL_MAX_DB = 12;
/** Range of the `countInBars` parameter. */
export const COUNT_IN_MAX_BARS = 4;

export type ParameterSchema = Record<string, WamParameterConfiguration>;

/**
 * The full parameter map. `stemNames[i]` labels slot i+1; empty slots are labelled "Stem N".
 * @example parameterSchema(['Drums', 'Bass']).stem1Mute.label === 'Mute Drums'
 */
export function parameterSchema(stemNames: readonly string[] = []): ParameterSchema {
  const schema: ParameterSchema = {};
  for (let slot = 1; slot <= STEM_SLOTS; slot++) {
    const name = stemNames[slot - 1] || `Stem ${slot}`;
    schema[stemParamId(slot, 'Mute')] = { type: 'boolean', label: `Mute ${name}`, defaultValue: 0 };
    schema[stemParamId(slot, 'Solo')] = { type: 'boolean', label: `Solo ${name}`, defaultValue: 0 };
    schema[stemParamId(slot, 'Gain')] = {
      type: 'float', label: `${name} Gain`, defaultValue: 0, minValue: GAIN_MIN_DB, maxValue: GAIN_MAX_DB, units: 'dB',
    };
  }
  schema.masterGain = {
    type: 'float', label: 'Master Gain', defaultValue: 0, minValue: GAIN_MIN_DB, maxValue: GAIN_MAX_DB, units: 'dB',
  };
  // Transport (docs/sync.md): `speed` applies when not following the host's tempo.
  schema.speed = { type: 'float', label: 'Speed', defaultValue: 1, minValue: SPEED_MIN, maxValue: SPEED_MAX, units: '×' };
  schema.followHostTempo = { type: 'boolean', label: 'Follow Host Tempo', defaultValue: 1 };
  // Key (docs/stretch.md): transposes every stem that does not keep its pitch; tempo is kept.
  schema.semitones = {
    type: 'int', label: 'Transpose', defaultValue: 0, minValue: SEMITONES_MIN, maxValue: SEMITONES_MAX, discreteStep: 1, units: 'st',
  };
  schema.cents = { type: 'float', label: 'Fine Tune', defaultValue: 0, minValue: CENTS_MIN, maxValue: CENTS_MAX, units: 'ct' };
  // Practice (docs/practice.md): the plugin's own loop (standalone), the click's level, the count-in.
  schema.loopEnabled = { type: 'boolean', label: 'Loop', defaultValue: 0 };
  schema.clickLevel = {
    type: 'float', label: 'Click Level', defaultValue: -6, minValue: CLICK_LEVEL_MIN_DB, maxValue: CLICK_LEVEL_MAX_DB, units: 'dB',
  };
  schema.countInBars = {
    type: 'int', label: 'Count-in Bars', defaultValue: 0, minValue: 0, maxValue: COUNT_IN_MAX_BARS, discreteStep: 1, units: 'bars',
  };
  return schema;
}

/** Every parameter id, in a stable order. */
export const PARAMETER_IDS: readonly string[] = Object.keys(parameterSchema());

/** Default value of every parameter. */
export function defaultParameterValues(): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [id, info] of Object.entries(parameterSchema())) values[id] = info.defaultValue ?? 0;
  return values;
}
