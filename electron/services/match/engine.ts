// runtime: node
import { toAmoEntities } from './sanitize';
import { seededRandom } from '../../../shared/random/seeded';
import { buildComparator, NULL_LEVEL, type Comparator } from './comparators';
import { candidatePairs, pairIndex, PACK, type Candidates } from './candidates';
import { clusterLinks, type Link } from './cluster';
import { dropAmbiguousBareLinks } from './bare-links';
import { isCoded, nameCodes, readsOnlyName, throughCodes, type CodedComparator } from './name-codes';
import { PairMemo } from './pair-memo';
import { fieldValues } from './prepare';
import { learnBySessions } from './learn';
import { adaptRules } from './adapt';
import type { Rules } from './rules';
import { phoneKind } from './phones';
import { isPlaceholderName } from '../../../shared/normalize/names';
import { isPlaceholderCompanyName } from '../../../shared/normalize/company';
import type { MatchPhoneKind, MatchVerdict, MatchWeightSource, MatchWeightsView } from '../../../shared/api/methods/match';
import type { AmoEntity, ComparisonExplanation, MatchGroup, MatchResult, PairExplanation } from './types';

export interface MatchOptions {
  rules: Rules;
  /** two-file linkage: pairs only across sources (rules.sourceField), every card in at most one pair */
  crossSource?: boolean;
  /** "not a duplicate" decisions: a pair of entity ids that must never be grouped */
  forbidden?: (a: number | string, b: number | string) => boolean;
  signal?: AbortSignal;
  onProgress?: (phase: string, fraction: number) => void;
  /**
   * Build the comparisons that read only the name over the distinct names and reuse a pair of
   * names' levels (name-codes.ts, default true). false builds every comparison over every card:
   * the same levels, slower (tests compare the two).
   */
  nameCodes?: boolean;
}

const MAX_RECORDS = 2 ** 21 - 1;
const log2 = Math.log2;


/** 32-bit FNV-1a of a string. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) {
    h ^= s.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class GrowF64 {
  data = new Float64Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}


/** The log-odds of a pair a veto comparison forbids (first names of two people disagree). */
export const VETO_LOGIT = -1000;

/** A weak value (a role mailbox) weighs as if this many times more cards shared it. */
const WEAK_VALUE_FACTOR = 50;

/**
 * One alternative of rules.requireAny: "phone" (an exact agreement) or "email:1+given:1+surname:1"
 * (every part at its level or better). An alternative that is not one exact identifier also needs
 * that no other comparison disagrees outright (a name alone never overrides a different phone).
 */
export interface Requirement {
  parts: { k: number; max: number }[];
  /** "…@0.99": the probability this alternative needs (log2 odds), above the rules' threshold */
  minLogit: number;
  /**
   * the part "bare": one of the two cards holds no identifier at all (no phone, e-mail, tax number,
   * site or date: a card with only a name, maybe a city or a position)
   */
  bare: boolean;
}

/** The reserved requireAny part: one card of the pair holds no identifier (a name-only card). */
export const BARE_PART = 'bare';

export function parseRequirements(specs: readonly string[], ids: readonly string[]): Requirement[] {
  return specs.map((full) => {
    const [spec, p] = full.split('@') as [string, string | undefined];
    const min = p === undefined ? Number.NaN : Number(p);
    if (p !== undefined && !(min > 0 && min < 1)) throw new Error(`requireAny "${full}": the probability after "@" must be between 0 and 1.`);
    const names = spec.split('+');
    const bare = names.includes(BARE_PART) && !ids.includes(BARE_PART);
    if (bare && names.length === 1) throw new Error(`requireAny "${full}": "${BARE_PART}" needs a comparison beside it.`);
    return {
    minLogit: p === undefined ? -Infinity : logit(min),
    bare,
    parts: names.filter((part) => !(bare && part === BARE_PART)).map((part) => {
      const [id, max] = part.split(':') as [string, string | undefined];
      const k = ids.indexOf(id);
      if (k < 0) throw new Error(`requireAny names an unknown comparison "${id}".`);
      return { k, max: max === undefined ? 0 : Number(max) };
    }),
    };
  });
}

