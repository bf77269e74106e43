/**
 * The `backline` command (package bin). Bad input: exit status 1 and one line, no stack trace.
 * @example backline render song/backline.json -o slow.wav --speed 0.7 --semitones 2 --mute guitar
 */
import { parseRenderArgs, UsageError } from './args.js';
import { loadEngineModule, render } from './render.js';

async function main(argv: string[]): Promise<number> {
  try {
    const options = parseRenderArgs(argv);
    const result = await render(options, await loadEngineModule());
    const seconds = result.frames / options.sampleRate;
    console.log(`${options.output}: "${result.track.title}", ${result.track.stems.length} stems, ` +
      `${seconds.toFixed(2)} s at ${options.sampleRate} Hz (song ${result.from.toFixed(2)}–${result.to.toFixed(2)} s, speed ×${result.rate.toFixed(3)})`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // One line: a multi-line message (a manifest's list of problems) is joined with "; ".
    const oneLine = message.split('\n').map((line) => line.replace(/^[\s•-]+/, '').trim()).filter(Boolean).join('; ').replace(/:;/g, ':');
    console.error(error instanceof UsageError ? message : `backline: ${oneLine}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
