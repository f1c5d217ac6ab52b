// runtime: browser
import { describe, expect, it } from 'vitest';
import { clampNotesMonths, clampRps, withSnapshotExt } from './limits';

describe('snapshot limits', () => {
  it('keeps the rate within 0.5..7 in half steps', () => {
    expect(clampRps(10)).toBe(7);
    expect(clampRps(0)).toBe(0.5);
    expect(clampRps(3.3)).toBe(3.5);
    expect(clampRps(Number.NaN)).toBe(7);
  });
  it('keeps the notes window within 0..60 months', () => {
    expect(clampNotesMonths(-1)).toBe(0);
    expect(clampNotesMonths(100)).toBe(60);
    expect(clampNotesMonths(6.4)).toBe(6);
  });
  it('adds the .amosweep extension when missing', () => {
    expect(withSnapshotExt(' acme ')).toBe('acme.amosweep');
    expect(withSnapshotExt('/data/a.amosweep')).toBe('/data/a.amosweep');
    expect(withSnapshotExt('  ')).toBe('');
  });
});
