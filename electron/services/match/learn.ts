// runtime: node
/**
 * Per-account m-probabilities, as Splink estimates them: expectation maximisation on the account's
 * own blocked pairs. Each comparison's m (the chance of each agreement level among true duplicates)
 * is learned with the preset's m as a Dirichlet prior, so a comparison the account says little about
 * stays near the preset; u of the blocked pairs is a nuisance parameter of the mixture (the final
 * weights take u from random pairs). Identical comparison vectors are counted once, so the cost is
 * one pass over the pairs plus EM over the distinct patterns.
 */
export const NULL = 255;

export interface LearnInput {
  /** levels of every pair, pair-major: levels[p * C + k], NULL = missing */
  levels: Uint8Array;
  pairs: number;
  /** number of levels of each comparison */
  sizes: readonly number[];
  /** the prior m per comparison and level (the preset's) */
  priorM: readonly (readonly number[])[];
  /** starting u of the blocked pairs (the random-pair u) */
  startU: readonly (readonly number[])[];
  /** comparisons whose m stays as given */
  pinned: readonly boolean[];
  /** Dirichlet pseudo-counts of the prior (how many duplicate pairs it is worth) */
  priorPairs: number;
  /** the starting share of duplicates among the blocked pairs */
  lambda: number;
  maxIterations?: number;
  tolerance?: number;
  /** keep u as given (Splink's default: u comes from random pairs, EM learns m only) */
  fixU?: boolean;
}

export interface LearnResult {
  m: number[][];
  /** per comparison: learned (true) or left at the prior/pin (false) */
  learned: boolean[];
  converged: boolean;
  iterations: number;
  lambda: number;
  patterns: number;
}

/** The weight of a comparison's evidence among the estimated duplicates below which its prior stays. */
const MIN_MATCH_EVIDENCE = 30;

/**
 * Counts the distinct comparison vectors: their levels (pattern-major) and how many pairs have each.
 * A vector is keyed by a mixed-radix number when the levels fit in 52 bits, else by a string.
 */
export function countPatterns(levels: Uint8Array, pairs: number, sizes: readonly number[]): { patterns: Uint8Array; counts: Float64Array } {
  const C = sizes.length;
  const radix = sizes.map((L) => L + 1);
  const numeric = radix.reduce((x, y) => x * y, 1) < 2 ** 52;
  const index = new Map<number | string, number>();
  const counts: number[] = [];
  const rows: number[] = [];
  for (let p = 0; p < pairs; p++) {
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let k = 0; k < C; k++) {
        const l = levels[p * C + k]!;
        key = key * radix[k]! + (l === NULL ? sizes[k]! : l);
      }
    } else key = String.fromCharCode(...levels.subarray(p * C, p * C + C));
    let at = index.get(key);
    if (at === undefined) {
      at = counts.length;
      index.set(key, at);
      counts.push(0);
      for (let k = 0; k < C; k++) rows.push(levels[p * C + k]!);
    }
    counts[at]! += 1;
  }
  return { patterns: Uint8Array.from(rows), counts: Float64Array.from(counts) };
}

