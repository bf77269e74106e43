/**
 * A `fetch` for Node that also reads `file:` URLs, so the CLI loads a local manifest, package or
 * audio file through the same code path as the browser (stems resolve relative to the manifest's
 * file URL). Other URLs go to the global fetch. Node only: not imported by the browser bundle.
 *
 * @example
 * import { pathToFileURL } from 'node:url';
 * await loadTrackData(pathToFileURL('songs/blue/backline.json'), { sampleRate: 48000, decoder: wavDecoder, fetch: fileFetch });
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

export const fileFetch: typeof fetch = async (input, init) => {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const url = new URL(href);
  if (url.protocol !== 'file:') return globalThis.fetch(input, init);
  init?.signal?.throwIfAborted();
  try {
    const info = await stat(url);
    if (!info.isFile()) return new Response(null, { status: 404, statusText: 'Not Found' });
    // A stream, not readFile: the loader checks Content-Length against its limits before reading.
    const body = Readable.toWeb(createReadStream(url)) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers: { 'content-length': String(info.size) } });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return new Response(null, { status: 404, statusText: 'Not Found' });
    if (code === 'EACCES' || code === 'EPERM') return new Response(null, { status: 403, statusText: 'Forbidden' });
    throw e;
  }
};
