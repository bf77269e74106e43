/**
 * What was given to `loadTrack` → a plan: the manifest (read, or made up from audio file names),
 * where its stem files come from, and what to save in state. Thread: main thread (or Node).
 *
 * | input                                   | becomes                                              |
 * |-----------------------------------------|------------------------------------------------------|
 * | URL of a `.json`                        | that manifest; stems fetched relative to it           |
 * | URL of a `.zip`                         | the package's `backline.json` (root or one folder)    |
 * | URL of an audio file                    | a one-stem track                                      |
 * | URL of a `.mid`/`.midi`                 | a MIDI track (src/loader/midi.ts, before planning)    |
 * | URL without a known extension           | downloaded, then recognised by its first bytes        |
 * | files with a `backline.json`            | that manifest; stems matched among the files          |
 * | one `.zip` file                         | as a zip URL                                          |
 * | audio files                             | one stem per file, named and given roles from names   |
 */
import { STEM_SLOTS } from '../shared/constants.js';
import type { TrackSource } from '../shared/track.js';
import type { TrackSourceInput } from '../shared/view.js';
import { TrackLoadError } from './errors.js';
import { download, type FetchContext } from './http.js';
import { checkFileSize, checkManifestSize } from './limits.js';
import { MANIFEST_NAME, parseManifest, type Manifest } from './manifest.js';
import { baseName, extensionOf, isAudioName, isMidiName, naturalCompare, slugify, stemNamesFromFiles, stripExtension, uniqueIds, AUDIO_EXTENSIONS } from './naming.js';
import { dirName, isJunkPath, normalizePackagePath, PackageFiles, type PackageEntry, type StemReader } from './package-files.js';
import { guessRole } from './roles.js';
import { openZip } from './zip.js';

export interface TrackPlan {
  manifest: Manifest;
  reader: StemReader;
  source: TrackSource;
  warnings: string[];
}

export interface PlanContext extends FetchContext {
  /** Progress of the opening step (manifest or package download), 0…1. */
  onProgress: (fraction: number) => void;
}

const AUDIO_LIST = AUDIO_EXTENSIONS.filter((e) => e !== 'wave').map((e) => `.${e}`).join(', ');

/** The message for a MIDI file given as a track. */
export function midiNotSupported(name: string): TrackLoadError {
  return new TrackLoadError(
    `${JSON.stringify(name)} is a MIDI file. MIDI tracks are not supported yet: load audio stems (WAV, FLAC, MP3, …), a track folder or a .zip package instead.`,
  );
}

/**
 * Work out what `input` is and read its manifest (downloading or unpacking as needed).
 * @throws TrackLoadError for anything a musician has to fix.
 */
export async function planSource(input: TrackSourceInput, ctx: PlanContext): Promise<TrackPlan> {
  if (typeof input === 'string' || input instanceof URL) return planUrl(resolveUrl(input), ctx);
  return planFiles(Array.from(input), ctx);
}

/** A string or URL as an absolute URL; relative strings resolve against the page (in a browser). */
export function resolveUrl(input: string | URL): URL {
  if (input instanceof URL) return input;
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(input.trim(), base);
  } catch (e) {
    throw new TrackLoadError(`${JSON.stringify(input)} is not a valid address. Give a full URL like https://example.com/songs/my-song/backline.json.`, { cause: e });
  }
}

