// runtime: node
import { describe, expect, it } from 'vitest';
import { dropAmbiguousBareLinks } from './bare-links';
import { BARE_PART, meetsRequirementLevels, parseRequirements } from './engine';
import { buildComparator, NULL_LEVEL } from './comparators';
import type { AmoEntity } from './types';

const link = (i: number, j: number) => ({ i, j, logit: 12 });

describe('dropAmbiguousBareLinks: a name-only card links to one person only', () => {
  // cards 0 and 1 are one person (linked on a phone), card 2 another person, card 9 a name-only card
  const bare = (x: number) => x === 9 || x === 8;
  it('keeps the name-only card\'s links when they reach one group', () => {
    const links = [link(0, 1), link(0, 9), link(1, 9)];
    expect(dropAmbiguousBareLinks(links, [false, true, true], bare)).toEqual(links);
  });
  it('drops every name-only link of a card whose name reaches two groups (two namesakes)', () => {
    const links = [link(0, 1), link(0, 9), link(2, 9)];
    expect(dropAmbiguousBareLinks(links, [false, true, true], bare)).toEqual([link(0, 1)]);
  });
  it('never drops a link made on other evidence; a group the card joined that way counts as one it reaches', () => {
    const links = [link(0, 9), link(2, 9), link(8, 9)];
    expect(dropAmbiguousBareLinks(links, [false, true, true], bare)).toEqual([link(0, 9)]);
  });
  it('another name-only card does not count as a person', () => {
    expect(dropAmbiguousBareLinks([link(0, 9), link(8, 9)], [true, true], bare)).toEqual([link(0, 9), link(8, 9)]);
  });
});

describe('the requireAny part "bare"', () => {
  const entities: AmoEntity[] = [
    { id: 1, name: 'Исакова Ирина', custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+7 912 345-67-89' }] }] },
    { id: 2, name: 'Исакова Ирина' },
  ];
  const comparators = [buildComparator({ id: 'given', kind: 'given' }, entities), buildComparator({ id: 'phone', kind: 'phone' }, entities)];
  const required = parseRequirements(['given:0+bare'], ['given', 'phone']);
  it('is read as a condition, not a comparison', () => {
    expect(required[0]).toMatchObject({ bare: true, parts: [{ k: 0, max: 0 }] });
    expect(() => parseRequirements([BARE_PART], ['given'])).toThrow(/needs a comparison/);
  });
  it('holds only when one card of the pair holds no identifier', () => {
    const levelOf = (k: number) => (k === 0 ? 0 : NULL_LEVEL);
    expect(meetsRequirementLevels(required, comparators, levelOf, 20, () => true)).toBe(true);
    expect(meetsRequirementLevels(required, comparators, levelOf, 20, () => false)).toBe(false);
  });
});