/**
 * true when one alternative of requireAny holds for a pair of these levels and log2 odds (total);
 * `bare` says whether one card of the pair holds no identifier (asked only by a "bare" alternative)
 */
export function meetsRequirementLevels(required: readonly Requirement[], comparators: readonly Comparator[], levelOf: (k: number) => number, total = Infinity, bare: () => boolean = () => false): boolean {
  for (const r of required) {
    if (total < r.minLogit) continue;
    if (r.bare && !bare()) continue;
    let ok = true;
    for (const p of r.parts) {
      const l = levelOf(p.k);
      if (l === NULL_LEVEL || l > p.max) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    // an exact shared identifier stands on its own
    if (r.parts.length === 1 && r.parts[0]!.max === 0 && IDENTIFIER_KINDS.has(comparators[r.parts[0]!.k]!.kind)) return true;
    // a name or a slip needs that nothing else disagrees outright
    let contradicted = false;
    for (let k = 0; k < comparators.length && !contradicted; k++) {
      if (r.parts.some((p) => p.k === k)) continue;
      const l = levelOf(k);
      contradicted = l !== NULL_LEVEL && l === comparators[k]!.levels.length - 1 && comparators[k]!.levels.length > 1;
    }
    if (!contradicted) return true;
  }
  return false;
}

/** Comparisons whose exact agreement is an identifier (a shared number, mailbox, tax number, site). */
const IDENTIFIER_KINDS = new Set(['phone', 'email', 'exact', 'domain', 'date']);

/** The fitted model: comparators, weights and prior. Scores and explains any pair of the input. */
export class MatchModel {
  /** log2(m/u) per comparator and level */
  readonly weights: number[][];
  readonly m: number[][];
  readonly u: number[][];
  /** log2 prior odds of a duplicate for a random pair */
  priorLogit = 0;
  readonly tfCounts: (Map<string, number> | null)[];
  readonly tfTotals: number[];
  /** where each comparison's m comes from: the preset (prior), learned on this account (EM), or pinned by the rules file */
  readonly sources: MatchWeightSource[];

  constructor(
    readonly entities: readonly AmoEntity[],
    readonly comparators: readonly Comparator[],
    readonly rules: Rules,
  ) {
    this.m = comparators.map((c) => [...c.m]);
    this.u = comparators.map((c) => c.levels.map(() => 1 / c.levels.length));
    this.weights = comparators.map((c) => c.levels.map(() => 0));
    this.tfCounts = comparators.map(() => null);
    this.tfTotals = comparators.map(() => 0);
    this.sources = comparators.map(() => 'prior');
  }

  /** The weights of every comparison: per level its code, m, u and log2(m/u) (what the review shows as learned weights). */
  weightsView(): MatchWeightsView[] {
    return this.comparators.map((c, k) => ({
      id: c.id,
      source: this.sources[k]!,
      levels: c.codes.map((spec, l) => ({ ...spec, m: round4(this.m[k]![l]!), u: round4(this.u[k]![l]!), weight: round(this.weights[k]![l]!) })),
    }));
  }

  /** true when record i's name is a placeholder ("Входящий звонок", a phone number, empty): missing evidence */
  placeholder(i: number): boolean {
    const e = this.entities[i]!;
    if (this.comparators.some((c) => c.kind === 'company')) return isPlaceholderCompanyName(e.name);
    if (!this.comparators.some((c) => c.kind === 'given' || c.kind === 'surname')) return false;
    const text = (e.name ?? '').trim() || [e.first_name, e.last_name].filter(Boolean).join(' ');
    return isPlaceholderName(text);
  }

  /** The kind of a shared phone number: an extension, an office line many cards share, a landline, a mobile. */
  private phoneKindOf(value: string, sharedBy: number): MatchPhoneKind {
    if (value.includes(';ext=')) return 'extension';
    const kind = phoneKind(value);
    if (kind === 'mobile') return 'mobile';
    if (kind === 'fixed') return sharedBy >= 3 ? 'office_shared' : 'landline';
    return 'other';
  }

  get thresholdLogit(): number {
    return logit(this.rules.threshold);
  }

  updateWeights(): void {
    this.comparators.forEach((c, k) => {
      this.weights[k] = c.levels.map((_, l) => log2(Math.max(this.m[k]![l]!, 1e-6) / Math.max(this.u[k]![l]!, 1e-9)));
    });
  }

  /** How many cards hold a value; a weak value (a role mailbox such as info@) counts as shared by many. */
  countOf(k: number, value: string): number {
    const count = this.tfCounts[k]?.get(value) ?? 1;
    const c = this.comparators[k]!;
    if (c.weak?.(value)) return Math.max(count, 1) * WEAK_VALUE_FACTOR;
    return count > 1 && c.personal?.(value) ? Math.sqrt(count) : count;
  }

  /** The weight of an exact agreement on a value, weighed by how common the value is. */
  tfWeight(k: number, value: string | null): number | null {
    const counts = this.tfCounts[k];
    if (!counts || value === null) return null;
    const total = this.tfTotals[k] ?? 0;
    const count = this.countOf(k, value);
    if (total <= 0) return null;
    const tf = Math.max(count / total, 1 / total);
    return log2(Math.max(this.m[k]![0]!, 1e-6) / tf);
  }

  /** rules.requireAny, parsed: one of these must hold (see meetsRequirementLevels) */
  required: Requirement[] = [];

  /** true when the pair meets rules.requireAny */
  meetsRequirement(i: number, j: number): boolean {
    if (this.required.length === 0) return true;
    return meetsRequirementLevels(this.required, this.comparators, (k) => this.comparators[k]!.level(i, j), this.logit(i, j), () => this.bare(i) || this.bare(j));
  }

  private bareCards: Uint8Array | null = null;

  /** true when card i holds no identifier: no phone, e-mail, tax number, site or date (a name-only card) */
  bare(i: number): boolean {
    if (!this.bareCards) {
      const ids = this.comparators.filter((c) => IDENTIFIER_KINDS.has(c.kind));
      this.bareCards = new Uint8Array(this.entities.length);
      for (let x = 0; x < this.entities.length; x++) this.bareCards[x] = ids.length > 0 && ids.every((c) => c.values(x).length === 0) ? 1 : 0;
    }
    return this.bareCards[i] === 1;
  }

  /**
   * log2 odds that records i and j are duplicates (VETO_LOGIT when a veto comparison disagrees;
   * NaN when the two cards hold no comparable value at all: no evidence either way).
   */
  logit(i: number, j: number): number {
    let total = this.priorLogit;
    let seen = 0;
    for (let k = 0; k < this.comparators.length; k++) {
      const c = this.comparators[k]!;
      const l = c.level(i, j);
      if (l === NULL_LEVEL) continue;
      if (c.veto && l === c.levels.length - 1 && (c.vetoPair?.(i, j) ?? true)) return VETO_LOGIT;
      seen++;
      if (l === 0 && c.tf) total += this.tfWeight(k, c.tfValue(i, j)) ?? this.weights[k]![0]!;
      else total += this.weights[k]![l]!;
    }
    return seen === 0 ? Number.NaN : total;
  }

  explain(i: number, j: number): PairExplanation {
    const comparisons: ComparisonExplanation[] = [];
    let total = this.priorLogit;
    this.comparators.forEach((c, k) => {
      const l = c.level(i, j);
      const a = c.display(i);
      const b = c.display(j);
      const source = this.sources[k]!;
      if (l === NULL_LEVEL) {
        comparisons.push({ id: c.id, code: 'missing', level: 'missing', weight: 0, a, b, source });
        return;
      }
      let weight = this.weights[k]![l]!;
      let note: string | undefined;
      let sharedBy: number | undefined;
      let role = false;
      let kind: MatchPhoneKind | undefined;
      if (l === 0 && c.tf) {
        const value = c.tfValue(i, j);
        const w = this.tfWeight(k, value);
        if (w !== null) {
          const count = this.tfCounts[k]?.get(value ?? '') ?? 1;
          if (value !== null && c.weak?.(value)) {
            note = 'role mailbox: weak evidence';
            role = true;
          }
          sharedBy = count;
          if (count > 2 && !note) note = `shared by ${count} cards: weighed down`;
          weight = w;
        }
        if (value !== null && c.kind === 'phone') kind = this.phoneKindOf(value, count0(this.tfCounts[k], value));
      }
      total += weight;
      const spec = c.codes[l]!;
      comparisons.push({
        id: c.id,
        code: spec.code,
        ...(spec.t !== undefined ? { t: spec.t } : {}),
        level: c.levels[l] ?? String(l),
        weight: round(weight),
        a,
        b,
        source,
        ...(note ? { note } : {}),
        ...(sharedBy ? { sharedBy } : {}),
        ...(kind ? { phoneKind: kind } : {}),
        ...(role ? { role } : {}),
      });
    });
    const vetoed = this.comparators.find((c) => c.veto && c.level(i, j) === c.levels.length - 1 && (c.vetoPair?.(i, j) ?? true));
    const probability = vetoed ? 0 : sigmoid(total);
    const meets = this.meetsRequirement(i, j);
    const passed = probability >= this.rules.threshold && meets;
    const strongest = [...comparisons].sort((x, y) => y.weight - x.weight);
    const pro = strongest.filter((c) => c.weight > 0.5).map((c) => `${c.id} ${c.level}`);
    const contra = strongest
      .filter((c) => c.weight < -0.5)
      .reverse()
      .map((c) => `${c.id} ${c.level}`);
    const missing = `no exact agreement on ${this.rules.requireAny.join(' or ')}`;
    const reason = vetoed
      ? `Not linked: ${vetoed.id} ${vetoed.levels[vetoed.levels.length - 1]} (two people, whatever else they share).`
      : !meets && probability >= this.rules.threshold
      ? `Not linked: ${missing} (p=${probability.toFixed(3)} alone would pass).`
      : passed
      ? `Linked (p=${probability.toFixed(3)} ≥ ${this.rules.threshold}): ${pro.join(', ') || 'weak agreement'}${contra.length ? `; despite ${contra.join(', ')}` : ''}.`
      : `Not linked (p=${probability.toFixed(3)} < ${this.rules.threshold}): ${contra.length ? contra.join(', ') : 'too little agreement'}${pro.length ? `; agreed: ${pro.join(', ')}` : ''}.`;
    const verdict: MatchVerdict = vetoed
      ? { code: 'vetoed', by: vetoed.id }
      : !meets && probability >= this.rules.threshold
      ? { code: 'needs_identifier' }
      : passed
      ? { code: 'linked' }
      : { code: 'below_threshold' };
    const placeholders = [i, j].filter((x) => this.placeholder(x)).map((x) => this.entities[x]!.id);
    return {
      a: this.entities[i]!.id,
      b: this.entities[j]!.id,
      comparisons,
      totalWeight: round(total),
      probability,
      passed,
      reason,
      verdict,
      placeholders,
    };
  }
}

const count0 = (counts: Map<string, number> | null | undefined, value: string) => counts?.get(value) ?? 1;
const round4 = (x: number) => Math.round(x * 10000) / 10000;
const round = (x: number) => Math.round(x * 100) / 100;
export const sigmoid = (x: number) => 1 / (1 + 2 ** -x);
export const logit = (p: number) => log2(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));

