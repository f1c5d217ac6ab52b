// runtime: node
import { describe, expect, it } from 'vitest';
import { runMatch } from './engine';
import { presetRules, rulesSchema } from './rules';
import type { AmoEntity } from './types';

const cf = (code: string, values: string[]) => ({ field_code: code, field_name: code, values: values.map((value) => ({ value })) });
const contact = (id: number, name: string, phones: string[] = [], emails: string[] = []): AmoEntity => ({
  id,
  name,
  custom_fields_values: [...(phones.length ? [cf('PHONE', phones)] : []), ...(emails.length ? [cf('EMAIL', emails)] : [])],
});
const company = (id: number, name: string, phones: string[] = []): AmoEntity => ({ id, name, custom_fields_values: phones.length ? [cf('PHONE', phones)] : [] });

// unrelated cards so that value frequencies mean something
const SURNAMES = ['Орлов', 'Зуев', 'Котов', 'Лапин', 'Юдин', 'Панов', 'Рябов', 'Носов', 'Гусев', 'Титов'];
const GIVEN = ['Олег', 'Игорь', 'Денис', 'Артур', 'Глеб', 'Тарас', 'Марк', 'Лев'];
const background = (from: number): AmoEntity[] =>
  Array.from({ length: 80 }, (_, k) => contact(from + k, `${GIVEN[k % GIVEN.length]} ${SURNAMES[Math.floor(k / GIVEN.length)]}`, [`+7 926 ${String(3000000 + k * 104729).slice(0, 7)}`]));

const groupsOf = (entities: AmoEntity[], preset: 'strict' | 'balanced' | 'loose' = 'balanced', entity: 'contacts' | 'companies' = 'contacts') =>
  runMatch(entities, { rules: presetRules(preset, entity) }).groups.map((g) => g.ids.map(Number).sort((a, b) => a - b));

