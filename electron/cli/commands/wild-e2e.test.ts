// runtime: node
/**
 * The whole loop through the CLI against the fake server's WILD profile (issue 12): every field
 * type filled, 10+ phones, 1 000-character values, renamed 142/143, unsorted leads, trashed
 * entities, users with null rights parts, and the account changing and trashing entities while
 * the snapshot pages (churn). snapshot → refresh → audit = the fake's truth of the account as it
 * is now → duplicates → plan → dry run → push, with no error.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { generateAccount, truthOfLiveAccount } from '../../../fake-amocrm/generator/index';
import { loadFixtureDir, startFakeAmo } from '../../../fake-amocrm/index';
import { tempFile } from '../../services/push/testing/test-helpers';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** the wild profile's scale in this test (the manual run in the report uses 0.05) */
const SCALE = Number(process.env.AMOSWEEP_WILD_SCALE ?? '0.01');

it(`wild profile (scale ${SCALE}): snapshot under churn → refresh → audit = truth → duplicates → plan → push`, async () => {
  const asOf = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const { fixtures, truth } = generateAccount({ profile: 'wild', scale: SCALE, seed: 5, asOf });
  const server = await startFakeAmo({ fixtures, truth, rps: 0, churn: true });
  const t = tempFile('wild.amosweep');
  const dumpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-wild-'));
  const cli = async (...args: string[]): Promise<string> => (await run(process.execPath, [path.join(root, 'bin/amosweep.mjs'), ...args], { cwd: root, maxBuffer: 256 << 20 })).stdout;
  const conn = ['--url', server.url, '--token', server.token];
  try {
    await cli('snapshot', ...conn, '--out', t.file, '--json');
    const churned = server.stats() as { byRoute: Record<string, number> };
    expect(churned.byRoute['GET /api/v4/contacts'] ?? 0).toBeGreaterThan(1); // several pages: the churn had a chance to act
    server.configure({ churn: false });
    await cli('snapshot', ...conn, '--out', t.file, '--refresh', '--json');

    // the shapes report: the wild account is understood (every field type is known)
    const opened = JSON.parse(await cli('open', t.file, '--json')) as { shapesNotUnderstood: unknown[]; counts: Record<string, number> };
    expect(opened.shapesNotUnderstood).toEqual([]);

    // audit = truth of the account as it is now (after the churn), trashed entities left out
    server.dump(dumpDir);
    const state = loadFixtureDir(dumpDir);
    // the churn renamed entities already served and trashed ones not yet served
    expect(state.collections.contacts.filter((c) => String(c.name).endsWith('(изменено)')).length).toBeGreaterThan(0);
    const trashedByChurn = state.collections.leads.filter((l) => l.is_deleted === true).length - fixtures.collections.leads.filter((l) => l.is_deleted === true).length;
    expect(trashedByChurn).toBeGreaterThan(0);
    const now = truthOfLiveAccount(state, asOf);
    const audit = JSON.parse(await cli('audit', t.file, '--as-of', asOf.toISOString(), '--json')) as { findings: { id: string; count: number; groups?: number }[] };
    const mine: Record<string, number> = {};
    for (const f of audit.findings) {
      mine[f.id] = f.count;
      if (f.groups !== undefined) mine[`${f.id}.groups`] = f.groups;
    }
    const diff = Object.entries(now.counts).filter(([id, n]) => mine[id] !== n).map(([id, n]) => `${id}: audit ${String(mine[id])}, truth ${n}`);
    expect(diff).toEqual([]);
    expect(now.counts['account.contacts']).toBeLessThan(fixtures.collections.contacts.length); // trashed ones and the churn's are gone

    const dups = JSON.parse(await cli('duplicates', t.file, '--json')) as { contacts: { groups: number[][] } };
    expect(dups.contacts.groups.length).toBeGreaterThan(0);
    const [survivor, ...losers] = dups.contacts.groups[0]!;

    const reason = String(fixtures.collections.leads_loss_reasons[0]?.name);
    await cli('plan', 'add', t.file, 'fill.loss_reason', '--reason', reason, '--json');
    await cli('plan', 'add', t.file, 'normalize.phones', '--json');
    await cli('plan', 'add', t.file, 'split.stuffed', '--json');
    await cli('plan', 'add', t.file, 'merge.contacts', '--survivor', String(survivor), '--losers', losers.join(','), '--json');
    const dry = JSON.parse(await cli('push', t.file, '--dry-run', '--json')) as { requests: number; entities: number };
    expect(dry.entities).toBeGreaterThan(0);
    const pushed = JSON.parse(await cli('push', t.file, ...conn, '--json')) as Record<string, number>;
    expect(pushed).toMatchObject({ failed: 0, rejected429: 0 });
    expect(pushed.applied).toBeGreaterThan(0);
  } finally {
    await server.close();
    t.cleanup();
    fs.rmSync(dumpDir, { recursive: true, force: true });
  }
}, 600_000);
