import { describe, expect, it } from 'vitest';
import { parseKey, transposeKey } from '../../src/shared/key.js';

describe('key names', () => {
  it('parses common spellings', () => {
    expect(parseKey('A minor')).toEqual({ tonic: 9, mode: 'minor' });
    expect(parseKey('F# major')).toEqual({ tonic: 6, mode: 'major' });
    expect(parseKey('Bb')).toEqual({ tonic: 10, mode: null });
    expect(parseKey('c#m')).toEqual({ tonic: 1, mode: 'minor' });
    expect(parseKey('Cb')).toEqual({ tonic: 11, mode: null });
    expect(parseKey('H minor')).toBeNull();
  });
  it('transposes with the spelling musicians expect', () => {
    expect(transposeKey('A minor', 2)).toBe('B minor');
    expect(transposeKey('A minor', -4)).toBe('F minor');
    expect(transposeKey('C major', 3)).toBe('Eb major');
    expect(transposeKey('C major', 6)).toBe('F# major');
    expect(transposeKey('E minor', -2)).toBe('D minor');
    expect(transposeKey('G', 12)).toBe('G');
    expect(transposeKey('not a key', 2)).toBe('not a key');
  });
});
