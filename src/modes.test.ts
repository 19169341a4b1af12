import { describe, expect, it } from 'vitest';
import { MODES, readMode } from './modes.ts';

describe('readMode', () => {
  it.each(Object.keys(MODES))('opens %s when asked', (m) => expect(readMode(`?mode=${m}`, 'view')).toBe(m));

  it.each([
    ['', 'view', 'view'],
    ['?mode=kiosk', 'studio', 'studio'],
    ['?mode=toString', 'view', 'view'],
    ['?mode=', 'studio', 'studio'],
  ] as const)('%j with fallback %s is %s', (search, fallback, mode) => expect(readMode(search, fallback)).toBe(mode));
});
