/** Strings made for a schema's `pattern` when the package is generated (the faker's samples). */
import { describe, expect, it } from 'vitest';
import { patternSamples } from '../src/emit/pattern-samples.js';

describe('pattern samples', () => {
  it('match the pattern and the length bounds, and are the same on every run', () => {
    const cases = [
      { source: '^sha256:[a-f0-9]{64}$' },
      { source: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$' },
      { source: '^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) ' },
      { source: '^[\\p{L}]+-\\d{2}$', unicode: true },
    ];
    for (const { source, unicode = false } of cases) {
      const samples = patternSamples({ source, unicode });
      expect(samples.length, source).toBeGreaterThan(0);
      for (const sample of samples) expect(sample).toMatch(new RegExp(source, unicode ? 'u' : ''));
      expect(patternSamples({ source, unicode })).toStrictEqual(samples);
    }
    // Not anchored at its end: padded up to the minimum length.
    const padded = patternSamples({ source: '^pkg', unicode: false }, { minLength: 12, maxLength: 40 });
    expect(padded.length).toBeGreaterThan(0);
    for (const sample of padded) expect(sample.length).toBeGreaterThanOrEqual(12);
  });

  it('gives none where no string can be made within the bounds, or the pattern is not one', () => {
    expect(patternSamples({ source: '^a{5}$', unicode: false }, { maxLength: 3 })).toStrictEqual([]);
    expect(patternSamples({ source: '([', unicode: false })).toStrictEqual([]);
  });
});
