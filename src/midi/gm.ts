/**
 * General MIDI data: the 128 program names, the 16 families, the percussion key map, and the stem
 * role each program implies. Pure data and lookups; any thread.
 *
 * Program numbers here are 0-based (what a Program Change message carries); GM documents print them
 * 1-based ("1 Acoustic Grand Piano" is program 0).
 */
import type { StemRole } from '../shared/track.js';

/** The MIDI channel (0-based) GM reserves for percussion: "channel 10". */
export const DRUM_CHANNEL = 9;

/** GM Level 1 program names, index = program number (0-based). */
export const GM_PROGRAM_NAMES: readonly string[] = [
  // 0 Piano
  'Acoustic Grand Piano', 'Bright Acoustic Piano', 'Electric Grand Piano', 'Honky-tonk Piano',
  'Electric Piano 1', 'Electric Piano 2', 'Harpsichord', 'Clavinet',
  // 8 Chromatic percussion
  'Celesta', 'Glockenspiel', 'Music Box', 'Vibraphone', 'Marimba', 'Xylophone', 'Tubular Bells', 'Dulcimer',
  // 16 Organ
  'Drawbar Organ', 'Percussive Organ', 'Rock Organ', 'Church Organ', 'Reed Organ', 'Accordion', 'Harmonica', 'Tango Accordion',
  // 24 Guitar
  'Acoustic Guitar (nylon)', 'Acoustic Guitar (steel)', 'Electric Guitar (jazz)', 'Electric Guitar (clean)',
  'Electric Guitar (muted)', 'Overdriven Guitar', 'Distortion Guitar', 'Guitar Harmonics',
  // 32 Bass
  'Acoustic Bass', 'Electric Bass (finger)', 'Electric Bass (pick)', 'Fretless Bass', 'Slap Bass 1', 'Slap Bass 2', 'Synth Bass 1', 'Synth Bass 2',
  // 40 Strings
  'Violin', 'Viola', 'Cello', 'Contrabass', 'Tremolo Strings', 'Pizzicato Strings', 'Orchestral Harp', 'Timpani',
  // 48 Ensemble
  'String Ensemble 1', 'String Ensemble 2', 'Synth Strings 1', 'Synth Strings 2', 'Choir Aahs', 'Voice Oohs', 'Synth Voice', 'Orchestra Hit',
  // 56 Brass
  'Trumpet', 'Trombone', 'Tuba', 'Muted Trumpet', 'French Horn', 'Brass Section', 'Synth Brass 1', 'Synth Brass 2',
  // 64 Reed
  'Soprano Sax', 'Alto Sax', 'Tenor Sax', 'Baritone Sax', 'Oboe', 'English Horn', 'Bassoon', 'Clarinet',
  // 72 Pipe
  'Piccolo', 'Flute', 'Recorder', 'Pan Flute', 'Blown Bottle', 'Shakuhachi', 'Whistle', 'Ocarina',
  // 80 Synth lead
  'Lead 1 (square)', 'Lead 2 (sawtooth)', 'Lead 3 (calliope)', 'Lead 4 (chiff)', 'Lead 5 (charang)', 'Lead 6 (voice)', 'Lead 7 (fifths)', 'Lead 8 (bass + lead)',
  // 88 Synth pad
  'Pad 1 (new age)', 'Pad 2 (warm)', 'Pad 3 (polysynth)', 'Pad 4 (choir)', 'Pad 5 (bowed)', 'Pad 6 (metallic)', 'Pad 7 (halo)', 'Pad 8 (sweep)',
  // 96 Synth effects
  'FX 1 (rain)', 'FX 2 (soundtrack)', 'FX 3 (crystal)', 'FX 4 (atmosphere)', 'FX 5 (brightness)', 'FX 6 (goblins)', 'FX 7 (echoes)', 'FX 8 (sci-fi)',
  // 104 Ethnic
  'Sitar', 'Banjo', 'Shamisen', 'Koto', 'Kalimba', 'Bagpipe', 'Fiddle', 'Shanai',
  // 112 Percussive
  'Tinkle Bell', 'Agogo', 'Steel Drums', 'Woodblock', 'Taiko Drum', 'Melodic Tom', 'Synth Drum', 'Reverse Cymbal',
  // 120 Sound effects
  'Guitar Fret Noise', 'Breath Noise', 'Seashore', 'Bird Tweet', 'Telephone Ring', 'Helicopter', 'Applause', 'Gunshot',
];

