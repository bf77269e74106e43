// Shared by the end-to-end test pages: a WAM host in an OfflineAudioContext (public WAM API only)
// and measurements made in the page, so long renders never cross into the test process.
import { initializeWamHost } from '/node_modules/@webaudiomodules/sdk/dist/index.js';

const pluginUrl = new URLSearchParams(location.search).get('plugin') ?? '/dist/index.js';
let rendered = null;

/** A fresh offline context with a WAM host group and the plugin module loaded by URL. */
export async function createHost(seconds, channels = 1, sampleRate = 48000) {
  const context = new OfflineAudioContext(channels, Math.round(seconds * sampleRate), sampleRate);
  const [hostGroupId] = await initializeWamHost(context);
  const { default: Backline } = await import(pluginUrl);
  return { context, hostGroupId, Backline };
}

/** Wait until the processor has handled every message sent before (a request/response round trip). */
export const settle = (instance) => instance.audioNode.getCompensationDelay();

/**
 * Run `fn` at context time `t` during rendering: the context is suspended there (at a quantum
 * boundary) until `fn` is done and `instance`'s processor has handled what it sent. This is how a
 * host sends events without `time` mid-render. `t` ≤ 0 runs `fn` at once (before rendering).
 */
export function at(host, instance, t, fn) {
  if (t <= 0) { fn(); return; }
  host.context.suspend(t).then(async () => {
    await fn();
    await settle(instance);
    await host.context.resume();
  });
}

export async function render(host) {
  rendered = await host.context.startRendering();
  return { length: rendered.length, sampleRate: rendered.sampleRate };
}

const data = (channel) => rendered.getChannelData(channel);

/** Sample indices of [from, to) seconds, clipped to the rendering. */
function range(x, from, to, first = 0) {
  const sr = rendered.sampleRate;
  return [Math.max(first, Math.round(from * sr)), Math.min(x.length, Math.round(to * sr))];
}

/**
 * Onsets (seconds, level) on a channel: the first sample reaching `threshold` after `quietMs` below
 * half of it. Clicks start at their peak, so this is the click's own first sample.
 */
export function onsets(channel = 0, threshold = 0.2, quietMs = 20) {
  const x = data(channel);
  const sr = rendered.sampleRate;
  const quietNeeded = (quietMs / 1000) * sr;
  const found = [];
  let quiet = Infinity;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a >= threshold && quiet >= quietNeeded) found.push({ t: i / sr, level: a });
    quiet = a < threshold / 2 ? quiet + 1 : 0;
  }
  return found;
}

/** Largest |x[i+1] − x[i]| over [from, to) seconds of a channel. */
export function maxStep(channel = 0, from = 0, to = Infinity) {
  const x = data(channel);
  const [start, end] = range(x, from, to, 1);
  let max = 0;
  for (let i = start; i < end; i++) max = Math.max(max, Math.abs(x[i] - x[i - 1]));
  return max;
}

/** Largest |x[i]| over [from, to) seconds of a channel. */
export function maxAbs(channel = 0, from = 0, to = Infinity) {
  const x = data(channel);
  const [start, end] = range(x, from, to);
  let max = 0;
  for (let i = start; i < end; i++) max = Math.max(max, Math.abs(x[i]));
  return max;
}

/** Samples [from, from + n) of a channel, as a plain array. */
export const slice = (channel, from, n) => Array.from(data(channel).subarray(from, from + n));
