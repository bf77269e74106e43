/**
 * Downloads with limits and progress, and errors a musician can act on. Thread: main thread (or Node).
 */
import { TrackLoadError } from './errors.js';

export interface FetchContext {
  fetch: typeof fetch;
  signal?: AbortSignal;
}

export interface DownloadOptions {
  /** Throws (a TrackLoadError) when `bytes` is over the limit; called with the declared size first, then as data arrives. */
  checkSize: (bytes: number) => void;
  onProgress?: (fraction: number) => void;
}

export interface Download {
  bytes: ArrayBuffer;
  /** The URL the data came from after redirects: relative paths in a manifest resolve against it. */
  finalUrl: URL;
}

/**
 * GET `url` into memory. `what` starts every message: `"song.zip"` or `Stem "Bass": file "bass.wav"`.
 * The size is checked against the Content-Length before the body is read, and again while it
 * streams in (servers may send none, or a compressed length).
 */
export async function download(url: URL, what: string, ctx: FetchContext, options: DownloadOptions): Promise<Download> {
  ctx.signal?.throwIfAborted();
  let response: Response;
  try {
    response = await ctx.fetch(url.href, { signal: ctx.signal });
  } catch (e) {
    ctx.signal?.throwIfAborted();
    throw new TrackLoadError(
      `${what} could not be downloaded from ${url.href}: the server did not answer. Check the address and your connection; a server on another site must allow cross-origin requests (CORS).`,
      { cause: e },
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    if (url.protocol === 'file:') {
      // The CLI reads local files through fileFetch (file-fetch.ts): speak of files, not HTTP.
      const problem = response.status === 404 ? 'was not found' : 'could not be read';
      throw new TrackLoadError(`${what} ${problem} (${decodeURIComponent(url.pathname)}).`);
    }
    throw new TrackLoadError(`${what} could not be downloaded (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} at ${url.href}).`);
  }
  const finalUrl = response.url ? new URL(response.url) : url;
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > 0) {
    try {
      options.checkSize(declared);
    } catch (e) {
      await response.body?.cancel().catch(() => undefined); // release the connection or file
      throw e;
    }
  }
  if (!response.body) {
    const bytes = await response.arrayBuffer();
    options.checkSize(bytes.byteLength);
    return { bytes, finalUrl };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      options.checkSize(received);
      chunks.push(value);
      if (declared > 0) options.onProgress?.(received / declared);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    ctx.signal?.throwIfAborted();
    if (e instanceof TrackLoadError) throw e;
    throw new TrackLoadError(`${what} could not be downloaded completely from ${url.href}: the connection broke off. Try again.`, { cause: e });
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.byteLength; }
  return { bytes: out.buffer, finalUrl };
}