/** The file name a URL points at, decoded ("My Song.wav"), or '' for a bare folder or host. */
export function fileNameOfUrl(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

// ---------------------------------------------------------------------------------------------
// URLs

async function planUrl(url: URL, ctx: PlanContext): Promise<TrackPlan> {
  const name = fileNameOfUrl(url) || url.host || url.href;
  const label = JSON.stringify(name);
  const source: TrackSource = { kind: 'url', url: url.href };
  const ext = extensionOf(name);
  if (isMidiName(name)) throw midiNotSupported(name);
  if (isAudioName(name)) {
    const direct: StemReader = {
      verb: 'Downloading',
      read: async (_file, _stem, onProgress) => {
        const { bytes } = await download(url, label, ctx, { checkSize: (n) => checkFileSize(label, n), onProgress });
        return { bytes, fileName: name };
      },
    };
    return singleAudioPlan(name, direct, source);
  }

  const isJson = ext === 'json';
  const { bytes, finalUrl } = await download(url, isJson ? name : label, ctx, {
    checkSize: (n) => (isJson ? checkManifestSize(name, n) : checkFileSize(label, n)),
    onProgress: ctx.onProgress,
  });
  const kind = ext === 'json' ? 'manifest' : ext === 'zip' ? 'zip' : sniff(new Uint8Array(bytes));
  if (kind === 'manifest') {
    checkManifestSize(name, bytes.byteLength);
    const manifest = parseManifest(decodeText(bytes, name), name);
    return { manifest, reader: urlReader(finalUrl, ctx), source, warnings: [] };
  }
  if (kind === 'zip') return planZip(openZip(new Uint8Array(bytes), name), name, source);
  if (kind === 'midi') throw midiNotSupported(name);
  // Unknown extension and not a zip, manifest or MIDI: try it as one audio file; the decoder has
  // the last word (and its message says the format is unreadable if it is not audio).
  const once: StemReader = { verb: 'Reading', read: async () => ({ bytes, fileName: name }) };
  return singleAudioPlan(name, once, source);
}

function urlReader(base: URL, ctx: FetchContext): StemReader {
  return {
    verb: 'Downloading',
    async read(file, stemName, onProgress) {
      const what = `Stem ${JSON.stringify(stemName)}: file ${JSON.stringify(file)}`;
      let url: URL;
      try {
        url = new URL(file, base);
      } catch (e) {
        throw new TrackLoadError(`${what} is not a valid file name or address.`, { cause: e });
      }
      const { bytes } = await download(url, what, ctx, { checkSize: (n) => checkFileSize(what, n), onProgress });
      return { bytes, fileName: fileNameOfUrl(url) || file };
    },
  };
}

type Sniffed = 'zip' | 'manifest' | 'midi' | 'other';

/** Recognise a download without a telling extension by its first bytes. */
function sniff(bytes: Uint8Array): Sniffed {
  const at = (i: number, text: string) => [...text].every((c, k) => bytes[i + k] === c.charCodeAt(0));
  if (at(0, 'PK\x03\x04') || at(0, 'PK\x05\x06')) return 'zip';
  if (at(0, 'MThd')) return 'midi';
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b /* { */ ? 'manifest' : 'other';
}

function decodeText(bytes: ArrayBuffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new TrackLoadError(`${name} is not UTF-8 text. Save it as UTF-8 in your editor.`, { cause: e });
  }
}

// ---------------------------------------------------------------------------------------------
// Zip packages

/**
 * A zip's plan: its `backline.json` at the root or inside one top folder (stem paths relative to
 * it), or, with no manifest, its audio files as stems.
 */
async function planZip(files: PackageFiles, zipName: string, source: TrackSource): Promise<TrackPlan> {
  const usable = files.entries.filter((e) => !isJunkPath(e.path));
  const manifests = usable.filter((e) => baseName(e.path).toLowerCase() === MANIFEST_NAME && e.path.split('/').length <= 2);
  if (manifests.length > 0) {
    const entry = shallowest(manifests, `${JSON.stringify(zipName)} contains`);
    checkManifestSize(MANIFEST_NAME, entry.size);
    const manifest = parseManifest(decodeText(await entry.read(), MANIFEST_NAME), MANIFEST_NAME);
    return { manifest, reader: files.reader(dirName(entry.path)), source, warnings: [] };
  }
  return audioFilesPlan(usable, stripExtension(zipName), files, source, `${JSON.stringify(zipName)} has no ${MANIFEST_NAME} and no audio files`);
}

/** The least deeply nested of several manifests; two at the same depth are ambiguous. */
function shallowest(manifests: PackageEntry[], where: string): PackageEntry {
  const depth = (e: PackageEntry) => e.path.split('/').length;
  const sorted = [...manifests].sort((a, b) => depth(a) - depth(b));
  if (sorted.length > 1 && depth(sorted[0]) === depth(sorted[1])) {
    throw new TrackLoadError(
      `${where} ${sorted.length} ${MANIFEST_NAME} files (${sorted.map((e) => JSON.stringify(e.path)).join(', ')}). Load one track at a time.`,
    );
  }
  return sorted[0];
}

// ---------------------------------------------------------------------------------------------
// File lists (the GUI's drop zone and file picker)

