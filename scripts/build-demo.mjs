// Builds the demo into dist/demo/ (run by `npm run build` as `node scripts/build-demo.mjs`):
//   dist/demo/song/backline.json + one 16-bit 44.1 kHz WAV per stem  (rendered by src/demo)
//   dist/demo/song.zip                                               (the same package, zipped)
//   dist/demo/index.html + dist/demo/host.js                         (the demo host page)
// The song is re-rendered only when the code that renders it changed (a hash of the bundled
// renderer), or with --force. Usage: node scripts/build-demo.mjs [--force] [outDir]
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const started = Date.now();
const args = process.argv.slice(2);
const force = args.includes('--force');
// outDir is taken relative to where the command ran; everything else to the repository root.
const outDir = resolve(args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('../dist/demo', import.meta.url)));
const repo = fileURLToPath(new URL('..', import.meta.url));
process.chdir(repo);
const writer = 'build/demo/write-demo.mjs';
const stampFile = 'build/demo/song.hash';

// 1. The song: bundle the Node writer, then run it unless its output is already there and current.
await build({
  entryPoints: ['src/demo/write-demo.ts'],
  outfile: writer,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  absWorkingDir: repo,
  logLevel: 'warning',
});
const hash = createHash('sha256').update(readFileSync(writer)).update(outDir).digest('hex');
const manifestPath = join(outDir, 'song', 'backline.json');
const upToDate = !force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash
  && existsSync(manifestPath) && existsSync(join(outDir, 'song.zip'))
  && JSON.parse(readFileSync(manifestPath, 'utf8')).stems.every((s) => existsSync(join(outDir, 'song', s.file)));
if (upToDate) {
  console.log(`demo song: up to date (${relative('.', outDir)}/song, song.zip)`);
} else {
  const { writeDemo } = await import(`${pathToFileURL(resolve(writer)).href}?${hash.slice(0, 12)}`);
  const report = writeDemo(outDir);
  writeFileSync(stampFile, hash);
  console.log(`demo song: rendered in ${(report.renderMs / 1000).toFixed(1)} s, wrote ${report.files.length} files `
    + `(zip ${(report.zipBytes / 1e6).toFixed(1)} MB) in ${(report.totalMs / 1000).toFixed(1)} s`);
}

// 2. The host page: one browser bundle (the WAM SDK's host setup included) and its HTML.
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: ['demo/host.ts'],
  outfile: join(outDir, 'host.js'),
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  absWorkingDir: repo,
  logLevel: 'warning',
});
copyFileSync('demo/index.html', join(outDir, 'index.html'));
console.log(`demo: built ${relative('.', outDir)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
