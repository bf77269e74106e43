/**
 * The repository root. The benchmark runs bundled from build/, so paths cannot be taken relative to
 * the module; bench/run.mjs sets BACKLINE_ROOT (and runs from the root anyway).
 */
export const ROOT = (process.env.BACKLINE_ROOT ?? process.cwd()).replace(/\/$/, '');