async function planFiles(list: File[], ctx: PlanContext): Promise<TrackPlan> {
  if (list.length === 0) throw new TrackLoadError('No files were given. Drop a track folder, a .zip package or audio files.');
  // A picked or dropped folder gives each file a webkitRelativePath "Folder/sub/file.wav"; the top
  // folder is the track's, so paths inside the package start below it.
  const relative = list.map((f) => f.webkitRelativePath || f.name);
  const topFolders = new Set(relative.filter((r) => r.includes('/')).map((r) => r.slice(0, r.indexOf('/'))));
  const entries: PackageEntry[] = [];
  list.forEach((file, i) => {
    const path = normalizePackagePath(relative[i].includes('/') ? relative[i].slice(relative[i].indexOf('/') + 1) : relative[i]);
    if (path === null || path === '' || isJunkPath(path)) return;
    entries.push({ path, size: file.size, read: () => file.arrayBuffer() });
  });
  const files = new PackageFiles(entries, 'among the dropped files', 'Reading');
  const source: TrackSource = { kind: 'files', names: relative };

  const manifests = entries.filter((e) => baseName(e.path).toLowerCase() === MANIFEST_NAME);
  if (manifests.length > 0) {
    const entry = shallowest(manifests, 'The dropped files contain');
    checkManifestSize(MANIFEST_NAME, entry.size);
    const manifest = parseManifest(decodeText(await entry.read(), MANIFEST_NAME), MANIFEST_NAME);
    return { manifest, reader: files.reader(dirName(entry.path)), source, warnings: [] };
  }

  const audio = entries.filter((e) => isAudioName(e.path));
  const zips = entries.filter((e) => extensionOf(e.path) === 'zip');
  if (audio.length === 0 && zips.length === 1) {
    const zip = zips[0];
    const label = JSON.stringify(baseName(zip.path));
    checkFileSize(label, zip.size);
    ctx.onProgress(0);
    const bytes = new Uint8Array(await zip.read());
    ctx.onProgress(1);
    return planZip(openZip(bytes, baseName(zip.path)), baseName(zip.path), source);
  }
  if (audio.length === 0 && zips.length > 1) {
    throw new TrackLoadError(`${zips.length} .zip packages were dropped. Drop one track package at a time.`);
  }
  const title = topFolders.size === 1 ? [...topFolders][0] : '';
  const plan = audioFilesPlan(entries, title, files, source, 'The dropped files contain no audio');
  if (zips.length > 0) plan.warnings.push(`Ignored ${zips.map((z) => JSON.stringify(baseName(z.path))).join(', ')}: the dropped audio files were loaded as the track.`);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Tracks made from audio file names

/**
 * Every audio file a stem, in natural order of file name; names, ids and roles from the names.
 * `title` is used when given, else the name prefix the files share, else "Untitled".
 */
function audioFilesPlan(entries: readonly PackageEntry[], title: string, files: PackageFiles, source: TrackSource, noAudio: string): TrackPlan {
  const audio = entries.filter((e) => isAudioName(e.path));
  if (audio.length === 0) {
    const midi = entries.find((e) => isMidiName(e.path));
    if (midi) throw midiNotSupported(baseName(midi.path));
    throw new TrackLoadError(`${noAudio}. Backline plays audio files (${AUDIO_LIST}) or a track package with a ${MANIFEST_NAME}.`);
  }
  if (audio.length > STEM_SLOTS) {
    throw new TrackLoadError(`${audio.length} audio files were given, but a track can have at most ${STEM_SLOTS} stems. Combine some stems or leave some out.`);
  }
  const sorted = [...audio].sort((a, b) => naturalCompare(baseName(a.path), baseName(b.path)) || naturalCompare(a.path, b.path));
  const { names, common } = stemNamesFromFiles(sorted.map((e) => baseName(e.path)));
  const ids = uniqueIds(names.map(slugify));
  const manifest: Manifest = {
    version: 1,
    title: title || common || (sorted.length === 1 ? names[0] : 'Untitled'),
    timeSignature: [4, 4],
    downbeat: 0,
    sections: [],
    stems: sorted.map((e, i) => ({ id: ids[i], name: names[i], file: e.path, role: guessRole(names[i]), gain: 0 })),
  };
  return { manifest, reader: files.reader(''), source, warnings: [] };
}

/** A one-stem track from a single audio file. */
function singleAudioPlan(fileName: string, reader: StemReader, source: TrackSource): TrackPlan {
  const name = stemNamesFromFiles([fileName]).names[0];
  const manifest: Manifest = {
    version: 1,
    title: name,
    timeSignature: [4, 4],
    downbeat: 0,
    sections: [],
    stems: [{ id: slugify(name), name, file: fileName, role: guessRole(name), gain: 0 }],
  };
  return { manifest, reader, source, warnings: [] };
}
