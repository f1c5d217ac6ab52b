// runtime: node
/**
 * Candidate pairs from the sorted block entries (hash × PACK + record index), as a compressed
 * sparse row table: the partners of record x are cols[rowStart[x] .. rowStart[x + 1]), ascending,
 * each > x and each once. So the pairs come out in the order (x, y) ascending, without building
 * and sorting one array of every pair a block yields (at 1 M cards, about 25 M before duplicates
 * across rules are dropped): two passes over the blocks count, then place each pair in its row,
 * and each row is sorted and deduplicated on its own.
 *
 * Which pairs: every pair of a block of at most maxBlock cards; in a larger block, each card with
 * the next window - 1 cards in the order of sortKey (then index); never a card with itself, and
 * with sources set, never two cards of one source.
 */
export const PACK = 2 ** 21;

export interface CandidateOptions {
  n: number;
  maxBlock: number;
  window: number;
  /** the sort key of a card in an oversized block */
  sortKey: (i: number) => string;
  /** two-file linkage: the source of each card (pairs only across sources) */
  sources: readonly string[] | null;
  signal?: AbortSignal;
}

export interface Candidates {
  /** n + 1 offsets into cols */
  rowStart: Uint32Array;
  /** partners, row by row, ascending */
  cols: Uint32Array;
  /** number of pairs */
  count: number;
  /** blocks of two cards or more */
  blocks: number;
  /** blocks compared in a sliding window */
  oversized: number;
  /**
   * Every pair again, block by block (a pair in several blocks comes once per block): the cards of
   * a block are near each other in memory while its pairs are visited, which the pair table's
   * order (x, y) is not.
   */
  eachByBlock(emit: (x: number, y: number) => void): void;
}

/** The position of pair (x, y) in the table (the pair must be in it). */
export function pairIndex(rowStart: Uint32Array, cols: Uint32Array, x: number, y: number): number {
  let lo = rowStart[x]!;
  let hi = rowStart[x + 1]! - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cols[mid]! < y) lo = mid + 1;
    else hi = mid;
  }
  if (cols[lo] !== y || lo >= rowStart[x + 1]!) throw new Error(`Pair (${x}, ${y}) is not a candidate.`);
  return lo;
}

/** Rows this short are sorted by insertion, longer ones by the typed array's sort. */
const INSERTION_MAX = 24;

export function candidatePairs(entries: Float64Array, options: CandidateOptions): Candidates {
  const { n, maxBlock, window, sources } = options;
  const degree = new Uint32Array(n + 1);
  // the oversized blocks' members in window order, found once for both passes
  const windows: Uint32Array[] = [];
  let blocks = 0;

  // the record of every entry, and the blocks of two entries or more as [start, end) runs
  const idx = new Uint32Array(entries.length);
  const runs: number[] = [];
  for (let s = 0; s < entries.length; ) {
    const h = Math.floor(entries[s]! / PACK);
    let e = s + 1;
    while (e < entries.length && Math.floor(entries[e]! / PACK) === h) e++;
    for (let a = s; a < e; a++) idx[a] = entries[a]! - h * PACK;
    if (e - s >= 2) {
      blocks++;
      runs.push(s, e);
      if (e - s > maxBlock) {
        // the window order of an oversized block, found once for both passes
        const members = Array.from(idx.subarray(s, e));
        const keys = new Map(members.map((m) => [m, options.sortKey(m)]));
        members.sort((x, y) => (keys.get(x)! < keys.get(y)! ? -1 : keys.get(x)! > keys.get(y)! ? 1 : x - y));
        windows.push(Uint32Array.from(members));
      }
    }
    s = e;
  }

  const forEachPair = (emit: (x: number, y: number) => void): void => {
    let w = 0;
    for (let r = 0; r < runs.length; r += 2) {
      const s = runs[r]!;
      const e = runs[r + 1]!;
      if (e - s <= maxBlock) {
        for (let a = s; a < e; a++) {
          const ia = idx[a]!;
          for (let b = a + 1; b < e; b++) {
            const ib = idx[b]!;
            if (ia === ib) continue;
            const x = ia < ib ? ia : ib;
            const y = ia < ib ? ib : ia;
            if (sources && sources[x] === sources[y]) continue;
            emit(x, y);
          }
        }
      } else {
        const members = windows[w++]!;
        for (let a = 0; a < members.length; a++) {
          const ia = members[a]!;
          const end = Math.min(members.length, a + window);
          for (let b = a + 1; b < end; b++) {
            const ib = members[b]!;
            if (ia === ib) continue;
            const x = ia < ib ? ia : ib;
            const y = ia < ib ? ib : ia;
            if (sources && sources[x] === sources[y]) continue;
            emit(x, y);
          }
        }
      }
    }
  };
  if (options.signal?.aborted) throw Object.assign(new Error('Cancelled'), { code: 'CANCELLED' });

  // pass 1: how many pairs each row gets (duplicates included)
  forEachPair((x) => {
    degree[x]!++;
  });
  const rowStart = new Uint32Array(n + 1);
  let total = 0;
  for (let x = 0; x < n; x++) {
    rowStart[x] = total;
    total += degree[x]!;
  }
  rowStart[n] = total;
  if (total >= 2 ** 32) throw new Error(`Too many candidate pairs (${total}).`);
  // pass 2: place every pair in its row
  const cols = new Uint32Array(total);
  const fill = degree;
  fill.fill(0);
  forEachPair((x, y) => {
    cols[rowStart[x]! + fill[x]!++] = y;
  });
  if (options.signal?.aborted) throw Object.assign(new Error('Cancelled'), { code: 'CANCELLED' });

  // each row sorted and deduplicated, compacted to the left
  let out = 0;
  for (let x = 0; x < n; x++) {
    const s = rowStart[x]!;
    const e = rowStart[x + 1]!;
    rowStart[x] = out;
    if (e - s > INSERTION_MAX) cols.subarray(s, e).sort();
    else {
      for (let a = s + 1; a < e; a++) {
        const v = cols[a]!;
        let b = a - 1;
        while (b >= s && cols[b]! > v) {
          cols[b + 1] = cols[b]!;
          b--;
        }
        cols[b + 1] = v;
      }
    }
    for (let a = s; a < e; a++) if (a === s || cols[a] !== cols[a - 1]) cols[out++] = cols[a]!;
  }
  rowStart[n] = out;
  return { rowStart, cols: out === total ? cols : cols.slice(0, out), count: out, blocks, oversized: windows.length, eachByBlock: forEachPair };
}
