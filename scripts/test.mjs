// Runs the whole vitest suite and ends with the plain line "N passed, N failed" that CI reads.
// Exits non-zero when anything failed or when no test ran.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + (json.numRuntimeErrorTestSuites ?? 0) ;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} catch (error) {
  console.error(`could not read ${report}: ${error.message}`);
  failed += 1;
}
if (run.status !== 0 && failed === 0) failed = 1; // a crash of the runner itself counts
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
