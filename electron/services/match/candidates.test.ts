// runtime: node
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/random/seeded';
import { candidatePairs, PACK, pairIndex } from './candidates';

/** The engine's former way: every pair of every block into one array, sorted, deduplicated. */
function reference(entries: Float64Array, n: number, maxBlock: number, window: number, sortKey: (i: number) => string, sources: string[] | null) {
  const pairs: number[] = [];
  let blocks = 0;
  let oversized = 0;
  const add = (a: number, b: number) => {
    if (a === b) return;
    const [x, y] = a < b ? [a, b] : [b, a];
    if (sources && sources[x] === sources[y]) return;
    pairs.push(x * PACK + y);
  };
  for (let s = 0; s < entries.length; ) {
    const h = Math.floor(entries[s]! / PACK);
    let e = s + 1;
    while (e < entries.length && Math.floor(entries[e]! / PACK) === h) e++;
    if (e - s >= 2) {
      blocks++;
      if (e - s <= maxBlock) {
        for (let a = s; a < e; a++) for (let b = a + 1; b < e; b++) add(entries[a]! % PACK, entries[b]! % PACK);
      } else {
        oversized++;
        const members: number[] = [];
        for (let a = s; a < e; a++) members.push(entries[a]! % PACK);
        members.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : x - y));
        for (let a = 0; a < members.length; a++) for (let b = a + 1; b < Math.min(members.length, a + window); b++) add(members[a]!, members[b]!);
      }
    }
    s = e;
  }
  const unique = [...new Set(pairs)].sort((a, b) => a - b);
  return { pairs: unique.map((v) => [Math.floor(v / PACK), v % PACK]), blocks, oversized };
}

function randomEntries(seed: number, n: number, keys: number, perRecord: number): Float64Array {
  const r = seededRandom(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(r() * perRecord);
    // a record may land twice in one block (two of its keys hash alike)
    for (let t = 0; t < k; t++) out.push(Math.floor(r() * r() * keys) * PACK + i);
  }
  return Float64Array.from(out).sort();
}

const rows = (c: ReturnType<typeof candidatePairs>, n: number) => {
  const out: number[][] = [];
  for (let x = 0; x < n; x++) for (let p = c.rowStart[x]!; p < c.rowStart[x + 1]!; p++) out.push([x, c.cols[p]!]);
  return out;
};

describe('candidatePairs', () => {
  it('gives the same pairs, in (x, y) order, blocks and oversized blocks as every pair of every block sorted and deduplicated', () => {
    for (const [seed, n, keys, perRecord, maxBlock, window] of [
      [1, 400, 60, 3, 150, 20],
      [2, 2000, 40, 4, 30, 5],
      [3, 50, 3, 2, 4, 3],
      [4, 1000, 1000, 1, 150, 20],
    ] as const) {
      const entries = randomEntries(seed, n, keys, perRecord);
      const sortKey = (i: number) => String((i * 7919) % 101);
      const want = reference(entries, n, maxBlock, window, sortKey, null);
      const got = candidatePairs(entries, { n, maxBlock, window, sortKey, sources: null });
      expect(rows(got, n)).toEqual(want.pairs);
      expect(got.count).toBe(want.pairs.length);
      expect([got.blocks, got.oversized]).toEqual([want.blocks, want.oversized]);
      // block by block: every pair at least once, nothing else; pairIndex finds each
      const seen = new Set<number>();
      got.eachByBlock((x, y) => seen.add(pairIndex(got.rowStart, got.cols, x, y)));
      expect(seen.size).toBe(got.count);
      if (seed === 2) expect(got.oversized).toBeGreaterThan(0);
    }
  });

  it('pairs only across sources when sources are given', () => {
    const n = 300;
    const entries = randomEntries(5, n, 30, 2);
    const sources = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
    const sortKey = (i: number) => String(i % 17);
    const want = reference(entries, n, 10, 4, sortKey, sources);
    const got = candidatePairs(entries, { n, maxBlock: 10, window: 4, sortKey, sources });
    expect(rows(got, n)).toEqual(want.pairs);
    expect(rows(got, n).every(([x, y]) => sources[x!] !== sources[y!])).toBe(true);
  });

  it('has no pair when no block holds two cards', () => {
    const entries = Float64Array.from([1 * PACK + 0, 2 * PACK + 1, 3 * PACK + 2]);
    const got = candidatePairs(entries, { n: 3, maxBlock: 150, window: 20, sortKey: String, sources: null });
    expect([got.count, got.blocks, [...got.rowStart]]).toEqual([0, 0, [0, 0, 0, 0]]);
    expect(() => pairIndex(got.rowStart, got.cols, 0, 1)).toThrow(/not a candidate/);
  });
});
