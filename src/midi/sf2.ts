/**
 * SoundFont 2 (.sf2) parsing: RIFF `sfbk` → sample data and, per preset, flattened voice zones
 * (key and velocity ranges, sample and loop points, tuning, volume envelope, filter, pan,
 * attenuation) that a synth can voice directly. Pure; main thread or Node. docs/midi.md, "SoundFont".
 *
 * Flattening follows SoundFont 2.04 §8/§9: an instrument's global zone gives defaults to its other
 * zones; a preset's generators are *added* to the instrument's (ranges are intersected); sample
 * address offsets are applied. Modulators are not interpreted (the default modulators — velocity to
 * attenuation and to filter — are the synth's own velocity curve).
 */

/** A SoundFont the parser refuses; `message` is for the musician. */
export class SoundFontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoundFontError';
  }
}

export interface SoundFontSample {
  name: string;
  /** Frames into `SoundFont.sampleData`. `end` is exclusive. */
  start: number;
  end: number;
  loopStart: number;
  loopEnd: number;
  sampleRate: number;
  /** MIDI key at which the sample plays at its recorded pitch, and its correction in cents. */
  originalKey: number;
  correction: number;
  /** 1 mono, 2 right, 4 left, 8 linked (the ROM bit is refused). */
  type: number;
}

/** Volume envelope in seconds and dB (SoundFont timecents and centibels converted). */
export interface VolumeEnvelope {
  delay: number;
  attack: number;
  hold: number;
  decay: number;
  /** Attenuation of the sustain level below the peak, dB (0 = full). */
  sustainDb: number;
  release: number;
}

/** One playable region of a preset: preset zone × instrument zone, everything resolved. */
export interface VoiceZone {
  keyLo: number;
  keyHi: number;
  velLo: number;
  velHi: number;
  sample: number;
  /** Absolute frames in sampleData after the zone's address offsets; `end` exclusive. */
  start: number;
  end: number;
  loopStart: number;
  loopEnd: number;
  /** 0 no loop, 1 loop continuously, 3 loop until release then play on. */
  loopMode: 0 | 1 | 3;
  sampleRate: number;
  /** Key that plays the sample at its recorded pitch. */
  rootKey: number;
  /** Cents added to the pitch: coarse × 100 + fine + the sample's correction. */
  tuneCents: number;
  /** Cents per key (100 = normal keyboard). */
  scaleTuning: number;
  attenuationDb: number;
  /** −1 (left) … 1 (right). */
  pan: number;
  volumeEnvelope: VolumeEnvelope;
  /** Low-pass cutoff in Hz (≥ 13.5 kHz means open) and resonance in dB. */
  filterHz: number;
  filterQDb: number;
  /** Notes with the same non-zero class cut each other (hi-hats). */
  exclusiveClass: number;
}

export interface SoundFontPreset {
  name: string;
  bank: number;
  program: number;
  zones: VoiceZone[];
}

export interface SoundFont {
  name: string;
  /** All sample data, 16-bit, as stored (`smpl`). */
  sampleData: Int16Array;
  samples: SoundFontSample[];
  presets: SoundFontPreset[];
}

/** Generator numbers used here (SoundFont 2.04 §8.1.2). */
export const GEN = {
  startAddrsOffset: 0,
  endAddrsOffset: 1,
  startloopAddrsOffset: 2,
  endloopAddrsOffset: 3,
  startAddrsCoarseOffset: 4,
  initialFilterFc: 8,
  initialFilterQ: 9,
  endAddrsCoarseOffset: 12,
  pan: 17,
  delayVolEnv: 33,
  attackVolEnv: 34,
  holdVolEnv: 35,
  decayVolEnv: 36,
  sustainVolEnv: 37,
  releaseVolEnv: 38,
  instrument: 41,
  keyRange: 43,
  velRange: 44,
  startloopAddrsCoarseOffset: 45,
  keynum: 46,
  velocity: 47,
  initialAttenuation: 48,
  endloopAddrsCoarseOffset: 50,
  coarseTune: 51,
  fineTune: 52,
  sampleID: 53,
  sampleModes: 54,
  scaleTuning: 56,
  exclusiveClass: 57,
  overridingRootKey: 58,
} as const;

