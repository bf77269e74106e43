/**
 * Builds a wasm for the tests when it is missing or older than its sources, with the same asc
 * command as the real build. Parallel test workers take a lock (a directory) so only one compiles;
 * it builds into a private file and renames, so nobody sees a half-written wasm.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../', import.meta.url));

export interface WasmBuild {
  /** The wasm to produce (absolute). */
  wasmPath: string;
  /** Files and folders (absolute; folders one level deep) whose changes make it stale. */
  sources: string[];
  /** A name for the lock and the temporary output. */
  name: string;
  /** asc arguments, given the temporary output file. */
  ascArgs(outFile: string): string[];
}

function newestSource(sources: string[]): number {
  let newest = 0;
  for (const source of sources) {
    const info = statSync(source);
    newest = Math.max(newest, info.mtimeMs);
    if (info.isDirectory()) for (const f of readdirSync(source)) newest = Math.max(newest, statSync(`${source}/${f}`).mtimeMs);
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureWasmBuilt(build: WasmBuild): void {
  const fresh = () => existsSync(build.wasmPath) && statSync(build.wasmPath).mtimeMs >= newestSource(build.sources);
  if (fresh()) return;
  mkdirSync(`${REPO}build`, { recursive: true });
  mkdirSync(dirname(build.wasmPath), { recursive: true });
  const lock = `${REPO}build/${build.name}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (fresh()) return;
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true }); // a crashed holder
      sleep(100);
    }
  }
  try {
    if (fresh()) return;
    const tmp = `${REPO}build/${build.name}-${process.pid}.wasm`;
    execFileSync(process.execPath, [`${REPO}node_modules/assemblyscript/bin/asc.js`, ...build.ascArgs(tmp)], { cwd: REPO, stdio: 'pipe' });
    renameSync(tmp, build.wasmPath);
    for (const ext of ['.js', '.d.ts']) rmSync(tmp.replace(/\.wasm$/, ext), { force: true });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
