/**
 * JSON text → value, with the position of a syntax error in words. Pure; any thread.
 *
 * Why not just `JSON.parse`'s message: its wording differs between engines and V8 (Chrome, Node 20)
 * gives no line or column at all. So when `JSON.parse` fails, a small scanner walks the text again
 * to find where the first error is; it runs only on failure, so correct files pay nothing.
 */

export interface JsonSyntaxProblem {
  line: number;
  column: number;
  /** What was expected, in plain words ("a comma or }"). */
  expected: string;
  /** What was found there ("end of file", '"}"'). */
  found: string;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem };

/** Parse JSON text; a leading byte-order mark (Windows Notepad adds one) is ignored. */
export function parseJsonText(text: string): JsonParseResult {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(clean) };
  } catch {
    return { ok: false, problem: locateJsonError(clean) };
  }
}

/** Find the first syntax error in `text` (which JSON.parse rejected). */
export function locateJsonError(text: string): JsonSyntaxProblem {
  let i = 0;
  const fail = (expected: string): never => {
    throw new ScanError(i, expected);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) fail(`"${word}"`);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('a closing "');
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return; }
      if (c < 0x20) fail('a closing " on the same line');
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('4 hex digits after \\u');
          continue;
        }
        if (!'"\\/bfnrt'.includes(e ?? 'x')) fail('an escape like \\n or \\" after the backslash');
      }
      i++;
    }
  };
  const digits = () => {
    if (!/[0-9]/.test(text[i] ?? '')) fail('a digit');
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') { i++; digits(); }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        string(); ws();
        if (text[i] !== ':') fail('a colon');
        i++; value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail('a comma or }');
      }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail('a comma or ]');
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail('a value');
  };
  let at = text.length;
  let expected = 'nothing more';
  try {
    value(); ws();
    if (i < text.length) fail('nothing more after the closing bracket');
  } catch (e) {
    if (!(e instanceof ScanError)) throw e;
    at = e.offset;
    expected = e.expected;
  }
  // Line and column, both 1-based, as editors show them.
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < at && k < text.length; k++) {
    if (text[k] === '\n') { line++; lineStart = k + 1; }
  }
  const found = at >= text.length ? 'the end of the file' : JSON.stringify(String.fromCodePoint(text.codePointAt(at)!));
  return { line, column: at - lineStart + 1, expected, found };
}

class ScanError {
  constructor(readonly offset: number, readonly expected: string) {}
}