/** Generator defaults (§8.1.3) for the ones that are not 0. */
const DEFAULTS: Record<number, number> = {
  [GEN.initialFilterFc]: 13500,
  [GEN.delayVolEnv]: -12000,
  [GEN.attackVolEnv]: -12000,
  [GEN.holdVolEnv]: -12000,
  [GEN.decayVolEnv]: -12000,
  [GEN.releaseVolEnv]: -12000,
  [GEN.keynum]: -1,
  [GEN.velocity]: -1,
  [GEN.scaleTuning]: 100,
  [GEN.overridingRootKey]: -1,
};

/** Generators that only make sense at instrument level (§8.1.2: "not at preset level"). */
const INSTRUMENT_ONLY = new Set<number>([0, 1, 2, 3, 4, 12, 45, 46, 47, 50, 54, 57, 58]);

/** Timecents → seconds. */
export function timecentsToSeconds(tc: number): number {
  return tc <= -32768 ? 0 : Math.pow(2, tc / 1200);
}

/** Absolute cents → Hz (8.176 Hz = 0 cents, the MIDI key 0 frequency). */
export function centsToHz(cents: number): number {
  return 8.176 * Math.pow(2, cents / 1200);
}

interface Chunk {
  id: string;
  start: number;
  size: number;
}

type Gens = Map<number, number>;
interface RawZone {
  gens: Gens;
  /** keyRange / velRange as [lo, hi] (kept apart: they are byte pairs, not amounts). */
  key?: [number, number];
  vel?: [number, number];
}

/**
 * Parse a SoundFont 2 file.
 *
 * @throws SoundFontError naming the file and the problem (`"gm.sf2" is not a valid SoundFont
 *   (truncated "pdta" list).`).
 * @example
 * const sf = parseSoundFont(bytes, { fileName: 'GeneralUser.sf2' });
 * const piano = findPreset(sf, 0, 0);
 * piano?.zones.filter((z) => 60 >= z.keyLo && 60 <= z.keyHi)
 */