export interface MatchRun extends MatchResult {
  model: MatchModel;
}

/** Coded comparators kept in one memo entry (8 bits of level each). */
const MEMO_MAX = 4;

/**
 * The agreement levels of every candidate pair, pair-major in the table's order (levels[p * C + k]).
 * The pairs are visited block by block, so the cards a comparator reads stay in the CPU's caches
 * while a block's pairs are compared (a pair in several blocks is compared once). The levels of the
 * comparisons that read only the name (name-codes.ts) depend on the pair of name codes alone: they
 * are computed once per pair of names and kept in a PairMemo.
 */
function compareCandidates(comparators: readonly Comparator[], candidates: Candidates): Uint8Array {
  const { rowStart, cols, count: P } = candidates;
  const C = comparators.length;
  const levels = new Uint8Array(P * C);
  const done = new Uint8Array(P);
  const memoK = comparators.flatMap((c, k) => (isCoded(c) ? [k] : [])).slice(0, MEMO_MAX);
  const M = memoK.length;
  const code = M > 0 ? (comparators[memoK[0]!] as CodedComparator).nameCode : null;
  const inner = memoK.map((k) => (comparators[k] as CodedComparator).inner);
  const rest = comparators.flatMap((_, k) => (memoK.includes(k) ? [] : [k]));
  const R = rest.length;
  const memo = M > 0 ? new PairMemo(PairMemo.capacityFor(P)) : null;
  let compared = 0;
  candidates.eachByBlock((i, j) => {
    const p = pairIndex(rowStart, cols, i, j);
    if (done[p] === 1) return;
    done[p] = 1;
    compared++;
    const at = p * C;
    if (code && memo) {
      const ci = code[i]!;
      const cj = code[j]!;
      let packed = memo.get(ci, cj);
      if (packed < 0) {
        packed = 0;
        for (let t = 0; t < M; t++) packed |= inner[t]!.level(ci, cj) << (8 * t);
        packed >>>= 0;
        memo.set(ci, cj, packed);
      }
      for (let t = 0; t < M; t++) levels[at + memoK[t]!] = (packed >>> (8 * t)) & 0xff;
    }
    for (let r = 0; r < R; r++) levels[at + rest[r]!] = comparators[rest[r]!]!.level(i, j);
  });
  if (compared !== P) throw new Error(`Compared ${compared} of ${P} candidate pairs.`);
  return levels;
}