export function learnM(input: LearnInput): LearnResult {
  const C = input.sizes.length;
  const { patterns, counts } = countPatterns(input.levels, input.pairs, input.sizes);
  const S = counts.length;
  const m = input.priorM.map((row) => row.map((v) => Math.max(v, 1e-6)));
  const u = input.startU.map((row) => row.map((v) => Math.max(v, 1e-6)));
  let lambda = Math.min(Math.max(input.lambda, 1e-4), 0.9);
  const maxIterations = input.maxIterations ?? 100;
  const tolerance = input.tolerance ?? 1e-4;
  const evidence = new Float64Array(C);
  let converged = false;
  let iterations = 0;
  const total = counts.reduce((x, y) => x + y, 0);
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    const mAcc = input.sizes.map((L) => new Float64Array(L));
    const uAcc = input.sizes.map((L) => new Float64Array(L));
    let sumQ = 0;
    for (let s = 0; s < S; s++) {
      let lm = lambda;
      let lu = 1 - lambda;
      for (let k = 0; k < C; k++) {
        const l = patterns[s * C + k]!;
        if (l === NULL) continue;
        lm *= m[k]![l]!;
        lu *= u[k]![l]!;
      }
      const q = lm + lu > 0 ? lm / (lm + lu) : 0;
      const w = counts[s]!;
      sumQ += q * w;
      for (let k = 0; k < C; k++) {
        const l = patterns[s * C + k]!;
        if (l === NULL) continue;
        mAcc[k]![l]! += q * w;
        uAcc[k]![l]! += (1 - q) * w;
      }
    }
    let change = Math.abs(sumQ / total - lambda);
    lambda = Math.min(Math.max(sumQ / total, 1e-6), 1 - 1e-6);
    for (let k = 0; k < C; k++) {
      const L = input.sizes[k]!;
      const ms = mAcc[k]!.reduce((x, y) => x + y, 0);
      const us = uAcc[k]!.reduce((x, y) => x + y, 0);
      evidence[k] = ms;
      if (!input.pinned[k]) {
        for (let l = 0; l < L; l++) {
          // MAP estimate under a Dirichlet prior centred on the preset's m
          const next = Math.max((mAcc[k]![l]! + input.priorPairs * input.priorM[k]![l]!) / (ms + input.priorPairs), 1e-6);
          change = Math.max(change, Math.abs(next - m[k]![l]!));
          m[k]![l] = next;
        }
      }
      if (us > 0 && !input.fixU) for (let l = 0; l < L; l++) u[k]![l] = Math.max(uAcc[k]![l]! / us, 1e-6);
    }
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  const learned = input.sizes.map((_, k) => !input.pinned[k] && converged && evidence[k]! >= MIN_MATCH_EVIDENCE);
  const out = input.priorM.map((row, k) => (learned[k] ? m[k]! : [...row]));
  return { m: out, learned, converged, iterations, lambda, patterns: S };
}

/** One training session: the pairs that agree on `on` (each at its level or better), learning every other comparison. */
export interface Session {
  on: { k: number; max: number }[];
}

export interface SessionsResult {
  m: number[][];
  learned: boolean[];
  /** sessions that ran (enough pairs) and converged */
  sessions: number;
  iterations: number;
}

/**
 * Splink's way to learn m without the blocking bias: each session takes the pairs blocked on some
 * comparisons, hides those comparisons, and learns the m of the others (u fixed from random pairs);
 * a comparison's m is the mean over the sessions that learned it. Sessions with fewer than
 * `minPairs` pairs or that do not converge count for nothing; a comparison no session learned keeps its prior.
 */
export function learnBySessions(input: Omit<LearnInput, 'pinned'> & { pinned: readonly boolean[]; sessions: readonly Session[]; minPairs: number }): SessionsResult {
  const C = input.sizes.length;
  const sums = input.sizes.map((L) => new Float64Array(L));
  const seen = new Float64Array(C);
  let ran = 0;
  let iterations = 0;
  for (const session of input.sessions) {
    const hidden = new Set(session.on.map((x) => x.k));
    const rows: number[] = [];
    let count = 0;
    for (let p = 0; p < input.pairs; p++) {
      let ok = true;
      for (const { k, max } of session.on) {
        const l = input.levels[p * C + k]!;
        if (l === NULL || l > max) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      count++;
      for (let k = 0; k < C; k++) rows.push(hidden.has(k) ? NULL : input.levels[p * C + k]!);
    }
    if (count < input.minPairs) continue;
    const r = learnM({ ...input, levels: Uint8Array.from(rows), pairs: count, pinned: input.pinned.map((x, k) => x || hidden.has(k)), fixU: true });
    iterations += r.iterations;
    if (!r.converged) continue;
    ran++;
    r.learned.forEach((ok, k) => {
      if (!ok) return;
      seen[k]! += 1;
      r.m[k]!.forEach((v, l) => (sums[k]![l]! += v));
    });
  }
  const learned = input.sizes.map((_, k) => seen[k]! > 0);
  const m = input.priorM.map((row, k) => (learned[k] ? Array.from(sums[k]!, (v) => v / seen[k]!) : [...row]));
  return { m, learned, sessions: ran, iterations };
}
