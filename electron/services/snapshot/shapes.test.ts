// runtime: node
import { afterEach, describe, expect, it } from 'vitest';
import { generateAccount } from '../../../fake-amocrm/generator/index';
import { createTestSnapshot, type TestSnapshot } from '../audit/testing/test-snapshot';
import { ingestFixtureSet, ingestItems } from './ingest';
import { readShapeReport } from './shapes';

const snaps: TestSnapshot[] = [];
const snapshot = (): TestSnapshot => {
  const s = createTestSnapshot();
  snaps.push(s);
  return s;
};
afterEach(() => {
  for (const s of snaps.splice(0)) s.cleanup();
});

describe('shapes not understood', () => {
  it('the reference profile is understood entirely: the report is empty', () => {
    const { db } = snapshot();
    ingestFixtureSet(db, generateAccount({ profile: 'reference', scale: 0.01, seed: 4, asOf: new Date('2020-12-31T00:00:00Z') }).fixtures);
    expect(readShapeReport(db)).toEqual([]);
  });

  it('lists unknown keys, field and note types, numbers as strings and items without an id, and keeps them raw', () => {
    const { db } = snapshot();
    db.transaction(() => {
      ingestItems(db, 'contacts', [
        { id: '7', name: 'Строка вместо числа', created_at: '1600000000', is_vip_2030: true, custom_fields_values: [{ field_id: 1, field_type: 'hologram', values: [{ value: { x: 1 } }] }] },
        { id: 8, name: 'Ещё один', is_vip_2030: false },
        { id: null, name: 'Без id' },
      ]);
      ingestItems(db, 'leads_notes', [{ id: 1, entity_id: 5, note_type: 'telepathy', params: { text: 'мысль' } }]);
      ingestItems(db, 'leads_custom_fields', [{ id: 3, name: 'Новое поле', type: 'hologram' }]);
    })();
    const report = readShapeReport(db);
    const find = (collection: string, kind: string, path: string) => report.find((n) => n.collection === collection && n.kind === kind && n.path === path);
    expect(find('contacts', 'unknown_key', 'is_vip_2030')?.count).toBe(2);
    expect(find('contacts', 'number_as_string', 'id')?.example).toBe('"7"');
    expect(find('contacts', 'number_as_string', 'created_at')).toBeDefined();
    expect(find('contacts', 'unknown_field_type', 'hologram')).toBeDefined();
    expect(JSON.parse(find('contacts', 'item_without_id', 'id')!.example)).toEqual({ id: null, name: 'Без id' });
    expect(find('leads_notes', 'unknown_note_type', 'telepathy')?.example).toBe('{"text":"мысль"}');
    expect(find('leads_custom_fields', 'unknown_field_type', 'hologram')).toBeDefined();
    // read as numbers, kept raw
    const row = db.prepare('SELECT id, created_at, raw FROM contacts WHERE id = 7').get() as { id: number; created_at: number; raw: string };
    expect(row).toMatchObject({ id: 7, created_at: 1_600_000_000 });
    expect(JSON.parse(row.raw)).toMatchObject({ is_vip_2030: true });
    const value = db.prepare("SELECT field_type, value FROM field_values WHERE entity_type = 'contacts' AND entity_id = 7").get() as { field_type: string; value: string };
    expect(value).toEqual({ field_type: 'hologram', value: '{"x":1}' });
    expect((db.prepare("SELECT note_type FROM notes WHERE id = 1").get() as { note_type: string }).note_type).toBe('telepathy');
  });

  it('counts add up across pages (each page merges into the report)', () => {
    const { db } = snapshot();
    for (let page = 0; page < 3; page++) db.transaction(() => ingestItems(db, 'leads', [{ id: page + 1, mystery: page }]))();
    expect(readShapeReport(db)).toEqual([{ collection: 'leads', kind: 'unknown_key', path: 'mystery', count: 3, example: '0' }]);
  });
});
