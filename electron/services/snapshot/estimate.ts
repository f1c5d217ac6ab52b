// runtime: node
/**
 * The request cost of the notes and events of a window, before a snapshot starts. amoCRM's
 * notes and events lists carry no total, but a page past the end answers 204 (docs
 * "events-and-notes"; /work/shared/docs/amocrm-api.md "Empty result"): so the last page is found
 * by doubling the page number, then halving the gap, with the snapshot's own filter and limit.
 * That costs about 2·log2(pages) requests per list, at the same rate limit as the snapshot.
 */
import type { NotesCostEstimate } from '../../../shared/api/methods/snapshot';
import type { AmoClient } from '../amo/client';
import { snapshotPlan } from './plan';
import { notesWindowFrom, type NotesMonths } from './runner';

export type { NotesCostEstimate };

const MAX_PAGE = 1 << 20;

export async function estimateNotesCost(
  client: AmoClient,
  notesMonths: NotesMonths,
  options: { rps?: number; asOf?: number; signal?: AbortSignal } = {},
): Promise<NotesCostEstimate> {
  const rps = options.rps ?? 7;
  const asOf = options.asOf ?? Math.floor(Date.now() / 1000);
  const from = notesWindowFrom(asOf, notesMonths);
  const collections: NotesCostEstimate['collections'] = [];
  let probes = 0;
  for (const c of snapshotPlan().filter((x) => x.windowed)) {
    if (from === null) {
      collections.push({ name: c.name, pages: 0, items: 0 });
      continue;
    }
    const query = { ...c.query, ...(from > 0 && c.stamp ? { [`filter[${c.stamp}][from]`]: from } : {}) };
    const counts = new Map<number, number>();
    const itemsOn = async (page: number): Promise<number> => {
      const known = counts.get(page);
      if (known !== undefined) return known;
      probes++;
      const res = await client.request<Record<string, unknown>>({ method: 'GET', path: c.path, query: { ...query, page }, ...(options.signal ? { signal: options.signal } : {}) });
      const embedded = res.data?._embedded as Record<string, unknown> | undefined;
      const list = embedded?.[c.embeddedKey];
      const n = res.status === 204 || !Array.isArray(list) ? 0 : list.length;
      counts.set(page, n);
      return n;
    };
    if ((await itemsOn(1)) === 0) {
      collections.push({ name: c.name, pages: 1, items: 0 });
      continue;
    }
    // doubling: `lo` has items, `hi` has none
    let lo = 1;
    let hi = 2;
    while (hi <= MAX_PAGE && (await itemsOn(hi)) > 0) {
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await itemsOn(mid)) > 0) lo = mid;
      else hi = mid;
    }
    const limit = Number(c.query.limit ?? 50);
    collections.push({ name: c.name, pages: lo, items: (lo - 1) * limit + (counts.get(lo) ?? 0) });
  }
  const requests = collections.reduce((sum, c) => sum + c.pages, 0);
  return { notesMonths, collections, requests, seconds: Math.ceil(requests / rps), rps, probes };
}
