// runtime: node
/** The server on a small generated reference account: every endpoint the snapshot walks answers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAccount } from '../generator/index';
import { dumpFixtureDir, loadFixtureDir, type FixtureSet, type Truth } from '../index';
import { call } from './test-client';
import { useFakeServer } from './test-server';

let fixtures: FixtureSet;
let truth: Truth;
const fake = useFakeServer(
  () => {
    ({ fixtures, truth } = generateAccount({ profile: 'reference', scale: 0.005, seed: 3, asOf: new Date('2020-12-31T00:00:00Z') }));
    return { fixtures, truth };
  },
  { resetEachTest: false },
);

describe('a generated reference account', () => {
  it('answers every list endpoint with 200 or 204', async () => {
    const paths = [
      '/api/v4/account?with=task_types,users_groups',
      '/api/v4/users?with=role,group',
      '/api/v4/roles',
      '/api/v4/leads/pipelines',
      '/api/v4/leads/loss_reasons',
      '/api/v4/events',
      '/api/v4/tasks',
      ...['leads', 'contacts', 'companies'].flatMap((e) => [`/api/v4/${e}`, `/api/v4/${e}/custom_fields`, `/api/v4/${e}/tags`, `/api/v4/${e}/notes`]),
      '/api/v4/leads?with=contacts,loss_reason',
      '/api/v4/contacts?with=leads',
      '/api/v4/companies?with=leads,contacts',
    ];
    for (const p of paths) {
      const r = await call(fake.server.url, p, { token: fake.server.token });
      expect([200, 204], p).toContain(r.status);
    }
    expect((await call(fake.server.url, '/__fake/truth')).body.asOf).toBe(truth.asOf);
  });

  it('pages every contact and lead exactly once', async () => {
    for (const type of ['contacts', 'leads'] as const) {
      const seen: number[] = [];
      let url: string | undefined = `${fake.server.url}/api/v4/${type}?limit=250&order[updated_at]=asc`;
      while (url) {
        const r = await call(url, '', { token: fake.server.token });
        if (r.status === 204) break;
        for (const item of r.body._embedded[type] as { id: number }[]) seen.push(item.id);
        url = r.body._links.next?.href;
      }
      const live = fixtures.collections[type].filter((o) => o.is_deleted !== true).length;
      expect(seen).toHaveLength(live);
      expect(new Set(seen).size).toBe(live);
    }
  });

  it('round-trips through a fixture directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-amo-gen-'));
    try {
      dumpFixtureDir(dir, fake.server.store.toFixtureSet(), truth);
      const loaded = loadFixtureDir(dir);
      expect(loaded.collections.contacts.length).toBe(fixtures.collections.contacts.length);
      expect(loaded.collections.events.length).toBe(fixtures.collections.events.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