describe('runMatch on hand-built contacts', () => {
  it('finds Russian duplicates: phone forms, diminutives, word order, transliteration, ё', () => {
    const ents = [
      ...background(1000),
      contact(1, 'Иванов Александр Сергеевич', ['+7 912 345-67-89']),
      contact(2, 'Саша Иванов', ['89123456789']),
      contact(3, 'Фёдорова Юлия', ['8 (903) 111-22-33']),
      contact(4, 'Yulia Fedorova', ['+79031112233']),
      contact(5, 'Евгений Жуков', [], ['zhukov.e@yandex.ru']),
      contact(6, 'Женя Жуков', ['+7 916 000-11-22'], ['Zhukov.E@ya.ru']),
    ];
    expect(groupsOf(ents)).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('keeps namesakes apart when nothing identifies them as one person', () => {
    const ents = [...background(1000), contact(1, 'Иванов Иван Иванович', ['+7 912 345-67-89']), contact(2, 'Иванов Иван Иванович', ['+7 985 111-22-33'])];
    expect(groupsOf(ents)).toEqual([]);
    // the loose preset links names alone
    expect(groupsOf(ents, 'loose')).toEqual([[1, 2]]);
  });

  it('does not group different people behind one office phone', () => {
    const office = '+7 495 123-45-67';
    const ents = [
      ...background(1000),
      contact(1, 'Мария Котова', [office]),
      contact(2, 'Олег Сидоров', [office]),
      contact(3, 'Ирина Белова', [office]),
      contact(4, 'Пётр Гусев', [office]),
    ];
    expect(groupsOf(ents)).toEqual([]);
  });

  it('explains every pair: fields, levels, weights and the reason', () => {
    const ents = [...background(1000), contact(1, 'Иванов Александр', ['+7 912 345-67-89']), contact(2, 'Саша Иванов', ['89123456789'])];
    const run = runMatch(ents, { rules: presetRules('balanced', 'contacts') });
    const i = ents.findIndex((e) => e.id === 1);
    const j = ents.findIndex((e) => e.id === 2);
    const e = run.model.explain(i, j);
    expect(e.passed).toBe(true);
    expect(e.comparisons.find((c) => c.id === 'given')?.level).toBe('same name (diminutive or spelling)');
    expect(e.comparisons.find((c) => c.id === 'phone')?.level).toBe('shared');
    expect(e.comparisons.find((c) => c.id === 'phone')!.weight).toBeGreaterThan(0);
    expect(e.reason).toMatch(/^Linked/);
    const k = ents.findIndex((x) => x.id === 1000);
    const no = run.model.explain(i, k);
    expect(no.passed).toBe(false);
    expect(no.reason).toMatch(/^Not linked/);
  });

  it('is deterministic and leaves every card in at most one group', () => {
    const ents = [
      ...background(1000),
      contact(1, 'Анна Орлова', ['+7 912 000-00-01']),
      contact(2, 'Аня Орлова', ['+7 912 000-00-01']),
      contact(3, 'Анна Орлова', ['+7 912 000-00-01']),
    ];
    const a = groupsOf(ents);
    expect(a).toEqual(groupsOf([...ents]));
    const seen = a.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(a).toEqual([[1, 2, 3]]);
  });

  it('respects "not a duplicate" pairs', () => {
    const ents = [...background(1000), contact(1, 'Иванов Иван', ['+7 912 345-67-89']), contact(2, 'Ваня Иванов', ['89123456789'])];
    const run = runMatch(ents, { rules: presetRules('balanced', 'contacts'), forbidden: (a, b) => (a === 1 && b === 2) || (a === 2 && b === 1) });
    expect(run.groups).toEqual([]);
  });
});

describe('runMatch on hand-built companies', () => {
  it('matches legal forms, quotes and transliteration; keeps different firms apart', () => {
    const A = ['Строй', 'Окна', 'Тех', 'Пласт', 'Евро', 'Альфа', 'Монолит', 'Гранит', 'Север', 'Вектор', 'Профи', 'Мега', 'Регион', 'Капитал'];
    const B = ['Монтаж', 'Сервис', 'Инвест', 'Групп', 'Маркет', 'Стиль', 'Комплект', 'Снаб', 'Торг', 'Проект', 'Система', 'Мастер', 'Трейд', 'Холдинг', 'Лайн'];
    const bg = Array.from({ length: 200 }, (_, k) => company(1000 + k, `ООО «${A[k % A.length]}${B[Math.floor(k / A.length) % B.length]}»`, [`+7 495 ${String(2000000 + k * 7919).slice(0, 7)}`]));
    const ents = [
      ...bg,
      company(1, 'ООО «Ромашка»', ['+7 495 111-22-33']),
      company(2, 'Romashka LLC', ['84951112233']),
      company(3, 'Общество с ограниченной ответственностью "Ромашка"', ['+74951112233']),
      company(4, 'ООО «Лютик»', ['+7 495 999-88-77']),
    ];
    expect(groupsOf(ents, 'balanced', 'companies')).toEqual([[1, 2, 3]]);
  });
});

describe('rules', () => {
  it('rejects a custom rules file with a wrong number of m values or an unknown blocking field', () => {
    const ents = [contact(1, 'a'), contact(2, 'b')];
    const bad = rulesSchema.parse({ comparisons: [{ id: 'given', kind: 'given', m: [0.5, 0.5] }], blocking: ['given'], threshold: 0.5 });
    expect(() => runMatch(ents, { rules: bad })).toThrow(/levels/);
    const unknown = rulesSchema.parse({ comparisons: [{ id: 'given', kind: 'given' }], blocking: ['nope'], threshold: 0.5 });
    expect(() => runMatch(ents, { rules: unknown })).toThrow(/unknown comparison/);
  });
});

describe('requireAny alternatives with a probability ("…@p")', () => {
  const rulesWith = (alternative: string) =>
    rulesSchema.parse({
      comparisons: [
        { id: 'given', kind: 'given', m: [0.9, 0.04, 0.02, 0.02, 0.02] },
        { id: 'surname', kind: 'surname', m: [0.9, 0.05, 0.03, 0.02] },
      ],
      blocking: ['surname'],
      threshold: 0.5,
      em: false,
      expectedPartners: 1,
      requireAny: [alternative],
    });
  const cards = [...background(100), contact(1, 'Всеволод Шереметев'), contact(2, 'Шереметев Всеволод')];

  it('links a pair that meets the levels and the probability, and not one that misses the probability', () => {
    const loose = runMatch(cards, { rules: rulesWith('given:0+surname:0@0.6') });
    expect(loose.groups.some((g) => g.ids.includes(1) && g.ids.includes(2))).toBe(true);
    const strict = runMatch(cards, { rules: rulesWith('given:0+surname:0@0.999999999') });
    expect(strict.groups.some((g) => g.ids.includes(1) && g.ids.includes(2))).toBe(false);
    // the explanation agrees with the links: the pair passes the threshold but not its alternative
    const i = cards.findIndex((c) => c.id === 1);
    const j = cards.findIndex((c) => c.id === 2);
    const ex = strict.model.explain(i, j);
    expect(ex.probability).toBeGreaterThan(0.5);
    expect(ex.verdict.code).toBe('needs_identifier');
    expect(loose.model.explain(i, j).verdict.code).toBe('linked');
  });

  it('rejects a probability outside (0, 1)', () => {
    expect(() => runMatch(cards, { rules: rulesWith('given:0+surname:0@1.5') })).toThrow(/between 0 and 1/);
    expect(() => runMatch(cards, { rules: rulesWith('given:0+surname:0@x') })).toThrow(/between 0 and 1/);
  });
});
