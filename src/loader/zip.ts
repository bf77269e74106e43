/**
 * Zip track packages: list, check, then inflate one file at a time. Thread: main thread (or Node).
 *
 * fflate allocates each file's output from the size the archive declares, so every declared size
 * is checked against LIMITS before anything is inflated: a "zip bomb" (a few KB that claim
 * gigabytes) is refused by its directory alone. Files are inflated only when a stem needs them,
 * so at most one stem's compressed and uncompressed bytes are in memory at once besides the zip.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { LIMITS } from '../shared/constants.js';
import { TrackLoadError } from './errors.js';
import { formatBytes } from './limits.js';
import { normalizePackagePath, PackageFiles, type PackageEntry } from './package-files.js';

/**
 * Open a zip package: check its directory and return its files. Nothing is inflated yet.
 * @param zipName the name used in messages (`"song.zip"`).
 * @throws TrackLoadError for a damaged zip, an unsafe path, or a declared size over the limits.
 */
export function openZip(bytes: Uint8Array, zipName: string): PackageFiles {
  const label = JSON.stringify(zipName);
  const listed: UnzipFileInfo[] = [];
  try {
    // The filter sees every entry's directory record; returning false inflates nothing.
    unzipSync(bytes, { filter: (info) => { listed.push(info); return false; } });
  } catch (e) {
    throw new TrackLoadError(`${label} is not a valid zip file (it may be damaged or incomplete). Download or create it again.`, { cause: e });
  }
  let total = 0;
  const entries: PackageEntry[] = [];
  for (const info of listed) {
    if (info.name.endsWith('/') || info.name.endsWith('\\')) continue; // folder records
    const path = normalizePackagePath(info.name);
    if (path === null) {
      throw new TrackLoadError(`${label} contains a file with an unsafe path (${JSON.stringify(info.name)}) and was not opened. Create the zip again from the track folder.`);
    }
    total += info.originalSize;
    if (total > LIMITS.maxZipUncompressedBytes) {
      throw new TrackLoadError(
        `${label} would unpack to more than ${formatBytes(LIMITS.maxZipUncompressedBytes)}; Backline opens packages up to that size. Use compressed stems (FLAC, Ogg or MP3).`,
      );
    }
    const name = info.name;
    const size = info.originalSize;
    entries.push({ path, size, read: async () => inflateOne(bytes, name, size, label) });
  }
  return new PackageFiles(entries, 'in the package', 'Unpacking');
}

function inflateOne(bytes: Uint8Array, name: string, size: number, label: string): ArrayBuffer {
  let data: Uint8Array | undefined;
  try {
    data = unzipSync(bytes, { filter: (info) => info.name === name })[name];
  } catch (e) {
    throw new TrackLoadError(`${JSON.stringify(name)} in ${label} could not be unpacked (the zip may be damaged, or use a compression Backline cannot read). Create the zip again.`, { cause: e });
  }
  // A size that differs from the declared one means the directory lies or the data is cut short.
  if (!data || data.byteLength !== size) {
    throw new TrackLoadError(`${JSON.stringify(name)} in ${label} is damaged (unpacked ${data?.byteLength ?? 0} bytes, expected ${size}). Create the zip again.`);
  }
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? (data.buffer as ArrayBuffer) : (data.slice().buffer as ArrayBuffer);
}
