/**
 * A strict Standard MIDI File reader: chunks → tracks of events with absolute ticks. Pure; any
 * thread (main thread or Node). Used by parse.ts; see docs/midi.md ("Why our own reader") for why
 * this is not @tonejs/midi's parser.
 *
 * It checks what a damaged file gets wrong and says where: a missing header, a chunk that runs past
 * the end of the file ("truncated track 3"), an event that runs past the end of its track, a data
 * byte where a status byte must be. Tracks are numbered from 1 in messages, as in every sequencer.
 * Running status is honoured (also across meta and sysex events, as most readers do).
 */

/** A file the reader or the parser refuses; `message` is for the musician. */
export class MidiFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MidiFileError';
  }
}

/** A channel voice message (0x80–0xEF). Note-on with velocity 0 is kept as it is written. */
export interface SmfChannelEvent {
  kind: 'channel';
  tick: number;
  status: number;
  data1: number;
  /** 0 for the one-data-byte messages (program change, channel pressure). */
  data2: number;
}

/** A meta event (0xFF type length data). */
export interface SmfMetaEvent {
  kind: 'meta';
  tick: number;
  type: number;
  data: Uint8Array;
}

export type SmfEvent = SmfChannelEvent | SmfMetaEvent;

export interface SmfTrack {
  /** Events in file order (sysex is skipped). */
  events: SmfEvent[];
  /** Tick of the End of Track event, or of the last event when there is none. */
  endTick: number;
}

export interface SmfFile {
  format: 0 | 1;
  /** Ticks per quarter note, or null for SMPTE time (then `ticksPerSecond` is set). */
  ppq: number | null;
  ticksPerSecond: number | null;
  tracks: SmfTrack[];
}

/** Meta event types the parser reads. */
export const META = {
  text: 0x01,
  trackName: 0x03,
  instrumentName: 0x04,
  marker: 0x06,
  cuePoint: 0x07,
  endOfTrack: 0x2f,
  tempo: 0x51,
  timeSignature: 0x58,
  keySignature: 0x59,
} as const;

/** Data bytes of each channel message type (by status >> 4). */
function dataBytes(status: number): number {
  const type = status >> 4;
  return type === 0xc || type === 0xd ? 1 : 2;
}

/**
 * Read a Standard MIDI File.
 *
 * @param quoted the file's name in quotes, as messages show it (`"song.mid"`).
 * @throws MidiFileError naming the problem and, for damage, the track.
 * @example
 * const smf = readSmf(bytes, '"song.mid"');
 * smf.tracks[0].events.length
 */
export function readSmf(bytes: Uint8Array, quoted: string): SmfFile {
  const invalid = (why: string) => new MidiFileError(`${quoted} is not a valid MIDI file (${why}).`);
  if (bytes.length === 0) throw new MidiFileError(`${quoted} is empty (0 bytes).`);
  if (bytes.length < 4 || String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== 'MThd') {
    // A RIFF-wrapped MIDI (.rmi) has the same data inside an "RMID" RIFF chunk.
    const rmi = unwrapRmi(bytes);
    if (rmi) return readSmf(rmi, quoted);
    throw new MidiFileError(`${quoted} is not a MIDI file (it does not start with "MThd").`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 14) throw invalid('truncated header');
  const headerLength = view.getUint32(4);
  if (headerLength < 6) throw invalid(`header of ${headerLength} bytes, expected 6`);
  if (8 + headerLength > bytes.length) throw invalid('truncated header');
  const format = view.getUint16(8);
  const declaredTracks = view.getUint16(10);
  const division = view.getUint16(12);
  if (format === 2) {
    throw new MidiFileError(`${quoted} is a type 2 MIDI file (independent patterns), which Backline cannot play: export it as type 1.`);
  }
  if (format !== 0 && format !== 1) throw invalid(`unknown format ${format}`);
  let ppq: number | null = null;
  let ticksPerSecond: number | null = null;
  if (division & 0x8000) {
    const fps = 256 - (division >> 8); // two's complement: -24, -25, -29 (29.97), -30
    const perFrame = division & 0xff;
    if (![24, 25, 29, 30].includes(fps) || perFrame === 0) throw invalid(`bad SMPTE time division ${fps} × ${perFrame}`);
    ticksPerSecond = (fps === 29 ? 29.97 : fps) * perFrame;
  } else {
    if (division === 0) throw invalid('0 ticks per quarter note');
    ppq = division;
  }

  const tracks: SmfTrack[] = [];
  let pos = 8 + headerLength;
  while (tracks.length < declaredTracks) {
    if (pos >= bytes.length) {
      throw invalid(tracks.length === 0 ? 'it has no tracks' : `it ends after track ${tracks.length} of ${declaredTracks}`);
    }
    const number = tracks.length + 1;
    if (pos + 8 > bytes.length) throw invalid(`truncated track ${number}`);
    const id = String.fromCharCode(bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]);
    const length = view.getUint32(pos + 4);
    const start = pos + 8;
    if (id !== 'MTrk') {
      if (!/^[\x20-\x7e]{4}$/.test(id)) throw invalid(`garbage where track ${number} should start`);
      if (start + length > bytes.length) throw invalid(`truncated track ${number}`);
      pos = start + length; // an unknown ("alien") chunk: skip it, as the standard says
      continue;
    }
    if (start + length > bytes.length) throw invalid(`truncated track ${number}`);
    tracks.push(readTrack(bytes, start, start + length, number, invalid));
    pos = start + length;
  }
  if (format === 0 && tracks.length !== 1) throw invalid(`a type 0 file with ${tracks.length} tracks`);
  return { format, ppq, ticksPerSecond, tracks };
}

