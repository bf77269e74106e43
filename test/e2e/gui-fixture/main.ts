/**
 * The GUI test page: exposes the GUI, the fake view and the drop walker on `window.guiFixture`.
 * Bundled by test/e2e/gui.test.ts into test-results/gui-fixture/.
 */
import { createBacklineGui, type BacklineGuiElement } from '../../../src/gui/index.js';
import { collectEntryFiles, type EntryLike } from '../../../src/gui/drop-zone.js';
import { bandTrack, demoTrack, FakeView, type FakeOptions } from './fake-view.js';

export interface GuiFixture {
  fake: FakeView | null;
  guis: BacklineGuiElement[];
  /** A new fake view; the previous one (and its GUIs) are dropped. */
  setup(options?: FakeOptions): FakeView;
  /** Mount a GUI of the current fake into a new container `#gui<n>` of the given width. */
  mount(width?: number): BacklineGuiElement;
  demoTrack: typeof demoTrack;
  bandTrack: typeof bandTrack;
  createBacklineGui: typeof createBacklineGui;
  collectEntryFiles: typeof collectEntryFiles;
  /** A mock directory tree for the drop walker: `{ "Song/backline.json": "…" }`. */
  mockEntries(files: Record<string, string>): EntryLike[];
}

declare global {
  interface Window {
    guiFixture: GuiFixture;
  }
}

function mockEntries(files: Record<string, string>): EntryLike[] {
  interface Dir { name: string; fullPath: string; children: Map<string, Dir | File> }
  const root: Dir = { name: '', fullPath: '', children: new Map() };
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = root;
    parts.slice(0, -1).forEach((part) => {
      let next = dir.children.get(part) as Dir | undefined;
      if (!next) dir.children.set(part, (next = { name: part, fullPath: `${dir.fullPath}/${part}`, children: new Map() }));
      dir = next;
    });
    dir.children.set(parts.at(-1)!, new File([text], parts.at(-1)!));
  }
  const toEntry = (node: Dir | File, fullPath: string): EntryLike => {
    if (node instanceof File) return { isFile: true, isDirectory: false, name: node.name, fullPath, file: (ok) => setTimeout(() => ok(node), 0) };
    const children = [...node.children.entries()].reverse();
    return {
      isFile: false, isDirectory: true, name: node.name, fullPath,
      createReader: () => {
        // Two entries per call, like Chromium's batching (100) but smaller, to test the loop.
        let offset = 0;
        return { readEntries: (ok) => setTimeout(() => { ok(children.slice(offset, offset + 2).map(([n, c]) => toEntry(c, `${fullPath}/${n}`))); offset += 2; }, 0) };
      },
    };
  };
  return [...root.children.entries()].map(([name, node]) => toEntry(node, `/${name}`));
}

window.guiFixture = {
  fake: null,
  guis: [],
  setup(options) {
    for (const gui of this.guis) gui.remove();
    this.guis = [];
    this.fake = new FakeView(options);
    return this.fake;
  },
  mount(width = 900) {
    if (!this.fake) throw new Error('call setup() first');
    const container = document.createElement('div');
    container.id = `gui${this.guis.length + 1}`;
    container.style.width = `${width}px`;
    const gui = createBacklineGui(this.fake);
    container.append(gui);
    document.body.append(container);
    this.guis.push(gui);
    return gui;
  },
  demoTrack,
  bandTrack,
  createBacklineGui,
  collectEntryFiles,
  mockEntries,
};
