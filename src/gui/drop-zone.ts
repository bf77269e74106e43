/**
 * Getting files in: drag and drop of files or folders onto the GUI, and an "Open stems…" picker.
 * Both end in `view.loadTrack(files)`. Dropped folders are walked with `webkitGetAsEntry()`; each
 * File keeps its path inside the drop as `webkitRelativePath` (e.g. "My Song/stems/Bass.wav"), so a
 * loader can resolve a manifest's relative `file` entries.
 */
import { h, Scope } from './dom.js';

/** What the picker accepts: audio, track packages, manifests, MIDI, SoundFonts. */
export const ACCEPT = 'audio/*,.wav,.mp3,.ogg,.oga,.flac,.m4a,.aac,.opus,.webm,.zip,.json,.mid,.midi,.sf2';

/** The subset of the File and Directory Entries API the walker uses (mockable in tests). */
export interface EntryLike {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  readonly fullPath: string;
  file?(success: (file: File) => void, failure?: (error: unknown) => void): void;
  createReader?(): { readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void };
}

/** Hidden OS litter that is never part of a track. */
function isJunk(name: string): boolean {
  return name.startsWith('.') || name === 'Thumbs.db' || name === 'desktop.ini' || name === '__MACOSX';
}

/** Give `file` a `webkitRelativePath` (the native one is read-only and empty for dropped files). */
export function withRelativePath(file: File, path: string): File {
  if (file.webkitRelativePath === path) return file;
  try {
    Object.defineProperty(file, 'webkitRelativePath', { value: path, configurable: true });
  } catch {
    // A frozen or exotic File: keep it as it is; the name alone still loads single files.
  }
  return file;
}

function entryFile(entry: EntryLike): Promise<File> {
  return new Promise((resolve, reject) => {
    if (!entry.file) reject(new Error(`Cannot read ${entry.name}`));
    else entry.file(resolve, reject);
  });
}

async function readAll(entry: EntryLike): Promise<EntryLike[]> {
  const reader = entry.createReader?.();
  if (!reader) return [];
  const all: EntryLike[] = [];
  // readEntries returns at most ~100 entries per call; call until it returns none.
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * All files under the given entries (folders walked depth-first, names sorted for a stable order),
 * each with its relative path. Hidden files (".DS_Store", "__MACOSX") are skipped.
 */
export async function collectEntryFiles(entries: readonly EntryLike[]): Promise<File[]> {
  const files: File[] = [];
  const walk = async (entry: EntryLike): Promise<void> => {
    if (isJunk(entry.name)) return;
    if (entry.isFile) {
      const file = await entryFile(entry);
      files.push(withRelativePath(file, entry.fullPath.replace(/^\/+/, '') || entry.name));
    } else if (entry.isDirectory) {
      const children = await readAll(entry);
      children.sort((a, b) => a.name.localeCompare(b.name));
      for (const child of children) await walk(child);
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}

/**
 * The files of a drop. Entries must be taken synchronously inside the drop event (the data
 * transfer is emptied afterwards), so this does that first and walks folders afterwards.
 */
export function filesFromDataTransfer(data: DataTransfer): Promise<File[]> {
  const entries: EntryLike[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = (item.webkitGetAsEntry?.() ?? null) as EntryLike | null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(data.files ?? []));
  return collectEntryFiles(entries).then((files) => [...files, ...loose.filter((f) => !isJunk(f.name))]);
}

function hasFiles(e: DragEvent): boolean {
  return !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
}

/**
 * Make `target` accept drops; toggles the `dragging` class on `target` while files hover over it.
 * `onFiles` receives the collected files (never an empty list).
 */
export function bindDropTarget(scope: Scope, target: HTMLElement, onFiles: (files: File[]) => void): void {
  let depth = 0;
  const set = (on: boolean) => target.classList.toggle('dragging', on);
  scope.on(target, 'dragenter', (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    set(true);
  });
  scope.on(target, 'dragover', (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  scope.on(target, 'dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) set(false);
  });
  scope.on(target, 'drop', (e: DragEvent) => {
    depth = 0;
    set(false);
    if (!e.dataTransfer) return;
    e.preventDefault();
    void filesFromDataTransfer(e.dataTransfer)
      .then((files) => {
        if (files.length > 0 && !scope.disposed) onFiles(files);
      })
      .catch((error) => console.warn('backline-gui: could not read the dropped files', error));
  });
}

/**
 * An "Open stems…" button bound to a hidden multi-file input.
 * Returns the button and the input (the input must be placed in the tree too).
 */
export function createOpenButton(scope: Scope, className: string, onFiles: (files: File[]) => void): { button: HTMLButtonElement; input: HTMLInputElement } {
  const input = h('input', { type: 'file', multiple: true, accept: ACCEPT, hidden: true, tabindex: -1, 'aria-hidden': 'true' });
  const button = h('button', { type: 'button', class: className }, 'Open stems\u2026');
  scope.on(button, 'click', () => input.click());
  scope.on(input, 'change', () => {
    const files = Array.from(input.files ?? []);
    input.value = ''; // picking the same files again must fire 'change' again
    if (files.length > 0) onFiles(files);
  });
  return { button, input };
}
