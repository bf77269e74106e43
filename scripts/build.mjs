// Builds the plugin into dist/: the engine (wasm), the worklet processor, the module bundle,
// the descriptor, and the demo (song + host page). `node scripts/build.mjs` = `npm run build`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const started = Date.now();
mkdirSync('dist', { recursive: true });

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// 1. The engine: AssemblyScript → dist/backline.wasm (target "dist" in asconfig.json).
run('npx', ['asc', 'assembly/index.ts', '--target', 'dist']);

// 2. The processor, loaded with audioWorklet.addModule(): one self-contained ES module. esnext keeps
//    class fields native (a lower target moves them into helpers outside the worklet's scope).
await build({
  entryPoints: ['src/processor/worklet.ts'],
  outfile: 'dist/processor.js',
  bundle: true,
  format: 'esm',
  target: 'esnext',
  sourcemap: true,
  logLevel: 'warning',
});

// 3. The module (default export: the WebAudioModule class), with the GUI and the loader.
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});

copyFileSync('descriptor.json', 'dist/descriptor.json');

// 4. The command line (`backline render`), for Node: the same loader and engine, offline.
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// 5. The demo: the project's own song and the demo host page.
if (existsSync('scripts/build-demo.mjs')) run('node', ['scripts/build-demo.mjs']);

console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
