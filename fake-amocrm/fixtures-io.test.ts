// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dumpFixtureDir, loadFixtureDir } from './fixtures-io';
import { startFakeAmo } from './index';
import { sampleFixtures } from './server/sample-fixtures';
import { call } from './server/test-client';

const dirs: string[] = [];
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-amo-fixtures-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('fixture directories', () => {
  it('round-trips a FixtureSet; a missing file is an empty collection', () => {
    const dir = tmp();
    const set = sampleFixtures();
    dumpFixtureDir(dir, set);
    expect(fs.readdirSync(dir)).toContain('leads_pipelines.json');
    fs.rmSync(path.join(dir, 'events.json'));
    const loaded = loadFixtureDir(dir);
    expect(loaded.account).toEqual(set.account);
    expect(loaded.collections.contacts).toEqual(set.collections.contacts);
    expect(loaded.collections.leads_pipelines).toEqual(set.collections.leads_pipelines);
    expect(loaded.collections.events).toEqual([]);
  });

  it('names the file, the item and the problem for a malformed fixture', () => {
    const dir = tmp();
    dumpFixtureDir(dir, sampleFixtures());
    const file = path.join(dir, 'contacts.json');
    const items = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>[];
    items[3] = { ...items[3], id: 'four' };
    fs.writeFileSync(file, JSON.stringify(items));
    expect(() => loadFixtureDir(dir)).toThrow(/contacts\.json: item 3 \(id "four"\): field "id": .*number/);
    fs.writeFileSync(file, '{"not": "an array"}');
    expect(() => loadFixtureDir(dir)).toThrow(/contacts\.json: expected a JSON array/);
    fs.writeFileSync(file, '[{"id": 1},');
    expect(() => loadFixtureDir(dir)).toThrow(/contacts\.json: not valid JSON/);
    fs.writeFileSync(file, JSON.stringify([{ id: 1 }, { id: 1 }]));
    expect(() => loadFixtureDir(dir)).toThrow(/contacts\.json: item 1 \(id 1\): duplicate id/);
    fs.writeFileSync(file, JSON.stringify([{ id: 1, _embedded: { companies: [{ id: 'x' }] } }]));
    expect(() => loadFixtureDir(dir)).toThrow(/item 0 \(id 1\): field "_embedded.companies.0.id"/);
    fs.rmSync(path.join(dir, 'account.json'));
    expect(() => loadFixtureDir(dir)).toThrow(/account\.json: missing/);
  });

  it('the server dumps its current state (POST /__fake/dump) in a format it can load again', async () => {
    const server = await startFakeAmo({ fixtures: sampleFixtures(), rps: 0 });
    const dir = tmp();
    try {
      await call(server.url, '/api/v4/leads/3/link', { token: server.token, body: [{ to_entity_id: 4, to_entity_type: 'contacts' }] });
      await call(server.url, '/api/v4/contacts/2', { token: server.token, method: 'PATCH', body: { tags_to_add: [{ name: 'из дампа' }] } });
      const r = await call(server.url, '/__fake/dump', { body: { dir } });
      expect(r.status).toBe(200);
    } finally {
      await server.close();
    }
    const loaded = loadFixtureDir(dir);
    const lead3 = loaded.collections.leads.find((l) => l.id === 3);
    expect((lead3?._embedded as { contacts: unknown }).contacts).toEqual([
      { id: 3, is_main: true },
      { id: 4, is_main: false },
    ]);
    expect(loaded.collections.contacts_tags.map((t) => t.name)).toContain('из дампа');
    const again = await startFakeAmo({ fixtures: loaded, rps: 0 });
    try {
      const contact = await call(again.url, '/api/v4/contacts/4?with=leads', { token: again.token });
      expect(contact.body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([3]);
    } finally {
      await again.close();
    }
  });
});
