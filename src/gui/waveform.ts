/**
 * Stem waveforms on canvases, drawn from `stem.peaks` only when a track is shown or a canvas
 * changes size (one ResizeObserver per GUI). The playhead is not drawn here: it is a CSS overlay
 * moved with a transform, so playback never repaints a canvas.
 */
import type { Scope } from './dom.js';

const FALLBACK_COLOR = '#8fa3b8';

/** A gentle curve so quiet passages stay visible (between linear and dB). */
function shape(v: number): number {
  return Math.pow(Math.min(1, v), 0.7);
}

/**
 * Draw `peaks` (0…1 per bucket) as a mirrored envelope filling `canvas` (device pixels).
 * Each pixel column shows the max over the buckets it covers, so nothing is lost when zoomed out.
 */
export function drawPeaks(canvas: HTMLCanvasElement, peaks: Float32Array, color: string): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  if (width === 0 || height === 0) return;
  const mid = height / 2;
  ctx.fillStyle = 'rgba(255,255,255,0.08)';
  ctx.fillRect(0, Math.floor(mid), width, 1);
  const n = peaks.length;
  if (n === 0) return;
  ctx.fillStyle = FALLBACK_COLOR;
  ctx.fillStyle = color; // ignored by the canvas when not a valid CSS colour
  // Two layers: the max of each column (the envelope, translucent) and the mean of the peaks in it
  // (the body, opaque), so dense material such as drums still shows its dynamics when zoomed out.
  const half = mid * 0.92;
  const envelope = new Path2D();
  const body = new Path2D();
  for (let x = 0; x < width; x++) {
    const i0 = Math.floor((x * n) / width);
    const i1 = Math.min(n, Math.max(i0 + 1, Math.floor(((x + 1) * n) / width)));
    let peak = 0;
    let sum = 0;
    for (let i = i0; i < i1; i++) {
      const v = peaks[i]!;
      if (v > peak) peak = v;
      sum += v;
    }
    if (!(peak > 0)) continue;
    const top = Math.max(0.5, shape(peak) * half);
    const mean = Math.max(0.5, shape(sum / (i1 - i0)) * half);
    envelope.rect(x, mid - top, 1, top * 2);
    body.rect(x, mid - mean, 1, mean * 2);
  }
  ctx.globalAlpha = 0.45;
  ctx.fill(envelope);
  ctx.globalAlpha = 1;
  ctx.fill(body);
}

/** Canvases of one GUI, each redrawn when its box changes size. */
export class Waveforms {
  readonly #observer: ResizeObserver;
  readonly #draws = new Map<Element, () => void>();

  constructor(scope: Scope) {
    this.#observer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const canvas = entry.target as HTMLCanvasElement;
        const device = entry.devicePixelContentBoxSize?.[0];
        const dpr = window.devicePixelRatio || 1;
        const width = Math.round(device ? device.inlineSize : entry.contentRect.width * dpr);
        const height = Math.round(device ? device.blockSize : entry.contentRect.height * dpr);
        if (canvas.width !== width) canvas.width = width;
        if (canvas.height !== height) canvas.height = height;
        this.#draws.get(canvas)?.();
      }
    });
    scope.add(() => {
      this.#observer.disconnect();
      this.#draws.clear();
    });
  }

  /** Draw `peaks` into `canvas` now and whenever it is resized. */
  add(canvas: HTMLCanvasElement, peaks: Float32Array, color: string): void {
    this.#draws.set(canvas, () => drawPeaks(canvas, peaks, color));
    this.#observer.observe(canvas);
  }

  /** Forget canvases that were removed (a new track replaced the rows). */
  clear(): void {
    for (const canvas of this.#draws.keys()) this.#observer.unobserve(canvas);
    this.#draws.clear();
  }
}
