// runtime: node
import { describe, expect, it } from 'vitest';
import { clusterLinks, type Link } from './cluster';

const opts = { thresholdLogit: 3, vetoLogit: -4, maxGroup: 50 };
const scorer = (table: Record<string, number>, fallback = -10) => (i: number, j: number) => table[i < j ? `${i},${j}` : `${j},${i}`] ?? fallback;

describe('clusterLinks', () => {
  it('does not chain weak links: A≈B and B≈C do not make A≈C', () => {
    const links: Link[] = [
      { i: 0, j: 1, logit: 8 },
      { i: 1, j: 2, logit: 5 },
    ];
    // A and C disagree strongly
    const groups = clusterLinks(links, scorer({ '0,2': -12 }), opts);
    expect(groups.map((g) => g.members)).toEqual([[0, 1]]);
  });

  it('merges a chain when the far ends also look alike', () => {
    const links: Link[] = [
      { i: 0, j: 1, logit: 8 },
      { i: 1, j: 2, logit: 6 },
    ];
    const groups = clusterLinks(links, scorer({ '0,2': 4 }), opts);
    expect(groups.map((g) => g.members)).toEqual([[0, 1, 2]]);
  });

  it('takes the strongest link first: a card joins the group it matches best', () => {
    const links: Link[] = [
      { i: 0, j: 1, logit: 5 },
      { i: 1, j: 2, logit: 20 },
      { i: 2, j: 3, logit: 4 },
    ];
    const groups = clusterLinks(links, scorer({}), opts);
    expect(groups.map((g) => g.members)).toEqual([[1, 2]]);
  });

  it('merges on the mean of every cross pair, not on one link', () => {
    // groups {0,1} and {2,3}; one strong link 1-2, other cross pairs weak but not vetoed
    const links: Link[] = [
      { i: 0, j: 1, logit: 10 },
      { i: 2, j: 3, logit: 10 },
      { i: 1, j: 2, logit: 9 },
    ];
    expect(clusterLinks(links, scorer({ '0,2': 2, '0,3': 2, '1,3': 2 }), opts).map((g) => g.members)).toEqual([[0, 1, 2, 3]]);
    expect(clusterLinks(links, scorer({ '0,2': 0, '0,3': 0, '1,3': 0 }), opts).map((g) => g.members)).toEqual([[0, 1], [2, 3]]);
    // with a lower merge bar (mean log-odds 0) the same cards join
    expect(clusterLinks(links, scorer({ '0,2': 0, '0,3': 0, '1,3': 0 }), { ...opts, mergeLogit: 0 }).map((g) => g.members)).toEqual([[0, 1, 2, 3]]);
  });

  it('a cross pair with nothing comparable (NaN) counts neither way', () => {
    const links: Link[] = [
      { i: 0, j: 1, logit: 10 },
      { i: 1, j: 2, logit: 9 },
    ];
    expect(clusterLinks(links, scorer({ '0,2': Number.NaN }), opts).map((g) => g.members)).toEqual([[0, 1, 2]]);
    expect(clusterLinks(links, scorer({ '0,2': -5 }), opts).map((g) => g.members)).toEqual([[0, 1]]);
  });

  it('respects forbidden pairs ("not a duplicate") and the group size limit', () => {
    const links: Link[] = [
      { i: 0, j: 1, logit: 10 },
      { i: 1, j: 2, logit: 10 },
    ];
    const all = scorer({ '0,2': 10 });
    expect(clusterLinks(links, all, { ...opts, forbidden: (a, b) => a + b === 2 && a !== b }).map((g) => g.members)).toEqual([[0, 1]]);
    expect(clusterLinks(links, all, { ...opts, maxGroup: 2 }).map((g) => g.members)).toEqual([[0, 1]]);
  });

  it('pairs one to one in two-file linkage', () => {
    const links: Link[] = [
      { i: 0, j: 10, logit: 12 },
      { i: 0, j: 11, logit: 9 },
      { i: 1, j: 11, logit: 8 },
    ];
    const groups = clusterLinks(links, scorer({ '10,11': 10 }), { ...opts, oneToOne: true });
    expect(groups.map((g) => g.members)).toEqual([[0, 10], [1, 11]]);
  });
});
