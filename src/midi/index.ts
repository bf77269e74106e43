/**
 * MIDI backing tracks on the main thread: parsing a Standard MIDI File into stems, a tempo map,
 * sections and the engine-ready event list (docs/midi.md). Pure; main thread or Node.
 */
export { parseMidiFile, barAtBeat, countNotes, MIDI_DEFAULT_BPM, MidiFileError, type MidiSong, type MidiStem, type ParseOptions, type TimeSignaturePoint } from './parse.js';
export { EVENT_BYTES, MAX_EVENTS, NO_STEM, CC, decodeEvents, eventAt, type MidiEvent, type MidiEventList } from './events.js';
export { DRUM_CHANNEL, GM_DRUM_KITS, GM_DRUM_NAMES, GM_FAMILIES, GM_PROGRAM_NAMES, drumName, programFamily, programName, programRole } from './gm.js';
export { parseSoundFont, findPreset, zonesFor, packZones, playbackRatio, SoundFontError, ZONE_FIELDS, type SoundFont, type SoundFontPreset, type SoundFontSample, type VoiceZone, type VolumeEnvelope } from './sf2.js';
export { midiStemPeaks } from './peaks.js';
