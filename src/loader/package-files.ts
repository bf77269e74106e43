/**
 * A track package's files, as a zip or a dropped folder provides them: safe paths, and finding
 * the file a manifest names. Thread: main thread (or Node).
 */
import { TrackLoadError } from './errors.js';
import { checkFileSize } from './limits.js';
import { baseName } from './naming.js';

export interface PackageEntry {
  /** Path inside the package: '/'-separated, no leading './', never '..' or absolute. */
  path: string;
  /** Size in bytes, known before reading (a zip's declared uncompressed size, a File's size). */
  size: number;
  read(): Promise<ArrayBuffer>;
}

/** A stem file's bytes and the name to use in messages and for the decoder. */
export interface StemBytes {
  bytes: ArrayBuffer;
  fileName: string;
}

/** Where a manifest's stem files come from (a package, a folder, a web server). */
export interface StemReader {
  /** What reading means here, for the progress label: "Downloading", "Unpacking", "Reading". */
  readonly verb: string;
  /** Read the file the manifest names for stem `stemName`; throws TrackLoadError when it cannot. */
  read(file: string, stemName: string, onProgress: (fraction: number) => void): Promise<StemBytes>;
}

/**
 * A package path as '/'-separated segments without '.', or null when it is unsafe: absolute
 * ('/x', 'C:\x', 'http://…') or climbing out with '..'. Zip tools on Windows write '\'.
 *
 * @example normalizePackagePath('./audio\\bass.wav') // 'audio/bass.wav'
 */
export function normalizePackagePath(path: string): string | null {
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(slashed)) return null;
  const parts: string[] = [];
  for (const part of slashed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return parts.join('/');
}

/** The folder part of a package path, with its trailing '/' ('' at the root). */
export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** Files the OS adds to folders and archives that are never part of a track. */
export function isJunkPath(path: string): boolean {
  return path.split('/').some((part) => part === '__MACOSX' || part.startsWith('._') || part === '.DS_Store' || part === 'Thumbs.db' || part === 'desktop.ini');
}

/**
 * Files addressed by package path. Lookup is forgiving in the ways musicians' files differ from
 * their manifests: exact path first, then the same path in other letter case (macOS and Windows
 * do not care, the web does), then a unique file with that base name anywhere in the package.
 */
export class PackageFiles {
  private readonly byPath = new Map<string, PackageEntry>();

  /**
   * @param where completes "was not found …": "in the package", "among the dropped files".
   * @param verb the progress label's verb for reading a file: "Unpacking", "Reading".
   */
  constructor(readonly entries: readonly PackageEntry[], readonly where: string, readonly verb: string) {
    for (const e of entries) this.byPath.set(e.path, e);
  }

  find(path: string): PackageEntry | undefined {
    const exact = this.byPath.get(path);
    if (exact) return exact;
    const lower = path.toLowerCase();
    const sameCase = this.entries.filter((e) => e.path.toLowerCase() === lower);
    if (sameCase.length === 1) return sameCase[0];
    const base = baseName(lower);
    const sameName = this.entries.filter((e) => baseName(e.path).toLowerCase() === base);
    return sameName.length === 1 ? sameName[0] : undefined;
  }

  /** A reader for a manifest in folder `root` ('' or 'Song/'). */
  reader(root: string): StemReader {
    return {
      verb: this.verb,
      read: async (file, stemName, onProgress) => {
        const what = `Stem ${JSON.stringify(stemName)}: file ${JSON.stringify(file)}`;
        const relative = normalizePackagePath(file);
        if (relative === null || relative === '') {
          throw new TrackLoadError(`${what} points outside the package. Use a path inside it, like "bass.wav" or "audio/bass.wav".`);
        }
        const entry = this.find(root + relative);
        if (!entry) throw new TrackLoadError(`${what} was not found ${this.where}.`);
        checkFileSize(what, entry.size);
        const bytes = await entry.read();
        onProgress(1);
        return { bytes, fileName: baseName(entry.path) };
      },
    };
  }
}
