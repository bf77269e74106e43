// `npm run bench` (after `npm run build`): bundles the benchmark (TypeScript) with esbuild into
// build/bench.mjs and runs it in a fresh Node process. Flags pass through:
//   --quick            shorter material (about half)          --engines=rubberband-r3,backline,…
//   --cases=speed0.75,pitch+3,…                               --no-write  (do not update bench/results/)
//   --selftest         run bench/metrics.selftest.ts instead (the metrics measured on themselves)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const selftest = args.includes('--selftest');
const outfile = `${root}build/${selftest ? 'bench-selftest' : 'bench'}.mjs`;

mkdirSync(`${root}build`, { recursive: true });
await build({
  entryPoints: [`${root}bench/${selftest ? 'metrics.selftest.ts' : 'main.ts'}`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external', // the peers load from node_modules as their authors ship them
  sourcemap: 'inline',
  logLevel: 'warning',
});

// --expose-gc: drive.ts settles the heap before each timed loop. --no-flush-bytecode: V8 otherwise drops
// the bytecode of functions unused for a few GCs (the adapters' render paths, during the metrics of
// the previous case) and recompiles them inside the next run's first timed quantum.
const run = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', '--no-flush-bytecode', outfile, ...args.filter((a) => a !== '--selftest')], {
  cwd: root,
  env: { ...process.env, BACKLINE_ROOT: root },
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
