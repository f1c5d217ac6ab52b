// runtime: node
/**
 * Issue 4's acceptance check: a full snapshot of the demo account's reference profile at
 * scale 0.1 matches the fake server's data exactly: every count, and a sample of entities
 * field by field (contacts, companies, leads, tasks, users).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiObject, FixtureSet } from '../../../shared/amo/wire';
import { generateAccount } from '../../../fake-amocrm/generator/index';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { createAmoClient } from '../amo/client';
import { openSnapshotDb, type SqliteDb } from '../db/open';
import { readSnapshotMeta, runSnapshot } from './runner';

const NOW = Date.now();
let fixtures: FixtureSet;
let fake: FakeAmoServer;
let dir: string;
let db: SqliteDb;

beforeAll(async () => {
  ({ fixtures } = generateAccount({ profile: 'reference', scale: 0.1, seed: 7, asOf: new Date(NOW) }));
  fake = await startFakeAmo({ fixtures, rps: 0, accountRps: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-ref-snap-'));
  const file = path.join(dir, 'reference.amosweep');
  const client = createAmoClient({ baseUrl: fake.url, auth: { kind: 'long-lived', getToken: () => fake.token }, unlimited: true });
  await runSnapshot({ client, file, appVersion: 'test', subdomain: 'demo', now: () => NOW });
  db = openSnapshotDb(file, { mode: 'readonly' });
}, 180_000);

afterAll(async () => {
  db?.close();
  await fake?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string, ...args: unknown[]): number => (db.prepare(sql).get(...args) as { n: number }).n;
const raw = (table: string, id: number): ApiObject => JSON.parse((db.prepare(`SELECT raw FROM ${table} WHERE id = ?`).get(id) as { raw: string }).raw) as ApiObject;

/** deterministic picks spread over a collection */
function sample<T>(list: T[], n: number): T[] {
  const step = Math.max(1, Math.floor(list.length / n));
  return list.filter((_, i) => i % step === 0).slice(0, n);
}

function stripLinks(o: unknown): unknown {
  if (Array.isArray(o)) return o.map(stripLinks);
  if (o && typeof o === 'object') {
    return Object.fromEntries(Object.entries(o).filter(([k]) => k !== '_links').map(([k, v]) => [k, stripLinks(v)]));
  }
  return o;
}

describe('full snapshot of the reference profile (scale 0.1)', () => {
  it('has every count of the fake account', () => {
    const c = fixtures.collections;
    expect(readSnapshotMeta(db).complete).toBe(true);
    expect(count('SELECT count(*) AS n FROM contacts')).toBe(c.contacts.length);
    expect(count('SELECT count(*) AS n FROM companies')).toBe(c.companies.length);
    expect(count('SELECT count(*) AS n FROM leads')).toBe(c.leads.length);
    expect(count('SELECT count(*) AS n FROM tasks')).toBe(c.tasks.length);
    expect(count('SELECT count(*) AS n FROM users')).toBe(c.users.length);
    expect(count('SELECT count(*) AS n FROM roles')).toBe(c.roles.length);
    expect(count('SELECT count(*) AS n FROM pipelines')).toBe(c.leads_pipelines.length);
    const statuses = c.leads_pipelines.reduce((n, p) => n + ((p._embedded as { statuses: unknown[] }).statuses.length), 0);
    expect(count('SELECT count(*) AS n FROM statuses')).toBe(statuses);
    expect(count('SELECT count(*) AS n FROM loss_reasons')).toBe(c.leads_loss_reasons.length);
    const taskTypes = ((fixtures.account._embedded as { task_types?: unknown[] } | undefined)?.task_types ?? []).length;
    expect(count('SELECT count(*) AS n FROM task_types')).toBe(taskTypes);
    for (const entity of ['leads', 'contacts', 'companies'] as const) {
      expect(count('SELECT count(*) AS n FROM custom_fields WHERE entity_type = ?', entity)).toBe(c[`${entity}_custom_fields`].length);
      expect(count('SELECT count(*) AS n FROM tags WHERE entity_type = ?', entity)).toBe(c[`${entity}_tags`].length);
    }
    // links, as the API shows them on leads and contacts
    const leadContacts = c.leads.reduce((n, l) => n + (((l._embedded as { contacts?: unknown[] }).contacts ?? []).length), 0);
    expect(count('SELECT count(*) AS n FROM lead_contacts')).toBe(leadContacts);
    const leadCompanies = c.leads.reduce((n, l) => n + (((l._embedded as { companies?: unknown[] }).companies ?? []).length), 0);
    expect(count('SELECT count(*) AS n FROM lead_companies')).toBe(leadCompanies);
    const contactCompanies = c.contacts.reduce((n, x) => n + (((x._embedded as { companies?: unknown[] }).companies ?? []).length), 0);
    expect(count('SELECT count(*) AS n FROM contact_companies')).toBe(contactCompanies);
    // notes and events of the 6-month window
    const from = new Date(NOW);
    from.setUTCMonth(from.getUTCMonth() - 6);
    const fromSec = Math.floor(from.getTime() / 1000);
    const inWindow = (list: ApiObject[], key: string) => list.filter((x) => (x[key] as number) >= fromSec).length;
    for (const entity of ['leads', 'contacts', 'companies'] as const) {
      expect(count('SELECT count(*) AS n FROM notes WHERE entity_type = ?', entity)).toBe(inWindow(c[`${entity}_notes`], 'updated_at'));
    }
    expect(count('SELECT count(*) AS n FROM events')).toBe(inWindow(c.events, 'created_at'));
    expect(count('SELECT count(*) AS n FROM events')).toBeGreaterThan(0);
  });

  it('stores sampled entities exactly as the API returns them', () => {
    const c = fixtures.collections;
    for (const [table, list] of [
      ['contacts', c.contacts],
      ['companies', c.companies],
      ['leads', c.leads],
      ['tasks', c.tasks],
      ['users', c.users],
    ] as const) {
      for (const want of sample(list, 25)) {
        const got = raw(table, want.id as number);
        for (const key of Object.keys(want)) {
          if (key === '_links' || key === '_embedded') continue;
          expect({ table, id: want.id, key, value: got[key] }).toEqual({ table, id: want.id, key, value: want[key] });
        }
        if (table === 'contacts' || table === 'companies') {
          const embedded = (want._embedded ?? {}) as Record<string, unknown>;
          const gotEmbedded = (got._embedded ?? {}) as Record<string, unknown>;
          expect(stripLinks(gotEmbedded.tags)).toEqual(stripLinks(embedded.tags));
          expect(stripLinks(gotEmbedded.companies)).toEqual(stripLinks(embedded.companies));
        }
      }
    }
    // normalized rows agree with the raw objects: field values and tag links of a sample
    for (const want of sample(c.contacts, 25)) {
      const values = ((want.custom_fields_values ?? []) as { values: unknown[] }[]).reduce((n, f) => n + f.values.length, 0);
      expect(count("SELECT count(*) AS n FROM field_values WHERE entity_type = 'contacts' AND entity_id = ?", want.id)).toBe(values);
      const tags = (((want._embedded as { tags?: unknown[] }).tags) ?? []).length;
      expect(count("SELECT count(*) AS n FROM entity_tags WHERE entity_type = 'contacts' AND entity_id = ?", want.id)).toBe(tags);
    }
  });
});
