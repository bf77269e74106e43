/**
 * The one error type the loader throws on purpose. Thread: main thread (or Node).
 */

/**
 * A track could not be loaded. `message` is written for the musician: it names the file or the
 * manifest field at fault and says what to change. Lower-level errors (fetch, decoder, zip) are kept
 * as `cause` for logs and the CLI's verbose mode; they are never shown as the message.
 *
 * @example
 * try { await loadTrackData(url, options); }
 * catch (e) { if (e instanceof TrackLoadError) showBanner(e.message); else throw e; }
 */
export class TrackLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrackLoadError';
  }
}
