// runtime: common (no node, no DOM, no electron)
import { describe, expect, it } from 'vitest';
import { companyKey, stripCompanyName } from './company';

const CORES = ['Ромашка', 'СтройМаркет-Трейд', 'Окна России', 'Альфа Плюс', 'Тёплый дом', 'Вектор-М', 'Гранит 2000', 'Мир окон', 'ЭкоСтрой', 'Рога и копыта'];
// how managers type the same company: legal form before or after, full or short, quotes of every kind, case
const FORMS: ((core: string) => string)[] = [
  (c) => c,
  (c) => `ООО "${c}"`,
  (c) => `ООО «${c}»`,
  (c) => `ООО “${c}”`,
  (c) => `ООО „${c}“`,
  (c) => `ООО '${c}'`,
  (c) => `ооо ${c}`,
  (c) => `"${c}", ООО`,
  (c) => `${c} ООО`,
  (c) => `${c} (ООО)`,
  (c) => `Общество с ограниченной ответственностью «${c}»`,
  (c) => `ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "${c.toUpperCase()}"`,
  (c) => `АО «${c}»`,
  (c) => `ЗАО "${c}"`,
  (c) => `ПАО ${c}`,
  (c) => `ОАО «${c}»`,
  (c) => `Акционерное общество «${c}»`,
  (c) => `Публичное акционерное общество "${c}"`,
  (c) => `${c.toUpperCase()}`,
  (c) => `  ${c}  `,
  (c) => `${c}, LLC`,
  (c) => `${c} Ltd.`,
  (c) => `OOO "${c}"`,
  (c) => `НАО «${c}»`,
  (c) => `ТОО "${c}"`,
];

describe('company names: legal forms, quotes and case removed', () => {
  const cases = CORES.flatMap((core) => FORMS.map((f) => [f(core), core] as const));
  it.each(cases)('%s → same key as %s', (form, core) => {
    expect(companyKey(form)).toBe(companyKey(core));
    expect(companyKey(form).length).toBeGreaterThan(2);
  });

  it.each([
    ['Romashka LLC', 'ООО «Ромашка»'],
    ['STROYMARKET-TREYD LLC', 'СтройМаркет-Трейд'],
    ['Okna Rossii', 'Окна России'],
    ['ИП Иванов Иван Иванович', 'Индивидуальный предприниматель Иванов Иван Иванович'],
    ['IP Ivanov I.I.', 'ИП Иванов И.И.'],
  ])('transliteration: %s = %s', (a, b) => expect(companyKey(a)).toBe(companyKey(b)));

  it('keeps different companies apart', () => {
    expect(companyKey('ООО Ромашка')).not.toBe(companyKey('ООО Лютик'));
    expect(companyKey('Альфа Плюс')).not.toBe(companyKey('Альфа'));
  });

  it('keeps a name that is only a legal form', () => {
    expect(stripCompanyName('ООО')).toBe('ооо');
  });

  it('strips to readable words', () => {
    expect(stripCompanyName('ООО «Рога & Копыта»')).toBe('рога and копыта');
  });
});

describe('written-out legal forms with a slip (issue 11)', () => {
  it('are legal forms all the same', () => {
    expect(companyKey('Индивидуальный предпринниматель Кудрявцев М.Г. г. Уфа')).toBe(companyKey('ИП Кудрявцев М. Г.'));
    expect(companyKey('Общество с ограниченой ответственостью "Ромашка"')).toBe(companyKey('ООО «Ромашка»'));
    // a name that only looks like one keeps its words
    expect(companyKey('Предприниматель Плюс')).not.toBe(companyKey('Плюс'));
  });
});
