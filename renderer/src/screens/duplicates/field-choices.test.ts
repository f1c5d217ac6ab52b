// runtime: browser
import { describe, expect, it } from 'vitest';
import type { MatchCardView, MatchFieldRow, MatchGroupDetail } from '../../../../shared/api/methods/match';
import { acceptChoices, candidateId, choiceFields, defaultPick, effectivePicks, hasChoice, storedChoices, validPicks } from './field-choices';

const card = (id: number): MatchCardView => ({ id, name: '', responsible: null, responsibleId: null, createdAt: null, updatedAt: null, deals: 0, activeDeals: 0, fields: {} });
const row = (key: string, values: string[][], proposedFrom: number | null, extra: Partial<MatchFieldRow> = {}): MatchFieldRow => ({
  key,
  label: key,
  values,
  differs: true,
  union: false,
  proposedFrom,
  proposed: [],
  ...extra,
});

// cards 1, 2, 3; the services proposed survivor 1
const detail: Pick<MatchGroupDetail, 'cards' | 'fields'> = {
  cards: [card(1), card(2), card(3)],
  fields: [
    row('name', [['Иванов Иван'], ['Ваня Иванов'], ['Иванов Иван ']], 1),
    row('responsible_user_id', [['7'], ['8'], ['7']], 1, { valueLabels: { '7': 'Ольга', '8': 'Пётр' } }),
    row('phone', [['+7 912 345-67-89'], ['89123456789'], ['+7 900 000-00-00']], null, { union: true, proposed: ['+7 912 345-67-89', '+7 900 000-00-00'] }),
    row('email', [[], [], []], null, { union: true, differs: false, proposed: [] }),
    row('cf:5', [[], ['Москва'], ['Казань']], 2), // the survivor has no city: the first non-empty is proposed
    row('cf:6', [['a', 'b'], ['a', 'b'], []], 1),
    row('cf:7', [[], [], []], null, { differs: false }),
  ],
};

describe('choiceFields', () => {
  const fields = choiceFields(detail);
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));

  it('offers one candidate per card, deduplicated, naming the cards it comes from', () => {
    expect(byKey.name?.candidates.map((c) => [c.values, c.cards])).toEqual([
      [['Иванов Иван'], [1, 3]],
      [['Ваня Иванов'], [2]],
    ]);
    expect(byKey['cf:5']?.candidates.map((c) => c.cards)).toEqual([[2], [3]]);
    expect(byKey['cf:6']?.candidates).toHaveLength(1);
    expect(hasChoice(byKey['cf:6']!)).toBe(false);
    expect(hasChoice(byKey.name!)).toBe(true);
  });

  it('shows the responsible user by name, and keeps the id as the value', () => {
    expect(byKey.responsible_user_id?.candidates.map((c) => [c.values, c.display, c.cards])).toEqual([
      [['7'], ['Ольга'], [1, 3]],
      [['8'], ['Пётр'], [2]],
    ]);
  });

  it('shows phones and e-mails as the unioned list, with no choice; fields empty everywhere are left out', () => {
    expect(byKey.phone).toMatchObject({ union: true, unioned: ['+7 912 345-67-89', '+7 900 000-00-00'], candidates: [] });
    expect(hasChoice(byKey.phone!)).toBe(false);
    expect(byKey.email).toBeUndefined();
    expect(byKey['cf:7']).toBeUndefined();
    expect(fields.map((f) => f.key)).toEqual(['name', 'responsible_user_id', 'phone', 'cf:5', 'cf:6']);
  });

  it('defaults to the survivor value, else to the proposed first non-empty value', () => {
    expect(defaultPick(byKey.name!, 1)).toBe(candidateId(['Иванов Иван']));
    // the name is the services' proposal (the best-formed name), whoever survives
    expect(defaultPick(byKey.name!, 2)).toBe(candidateId(['Иванов Иван']));
    expect(defaultPick(byKey['cf:5']!, 1)).toBe(candidateId(['Москва']));
    expect(defaultPick(byKey['cf:5']!, 3)).toBe(candidateId(['Казань']));
    expect(defaultPick(byKey.phone!, 1)).toBeNull();
  });

  it('re-derives defaults for a new survivor but keeps explicit picks while they are offered', () => {
    const explicit = { name: candidateId(['Ваня Иванов']), 'cf:5': candidateId(['Тула']) };
    const forOne = effectivePicks(fields, 1, explicit);
    expect(forOne).toEqual({
      name: candidateId(['Ваня Иванов']),
      responsible_user_id: candidateId(['7']),
      'cf:5': candidateId(['Москва']), // "Тула" is not offered: the default
      'cf:6': candidateId(['a', 'b']),
    });
    const forTwo = effectivePicks(fields, 2, explicit);
    expect(forTwo.name).toBe(candidateId(['Ваня Иванов']));
    expect(forTwo.responsible_user_id).toBe(candidateId(['8']));
    const forThree = effectivePicks(fields, 3, explicit);
    expect(forThree['cf:5']).toBe(candidateId(['Казань']));
    expect(validPicks(fields, explicit)).toEqual({ name: candidateId(['Ваня Иванов']) });
  });

  it('builds accept choices from the picks: the survivor when it holds the value, else the first card that does', () => {
    const picks = effectivePicks(fields, 3, { name: candidateId(['Иванов Иван']), responsible_user_id: candidateId(['8']) });
    expect(acceptChoices(fields, picks, 3)).toEqual({
      name: { from: 3, values: ['Иванов Иван'] },
      responsible_user_id: { from: 2, values: ['8'] },
      'cf:5': { from: 3, values: ['Казань'] },
      'cf:6': { from: 1, values: ['a', 'b'] },
    });
  });

  it('finds the stored choices of an accepted group', () => {
    const stored = storedChoices(fields, {
      fieldChoices: {
        name: { from: 2, values: ['Ваня Иванов'], value: 'Ваня Иванов' },
        'cf:5': { from: 9, values: ['Тула'] },
        phone: { from: null, values: ['+7 912 345-67-89'] },
      },
    });
    expect(stored.name).toEqual({ candidateId: candidateId(['Ваня Иванов']), from: 2, values: ['Ваня Иванов'] });
    expect(stored['cf:5']).toEqual({ candidateId: null, from: 9, values: ['Тула'] });
    expect(stored.responsible_user_id).toBeUndefined();
    expect(storedChoices(fields, null)).toEqual({});
  });
});
