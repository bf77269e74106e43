/**
 * Progress over a whole load, in spans. Thread: main thread (or Node).
 */
import type { LoadProgress } from '../shared/view.js';

/**
 * Reports `{label, fraction}` where each step owns a span of 0…1 laid out in advance, so the
 * fraction only ever grows, however the steps report inside their span. Reports within a step are
 * thinned to whole percents: a streamed download would otherwise call the GUI per network chunk.
 */
export class Progress {
  private reported = -1;
  private label = '';

  constructor(private readonly onProgress?: (p: LoadProgress) => void) {}

  /** Start a step covering `from…to` of the load; returns a reporter for the fraction within it. */
  step(label: string, from: number, to: number): (fraction: number) => void {
    this.label = label;
    this.emit(from, true);
    return (fraction: number) => this.emit(from + (to - from) * Math.min(1, Math.max(0, fraction)), false);
  }

  /** The load is complete. */
  done(label: string): void {
    this.label = label;
    this.emit(1, true);
  }

  private emit(fraction: number, force: boolean): void {
    if (!this.onProgress) return;
    const f = Math.max(this.reported, fraction);
    if (!force && Math.floor(f * 100) === Math.floor(this.reported * 100)) return;
    this.reported = f;
    this.onProgress({ label: this.label, fraction: f });
  }
}
