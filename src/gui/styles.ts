/**
 * The GUI's stylesheet: a compact dark theme for DAW windows, laid out by container width
 * (360 px up to full width). Hosts may retheme through the `--bl-*` custom properties on the
 * element. One constructed sheet is shared by every GUI of a page (adoptedStyleSheets), with a
 * <style> fallback.
 */

export const CSS = /* css */ `
:host {
  --bl-bg: #16181c;
  --bl-panel: #1f2227;
  --bl-raised: #2a2e35;
  --bl-hover: #343941;
  --bl-line: #353a42;
  --bl-fg: #e8eaed;
  --bl-dim: #a4abb6;
  --bl-accent: #5aaefc;
  --bl-mute: #f5a524;
  --bl-solo: #3fd49a;
  --bl-danger: #ff7070;
  --bl-focus: #9bd0ff;
  display: flex;
  flex-direction: column;
  container: backline / inline-size;
  min-width: 320px;
  color-scheme: dark;
  color: var(--bl-fg);
  background: var(--bl-bg);
  font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
  -webkit-font-smoothing: antialiased;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
.icon { width: 14px; height: 14px; fill: currentColor; stroke: currentColor; stroke-width: 0; flex: none; }

.root { position: relative; flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; gap: 8px; padding: 10px 12px 12px; }
.root:focus, .root:focus-visible { outline: none; }

/* Controls */
button {
  font: inherit; color: inherit; background: var(--bl-raised);
  border: 1px solid var(--bl-line); border-radius: 5px; padding: 4px 10px; cursor: pointer;
  display: inline-flex; align-items: center; justify-content: center; gap: 6px; white-space: nowrap;
}
button:hover:not(:disabled) { background: var(--bl-hover); }
button:disabled { opacity: 0.45; cursor: default; }
button.primary { background: var(--bl-accent); border-color: transparent; color: #0b1a2a; font-weight: 600; padding: 6px 14px; }
button.primary:hover { background: #7cc0ff; }
:focus { outline: none; }
:focus-visible { outline: 2px solid var(--bl-focus); outline-offset: 2px; }
input[type="range"] { accent-color: var(--bl-accent); margin: 0; min-width: 0; height: 18px; cursor: pointer; background: transparent; }
input[type="range"]:disabled { opacity: 0.4; cursor: default; }

/* Header */
.header { display: flex; align-items: center; gap: 10px; min-width: 0; }
.title-block { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 15px; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.meta-line { display: flex; gap: 0.5em; color: var(--bl-dim); font-size: 12px; min-width: 0; }
.meta { min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.memory { flex: none; font-variant-numeric: tabular-nums; white-space: nowrap; }
.memory::before { content: "\\00b7"; margin-right: 0.5em; }

/* Loading and errors */
.progress { display: flex; flex-direction: column; gap: 4px; padding: 6px 10px; background: var(--bl-panel); border-radius: 6px; }
.progress-text { display: flex; gap: 8px; font-size: 12px; color: var(--bl-dim); }
.progress-label { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.progress-pct { font-variant-numeric: tabular-nums; }
.progress-track { height: 4px; border-radius: 2px; background: var(--bl-raised); overflow: hidden; }
.progress-fill { height: 100%; background: var(--bl-accent); transform-origin: left; transform: scaleX(0); transition: transform 120ms linear; }
.error {
  display: flex; align-items: flex-start; gap: 8px; padding: 7px 8px 7px 10px; border-radius: 6px;
  background: #3a1d20; border: 1px solid #6e2b31; color: #ffd9d9;
}
.alert-icon { margin-top: 2px; fill: none; stroke: var(--bl-danger); stroke-width: 1.6; stroke-linecap: round; stroke-linejoin: round; }
.error-text { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.icon-button { padding: 3px; background: transparent; border-color: transparent; }
.icon-button .icon { fill: none; stroke-width: 1.8; stroke-linecap: round; }

/* Main panel */
.main { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; background: var(--bl-panel); border-radius: 8px; border: 1px solid var(--bl-line); overflow: hidden; }

/* Transport */
.transport { display: flex; align-items: center; gap: 10px; padding: 8px 10px; border-bottom: 1px solid var(--bl-line); flex-wrap: wrap; }
.play { width: 34px; height: 30px; padding: 0; background: var(--bl-raised); }
.play .icon { width: 14px; height: 14px; }
.play.playing { color: var(--bl-accent); }
.position { display: flex; align-items: baseline; gap: 8px; font-variant-numeric: tabular-nums; font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
.pos-bar { font-size: 17px; font-weight: 600; min-width: 4.2ch; text-align: right; }
.pos-clock { font-size: 12px; color: var(--bl-dim); min-width: 6.5ch; }
.seek-wrap { flex: 1 1 160px; display: flex; align-items: center; gap: 8px; min-width: 120px; }
.seek { flex: 1; }
.duration { color: var(--bl-dim); font-size: 12px; font-variant-numeric: tabular-nums; }
.count-in { padding: 2px 9px; border-radius: 12px; font-size: 12px; font-weight: 600; color: #1b1400; background: var(--bl-mute); white-space: nowrap; font-variant-numeric: tabular-nums; }
.jump { display: inline-flex; align-items: center; gap: 6px; font-size: 12px; color: var(--bl-accent); white-space: nowrap; }
.cancel-jump { padding: 1px 8px; }
.master { display: flex; align-items: center; gap: 6px; }
.master-label { color: var(--bl-dim); font-size: 12px; }
.master .gain-input { width: 96px; }

/* Sync row: status, follow toggle, speed and the tempo it gives, settings */
.sync { display: flex; align-items: center; gap: 6px 12px; padding: 6px 10px; border-bottom: 1px solid var(--bl-line); flex-wrap: wrap; font-size: 12px; }
.sync-status { display: inline-flex; align-items: center; gap: 6px; min-width: 9.5em; color: var(--bl-dim); white-space: nowrap; }
.sync-dot { width: 8px; height: 8px; border-radius: 50%; background: var(--bl-dim); flex: none; }
.sync-status[data-sync="host"] { color: var(--bl-fg); }
.sync-status[data-sync="host"] .sync-dot { background: var(--bl-solo); box-shadow: 0 0 0 3px rgba(63, 212, 154, 0.18); }
.sync-status[data-sync="waiting"] .sync-dot { background: var(--bl-mute); }
.chip { padding: 2px 9px; font-size: 12px; border-radius: 12px; color: var(--bl-dim); }
.chip[aria-pressed="true"] { color: var(--bl-fg); border-color: var(--bl-accent); background: rgba(90, 174, 252, 0.16); }
.speed { display: flex; align-items: center; gap: 6px; min-width: 0; flex: 0 1 auto; }
.sync-label { color: var(--bl-dim); }
.speed-input { width: 110px; }
.speed-readout, .bpm { font-variant-numeric: tabular-nums; white-space: nowrap; }
.speed-readout { min-width: 5.4ch; }
.bpm { color: var(--bl-dim); min-width: 7ch; }
.sync.following-tempo .speed-readout { color: var(--bl-dim); }
.settings-toggle { margin-left: auto; color: var(--bl-dim); }
.settings-toggle .icon { fill: none; stroke-width: 1.6; stroke-linecap: round; }
.settings-toggle[aria-expanded="true"] { color: var(--bl-accent); }
.sync-settings { flex-basis: 100%; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; padding: 4px 0 2px; color: var(--bl-dim); }
.sync-settings label { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.sync-settings input[type="number"], .sync-settings select {
  font: inherit; color: var(--bl-fg); background: var(--bl-raised); border: 1px solid var(--bl-line); border-radius: 4px; padding: 2px 4px;
}
.sync-settings input[type="number"] { width: 5em; font-variant-numeric: tabular-nums; }
.sync-settings input[type="checkbox"] { accent-color: var(--bl-accent); margin: 0; }

/* Key row: semitone steppers, fine tune, the resulting key */
.keyrow { display: flex; align-items: center; gap: 6px 10px; padding: 6px 10px; border-bottom: 1px solid var(--bl-line); flex-wrap: wrap; font-size: 12px; }
.keyrow .step { min-width: 24px; font-size: 14px; line-height: 1; }
.semitones { min-width: 5ch; text-align: center; font-variant-numeric: tabular-nums; }
.cents-input { width: 96px; }
.cents-readout { min-width: 6ch; font-variant-numeric: tabular-nums; color: var(--bl-dim); }
.key-name { margin-left: auto; color: var(--bl-fg); white-space: nowrap; }

/* Practice row: loop, count-in, click, trainer */
.practice { display: flex; align-items: center; gap: 6px 18px; padding: 6px 10px; border-bottom: 1px solid var(--bl-line); flex-wrap: wrap; font-size: 12px; }
.pgroup { display: inline-flex; align-items: center; gap: 6px; flex-wrap: wrap; min-width: 0; }
.practice select, .practice .num {
  font: inherit; color: var(--bl-fg); background: var(--bl-raised); border: 1px solid var(--bl-line); border-radius: 4px; padding: 2px 4px; min-width: 0;
}
.practice select:disabled, .practice .num:disabled { opacity: 0.45; }
.practice .num { width: 4.2em; font-variant-numeric: tabular-nums; }
.practice .dash, .practice .unit { color: var(--bl-dim); }
.practice .click-level .gain-input { width: 80px; }
.practice-note { color: var(--bl-dim); font-style: italic; }
.trainer-fields { display: inline-flex; align-items: center; gap: 5px; flex-wrap: wrap; }
.trainer-fields.off { opacity: 0.55; }
.trainer-progress { color: var(--bl-fg); font-variant-numeric: tabular-nums; white-space: nowrap; }
.practice.host-drives .loop-toggle[aria-pressed="true"] { border-style: dashed; }

/* Gain faders */
.gain { display: flex; align-items: center; gap: 6px; min-width: 0; }
.gain-input { flex: 1; }
.gain-readout { width: 6.2ch; text-align: right; font-size: 12px; font-variant-numeric: tabular-nums; color: var(--bl-fg); white-space: nowrap; }
.gain-readout .unit { display: none; }

/* Lanes: the timeline and the stems share one grid (the toggles column has a fixed width), so the
   ruler's x axis is every waveform's. The lanes scroll when the host gives the GUI a fixed height. */
.lanes { position: relative; flex: 1 1 auto; min-height: 0; overflow-y: auto; }
.stems { list-style: none; margin: 0; padding: 0; }
.stem, .timeline {
  display: grid; align-items: center; gap: 6px 12px; padding: 6px 10px;
  grid-template-columns: minmax(110px, 170px) 92px minmax(120px, 190px) minmax(0, 1fr);
  grid-template-areas: "ident toggles gain wave";
}
.timeline {
  position: sticky; top: 0; z-index: 2; background: var(--bl-panel); border-bottom: 1px solid var(--bl-line);
  padding-top: 4px; padding-bottom: 4px; grid-template-areas: "label label label wave";
}
.ruler-label { grid-area: label; color: var(--bl-dim); font-size: 11px; text-align: right; }
.ruler { grid-area: wave; position: relative; height: 36px; min-width: 0; cursor: col-resize; touch-action: none; }
.ruler-img { position: absolute; inset: 0; width: 100%; height: 100%; user-select: none; }
.markers { position: absolute; left: 0; right: 0; top: 0; height: 18px; }
.marker {
  position: absolute; top: 0; height: 17px; padding: 0 4px 0 3px; font-size: 10.5px; font-weight: 600; line-height: 15px; letter-spacing: -0.01em;
  border-radius: 0 4px 4px 0; border: 1px solid transparent; border-left: 2px solid var(--bl-accent);
  background: rgba(90, 174, 252, 0.12); color: var(--bl-fg); overflow: hidden; text-overflow: ellipsis; display: block; text-align: left;
}
.marker:hover:not(:disabled) { background: rgba(90, 174, 252, 0.28); }
.marker.pending { background: var(--bl-accent); color: #0b1a2a; }
.stem + .stem { border-top: 1px solid #2a2e34; }
.ident { grid-area: ident; display: flex; align-items: center; gap: 8px; min-width: 0; }
.swatch { width: 4px; align-self: stretch; min-height: 26px; border-radius: 2px; background: #8fa3b8; flex: none; }
.ident-text { display: flex; flex-direction: column; min-width: 0; }
.stem-name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.stem-role { color: var(--bl-dim); font-size: 10px; text-transform: uppercase; letter-spacing: 0.06em; }
.toggles { grid-area: toggles; display: flex; gap: 4px; }
.stem .ident, .stem .toggles, .stem .stem-gain { min-width: 0; }
.toggle { width: 28px; height: 24px; padding: 0; font-size: 12px; font-weight: 700; color: var(--bl-dim); }
.toggle.mute[aria-pressed="true"] { background: var(--bl-mute); border-color: var(--bl-mute); color: #1b1400; }
.toggle.solo[aria-pressed="true"] { background: var(--bl-solo); border-color: var(--bl-solo); color: #00180e; }
.toggle.transpose { font-size: 14px; font-weight: 400; }
.toggle.transpose[aria-pressed="true"] { color: var(--bl-accent); border-color: rgba(90, 174, 252, 0.45); }
.stem-gain { grid-area: gain; }
.wave { grid-area: wave; position: relative; height: 34px; border-radius: 4px; background: #181a1e; overflow: hidden; cursor: pointer; min-width: 0; touch-action: pan-y; }
.wave-img { display: block; width: 100%; height: 100%; user-select: none; -webkit-user-drag: none; }
.playhead {
  position: absolute; inset: 0; pointer-events: none; will-change: transform;
  border-left: 1.5px solid rgba(255, 255, 255, 0.85);
}
/* The loop region, from --loop-start/--loop-end (fractions of the song) on .lanes: set when it changes. */
.loop-band {
  display: none; position: absolute; top: 0; bottom: 0; pointer-events: none;
  left: calc(var(--loop-start, 0) * 100%); width: calc((var(--loop-end, 0) - var(--loop-start, 0)) * 100%);
  border-left: 1px solid rgba(164, 171, 182, 0.5); border-right: 1px solid rgba(164, 171, 182, 0.5); background: rgba(164, 171, 182, 0.08);
}
.lanes.has-loop .loop-band { display: block; }
.lanes.loop-on .loop-band { border-color: rgba(245, 165, 36, 0.9); background: rgba(245, 165, 36, 0.13); }
.lanes.loop-dragging .loop-band { border-color: var(--bl-focus); background: rgba(155, 208, 255, 0.18); }
.ruler .loop-band { top: 18px; }
.ruler .playhead { top: 18px; }
/* Silenced by its mute or by a solo elsewhere: dimmed, but the text keeps a readable contrast. */
.stem.silenced .stem-name { color: var(--bl-dim); }
.stem.silenced .swatch, .stem.silenced .wave-img { opacity: 0.35; }

/* Empty state */
.empty {
  display: flex; flex-direction: column; align-items: center; gap: 6px; text-align: center;
  margin: 12px; padding: 28px 16px; border: 1.5px dashed #4a515b; border-radius: 8px;
}
.empty p { margin: 0; }
.empty-title { font-size: 15px; font-weight: 600; }
.empty-hint { color: var(--bl-dim); margin-bottom: 8px !important; }

/* Drag and drop */
.drop-overlay {
  position: absolute; inset: 4px; display: none; align-items: center; justify-content: center;
  border: 2px dashed var(--bl-accent); border-radius: 10px; background: rgba(22, 40, 60, 0.82);
  font-size: 16px; font-weight: 600; pointer-events: none;
}
.root.dragging .drop-overlay { display: flex; }

/* Narrow windows: the seek slider gets a line of its own, waveforms go under the controls. */
@container backline (max-width: 620px) {
  .seek-wrap { order: 3; flex-basis: 100%; }
  .master { margin-left: auto; }
  .master .gain-input { width: 80px; }
  .stem, .timeline {
    grid-template-columns: minmax(0, 1fr) 92px minmax(110px, 42%);
    grid-template-areas: "ident toggles gain" "wave wave wave";
  }
  .timeline { grid-template-areas: "wave wave wave"; }
  .ruler-label { display: none; }
  .wave { height: 22px; }
}
@container backline (max-width: 430px) {
  .speed { flex: 1 1 100%; order: 3; }
  .speed-input { flex: 1; width: auto; }
  .master { order: 4; flex-basis: 100%; margin-left: 0; }
  .master .gain-input { width: auto; flex: 1; }
  .master .gain { flex: 1; }
  .stem, .timeline {
    grid-template-columns: minmax(0, 1fr) 92px;
    grid-template-areas: "ident toggles" "gain gain" "wave wave";
  }
  .timeline { grid-template-areas: "wave wave"; }
}
@media (prefers-reduced-motion: reduce) {
  .progress-fill { transition: none; }
}
@media (forced-colors: active) {
  .toggle[aria-pressed="true"], .chip[aria-pressed="true"] { forced-color-adjust: none; background: Highlight; color: HighlightText; }
  .sync-dot { forced-color-adjust: none; background: CanvasText; }
}
`;

let shared: CSSStyleSheet | null | undefined;

/** Apply the stylesheet to a shadow root (once per root). */
export function adoptStyles(root: ShadowRoot): void {
  if (shared === undefined) {
    try {
      shared = new CSSStyleSheet();
      shared.replaceSync(CSS);
    } catch {
      shared = null;
    }
  }
  if (shared && 'adoptedStyleSheets' in root) {
    try {
      if (!root.adoptedStyleSheets.includes(shared)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
      return;
    } catch {
      // A sheet constructed in another document cannot be adopted here: fall back to <style>.
    }
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  root.prepend(style);
}
