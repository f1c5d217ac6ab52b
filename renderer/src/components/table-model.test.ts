// runtime: browser
import { describe, expect, it } from 'vitest';
import { filterIndices, filterText, sortIndices, type Accessor } from './table-model';

interface Row {
  id: number;
  name: string;
  phones: string[];
  price: number | null;
}
const data: Row[] = [
  { id: 1, name: 'Ёлка', phones: ['+7 900'], price: 10 },
  { id: 2, name: 'арбуз 10', phones: [], price: null },
  { id: 3, name: 'Арбуз 9', phones: ['+7 901', '8 495'], price: 5 },
  { id: 4, name: 'banana', phones: [], price: 10 },
];
const accessors = new Map<string, Accessor<Row>>([
  ['id', (r) => r.id],
  ['name', (r) => r.name],
  ['phones', (r) => r.phones],
  ['price', (r) => r.price],
]);
const all = data.map((_, i) => i);
const ids = (indices: number[]) => indices.map((i) => data[i]!.id);
const collator = new Intl.Collator('ru', { numeric: true, sensitivity: 'base' });

describe('table model', () => {
  it('makes filter text from any value', () => {
    expect(filterText(['A', 'Ё'])).toBe('a, е');
    expect(filterText(null)).toBe('');
    expect(filterText(12)).toBe('12');
  });

  it('filters on every column filter, ignoring case and ё', () => {
    expect(ids(filterIndices(data, [{ id: 'name', value: 'елк' }], accessors))).toEqual([1]);
    expect(ids(filterIndices(data, [{ id: 'phones', value: '495' }], accessors))).toEqual([3]);
    expect(ids(filterIndices(data, [{ id: 'name', value: 'арбуз' }, { id: 'price', value: '5' }], accessors))).toEqual([3]);
    expect(ids(filterIndices(data, [{ id: 'name', value: '  ' }], accessors))).toEqual([1, 2, 3, 4]);
  });

  it('sorts text with the collator (Cyrillic before Latin in ru), numbers numerically, empty values last', () => {
    expect(ids(sortIndices(data, all, [{ id: 'name', desc: false }], accessors, collator))).toEqual([3, 2, 1, 4]);
    expect(ids(sortIndices(data, all, [{ id: 'price', desc: false }], accessors, collator))).toEqual([3, 1, 4, 2]);
    expect(ids(sortIndices(data, all, [{ id: 'price', desc: true }], accessors, collator))).toEqual([1, 4, 3, 2]);
  });

  it('is stable and supports several sort columns', () => {
    expect(ids(sortIndices(data, all, [{ id: 'price', desc: true }, { id: 'id', desc: true }], accessors, collator))).toEqual([4, 1, 3, 2]);
    expect(ids(sortIndices(data, [3, 0], [{ id: 'price', desc: false }], accessors, collator))).toEqual([4, 1]);
  });

  it('handles 100 000 rows', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `Имя ${i % 977}`, phones: [], price: i % 13 }));
    const idx = many.map((_, i) => i);
    const sorted = sortIndices(many, idx, [{ id: 'name', desc: false }], accessors as unknown as Map<string, Accessor<(typeof many)[number]>>, collator);
    expect(sorted).toHaveLength(100_000);
    expect(many[sorted[0]!]!.name).toBe('Имя 0');
    expect(many[sorted[99_999]!]!.name).toBe('Имя 976');
  });
});
