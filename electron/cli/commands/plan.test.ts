// runtime: node
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { closeSnapshotDb } from '../../services/db/open';
import type { ApiObject } from '../../services/push/amo';
import { CITY_FIELD, smallAccount, snapshotOf, tempFile, testClient } from '../../services/push/testing/test-helpers';
import { fieldValues } from '../../services/plan/transforms';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin/amosweep.mjs');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let fake: FakeAmoServer;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: smallAccount(3), rps: 0 });
});
afterAll(async () => {
  await fake.close();
});

describe('amosweep plan add fields.to_list', () => {
  it('adds the list field and the copies with a mapping file, and the push fills the list', async () => {
    const t = tempFile();
    closeSnapshotDb(snapshotOf(smallAccount(3), t.file));
    const mapping = path.join(path.dirname(t.file), 'mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ Москва: 'г. Москва' }));
    try {
      const bad = await runCli(['plan', 'add', t.file, 'fields.to_list', '--json']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/needs --field ID/);
      const add = await runCli(['plan', 'add', t.file, 'fields.to_list', '--field', String(CITY_FIELD), '--mapping', mapping, '--json']);
      expect(add.code).toBe(0);
      // the list field, then contacts 1002, 1004, 1006 and 1008 (the ones with a city)
      expect(JSON.parse(add.stdout)).toMatchObject({ plan: 1, operations: 5 });
      const dry = await runCli(['push', t.file, '--dry-run', '--json']);
      expect(JSON.parse(dry.stdout)).toMatchObject({ plan: 1, requests: 4, entities: 5 });
      const push = await runCli(['push', t.file, '--url', fake.url, '--token', fake.token, '--json']);
      expect(push.code).toBe(0);
      expect(JSON.parse(push.stdout)).toMatchObject({ plan: 1, applied: 5, failed: 0, skippedConflicts: 0 });
      const client = testClient(fake.url, fake.token);
      const fields = (await client.request<{ _embedded: { custom_fields: ApiObject[] } }>({ method: 'GET', path: '/api/v4/contacts/custom_fields' })).data!._embedded.custom_fields;
      const list = fields.find((f) => f.name === 'Город (список)')!;
      expect((list.enums as { value: string }[]).map((e) => e.value)).toEqual(['г. Москва']);
      const c = (await client.request<ApiObject>({ method: 'GET', path: '/api/v4/contacts/1004' })).data!;
      expect(fieldValues(c, Number(list.id)).map((v) => v.value)).toEqual(['г. Москва']);
    } finally {
      t.cleanup();
    }
  }, 60_000);
});

describe('amosweep plan add roles.create / rights.revoke_delete / merge --undocumented', () => {
  it('adds a preset role and the delete-right revocations, labels the undocumented merge everywhere, and refuses companies', async () => {
    const t = tempFile();
    const account = smallAccount(3);
    account.collections.roles = [{ id: 7, name: 'Продажи', rights: { leads: { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' } } }];
    closeSnapshotDb(snapshotOf(account, t.file));
    const rightsFile = path.join(path.dirname(t.file), 'rights.json');
    fs.writeFileSync(rightsFile, JSON.stringify({ leads: { view: 'A', delete: 'D' } }));
    try {
      const help = await runCli(['plan', '--help']);
      expect(help.stdout).toMatch(/roles\.create --name NAME \[--preset NAME \| --from-user ID \| --rights FILE\.json\]/);
      expect(help.stdout).toMatch(/--undocumented\s+UNDOCUMENTED and IRREVERSIBLE/);
      const missing = await runCli(['plan', 'add', t.file, 'roles.create', '--json']);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toMatch(/needs --name NAME/);
      const both = await runCli(['plan', 'add', t.file, 'roles.create', '--name', 'X', '--preset', 'Менеджер опта', '--rights', rightsFile]);
      expect(both.code).not.toBe(0);
      const preset = await runCli(['plan', 'add', t.file, 'roles.create', '--name', 'Оптовики', '--preset', 'Менеджер опта', '--json']);
      expect(preset.code).toBe(0);
      expect(JSON.parse(preset.stdout)).toMatchObject({ plan: 1, operations: 1 });
      const fromFile = await runCli(['plan', 'add', t.file, 'roles.create', '--name', 'Только чтение', '--rights', rightsFile, '--json']);
      expect(JSON.parse(fromFile.stdout)).toMatchObject({ plan: 1, operations: 1, total: 2 });
      const revoke = await runCli(['plan', 'add', t.file, 'rights.revoke_delete', '--json']);
      expect(JSON.parse(revoke.stdout)).toMatchObject({ plan: 1, operations: 1, total: 3 });

      const companies = await runCli(['plan', 'add', t.file, 'merge.companies', '--survivor', '1', '--losers', '2', '--undocumented']);
      expect(companies.code).not.toBe(0);
      expect(companies.stderr).toMatch(/contacts only.*UNCONFIRMED/);
      const merge = await runCli(['plan', 'add', t.file, 'merge.contacts', '--survivor', '1001', '--losers', '1004', '--undocumented', '--json']);
      expect(merge.code).toBe(0);
      expect(JSON.parse(merge.stdout)).toMatchObject({ plan: 1, operations: 1 });
      expect(merge.stderr).toMatch(/WARNING: 1 merge\.undocumented: UNDOCUMENTED and IRREVERSIBLE/);

      const show = await runCli(['plan', 'show', t.file]);
      expect(show.stdout).toMatch(/merge\.undocumented 1, rights\.revoke_delete 1, roles\.create 2/);
      expect(show.stdout).toMatch(/!! 1 merge\.undocumented: UNDOCUMENTED and IRREVERSIBLE/);
      expect(show.stdout).toMatch(/WARNING: 1 UNDOCUMENTED and IRREVERSIBLE/);
      const showJson = JSON.parse((await runCli(['plan', 'show', t.file, '--json'])).stdout) as { plans: { undocumented?: string; warnings?: string[] }[] };
      expect(showJson.plans[0]).toMatchObject({ undocumented: expect.stringMatching(/IRREVERSIBLE/), warnings: [expect.stringMatching(/UNDOCUMENTED/)] });
    } finally {
      t.cleanup();
    }
  }, 60_000);
});

describe('amosweep plan suggest / plan add fill.loss_reason --suggest', () => {
  it('lists the reasons suggested from the notes, then plans them; without --reason the rest is left out', async () => {
    const t = tempFile();
    const account = smallAccount(3); // lost without a reason: 5001, 5004, 5007
    account.collections.leads_notes = [{ id: 1, entity_id: 5004, note_type: 'common', created_at: 1, updated_at: 1, params: { text: 'Просит скидку: дорого' } }];
    closeSnapshotDb(snapshotOf(account, t.file));
    try {
      const list = await runCli(['plan', 'suggest', t.file, '--json']);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual({ deals: 3, suggested: 1, items: [{ leadId: 5004, leadName: 'Сделка 4', reasonId: 5, reasonName: 'Дорого', evidence: 'Просит скидку: дорого' }] });
      const text = await runCli(['plan', 'suggest', t.file]);
      expect(text.stdout).toMatch(/1 of 3 lost deals .*\n {2}#5004 Сделка 4 → Дорого {3}«Просит скидку: дорого»/);
      const none = await runCli(['plan', 'add', t.file, 'fill.loss_reason']);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/needs --reason NAME/);
      const add = await runCli(['plan', 'add', t.file, 'fill.loss_reason', '--suggest', '--json']);
      expect(JSON.parse(add.stdout)).toMatchObject({ plan: 1, operations: 1, total: 1 });
      const rest = await runCli(['plan', 'add', t.file, 'fill.loss_reason', '--suggest', '--reason', 'Не дозвонились', '--json']);
      // 5004 is already in the plan: only the two others are added, with the given reason
      expect(JSON.parse(rest.stdout)).toMatchObject({ plan: 1, operations: 2, total: 3 });
    } finally {
      t.cleanup();
    }
  }, 60_000);
});

describe('amosweep plan add merge --accepted', () => {
  it('with no accepted group says why and how, adds nothing (no empty plan), exit 0', async () => {
    const t = tempFile();
    closeSnapshotDb(snapshotOf(smallAccount(3), t.file));
    try {
      const r = await runCli(['plan', 'add', t.file, 'merge', '--accepted']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/No accepted duplicate groups: nothing to merge\. Review the groups first/);
      expect(r.stdout).toBe('0 merge operations added.\n');
      const json = await runCli(['plan', 'add', t.file, 'merge', '--accepted', '--json']);
      expect(JSON.parse(json.stdout)).toEqual({ plan: null, operations: 0, total: 0, accepted: 0, planned: 0, merged: 0 });
      const show = await runCli(['plan', 'show', t.file, '--json']);
      expect(JSON.parse(show.stdout)).toEqual({ plans: [] });
    } finally {
      t.cleanup();
    }
  });
});
