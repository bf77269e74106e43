// `npm start` (after the build): serves dist/ with the headers a WAM host needs, even a
// cross-origin-isolated one on another origin (see docs/demo.md). PORT overrides 8080.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';

const root = fileURLToPath(new URL('../dist/', import.meta.url));
if (!existsSync(join(root, 'index.js')) || !existsSync(join(root, 'demo', 'index.html'))) {
  console.error('dist/ is not built: run "npm run build" (or "npm start", which builds first).');
  process.exit(1);
}
const port = Number(process.env.PORT || 8080);
const { url } = await startStaticServer({ root, port, isolate: true });
console.log(`Backline demo:   ${url}/demo/`);
console.log(`Plugin (WAM v2): ${url}/index.js`);
console.log('Ctrl+C stops the server.');
