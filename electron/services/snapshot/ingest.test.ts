// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCollections, type FixtureSet } from '../../../shared/amo/wire';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { contentHash } from './content-hash';
import { deleteEntities, ingestAccount, ingestFixtureSet, ingestItems } from './ingest';

const dirs: string[] = [];
const dbs: SqliteDb[] = [];
function newDb(): SqliteDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-ingest-'));
  dirs.push(dir);
  const db = openSnapshotDb(path.join(dir, 'a.amosweep'), { mode: 'create' });
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) closeSnapshotDb(db);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const all = (db: SqliteDb, sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Record<string, unknown>[];

function tinySet(): FixtureSet {
  const c = emptyCollections();
  c.users = [
    {
      id: 10,
      name: 'Анна',
      email: 'anna@example.com',
      rights: { is_admin: true, is_active: true, role_id: 5, group_id: 0, leads: { delete: 'A' }, contacts: { delete: 'G' }, companies: { delete: 'D' } },
      _embedded: { roles: [{ id: 5 }], groups: [{ id: 0 }] },
    },
    { id: 11, name: 'Борис', email: 'b@example.com', rights: { is_admin: false, is_active: false }, _embedded: { roles: [{ id: 6 }], groups: [] } },
  ];
  c.roles = [{ id: 5, name: 'Менеджер' }];
  c.leads_pipelines = [
    {
      id: 100,
      name: 'Воронка',
      sort: 1,
      is_main: true,
      is_archive: false,
      _embedded: {
        statuses: [
          { id: 1001, pipeline_id: 100, name: 'Неразобранное', sort: 10, type: 1 },
          { id: 142, pipeline_id: 100, name: 'Успешно', sort: 10000, type: 0 },
          { id: 143, pipeline_id: 100, name: 'Закрыто', sort: 10000, type: 0 },
        ],
      },
    },
  ];
  c.contacts_custom_fields = [
    { id: 1, name: 'Телефон', type: 'multitext', code: 'PHONE', sort: 4, group_id: null, is_deletable: false, is_api_only: false, enums: [{ id: 11, value: 'WORK', sort: 2 }, { id: 12, value: 'MOB', sort: 4 }] },
  ];
  c.contacts_custom_fields_groups = [{ id: 'default', name: 'Основное' }];
  c.contacts_tags = [{ id: 7, name: 'vip', color: null }];
  c.leads_loss_reasons = [{ id: 3, name: 'Дорого', sort: 1 }];
  c.companies = [{ id: 300, name: 'ООО Ромашка', responsible_user_id: 10, created_at: 1, updated_at: 2, custom_fields_values: null, _embedded: { tags: [] } }];
  c.contacts = [
    {
      id: 200,
      name: 'Иван Петров',
      first_name: 'Иван',
      last_name: 'Петров',
      responsible_user_id: 10,
      created_at: 5,
      updated_at: 6,
      custom_fields_values: [
        { field_id: 1, field_code: 'PHONE', field_type: 'multitext', values: [{ value: '+7 900 000-00-01', enum_id: 12, enum_code: 'MOB' }, { value: '8 (900) 000-00-02', enum_id: 11, enum_code: 'WORK' }] },
      ],
      _embedded: { tags: [{ id: 7, name: 'vip' }], companies: [{ id: 300 }] },
    },
  ];
  c.leads = [
    {
      id: 400,
      name: 'Сделка',
      price: 1000,
      status_id: 143,
      pipeline_id: 100,
      responsible_user_id: 11,
      loss_reason_id: 3,
      source_id: null,
      created_at: 10,
      updated_at: 20,
      closed_at: 20,
      custom_fields_values: null,
      _embedded: { tags: [], contacts: [{ id: 200, is_main: true }], companies: [{ id: 300 }], loss_reason: [{ id: 3, name: 'Дорого' }] },
    },
  ];
  c.tasks = [{ id: 500, entity_type: 'leads', entity_id: 400, responsible_user_id: 10, task_type_id: 1, text: 'Позвонить', is_completed: true, complete_till: 30, result: { text: 'ok' }, created_at: 9, updated_at: 9 }];
  c.leads_notes = [{ id: 600, entity_id: 400, note_type: 'common', created_by: 10, responsible_user_id: 10, created_at: 11, updated_at: 11, params: { text: 'hi' } }];
  c.events = [{ id: '01abc', type: 'lead_added', entity_type: 'lead', entity_id: 400, created_by: 10, created_at: 10, value_after: [], value_before: [] }];
  return {
    account: { id: 1, name: 'Demo', subdomain: 'demo', created_at: 1, currency: 'RUB', _embedded: { task_types: [{ id: 1, name: 'Связаться', code: 'FOLLOW_UP' }, { id: 2, name: 'Встреча', code: 'MEETING' }], users_groups: [{ id: 0, name: 'Отдел продаж' }] } },
    collections: c,
  };
}

describe('ingest', () => {
  it('writes normalized columns, raw JSON, links, tags, values and enums', () => {
    const db = newDb();
    const counts = ingestFixtureSet(db, tinySet());
    expect(counts.contacts).toBe(1);
    expect(all(db, 'SELECT id, name, subdomain, currency FROM account')).toEqual([{ id: 1, name: 'Demo', subdomain: 'demo', currency: 'RUB' }]);
    expect(all(db, 'SELECT id, code FROM task_types ORDER BY id')).toEqual([{ id: 1, code: 'FOLLOW_UP' }, { id: 2, code: 'MEETING' }]);
    expect(all(db, 'SELECT id, is_admin, is_active, role_id, group_id, rights_leads_delete, rights_contacts_delete, rights_companies_delete FROM users ORDER BY id')).toEqual([
      { id: 10, is_admin: 1, is_active: 1, role_id: 5, group_id: 0, rights_leads_delete: 'A', rights_contacts_delete: 'G', rights_companies_delete: 'D' },
      { id: 11, is_admin: 0, is_active: 0, role_id: 6, group_id: null, rights_leads_delete: null, rights_contacts_delete: null, rights_companies_delete: null },
    ]);
    expect(all(db, 'SELECT pipeline_id, id, type FROM statuses ORDER BY id')).toEqual([
      { pipeline_id: 100, id: 142, type: 0 },
      { pipeline_id: 100, id: 143, type: 0 },
      { pipeline_id: 100, id: 1001, type: 1 },
    ]);
    expect(all(db, 'SELECT entity_type, field_id, id, value FROM custom_field_enums ORDER BY id')).toEqual([
      { entity_type: 'contacts', field_id: 1, id: 11, value: 'WORK' },
      { entity_type: 'contacts', field_id: 1, id: 12, value: 'MOB' },
    ]);
    expect(all(db, 'SELECT is_deletable, code FROM custom_fields')).toEqual([{ is_deletable: 0, code: 'PHONE' }]);
    expect(all(db, 'SELECT entity_id, field_code, idx, enum_code, value FROM field_values ORDER BY idx')).toEqual([
      { entity_id: 200, field_code: 'PHONE', idx: 0, enum_code: 'MOB', value: '+7 900 000-00-01' },
      { entity_id: 200, field_code: 'PHONE', idx: 1, enum_code: 'WORK', value: '8 (900) 000-00-02' },
    ]);
    expect(all(db, 'SELECT * FROM lead_contacts')).toEqual([{ lead_id: 400, contact_id: 200, is_main: 1 }]);
    expect(all(db, 'SELECT * FROM lead_companies')).toEqual([{ lead_id: 400, company_id: 300 }]);
    expect(all(db, 'SELECT * FROM contact_companies')).toEqual([{ contact_id: 200, company_id: 300 }]);
    expect(all(db, 'SELECT * FROM entity_tags')).toEqual([{ entity_type: 'contacts', entity_id: 200, tag_id: 7 }]);
    expect(all(db, 'SELECT loss_reason_id, status_id, closed_at FROM leads')).toEqual([{ loss_reason_id: 3, status_id: 143, closed_at: 20 }]);
    expect(all(db, 'SELECT result_text, is_completed FROM tasks')).toEqual([{ result_text: 'ok', is_completed: 1 }]);
    expect(all(db, 'SELECT entity_type, entity_id, note_type FROM notes')).toEqual([{ entity_type: 'leads', entity_id: 400, note_type: 'common' }]);
    expect(all(db, 'SELECT id, type, entity_type, value_after FROM events')).toEqual([{ id: '01abc', type: 'lead_added', entity_type: 'lead', value_after: '[]' }]);
    const raw = all(db, 'SELECT raw FROM contacts')[0]!.raw as string;
    expect(JSON.parse(raw)).toEqual(tinySet().collections.contacts[0]);
    expect(all(db, 'SELECT entity_type, id, name FROM custom_field_groups')).toEqual([{ entity_type: 'contacts', id: 'default', name: 'Основное' }]);
  });

  it('replacing an entity replaces its link and value rows', () => {
    const db = newDb();
    const set = tinySet();
    ingestFixtureSet(db, set);
    const contact = { ...set.collections.contacts[0]!, custom_fields_values: [{ field_id: 1, field_code: 'PHONE', field_type: 'multitext', values: [{ value: '111', enum_code: 'WORK' }] }], _embedded: { tags: [], companies: [] } };
    const lead = { ...set.collections.leads[0]!, _embedded: { tags: [{ id: 9 }], contacts: [], companies: [] } };
    db.transaction(() => {
      ingestItems(db, 'contacts', [contact]);
      ingestItems(db, 'leads', [lead]);
    })();
    expect(all(db, 'SELECT value FROM field_values')).toEqual([{ value: '111' }]);
    expect(all(db, 'SELECT * FROM contact_companies')).toEqual([]);
    expect(all(db, 'SELECT * FROM lead_contacts')).toEqual([]);
    expect(all(db, 'SELECT * FROM lead_companies')).toEqual([]);
    expect(all(db, 'SELECT entity_type, entity_id, tag_id FROM entity_tags')).toEqual([{ entity_type: 'leads', entity_id: 400, tag_id: 9 }]);
    expect(all(db, 'SELECT count(*) AS n FROM contacts')).toEqual([{ n: 1 }]);
  });

  it('a re-ingested account replaces its task types; pipelines replace statuses', () => {
    const db = newDb();
    ingestFixtureSet(db, tinySet());
    ingestAccount(db, { id: 1, name: 'Demo 2', _embedded: { task_types: [{ id: 3, name: 'X' }] } });
    expect(all(db, 'SELECT id FROM task_types')).toEqual([{ id: 3 }]);
    ingestItems(db, 'leads_pipelines', [{ id: 100, name: 'P', _embedded: { statuses: [{ id: 142, name: 'Won' }] } }]);
    expect(all(db, 'SELECT pipeline_id, id FROM statuses')).toEqual([{ pipeline_id: 100, id: 142 }]);
  });

  it('deleteEntities removes an entity with its owned and pointing rows', () => {
    const db = newDb();
    ingestFixtureSet(db, tinySet());
    expect(deleteEntities(db, 'contacts', [200, 999])).toBe(1);
    expect(all(db, 'SELECT count(*) AS n FROM contacts')).toEqual([{ n: 0 }]);
    expect(all(db, "SELECT count(*) AS n FROM field_values WHERE entity_type = 'contacts'")).toEqual([{ n: 0 }]);
    expect(all(db, 'SELECT count(*) AS n FROM lead_contacts')).toEqual([{ n: 0 }]);
    expect(all(db, 'SELECT count(*) AS n FROM contact_companies')).toEqual([{ n: 0 }]);
  });

  it('the content hash is deterministic and independent of insertion order', () => {
    const a = newDb();
    const b = newDb();
    const set = tinySet();
    ingestFixtureSet(a, set);
    const reversed: FixtureSet = { account: set.account, collections: { ...set.collections } };
    for (const key of Object.keys(reversed.collections) as (keyof FixtureSet['collections'])[]) reversed.collections[key] = [...set.collections[key]].reverse();
    ingestFixtureSet(b, reversed);
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(a)).toBe(contentHash(b));
    ingestItems(b, 'contacts', [{ ...set.collections.contacts[0]!, name: 'changed' }]);
    expect(contentHash(a)).not.toBe(contentHash(b));
  });
});