/** Finds duplicate groups among entities. Pure and deterministic: same input, same output. */
export function runMatch(input: readonly AmoEntity[], options: MatchOptions): MatchRun {
  const t0 = performance.now();
  // the tolerant reader (issue 12): a number for a name, a null list, … never fail a match
  const entities = toAmoEntities(input);
  const phases: Record<string, number> = {};
  let tPhase = t0;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - tPhase) / 1000;
    tPhase = now;
    if (options.signal?.aborted) throw Object.assign(new Error('Cancelled'), { code: 'CANCELLED' });
    options.onProgress?.(name, 0);
  };
  const n = entities.length;
  if (n > MAX_RECORDS) throw new Error(`Too many cards for one run (${n}; at most ${MAX_RECORDS}).`);
  const rules = options.rules.adapt ? adaptRules(options.rules, entities) : options.rules;
  const names = options.nameCodes !== false && rules.comparisons.some(readsOnlyName) ? nameCodes(entities) : null;
  const comparators: Comparator[] = rules.comparisons.map((r) => (names && readsOnlyName(r) ? throughCodes(buildComparator(r, names.names), names.codes) : buildComparator(r, entities)));
  const model = new MatchModel(entities, comparators, rules);
  const C = comparators.length;
  phase('prepare');

  // term frequencies
  comparators.forEach((c, k) => {
    const counts = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (const v of c.values(i)) {
        counts.set(v, (counts.get(v) ?? 0) + 1);
        total++;
      }
    }
    model.tfTotals[k] = total;
    if (c.tf) model.tfCounts[k] = counts;
    c.useCounts?.(counts);
    // u of an exact agreement from the value distribution: Σ p²
    let sumSq = 0;
    for (const cnt of counts.values()) sumSq += (cnt / Math.max(total, 1)) ** 2;
    model.u[k]![0] = Math.max(sumSq, 1 / Math.max(total * total, 1));
  });
  phase('frequencies');

  // u-probabilities from random pairs
  const random = seededRandom(0x5eed);
  const totalPairs = (n * (n - 1)) / 2;
  const samples = Math.min(totalPairs, 60_000);
  const uCounts = comparators.map((c) => new Float64Array(c.levels.length));
  const uNonNull = new Float64Array(C);
  for (let s = 0; s < samples; s++) {
    const i = Math.floor(random() * n);
    let j = Math.floor(random() * (n - 1));
    if (j >= i) j++;
    for (let k = 0; k < C; k++) {
      const l = comparators[k]!.level(i, j);
      if (l === NULL_LEVEL) continue;
      uCounts[k]![l]! += 1;
      uNonNull[k]! += 1;
    }
  }
  comparators.forEach((c, k) => {
    const L = c.levels.length;
    // a fuzzy level seen a handful of times in the sample is not trusted to be rarer than 1 in 1000
    for (let l = 1; l < L; l++) model.u[k]![l] = Math.max((uCounts[k]![l]! + 0.5) / (uNonNull[k]! + 0.5 * L), l < L - 1 ? rules.minFuzzyU : 0);
    const sampledExact = uCounts[k]![0]!;
    if (sampledExact >= 30) model.u[k]![0] = sampledExact / uNonNull[k]!;
    // keep the distribution summing to 1 by shrinking the disagreement level
    const rest = model.u[k]!.slice(0, L - 1).reduce((x, y) => x + y, 0);
    model.u[k]![L - 1] = Math.max(1 - rest, 1e-6);
    // a rules file may pin u (a value known from elsewhere)
    const pinnedU = rules.comparisons[k]?.u;
    if (pinnedU && pinnedU.length === L) model.u[k] = [...pinnedU];
    if (rules.comparisons[k]?.pin) model.sources[k] = 'pinned';
  });
  phase('u-sampling');

  // blocking: every key of every rule, hashed and packed with the record index, sorted
  const sources = options.crossSource && rules.sourceField ? entities.map((e) => fieldValues(e, rules.sourceField!)[0] ?? '') : null;
  const packed = new GrowF64();
  const blockRules = rules.blocking.map((spec) =>
    spec.split('+').map((part) => {
      const [id, variant] = part.split(':') as [string, string | undefined];
      const k = comparators.findIndex((c) => c.id === id);
      if (k < 0) throw new Error(`Blocking rule "${spec}" names an unknown comparison "${id}".`);
      return { c: comparators[k]!, variant };
    }),
  );
  // with rules.requireAny, a pair can only link when it agrees exactly on a required comparison:
  // blocking rules that hold none of them would only add pairs that can never link
  const requiredIds = new Set(rules.requireAny.flatMap((spec) => spec.split('@')[0]!.split('+').map((part) => part.split(':')[0]!)));
  const usefulRules = requiredIds.size === 0 ? blockRules : blockRules.filter((parts) => parts.some((p) => requiredIds.has(p.c.id)));
  usefulRules.forEach((parts, r) => {
    for (let i = 0; i < n; i++) {
      let keys: string[] = [String(r)];
      for (const p of parts) {
        const ks = p.c.blockKeys(i, p.variant);
        if (ks.length === 0) {
          keys = [];
          break;
        }
        const next: string[] = [];
        for (const prefix of keys) for (const k of ks) next.push(`${prefix}\u0001${k}`);
        keys = next.length > 16 ? next.slice(0, 16) : next;
      }
      for (const key of new Set(keys)) packed.push(hash32(key) * PACK + i);
    }
  });
  const entries = packed.view().slice().sort();
  phase('blocking');

  const sortKey = (i: number) => comparators.map((c) => c.display(i)).join('\u0001');
  const candidates = candidatePairs(entries, { n, maxBlock: rules.maxBlock, window: rules.window, sortKey, sources, ...(options.signal ? { signal: options.signal } : {}) });
  const { rowStart, cols } = candidates;
  const P = candidates.count;
  const blocks = candidates.blocks;
  const oversized = candidates.oversized;
  phase('candidates');

  // comparison vectors of every candidate pair
  const levels = compareCandidates(comparators, candidates);
  phase('compare');

  // expectation maximisation of m and the share of duplicates among candidates
  let lambda = 0.1;
  let iterations = 0;
  if (rules.em && P > 0) {
    const uB = model.u.map((row) => [...row]);
    const post = new Float64Array(P);
    for (let it = 0; it < 40; it++) {
      iterations = it + 1;
      const mw = model.m.map((row) => row.map((v) => Math.max(v, 1e-6)));
      const uw = uB.map((row) => row.map((v) => Math.max(v, 1e-6)));
      let sumP = 0;
      for (let p = 0; p < P; p++) {
        let lm = lambda;
        let lu = 1 - lambda;
        for (let k = 0; k < C; k++) {
          const l = levels[p * C + k]!;
          if (l === NULL_LEVEL) continue;
          lm *= mw[k]![l]!;
          lu *= uw[k]![l]!;
        }
        const q = lm / (lm + lu);
        post[p] = q;
        sumP += q;
      }
      const mAcc = comparators.map((c) => new Float64Array(c.levels.length));
      const uAcc = comparators.map((c) => new Float64Array(c.levels.length));
      for (let p = 0; p < P; p++) {
        const q = post[p]!;
        for (let k = 0; k < C; k++) {
          const l = levels[p * C + k]!;
          if (l === NULL_LEVEL) continue;
          mAcc[k]![l]! += q;
          uAcc[k]![l]! += 1 - q;
        }
      }
      let change = Math.abs(sumP / P - lambda);
      lambda = Math.min(Math.max(sumP / P, 1e-6), 1 - 1e-6);
      comparators.forEach((c, k) => {
        const ms = mAcc[k]!.reduce((x, y) => x + y, 0);
        const us = uAcc[k]!.reduce((x, y) => x + y, 0);
        if (ms <= 0 || us <= 0 || rules.comparisons[k]?.pin) return;
        model.sources[k] = 'learned';
        for (let l = 0; l < c.levels.length; l++) {
          const mv = mAcc[k]![l]! / ms;
          change = Math.max(change, Math.abs(mv - model.m[k]![l]!));
          model.m[k]![l] = mv;
          uB[k]![l] = uAcc[k]![l]! / us;
        }
      });
      if (change < 1e-4) break;
    }
  } else if (P > 0) {
    lambda = Math.min(1, (rules.expectedPartners * n) / 2 / P);
    if (rules.learn && P >= rules.minLearnPairs) {
      // one training session per blocking rule: pairs agreeing on its comparisons, which stay hidden
      // (rules on identifiers where there are some: pairs blocked on a name mix duplicates with namesakes)
      const onIdentifiers = blockRules.filter((parts) => parts.every((x) => IDENTIFIER_KINDS.has(x.c.kind) && x.variant === undefined));
      const sessions = (onIdentifiers.length > 0 ? onIdentifiers : blockRules).map((parts) => ({
        on: parts.map((x) => ({ k: comparators.indexOf(x.c), max: x.variant === undefined ? 0 : 1 })),
      }));
      const learned = learnBySessions({
        levels,
        pairs: P,
        sizes: comparators.map((c) => c.levels.length),
        priorM: comparators.map((c) => c.m),
        startU: model.u,
        pinned: rules.comparisons.map((r) => r.pin === true),
        priorPairs: rules.priorPairs,
        lambda: 0.3,
        sessions,
        minPairs: Math.max(50, Math.round(rules.minLearnPairs / 10)),
      });
      iterations = learned.iterations;
      comparators.forEach((_, k) => {
        // a learned m that makes an exact agreement evidence against is a degenerate fit: the prior stays
        if (!learned.learned[k] || learned.m[k]![0]! <= model.u[k]![0]!) return;
        model.m[k] = learned.m[k]!;
        model.sources[k] = 'learned';
      });
    }
  }
  const expectedMatches = rules.em ? lambda * P : (rules.expectedPartners * n) / 2;
  const lambdaPop = totalPairs > 0 ? Math.min(Math.max(expectedMatches / totalPairs, 1e-12), 0.5) : 0.5;
  model.priorLogit = logit(lambdaPop);
  model.required = parseRequirements(rules.requireAny, comparators.map((c) => c.id));
  model.updateWeights();
  phase('em');

  // links
  const forbidden = options.forbidden;
  const required = model.required;
  const rawLinks: Link[] = [];
  /** per link: it meets requireAny only through a "bare" alternative (a name-only card's name) */
  const bareOnly: boolean[] = [];
  const anyBare = required.some((r) => r.bare);
  const threshold = model.thresholdLogit;
  const vetoLogit = logit(rules.veto);
  // block by block, as the compare (the links' order does not matter: dropAmbiguousBareLinks keeps a link by the groups
  // its cards reach, clusterLinks orders them)
  const scored = new Uint8Array(P);
  candidates.eachByBlock((i, j) => {
    const p = pairIndex(rowStart, cols, i, j);
    if (scored[p] === 1) return;
    scored[p] = 1;
    let total = model.priorLogit;
    for (let k = 0; k < C; k++) {
      const l = levels[p * C + k]!;
      if (l === NULL_LEVEL) continue;
      const c = comparators[k]!;
      if (c.veto && l === c.levels.length - 1 && (c.vetoPair?.(i, j) ?? true)) {
        total = VETO_LOGIT;
        break;
      }
      if (l === 0 && c.tf) total += model.tfWeight(k, c.tfValue(i, j)) ?? model.weights[k]![0]!;
      else total += model.weights[k]![l]!;
    }
    if (total < threshold) return;
    const levelOf = (k: number) => levels[p * C + k]!;
    if (required.length > 0 && !meetsRequirementLevels(required, comparators, levelOf, total, () => model.bare(i) || model.bare(j))) return;
    if (forbidden && forbidden(entities[i]!.id, entities[j]!.id)) return;
    rawLinks.push({ i, j, logit: total });
    bareOnly.push(anyBare && !meetsRequirementLevels(required, comparators, levelOf, total));
  });
  // a name-only card whose name reaches two people's cards could be either of them
  const links = dropAmbiguousBareLinks(rawLinks, bareOnly, (x) => model.bare(x));
  phase('score');

  // a cross pair that misses the requirement counts as neutral-to-weak, never as a link by itself
  const clusters = clusterLinks(links, (i, j) => model.logit(i, j), {
    thresholdLogit: threshold,
    vetoLogit,
    ...(rules.mergeMean !== undefined ? { mergeLogit: logit(rules.mergeMean) } : {}),
    maxGroup: rules.maxGroup,
    oneToOne: options.crossSource === true,
    ...(forbidden ? { forbidden: (i: number, j: number) => forbidden(entities[i]!.id, entities[j]!.id) } : {}),
  });
  const groups: MatchGroup[] = clusters.map((c) => {
    const index = new Map(c.members.map((m, k) => [m, k]));
    const groupLinks = c.links.map((l) => ({ a: index.get(l.i)!, b: index.get(l.j)!, probability: sigmoid(l.logit) }));
    return {
      ids: c.members.map((m) => entities[m]!.id),
      confidence: Math.min(...groupLinks.map((l) => l.probability)),
      links: groupLinks,
    };
  });
  phase('cluster');

  return {
    model,
    groups,
    stats: {
      records: n,
      candidatePairs: P,
      blocks,
      oversizedBlocks: oversized,
      links: links.length,
      groups: groups.length,
      lambda,
      emIterations: iterations,
      seconds: Math.round(performance.now() - t0) / 1000,
      phases,
    },
  };
}
