import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../src/suggest.js';

describe('did you mean', () => {
  it.each([
    ['ouput', 'out', 2],
    ['fail-on-braking', 'fail-on-breaking', 1],
    ['stirct', 'strict', 1],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('%s -> %s is %i edits', (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it('offers the closest known word only when it is close enough', () => {
    const known = ['openapi', 'asyncapi', 'out', 'overlays', 'strict'];
    expect(closest('ouput', known)).toBe('out');
    expect(closest('OpenAPI', known)).toBe('openapi');
    expect(closest('overlay', known)).toBe('overlays');
    expect(closest('colour', known)).toBeUndefined();
    expect(closest('x', known)).toBeUndefined();
  });
});