export function parseSoundFont(input: Uint8Array | ArrayBuffer, options: { fileName?: string } = {}): SoundFont {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const quoted = JSON.stringify(options.fileName ?? 'SoundFont');
  const invalid = (why: string) => new SoundFontError(`${quoted} is not a valid SoundFont (${why}).`);
  if (bytes.length === 0) throw new SoundFontError(`${quoted} is empty (0 bytes).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'sfbk') throw new SoundFontError(`${quoted} is not a SoundFont (it does not start with "RIFF…sfbk").`);
  const riffEnd = Math.min(bytes.length, 8 + view.getUint32(4, true));
  if (8 + view.getUint32(4, true) > bytes.length) throw invalid('truncated file');

  // Top level: LIST INFO, LIST sdta, LIST pdta.
  const lists = new Map<string, Chunk>();
  for (let pos = 12; pos + 8 <= riffEnd;) {
    const id = tag(pos);
    const size = view.getUint32(pos + 4, true);
    if (pos + 8 + size > riffEnd) throw invalid(`truncated "${id === 'LIST' && pos + 12 <= riffEnd ? tag(pos + 8) : id}" ${id === 'LIST' ? 'list' : 'chunk'}`);
    if (id === 'LIST') lists.set(tag(pos + 8), { id: tag(pos + 8), start: pos + 12, size: size - 4 });
    pos += 8 + size + (size & 1);
  }
  const sub = (list: Chunk | undefined): Map<string, Chunk> => {
    const out = new Map<string, Chunk>();
    if (!list) return out;
    for (let pos = list.start; pos + 8 <= list.start + list.size;) {
      const id = tag(pos);
      const size = view.getUint32(pos + 4, true);
      if (pos + 8 + size > list.start + list.size) throw invalid(`truncated "${id}" chunk`);
      out.set(id, { id, start: pos + 8, size });
      pos += 8 + size + (size & 1);
    }
    return out;
  };
  const info = sub(lists.get('INFO'));
  const sdta = sub(lists.get('sdta'));
  const pdta = sub(lists.get('pdta'));
  if (!lists.has('pdta')) throw invalid('no "pdta" list: no presets');
  const smpl = sdta.get('smpl');
  if (!smpl) throw invalid('no sample data');

  const text = (at: number, length: number) => {
    let s = '';
    for (let i = 0; i < length && bytes[at + i]; i++) s += String.fromCharCode(bytes[at + i]);
    return s.trim();
  };
  const records = (id: string, size: number, min = 2): number[] => {
    const chunk = pdta.get(id);
    if (!chunk) throw invalid(`no "${id}" chunk`);
    if (chunk.size % size !== 0 || chunk.size / size < min) throw invalid(`"${id}" chunk of ${chunk.size} bytes`);
    return Array.from({ length: chunk.size / size }, (_, i) => chunk.start + i * size);
  };

  const name = info.has('INAM') ? text(info.get('INAM')!.start, info.get('INAM')!.size) : '';
  // Sample data: copied (the file's offset may be odd; Int16Array views need alignment).
  const sampleData = new Int16Array(smpl.size >> 1);
  for (let i = 0; i < sampleData.length; i++) sampleData[i] = view.getInt16(smpl.start + 2 * i, true);

  const samples: SoundFontSample[] = records('shdr', 46).slice(0, -1).map((at, i) => {
    const sample = {
      name: text(at, 20),
      start: view.getUint32(at + 20, true),
      end: view.getUint32(at + 24, true),
      loopStart: view.getUint32(at + 28, true),
      loopEnd: view.getUint32(at + 32, true),
      sampleRate: view.getUint32(at + 36, true),
      originalKey: bytes[at + 40],
      correction: view.getInt8(at + 41),
      type: view.getUint16(at + 44, true),
    };
    if (sample.type & 0x8000) throw invalid(`sample ${i + 1} ("${sample.name}") is in ROM`);
    if (sample.end > sampleData.length || sample.start >= sample.end) throw invalid(`sample ${i + 1} ("${sample.name}") lies outside the sample data`);
    if (!(sample.sampleRate >= 400 && sample.sampleRate <= 384000)) throw invalid(`sample ${i + 1} ("${sample.name}") has a rate of ${sample.sampleRate} Hz`);
    if (sample.originalKey > 127) sample.originalKey = 60; // 255 = unpitched: play at key 60 as recorded
    return sample;
  });

  const readZones = (bagId: string, genId: string, headers: number[], bagIndexAt: (at: number) => number): RawZone[][] => {
    const bags = records(bagId, 4);
    const gens = records(genId, 4, 1);
    return headers.slice(0, -1).map((at, h) => {
      const first = bagIndexAt(at);
      const last = bagIndexAt(headers[h + 1]);
      if (first > last || last >= bags.length) throw invalid(`bad zone index in "${bagId}"`);
      const zones: RawZone[] = [];
      for (let b = first; b < last; b++) {
        const g0 = view.getUint16(bags[b], true);
        const g1 = view.getUint16(bags[b + 1], true);
        if (g0 > g1 || g1 > gens.length) throw invalid(`bad generator index in "${bagId}"`);
        const zone: RawZone = { gens: new Map() };
        for (let g = g0; g < g1; g++) {
          const oper = view.getUint16(gens[g], true);
          if (oper === GEN.keyRange) zone.key = [bytes[gens[g] + 2], bytes[gens[g] + 3]];
          else if (oper === GEN.velRange) zone.vel = [bytes[gens[g] + 2], bytes[gens[g] + 3]];
          else if (oper === GEN.instrument || oper === GEN.sampleID || oper === GEN.sampleModes) zone.gens.set(oper, view.getUint16(gens[g] + 2, true));
          else zone.gens.set(oper, view.getInt16(gens[g] + 2, true));
        }
        zones.push(zone);
      }
      return zones;
    });
  };

  const presetHeaders = records('phdr', 38, 1);
  if (presetHeaders.length < 2) throw invalid('no presets');
  const instHeaders = records('inst', 22);
  const instruments = readZones('ibag', 'igen', instHeaders, (at) => view.getUint16(at + 20, true));
  const presetZones = readZones('pbag', 'pgen', presetHeaders, (at) => view.getUint16(at + 24, true));

  const presets: SoundFontPreset[] = presetHeaders.slice(0, -1).map((at, p) => {
    const zones: VoiceZone[] = [];
    const pz = presetZones[p];
    const pGlobal = pz.length > 0 && !pz[0].gens.has(GEN.instrument) ? pz[0] : undefined;
    for (const zone of pz) {
      if (zone === pGlobal || !zone.gens.has(GEN.instrument)) continue;
      const instrument = zone.gens.get(GEN.instrument)!;
      if (instrument >= instruments.length) throw invalid(`preset ${p + 1} uses missing instrument ${instrument}`);
      const iz = instruments[instrument];
      const iGlobal = iz.length > 0 && !iz[0].gens.has(GEN.sampleID) ? iz[0] : undefined;
      for (const inst of iz) {
        if (inst === iGlobal || !inst.gens.has(GEN.sampleID)) continue;
        const voice = flatten(zone, pGlobal, inst, iGlobal, samples, invalid);
        if (voice) zones.push(voice);
      }
    }
    return { name: text(at, 20), program: view.getUint16(at + 20, true), bank: view.getUint16(at + 22, true), zones };
  });
  return { name, sampleData, samples, presets };
}

/** One preset zone × one instrument zone → a voice zone (null if the ranges do not meet). */
function flatten(pz: RawZone, pGlobal: RawZone | undefined, iz: RawZone, iGlobal: RawZone | undefined, samples: SoundFontSample[], invalid: (why: string) => SoundFontError): VoiceZone | null {
  const inst = (g: number) => iz.gens.get(g) ?? iGlobal?.gens.get(g) ?? DEFAULTS[g] ?? 0;
  const preset = (g: number) => (INSTRUMENT_ONLY.has(g) ? 0 : pz.gens.get(g) ?? pGlobal?.gens.get(g) ?? 0);
  const gen = (g: number) => inst(g) + preset(g);
  const range = (kind: 'key' | 'vel'): [number, number] => {
    const a = iz[kind] ?? iGlobal?.[kind] ?? [0, 127];
    const b = pz[kind] ?? pGlobal?.[kind] ?? [0, 127];
    return [Math.max(a[0], b[0]), Math.min(a[1], b[1])];
  };
  const [keyLo, keyHi] = range('key');
  const [velLo, velHi] = range('vel');
  if (keyLo > keyHi || velLo > velHi) return null;
  const index = iz.gens.get(GEN.sampleID)!;
  const sample = samples[index];
  if (!sample) throw invalid(`a zone uses missing sample ${index}`);
  const start = sample.start + inst(GEN.startAddrsOffset) + 32768 * inst(GEN.startAddrsCoarseOffset);
  const end = sample.end + inst(GEN.endAddrsOffset) + 32768 * inst(GEN.endAddrsCoarseOffset);
  const loopStart = sample.loopStart + inst(GEN.startloopAddrsOffset) + 32768 * inst(GEN.startloopAddrsCoarseOffset);
  const loopEnd = sample.loopEnd + inst(GEN.endloopAddrsOffset) + 32768 * inst(GEN.endloopAddrsCoarseOffset);
  const mode = inst(GEN.sampleModes) & 3;
  const loopMode: 0 | 1 | 3 = mode === 1 ? 1 : mode === 3 ? 3 : 0;
  const loopValid = loopStart >= start && loopEnd <= end && loopEnd - loopStart >= 2;
  const overriding = inst(GEN.overridingRootKey);
  return {
    keyLo, keyHi, velLo, velHi,
    sample: index,
    start: Math.max(0, start),
    end: Math.max(start + 1, end),
    loopStart, loopEnd,
    loopMode: loopValid ? loopMode : 0,
    sampleRate: sample.sampleRate,
    rootKey: overriding >= 0 && overriding <= 127 ? overriding : sample.originalKey,
    tuneCents: gen(GEN.coarseTune) * 100 + gen(GEN.fineTune) + sample.correction,
    scaleTuning: gen(GEN.scaleTuning),
    attenuationDb: Math.max(0, gen(GEN.initialAttenuation)) / 10,
    pan: Math.max(-1, Math.min(1, gen(GEN.pan) / 500)),
    volumeEnvelope: {
      delay: timecentsToSeconds(gen(GEN.delayVolEnv)),
      attack: timecentsToSeconds(gen(GEN.attackVolEnv)),
      hold: timecentsToSeconds(gen(GEN.holdVolEnv)),
      decay: timecentsToSeconds(gen(GEN.decayVolEnv)),
      sustainDb: Math.max(0, Math.min(144, gen(GEN.sustainVolEnv) / 10)),
      release: timecentsToSeconds(gen(GEN.releaseVolEnv)),
    },
    filterHz: centsToHz(Math.max(1500, Math.min(13500, gen(GEN.initialFilterFc)))),
    filterQDb: Math.max(0, Math.min(96, gen(GEN.initialFilterQ) / 10)),
    exclusiveClass: inst(GEN.exclusiveClass),
  };
}

/**
 * The preset for a bank and program, General MIDI style: exact match, else the same program in
 * bank 0 (bank 128 for drums, else its program 0), else null.
 */
export function findPreset(sf: SoundFont, bank: number, program: number): SoundFontPreset | null {
  const exact = sf.presets.find((p) => p.bank === bank && p.program === program);
  if (exact) return exact;
  if (bank === 128) return sf.presets.find((p) => p.bank === 128 && p.program === 0) ?? null;
  return sf.presets.find((p) => p.bank === 0 && p.program === program) ?? null;
}

/** The zones that sound for a key and velocity (a layered preset gives several). */
export function zonesFor(preset: SoundFontPreset, key: number, velocity: number): VoiceZone[] {
  return preset.zones.filter((z) => key >= z.keyLo && key <= z.keyHi && velocity >= z.velLo && velocity <= z.velHi);
}

/**
 * Numbers per zone in {@link packZones}' table, in this order (the synth's SoundFont voice reads
 * them; docs/midi.md, "SoundFont"): keyLo keyHi velLo velHi start end loopStart loopEnd loopMode
 * sampleRate rootKey tuneCents scaleTuning attenuationDb pan delay attack hold decay sustainDb
 * release filterHz filterQDb exclusiveClass.
 */
export const ZONE_FIELDS = 24;

/** A preset's zones as one Float64Array (ZONE_FIELDS per zone), transferable to the worklet. */
export function packZones(preset: SoundFontPreset): Float64Array {
  const out = new Float64Array(preset.zones.length * ZONE_FIELDS);
  preset.zones.forEach((z, i) => {
    const e = z.volumeEnvelope;
    out.set([
      z.keyLo, z.keyHi, z.velLo, z.velHi, z.start, z.end, z.loopStart, z.loopEnd, z.loopMode, z.sampleRate,
      z.rootKey, z.tuneCents, z.scaleTuning, z.attenuationDb, z.pan, e.delay, e.attack, e.hold, e.decay, e.sustainDb,
      e.release, z.filterHz, z.filterQDb, z.exclusiveClass,
    ], i * ZONE_FIELDS);
  });
  return out;
}

/** The playback pitch ratio of a zone for a key: how fast to read the sample at `outputRate`. */
export function playbackRatio(zone: VoiceZone, key: number, outputRate: number): number {
  const cents = (key - zone.rootKey) * zone.scaleTuning + zone.tuneCents;
  return Math.pow(2, cents / 1200) * (zone.sampleRate / outputRate);
}
