/**
 * Stem waveforms (and the timeline's ruler), drawn from `stem.peaks` only when a track is shown or
 * an element changes size (one ResizeObserver per GUI). They are drawn on a scratch canvas and shown
 * as images: an image is rastered once, while a visible 2D canvas is copied again every time its
 * part of the page repaints (measured in Chromium: about 1 ms per frame with 16 stems while the
 * clock text changes). The playhead is not drawn here: it is an overlay moved with a transform, so
 * playback never redraws a waveform.
 */
import type { Scope } from './dom.js';

const FALLBACK_COLOR = '#8fa3b8';

/** A gentle curve so quiet passages stay visible (between linear and dB). */
function shape(v: number): number {
  return Math.pow(Math.min(1, v), 0.7);
}

/**
 * Draw `peaks` (0…1 per bucket) as a mirrored envelope filling a `width` × `height` (device pixels)
 * 2D context. Each pixel column shows the max over the buckets it covers, so nothing is lost when
 * zoomed out.
 */
export function drawPeaks(ctx: CanvasRenderingContext2D, width: number, height: number, peaks: Float32Array, color: string): void {
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

/** Draws into `ctx` (device pixels `width` × `height`). */
export type Painter = (ctx: CanvasRenderingContext2D, width: number, height: number) => void;

interface Entry {
  paint: Painter;
  url: string | null;
  width: number;
  height: number;
}

/** Images of one GUI, each painted again when its box changes size. */
export class Waveforms {
  readonly #observer: ResizeObserver;
  readonly #entries = new Map<HTMLImageElement, Entry>();
  /** One scratch canvas: toBlob copies its bitmap when called, so it can be reused at once. */
  #scratch: HTMLCanvasElement | null = null;

  constructor(scope: Scope) {
    this.#observer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const img = entry.target as HTMLImageElement;
        const device = entry.devicePixelContentBoxSize?.[0];
        const dpr = window.devicePixelRatio || 1;
        const width = Math.round(device ? device.inlineSize : entry.contentRect.width * dpr);
        const height = Math.round(device ? device.blockSize : entry.contentRect.height * dpr);
        const item = this.#entries.get(img);
        if (!item || (item.width === width && item.height === height)) continue;
        item.width = width;
        item.height = height;
        this.#render(img, item);
      }
    });
    scope.add(() => {
      this.#observer.disconnect();
      this.clear();
    });
  }

  /** Draw `peaks` into `img` now and whenever it is resized. */
  add(img: HTMLImageElement, peaks: Float32Array, color: string): void {
    this.addPainter(img, (ctx, width, height) => drawPeaks(ctx, width, height, peaks, color));
  }

  /** Paint `img` with `paint` whenever it is resized (or `repaint` is called). */
  addPainter(img: HTMLImageElement, paint: Painter): void {
    this.#entries.set(img, { paint, url: null, width: 0, height: 0 });
    this.#observer.observe(img);
  }

  /** Paint `img` again (its painter's inputs changed). */
  repaint(img: HTMLImageElement): void {
    const item = this.#entries.get(img);
    if (item && item.width > 0) this.#render(img, item);
  }

  /** Forget every image (a new track replaced the rows) and release its blob. */
  clear(): void {
    for (const [img, item] of this.#entries) {
      this.#observer.unobserve(img);
      if (item.url) URL.revokeObjectURL(item.url);
    }
    this.#entries.clear();
  }

  #render(img: HTMLImageElement, item: Entry): void {
    const canvas = (this.#scratch ??= document.createElement('canvas'));
    canvas.width = Math.max(1, item.width);
    canvas.height = Math.max(1, item.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    item.paint(ctx, item.width, item.height);
    canvas.toBlob((blob) => {
      if (!blob || this.#entries.get(img) !== item) return;
      const url = URL.createObjectURL(blob);
      const old = item.url;
      item.url = url;
      img.src = url;
      if (old) URL.revokeObjectURL(old);
    });
  }
}
