// runtime: node
/**
 * A snapshot's overall fraction and ETA, weighted by requests (one page = one request).
 * amoCRM's lists carry no total, so a list that has not finished has no known size; the
 * fraction is only given once every unfinished list has an estimate:
 * - a small list (reference data): one more page than it has fetched;
 * - a large list (leads, contacts, companies): as many pages as the largest finished large
 *   list, and at least one more than it has fetched;
 * - a windowed list (notes, events): the caller's estimate (estimateNotesCost), if any.
 * Otherwise the fraction is null (an indeterminate bar) and there is no ETA: a bar that said
 * 64 % while deals and contacts had not started was worse than no figure. The ETA also waits
 * for a measured rate (MIN_PAGES_FOR_ETA pages of this run).
 */

export interface ProgressCollection {
  name: string;
  small: boolean;
  windowed?: boolean | undefined;
  status: 'done' | 'queued' | 'running' | string;
  pages: number;
}

export interface SnapshotProgress {
  fraction: number | null;
  etaSeconds: number | null;
}

export const MIN_PAGES_FOR_ETA = 3;

export function snapshotProgress(
  collections: readonly ProgressCollection[],
  run: { pagesThisRun: number; elapsedSeconds: number },
  estimates: Readonly<Record<string, number>> = {},
): SnapshotProgress {
  const finishedLarge = collections.filter((c) => !c.small && !c.windowed && c.status === 'done').map((c) => c.pages);
  const basis = finishedLarge.length ? Math.max(...finishedLarge) : null;
  let done = 0;
  let expected = 0;
  let known = true;
  for (const c of collections) {
    done += c.pages;
    if (c.status === 'done') {
      expected += c.pages;
      continue;
    }
    const estimate = estimates[c.name];
    if (c.small) expected += c.pages + 1;
    else if (estimate !== undefined) expected += Math.max(c.pages, estimate);
    else if (!c.windowed && basis !== null) expected += Math.max(c.pages + 1, basis);
    else known = false;
  }
  if (!known || expected <= 0) return { fraction: null, etaSeconds: null };
  const fraction = Math.min(0.99, done / expected);
  const perPage = run.pagesThisRun >= MIN_PAGES_FOR_ETA ? run.elapsedSeconds / run.pagesThisRun : null;
  return { fraction, etaSeconds: perPage === null ? null : Math.round(Math.max(0, expected - done) * perPage) };
}
