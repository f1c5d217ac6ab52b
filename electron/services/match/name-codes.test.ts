// runtime: node
import { describe, expect, it } from 'vitest';
import { generateRuCrm } from '../../../bench/ru-crm-gen/index';
import { synthContacts } from '../../../bench/match-synth';
import { buildComparator } from './comparators';
import { runMatch, type MatchRun } from './engine';
import { CARD_METHODS, nameCodes, readsOnlyName, throughCodes, VALUE_METHODS } from './name-codes';
import { PairMemo } from './pair-memo';
import { presetRules, rulesSchema, type Rules } from './rules';
import type { AmoEntity } from './types';

/** Everything scoring decides of a run (timings left out). */
const outcome = (run: MatchRun) => {
  const { seconds: _s, phases: _p, ...stats } = run.stats;
  return { stats, m: run.model.m, u: run.model.u, weights: run.model.weights, prior: run.model.priorLogit, sources: run.model.sources, groups: run.groups };
};

const both = (entities: AmoEntity[], rules: Rules) => [runMatch(entities, { rules }), runMatch(entities, { rules, nameCodes: false })] as const;

describe('comparisons over name codes', () => {
  it('give the same candidate pairs, weights, links and groups as over every card: the second generator, both entities', () => {
    const set = generateRuCrm(1, { contacts: 6000, companies: 1500 });
    for (const entity of ['contacts', 'companies'] as const) {
      const [coded, plain] = both(set[entity], presetRules('balanced', entity));
      expect(coded.groups.length).toBeGreaterThan(50);
      expect(outcome(coded)).toEqual(outcome(plain));
    }
  });

  it('give the same result on synthetic contacts with repeated names, in the balanced and the loose preset', () => {
    const { entities } = synthContacts(20_000, 3);
    for (const preset of ['balanced', 'loose'] as const) {
      const [coded, plain] = both(entities, presetRules(preset, 'contacts'));
      expect(coded.stats.candidatePairs).toBeGreaterThan(5000);
      expect(outcome(coded)).toEqual(outcome(plain));
    }
  });

  it('explain a pair of cards as the comparators over every card do', () => {
    const set = generateRuCrm(1, { contacts: 3000, companies: 10 });
    const [coded, plain] = both(set.contacts, presetRules('balanced', 'contacts'));
    const pairs = coded.groups.slice(0, 40).flatMap((g) => g.links.map((l) => [set.contacts.findIndex((e) => e.id === g.ids[l.a]), set.contacts.findIndex((e) => e.id === g.ids[l.b])] as const));
    expect(pairs.length).toBeGreaterThan(30);
    for (const [i, j] of pairs) expect(coded.model.explain(i, j)).toEqual(plain.model.explain(i, j));
  });

  it('are used for name comparisons without a field only', () => {
    const rules = rulesSchema.parse({
      comparisons: [
        { id: 'given', kind: 'given' },
        { id: 'surname', kind: 'surname' },
        { id: 'company', kind: 'company' },
        { id: 'nameText', kind: 'text', field: 'name' },
        { id: 'phone', kind: 'phone' },
      ],
      blocking: ['phone'],
      threshold: 0.9,
    });
    expect(rules.comparisons.map(readsOnlyName)).toEqual([true, true, true, false, false]);
  });

  it('share one code between cards of one name and keep only the name fields', () => {
    const entities: AmoEntity[] = [
      { id: 1, name: 'Анна Орлова', custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79120000001' }] }] },
      { id: 2, name: 'Анна Орлова' },
      { id: 3, name: null, first_name: 'Анна', last_name: 'Орлова' },
      { id: 4, first_name: 'Анна', last_name: 'Орлова' },
    ];
    const { codes, names } = nameCodes(entities);
    expect([...codes]).toEqual([0, 0, 1, 2]);
    expect(names[0]).toEqual({ id: 1, name: 'Анна Орлова', first_name: undefined, last_name: undefined });
  });

  it('classify every method of every comparison kind as taking cards or values', () => {
    const entities = synthContacts(200, 5).entities;
    const known = new Set<string>([...CARD_METHODS, ...VALUE_METHODS]);
    const rules = [...presetRules('balanced', 'contacts').comparisons, ...presetRules('balanced', 'companies').comparisons];
    for (const rule of rules.filter(readsOnlyName)) {
      const c = buildComparator(rule, entities);
      const methods = Object.keys(c).filter((key) => typeof (c as unknown as Record<string, unknown>)[key] === 'function');
      expect(methods.filter((m) => !known.has(m)), `${rule.id}: a method neither maps cards nor takes values`).toEqual([]);
      const coded = throughCodes(c, nameCodes(entities).codes);
      for (const m of methods) expect(typeof (coded as unknown as Record<string, unknown>)[m]).toBe('function');
    }
  });
});

describe('PairMemo', () => {
  it('keeps ordered pairs apart, answers -1 for an unknown pair and stops taking pairs when half full', () => {
    const memo = new PairMemo(8);
    memo.set(1, 2, 7);
    memo.set(2, 1, 0xffffffff);
    expect([memo.get(1, 2), memo.get(2, 1), memo.get(3, 3)]).toEqual([7, 0xffffffff, -1]);
    memo.set(1, 2, 9);
    memo.set(5, 5, 1);
    memo.set(6, 6, 2);
    memo.set(7, 7, 3);
    expect([memo.get(1, 2), memo.get(5, 5), memo.get(6, 6), memo.get(7, 7)]).toEqual([9, 1, 2, -1]);
    expect(PairMemo.capacityFor(10)).toBe(1024);
    expect(PairMemo.capacityFor(3000)).toBe(8192);
    expect(PairMemo.capacityFor(1e9)).toBe(1 << 22);
    expect(() => new PairMemo(12)).toThrow(/power of two/);
  });
});
