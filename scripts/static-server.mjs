// A small static file server with the headers cross-origin-isolated WAM hosts need.
// Used by `npm start` (scripts/serve.mjs) and by the end-to-end tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.zip': 'application/zip',
  '.mid': 'audio/midi',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * Headers every plugin file needs so that a host on another origin, even a cross-origin-isolated
 * one (COOP/COEP), may load it. `isolate` also makes the page itself cross-origin isolated.
 */
export function corsHeaders({ isolate = false } = {}) {
  const headers = {
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Cache-Control': 'no-store',
  };
  if (isolate) {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  return headers;
}

/**
 * Serve `root` on 127.0.0.1:`port` (0 picks a free port). Resolves with { server, url }.
 * @param {{ root: string, port?: number, isolate?: boolean, extraHeaders?: Record<string,string> }} options
 */
export function startStaticServer({ root, port = 0, isolate = false, extraHeaders = {} }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = normalize(join(base, decodeURIComponent(url.pathname)));
      if (!path.startsWith(base)) { res.writeHead(403).end(); return; }
      const info = await stat(path).catch(() => null);
      if (info?.isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
        ...corsHeaders({ isolate }),
        ...extraHeaders,
      });
      res.end(body);
    } catch {
      res.writeHead(404, corsHeaders({ isolate })).end('not found');
    }
  });
  return new Promise((resolvePromise) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${address.port}` });
    });
  });
}
