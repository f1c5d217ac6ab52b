// runtime: node
/**
 * Clustering that does not chain weak links. Links are taken strongest first; two groups merge
 * only when the cards across them agree as a whole: the mean log-odds over every cross pair must
 * reach mergeLogit (default the link threshold), and no cross pair may fall below the veto; a cross
 * pair with nothing comparable (NaN) counts neither way. So A≈B and B≈C make one
 * group with C only when A and C also look alike.
 */
export interface Link {
  i: number;
  j: number;
  /** log2 odds that the pair is a duplicate */
  logit: number;
}

export interface ClusterOptions {
  /** log2 odds a pair needs to link (probability threshold as log-odds) */
  thresholdLogit: number;
  /** a cross pair below this log-odds blocks a merge */
  vetoLogit: number;
  /** the mean log-odds over the cross pairs a merge needs (default: thresholdLogit) */
  mergeLogit?: number;
  maxGroup: number;
  /** two-file linkage: every record in at most one pair */
  oneToOne?: boolean;
  /** a pair that must never be together ("not a duplicate" decisions) */
  forbidden?: (i: number, j: number) => boolean;
}

export interface Cluster {
  members: number[];
  /** the links that built the group */
  links: Link[];
}

const CLAMP = 30;
const clamp = (x: number) => (x > CLAMP ? CLAMP : x < -CLAMP ? -CLAMP : x);

export function clusterLinks(links: readonly Link[], score: (i: number, j: number) => number, options: ClusterOptions): Cluster[] {
  const sorted = [...links].sort((x, y) => y.logit - x.logit || x.i - y.i || x.j - y.j);
  const groupOf = new Map<number, Cluster>();
  const linkLogit = new Map<string, number>();
  for (const l of links) linkLogit.set(l.i < l.j ? `${l.i},${l.j}` : `${l.j},${l.i}`, l.logit);
  const pairLogit = (a: number, b: number): number => linkLogit.get(a < b ? `${a},${b}` : `${b},${a}`) ?? score(a, b);
  const get = (i: number): Cluster => {
    let c = groupOf.get(i);
    if (!c) {
      c = { members: [i], links: [] };
      groupOf.set(i, c);
    }
    return c;
  };
  for (const link of sorted) {
    if (link.logit < options.thresholdLogit) break;
    const a = get(link.i);
    const b = get(link.j);
    if (a === b) continue;
    if (options.oneToOne && (a.members.length > 1 || b.members.length > 1)) continue;
    if (a.members.length + b.members.length > options.maxGroup) continue;
    if (!canMerge(a, b, pairLogit, options)) continue;
    const [big, small] = a.members.length >= b.members.length ? [a, b] : [b, a];
    for (const m of small.members) {
      big.members.push(m);
      groupOf.set(m, big);
    }
    big.links.push(...small.links, link);
  }
  const seen = new Set<Cluster>();
  const out: Cluster[] = [];
  for (const c of groupOf.values()) {
    if (seen.has(c) || c.members.length < 2) continue;
    seen.add(c);
    c.members.sort((x, y) => x - y);
    out.push(c);
  }
  return out.sort((x, y) => (x.members[0] ?? 0) - (y.members[0] ?? 0));
}

function canMerge(a: Cluster, b: Cluster, pairLogit: (i: number, j: number) => number, options: ClusterOptions): boolean {
  let sum = 0;
  let n = 0;
  for (const x of a.members) {
    for (const y of b.members) {
      if (options.forbidden?.(x, y)) return false;
      const s = pairLogit(x, y);
      // two cards with nothing comparable (a placeholder card and a name-only card): no evidence either way
      if (Number.isNaN(s)) continue;
      if (s < options.vetoLogit) return false;
      sum += clamp(s);
      n++;
    }
  }
  return n === 0 || sum / n >= (options.mergeLogit ?? options.thresholdLogit);
}
