// runtime: node
/** Per-account learning (issue 11): EM recovers known m, a rules file pins weights, a small account keeps the preset. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/random/seeded';
import { runMatch } from './engine';
import { learnBySessions, learnM, NULL } from './learn';
import { presetRules, rulesSchema } from './rules';
import type { AmoEntity } from './types';

/** Draws a level from a distribution. */
function draw(dist: readonly number[], r: number): number {
  let acc = 0;
  for (let l = 0; l < dist.length; l++) {
    acc += dist[l]!;
    if (r < acc) return l;
  }
  return dist.length - 1;
}

const TRUE_M = [
  [0.85, 0.1, 0.05],
  [0.7, 0.2, 0.1],
  [0.9, 0.1],
  [0.6, 0.3, 0.1],
];
const TRUE_U = [
  [0.02, 0.08, 0.9],
  [0.05, 0.15, 0.8],
  [0.01, 0.99],
  [0.1, 0.2, 0.7],
];

/** A synthetic mixture: share lambda of pairs drawn from m, the rest from u; a few values missing. */
function mixture(pairs: number, lambda: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const C = TRUE_M.length;
  const levels = new Uint8Array(pairs * C);
  for (let p = 0; p < pairs; p++) {
    const match = random() < lambda;
    for (let k = 0; k < C; k++) levels[p * C + k] = random() < 0.05 ? NULL : draw((match ? TRUE_M : TRUE_U)[k]!, random());
  }
  return levels;
}

describe('learnM', () => {
  it('recovers known m-probabilities and the share of duplicates from a synthetic mixture', () => {
    const pairs = 40_000;
    const r = learnM({
      levels: mixture(pairs, 0.3, 7),
      pairs,
      sizes: TRUE_M.map((x) => x.length),
      // a flat start for m, a rough one for u (as random pairs give it); no prior weight
      priorM: TRUE_M.map((x) => x.map(() => 1 / x.length)),
      startU: TRUE_U.map((x) => x.map((v) => (v + 1 / x.length) / 2)),
      pinned: TRUE_M.map(() => false),
      priorPairs: 0,
      lambda: 0.5,
      maxIterations: 500,
      tolerance: 1e-6,
    });
    expect(r.converged).toBe(true);
    expect(r.lambda).toBeCloseTo(0.3, 1);
    r.m.forEach((row, k) => row.forEach((v, l) => expect(Math.abs(v - TRUE_M[k]![l]!)).toBeLessThan(0.03)));
    expect(r.learned.every(Boolean)).toBe(true);
  });

  it('with u fixed (Splink), sessions recover m of the comparisons they do not block on', () => {
    const pairs = 60_000;
    const r = learnBySessions({
      levels: mixture(pairs, 0.2, 11),
      pairs,
      sizes: TRUE_M.map((x) => x.length),
      priorM: TRUE_M.map((x) => x.map(() => 1 / x.length)),
      startU: TRUE_U,
      pinned: TRUE_M.map(() => false),
      priorPairs: 0,
      lambda: 0.3,
      maxIterations: 500,
      tolerance: 1e-6,
      // block on comparison 2's agreement, then on comparison 0's
      sessions: [{ on: [{ k: 2, max: 0 }] }, { on: [{ k: 0, max: 0 }] }],
      minPairs: 100,
    });
    expect(r.sessions).toBe(2);
    r.m.forEach((row, k) => row.forEach((v, l) => expect(Math.abs(v - TRUE_M[k]![l]!)).toBeLessThan(0.05)));
  });

  it('a pinned comparison keeps its m', () => {
    const pairs = 20_000;
    const prior = TRUE_M.map((x) => x.map(() => 1 / x.length));
    const r = learnM({ levels: mixture(pairs, 0.3, 3), pairs, sizes: TRUE_M.map((x) => x.length), priorM: prior, startU: TRUE_U, pinned: [false, true, false, false], priorPairs: 0, lambda: 0.5 });
    expect(r.m[1]).toEqual(prior[1]);
    expect(r.learned[1]).toBe(false);
  });
});

/** An account of n people, a third of them with a re-typed duplicate (same phone, a name variant). */
function account(n: number): AmoEntity[] {
  const given = ['Иван', 'Ольга', 'Пётр', 'Анна', 'Сергей', 'Мария', 'Дмитрий', 'Елена'];
  const sur = ['Орлов', 'Зуев', 'Гусев', 'Титов', 'Лапин', 'Котов', 'Фомин', 'Носов', 'Жуков', 'Шилов', 'Белов', 'Егоров'];
  const out: AmoEntity[] = [];
  let id = 1;
  for (let k = 0; k < n; k++) {
    const g = given[k % given.length]!;
    const s = `${sur[Math.floor(k / given.length) % sur.length]}${k}`;
    const phone = `+7 916 ${String(1_000_000 + k * 7919).slice(-7)}`;
    const cf = (p: string, e: string) => [
      { field_code: 'PHONE', values: [{ value: p }] },
      { field_code: 'EMAIL', values: [{ value: e }] },
    ];
    out.push({ id: id++, name: `${g} ${s}`, custom_fields_values: cf(phone, `u${k}@mail.ru`) });
    if (k % 3 === 0) out.push({ id: id++, name: `${s} ${g}`, custom_fields_values: cf(phone.replace('+7 ', '8'), k % 2 ? `u${k}@mail.ru` : `other${k}@ya.ru`) });
  }
  return out;
}

describe('weights learned per account in a run', () => {
  it('a large enough account learns m (the explanation says so); a small one keeps the preset', () => {
    const big = runMatch(account(4000), { rules: presetRules('balanced', 'contacts') });
    expect(big.model.sources[big.model.comparators.findIndex((c) => c.id === 'given')]).toBe('learned');
    expect(big.model.weightsView().find((w) => w.id === 'given')!.source).toBe('learned');
    const small = runMatch(account(150), { rules: presetRules('balanced', 'contacts') });
    expect(small.model.sources.every((s) => s === 'prior')).toBe(true);
    const rules = presetRules('balanced', 'contacts');
    small.model.comparators.forEach((c, k) => expect(small.model.m[k]).toEqual(rules.comparisons[k]!.m));
    const e = small.model.explain(0, 1);
    expect(e.comparisons.every((c) => c.source === 'prior')).toBe(true);
  });

  it('a rules file pins m and u', () => {
    const base = presetRules('balanced', 'contacts');
    const rules = rulesSchema.parse({
      ...base,
      comparisons: base.comparisons.map((c) => (c.id === 'phone' ? { ...c, m: [0.5, 0.2, 0.3], u: [0.001, 0.01, 0.989], pin: true } : c)),
    });
    const run = runMatch(account(4000), { rules });
    const k = run.model.comparators.findIndex((c) => c.id === 'phone');
    expect(run.model.sources[k]).toBe('pinned');
    expect(run.model.m[k]).toEqual([0.5, 0.2, 0.3]);
    expect(run.model.u[k]).toEqual([0.001, 0.01, 0.989]);
    expect(run.model.weights[k]![0]).toBeCloseTo(Math.log2(0.5 / 0.001), 6);
    // the others still learn
    expect(run.model.sources.filter((s) => s === 'learned').length).toBeGreaterThan(0);
  });
});
