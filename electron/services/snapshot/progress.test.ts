// runtime: node
import { describe, expect, it } from 'vitest';
import { MIN_PAGES_FOR_ETA, snapshotProgress, type ProgressCollection } from './progress';

const c = (name: string, status: string, pages: number, kind: 'small' | 'large' | 'windowed' = 'large'): ProgressCollection => ({
  name,
  small: kind === 'small',
  windowed: kind === 'windowed',
  status,
  pages,
});

describe('snapshotProgress: requests-weighted, no figure without an estimate', () => {
  it('gives no percent and no ETA while deals and contacts have not started (was 64 % and ≈1 s)', () => {
    const p = snapshotProgress(
      [c('account', 'done', 1, 'small'), c('users', 'done', 1, 'small'), c('pipelines', 'done', 1, 'small'), c('leads', 'queued', 0), c('contacts', 'queued', 0)],
      { pagesThisRun: 3, elapsedSeconds: 0.5 },
    );
    expect(p).toEqual({ fraction: null, etaSeconds: null });
  });

  it('estimates an unfinished large list by the largest finished one, and gives an ETA from the measured rate', () => {
    const p = snapshotProgress(
      [c('account', 'done', 1, 'small'), c('leads', 'done', 40), c('contacts', 'running', 10), c('notes', 'queued', 0, 'windowed')],
      { pagesThisRun: 51, elapsedSeconds: 51 },
      { notes: 49 },
    );
    // done 51 of 1 + 40 + 40 + 49 = 130
    expect(p.fraction).toBeCloseTo(51 / 130, 5);
    expect(p.etaSeconds).toBe(79);
  });

  it('has no percent for a windowed list without an estimate, and no ETA before a rate is measured', () => {
    expect(snapshotProgress([c('leads', 'done', 5), c('notes', 'running', 2, 'windowed')], { pagesThisRun: 7, elapsedSeconds: 7 }).fraction).toBeNull();
    const early = snapshotProgress([c('leads', 'done', 5), c('contacts', 'running', 1)], { pagesThisRun: MIN_PAGES_FOR_ETA - 1, elapsedSeconds: 1 });
    expect(early.fraction).not.toBeNull();
    expect(early.etaSeconds).toBeNull();
  });

  it('never says 100 % before the end', () => {
    expect(snapshotProgress([c('leads', 'done', 5), c('contacts', 'running', 900)], { pagesThisRun: 905, elapsedSeconds: 9 }).fraction).toBeLessThan(1);
  });
});