function readTrack(bytes: Uint8Array, start: number, end: number, number: number, invalid: (why: string) => MidiFileError): SmfTrack {
  const events: SmfEvent[] = [];
  let pos = start;
  let tick = 0;
  let running = 0;
  let endTick = -1;
  const truncated = () => invalid(`truncated track ${number}`);
  const varInt = (): number => {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      if (pos >= end) throw truncated();
      const b = bytes[pos++];
      value = value * 128 + (b & 0x7f);
      if (!(b & 0x80)) return value;
    }
    throw invalid(`bad length at byte ${pos - 1} of track ${number}`);
  };
  while (pos < end) {
    tick += varInt();
    if (pos >= end) throw truncated();
    let status = bytes[pos];
    if (status < 0x80) {
      if (!running) throw invalid(`a data byte where an event should start, at byte ${pos} of track ${number}`);
      status = running; // running status: this byte is the first data byte
    } else {
      pos++;
    }
    if (status === 0xff) {
      if (pos >= end) throw truncated();
      const type = bytes[pos++];
      const length = varInt();
      if (pos + length > end) throw truncated();
      const data = bytes.subarray(pos, pos + length);
      pos += length;
      if (type === META.endOfTrack) {
        endTick = tick;
        break; // anything after End of Track is not part of the track
      }
      events.push({ kind: 'meta', tick, type, data });
    } else if (status === 0xf0 || status === 0xf7) {
      const length = varInt();
      if (pos + length > end) throw truncated();
      pos += length; // sysex: not used by Backline
    } else if (status >= 0xf1) {
      throw invalid(`system message 0x${status.toString(16)} inside track ${number}`);
    } else {
      running = status;
      const n = dataBytes(status);
      if (pos + n > end) throw truncated();
      const data1 = bytes[pos];
      const data2 = n === 2 ? bytes[pos + 1] : 0;
      if (data1 > 0x7f || data2 > 0x7f) throw invalid(`a status byte inside an event, at byte ${pos} of track ${number}`);
      pos += n;
      events.push({ kind: 'channel', tick, status, data1, data2 });
    }
  }
  return { events, endTick: endTick >= 0 ? endTick : tick };
}

/** The SMF inside a RIFF "RMID" file, or null. */
function unwrapRmi(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < 20) return null;
  const tag = (at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  if (tag(0) !== 'RIFF' || tag(8) !== 'RMID') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 12; pos + 8 <= bytes.length;) {
    const size = view.getUint32(pos + 4, true);
    if (tag(pos) === 'data') return bytes.subarray(pos + 8, Math.min(bytes.length, pos + 8 + size));
    pos += 8 + size + (size & 1);
  }
  return null;
}

/** Meta text as a string: UTF-8 when it is valid UTF-8, else Latin-1 (what old sequencers wrote). */
export function metaText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return String.fromCharCode(...data);
  }
}
