// runtime: node
/**
 * --notes-months all: the whole history of notes and events, with its request cost estimated
 * from the API's paging before it starts (and only estimated with --estimate). The estimate's
 * pages are exactly the pages the snapshot then requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startFakeAmo } from '../../../fake-amocrm/index';
import { closeSnapshotDb, openSnapshotDb } from '../../services/db/open';
import type { NotesCostEstimate } from '../../services/snapshot/estimate';
import { syntheticAccount } from '../../services/snapshot/testing/synthetic-account';
import { runCli } from '../main';
import { captureIo, tempDirs } from '../testing/test-io';

const dirs = tempDirs('amosweep-cli-notes-all-');
afterEach(() => dirs.cleanup());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const t = captureIo();
  const code = await runCli(args, t.io);
  return { code, out: t.out.join(''), err: t.err.join('') };
}

it('estimates the whole history from the API, then fetches exactly those pages; old notes included', async () => {
  const now = Math.floor(Date.now() / 1000);
  // notes spread over years: a 6-month window would miss most of them
  const fixtures = syntheticAccount({ contacts: 700, companies: 60, leads: 600, tasks: 50, notesPerEntity: 2, now });
  let shift = 0;
  for (const key of ['leads_notes', 'contacts_notes', 'companies_notes'] as const) {
    for (const n of fixtures.collections[key]) {
      const t = now - (shift++ % 1500) * 86_400;
      n.created_at = t;
      n.updated_at = t;
    }
  }
  const fake = await startFakeAmo({ fixtures, rps: 0 });
  const dir = dirs.make();
  const file = path.join(dir, 'all.amosweep');
  const conn = ['--url', fake.url, '--token', fake.token];
  try {
    const only = await cli('snapshot', file, ...conn, '--notes-months', 'all', '--estimate', '--json');
    expect(only.code, only.err).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    const estimate = JSON.parse(only.out) as NotesCostEstimate;
    expect(estimate.notesMonths).toBe('all');
    expect(estimate.rps).toBe(7);
    expect(estimate.seconds).toBe(Math.ceil(estimate.requests / 7));
    const six = JSON.parse((await cli('snapshot', file, ...conn, '--notes-months', '6', '--estimate', '--json')).out) as NotesCostEstimate;
    expect(six.requests).toBeLessThan(estimate.requests);

    const run = await cli('snapshot', file, ...conn, '--notes-months', 'all', '--json');
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Notes and events \(whole history\): about \d+ requests/);
    const db = openSnapshotDb(file, { mode: 'readonly' });
    try {
      const rows = db.prepare('SELECT name, pages, items FROM collections').all() as { name: string; pages: number; items: number }[];
      for (const c of estimate.collections) {
        const row = rows.find((r) => r.name === c.name)!;
        expect({ name: c.name, pages: row.pages, items: row.items }).toEqual({ name: c.name, pages: c.items === 0 ? row.pages : c.pages, items: c.items });
      }
      const notes = (db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n;
      const all = fixtures.collections.leads_notes.length + fixtures.collections.contacts_notes.length + fixtures.collections.companies_notes.length;
      expect(notes).toBe(all);
      expect((db.prepare("SELECT value FROM meta WHERE key = 'notes_months'").get() as { value: string }).value).toBe('all');
    } finally {
      closeSnapshotDb(db);
    }
    expect((await cli('snapshot', file, ...conn, '--notes-months', 'some')).code).toBe(2);
  } finally {
    await fake.close();
  }
}, 120_000);
