/**
 * Keyboard shortcuts of the GUI (docs/gui.md, "Keyboard"), active while focus is inside it:
 *
 * | key | does |
 * |---|---|
 * | Space | Play / Stop (the plugin's own transport; not while a host plays) |
 * | L | loop on / off |
 * | 1 … 9 | mute / unmute stem 1 … 9 |
 * | + / − | speed up / down 5 % |
 * | ] / [ | transpose up / down a semitone |
 * | Esc | cancel a jump waiting for its bar line |
 *
 * Keys typed into text and number fields and selects are theirs; Space on a button that has
 * keyboard focus presses the button. Shortcuts with Ctrl, Alt or Meta are left to the host.
 * Every shortcut goes through the view like a click would. Thread: main.
 */
import { SEMITONES_MAX, SEMITONES_MIN, SPEED_MAX, SPEED_MIN, stemParamId } from '../shared/params.js';
import type { BacklineView } from '../shared/view.js';
import type { Scope } from './dom.js';
import { isOn } from './format.js';

/** Speed change per + / − press. */
export const SPEED_KEY_STEP = 0.05;

/** Fields where keys are text, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button'].includes(target.type);
  return false;
}

/** What a key does, or null if it is not a shortcut. Exported for tests. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'metaKey'>): string | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  if (e.key === ' ' || e.code === 'Space') return 'play';
  if (e.key === 'l' || e.key === 'L') return 'loop';
  if (/^[1-9]$/.test(e.key)) return `mute${e.key}`;
  if (e.key === '+' || e.key === '=' || e.code === 'NumpadAdd') return 'faster';
  if (e.key === '-' || e.key === '_' || e.key === '\u2212' || e.code === 'NumpadSubtract') return 'slower';
  if (e.key === ']') return 'up';
  if (e.key === '[') return 'down';
  if (e.key === 'Escape') return 'cancel';
  return null;
}

export function bindShortcuts(scope: Scope, root: HTMLElement, view: BacklineView): void {
  scope.on(root, 'keydown', (e: KeyboardEvent) => {
    if (e.defaultPrevented || typing(e.target)) return;
    const action = shortcutFor(e);
    if (!action) return;
    const target = e.target as HTMLElement | null;
    // Space on a button reached with the keyboard presses it (its native behaviour).
    if (action === 'play' && target instanceof HTMLButtonElement && target.matches(':focus-visible')) return;
    const snapshot = view.getSnapshot();
    const { params, transport, track } = snapshot;
    const set = (id: string, value: number) => view.setParameter(id, value);
    switch (action) {
      case 'play':
        if (!track || transport.sync === 'host') break;
        if (transport.playing || transport.countIn) view.stop();
        else view.play();
        break;
      case 'loop':
        set('loopEnabled', isOn(params.loopEnabled) ? 0 : 1);
        break;
      case 'faster':
      case 'slower': {
        const step = action === 'faster' ? SPEED_KEY_STEP : -SPEED_KEY_STEP;
        const next = Math.round(((params.speed ?? 1) + step) * 100) / 100;
        set('speed', Math.min(SPEED_MAX, Math.max(SPEED_MIN, next)));
        break;
      }
      case 'up':
      case 'down': {
        const next = Math.round(params.semitones ?? 0) + (action === 'up' ? 1 : -1);
        if (next >= SEMITONES_MIN && next <= SEMITONES_MAX) set('semitones', next);
        break;
      }
      case 'cancel':
        if (!transport.jump) return; // Esc stays the host's otherwise
        view.cancelJump();
        break;
      default: {
        const slot = Number(action.slice(4));
        if (!track || slot > track.stems.length) return;
        const id = stemParamId(slot, 'Mute');
        set(id, isOn(params[id]) ? 0 : 1);
      }
    }
    e.preventDefault();
    e.stopPropagation();
  });
}