/** The 16 GM families, index = floor(program / 8). */
export const GM_FAMILIES = [
  'piano', 'chromatic percussion', 'organ', 'guitar', 'bass', 'strings', 'ensemble', 'brass',
  'reed', 'pipe', 'synth lead', 'synth pad', 'synth effects', 'ethnic', 'percussive', 'sound effects',
] as const;
export type GmFamily = (typeof GM_FAMILIES)[number];

/** GM Level 1 percussion key map (channel 10), keys 35–81, plus the GS/GM2 extras 27–34 and 82–87. */
export const GM_DRUM_NAMES: Readonly<Record<number, string>> = {
  27: 'High Q', 28: 'Slap', 29: 'Scratch Push', 30: 'Scratch Pull', 31: 'Sticks', 32: 'Square Click',
  33: 'Metronome Click', 34: 'Metronome Bell',
  35: 'Acoustic Bass Drum', 36: 'Bass Drum 1', 37: 'Side Stick', 38: 'Acoustic Snare', 39: 'Hand Clap',
  40: 'Electric Snare', 41: 'Low Floor Tom', 42: 'Closed Hi-Hat', 43: 'High Floor Tom', 44: 'Pedal Hi-Hat',
  45: 'Low Tom', 46: 'Open Hi-Hat', 47: 'Low-Mid Tom', 48: 'Hi-Mid Tom', 49: 'Crash Cymbal 1', 50: 'High Tom',
  51: 'Ride Cymbal 1', 52: 'Chinese Cymbal', 53: 'Ride Bell', 54: 'Tambourine', 55: 'Splash Cymbal',
  56: 'Cowbell', 57: 'Crash Cymbal 2', 58: 'Vibraslap', 59: 'Ride Cymbal 2', 60: 'Hi Bongo', 61: 'Low Bongo',
  62: 'Mute Hi Conga', 63: 'Open Hi Conga', 64: 'Low Conga', 65: 'High Timbale', 66: 'Low Timbale',
  67: 'High Agogo', 68: 'Low Agogo', 69: 'Cabasa', 70: 'Maracas', 71: 'Short Whistle', 72: 'Long Whistle',
  73: 'Short Guiro', 74: 'Long Guiro', 75: 'Claves', 76: 'Hi Wood Block', 77: 'Low Wood Block',
  78: 'Mute Cuica', 79: 'Open Cuica', 80: 'Mute Triangle', 81: 'Open Triangle',
  82: 'Shaker', 83: 'Jingle Bell', 84: 'Belltree', 85: 'Castanets', 86: 'Mute Surdo', 87: 'Open Surdo',
};

/** GS drum kit names by the program selected on channel 10 (others fall back to "Drums"). */
export const GM_DRUM_KITS: Readonly<Record<number, string>> = {
  0: 'Drums', 8: 'Room Kit', 16: 'Power Kit', 24: 'Electronic Kit', 25: 'TR-808 Kit', 32: 'Jazz Kit', 40: 'Brush Kit', 48: 'Orchestra Kit',
};

/** The GM name of a program (0–127). */
export function programName(program: number): string {
  return GM_PROGRAM_NAMES[program & 127];
}

export function programFamily(program: number): GmFamily {
  return GM_FAMILIES[(program & 127) >> 3];
}

/** The name of a percussion key on channel 10, or "Percussion <key>" outside the map. */
export function drumName(key: number): string {
  return GM_DRUM_NAMES[key] ?? `Percussion ${key}`;
}

/**
 * The stem role a GM program implies (the part's function in the mix, as for audio stems).
 * Families map directly, with these exceptions: saxophones are `brass` (horn sections), the
 * other reeds and the pipes `other`; timpani and the percussive family `percussion`; choirs and
 * voices `vocals`; guitar-like ethnic instruments (sitar, banjo, shamisen, koto) `guitar`.
 *
 * @example programRole(33) // 'bass' (Electric Bass (finger))
 */
export function programRole(program: number): StemRole {
  const p = program & 127;
  if (p === 47) return 'percussion'; // Timpani
  if (p >= 52 && p <= 54) return 'vocals'; // Choir Aahs, Voice Oohs, Synth Voice
  if (p >= 64 && p <= 67) return 'brass'; // saxophones
  if (p >= 104 && p <= 107) return 'guitar'; // Sitar, Banjo, Shamisen, Koto
  switch (p >> 3) {
    case 0: case 1: case 2: return 'keys';
    case 3: return 'guitar';
    case 4: return 'bass';
    case 5: case 6: return 'strings';
    case 7: return 'brass';
    case 10: case 11: case 12: return 'synth';
    case 14: return 'percussion';
    default: return 'other'; // reeds, pipes, ethnic, sound effects
  }
}
