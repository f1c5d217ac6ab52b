// runtime: node
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import type { JobState } from '../../../shared/api/jobs';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { addContact, addLead, addStandardFields, setFinishedAt } from '../audit/testing/test-snapshot';
import { latestRunCounts } from '../audit/store';
import { createServices } from './create-services';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-audit-api-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function makeSnapshot(name: string, finishedAt: string, contacts: number): string {
  const file = path.join(dir, name);
  const db = openSnapshotDb(file, { mode: 'create' });
  addStandardFields(db);
  setFinishedAt(db, new Date(finishedAt));
  db.prepare("INSERT INTO meta (key, value) VALUES ('account_id', '42')").run();
  db.prepare("INSERT INTO account (id, name, subdomain, raw) VALUES (42, 'Окна', 'okna', '{}')").run();
  for (let i = 1; i <= contacts; i++) addContact(db, { id: i, name: i % 2 ? '' : `Имя ${i}`, phones: ['89123456789'] });
  addLead(db, { id: 1, status: 143, contacts: [2] });
  closeSnapshotDb(db);
  return file;
}

describe('audit methods', () => {
  it('run, findings, drill-down, analytics, export, fix and previous', async () => {
    const old = makeSnapshot('old.amosweep', '2020-01-01T00:00:00Z', 4);
    const file = makeSnapshot('new.amosweep', '2020-06-01T00:00:00Z', 6);
    const { deps, handlers } = createServices({ transport: 'cli', dataDir: dir });
    const call = async (name: string, input: unknown) => {
      const r = await dispatch(handlers, name, input, { transport: 'cli' });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as never;
    };
    const none = await dispatch(handlers, 'audit.run', {}, { transport: 'cli' });
    expect(none).toMatchObject({ ok: false, error: { code: 'NO_SNAPSHOT' } });

    deps.session.open(file, { readOnly: true });
    const report = await call('audit.run', {});
    expect((report as { asOf: string }).asOf).toBe('2020-06-01T00:00:00.000Z');
    const findings = (await call('audit.findings', {})) as { id: string; count: number; groups?: number }[];
    expect(findings.find((f) => f.id === 'duplicates.phone')).toMatchObject({ count: 6, groups: 1 });

    const page = (await call('audit.entities', { findingId: 'noname.contacts', offset: 1, limit: 2 })) as { total: number; rows: { id: number }[] };
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.id)).toEqual([3, 5]);
    const dup = (await call('audit.entities', { findingId: 'duplicates.phone' })) as { rows: { group?: number; detail: string }[] };
    expect(dup.rows.every((r) => r.group === 1 && r.detail === '89123456789')).toBe(true);
    const bad = await dispatch(handlers, 'audit.entities', { findingId: 'no.such' }, { transport: 'cli' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const analytics = (await call('audit.analytics', {})) as { lostWithoutReason: number };
    expect(analytics.lostWithoutReason).toBe(1);

    const exported = (await call('audit.export', { format: 'xlsx', lang: 'en', inline: true })) as { path: string; dataUrl: string };
    expect(fs.existsSync(exported.path)).toBe(true);
    expect(exported.path.startsWith(path.join(dir, 'exports'))).toBe(true);
    expect(exported.dataUrl).toMatch(/^data:application\/vnd\.openxmlformats/);
    const html = (await call('audit.export', { format: 'html' })) as { path: string; dataUrl?: string };
    expect(fs.readFileSync(html.path, 'utf8')).toContain('Аудит аккаунта amoCRM');
    expect(html.dataUrl).toBeUndefined();

    const prev = (await call('audit.previous', {})) as { file: string; counts: Record<string, number> };
    expect(prev.file).toBe(path.resolve(old));
    expect(prev.counts['account.contacts']).toBe(4);
    expect(prev.counts['duplicates.phone.groups']).toBe(1);

    const noFix = await dispatch(handlers, 'audit.fix', { findingId: 'nophone.contacts' }, { transport: 'cli' });
    expect(noFix).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const intent = (await call('audit.fix', { findingId: 'leads.lost_without_reason' })) as { operation: string; entityType: string; entityCount: number };
    expect(intent).toMatchObject({ operation: 'fill.loss_reason', entityType: 'leads', entityCount: 1 });
    const some = (await call('audit.fix', { findingId: 'noname.contacts', ids: [1, 5] })) as { entityCount: number };
    expect(some.entityCount).toBe(2);
    const intents = (await call('audit.fixIntents', {})) as { findingId: string }[];
    expect(intents.map((i) => i.findingId)).toEqual(['leads.lost_without_reason', 'noname.contacts']);
    deps.session.close();
  });
});

describe('audit PDF export', () => {
  it('prints the HTML report through the host printer, and is refused where there is none', async () => {
    const file = makeSnapshot('pdf.amosweep', '2020-06-01T00:00:00Z', 2);
    const printed: string[] = [];
    const withPrinter = createServices({
      transport: 'electron',
      dataDir: dir,
      printToPdf: async (html) => {
        printed.push(html);
        return new TextEncoder().encode('%PDF-1.7 fake');
      },
    });
    withPrinter.deps.session.open(file, { readOnly: true });
    const ok = await dispatch(withPrinter.handlers, 'audit.export', { format: 'pdf', lang: 'en' }, { transport: 'electron' });
    if (!ok.ok) throw new Error(ok.error.message);
    const out = ok.value as { path: string; fileName: string };
    expect(out.fileName).toMatch(/\.pdf$/);
    expect(fs.readFileSync(out.path, 'utf8')).toBe('%PDF-1.7 fake');
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('<html');
    withPrinter.deps.session.close();

    const web = createServices({ transport: 'web', dataDir: dir });
    web.deps.session.open(file, { readOnly: true });
    const refused = await dispatch(web.handlers, 'audit.export', { format: 'pdf' }, { transport: 'web' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    web.deps.session.close();
  });
});

describe('audit.run off the main thread', () => {
  it('other calls answer while the audit runs; the run streams as an audit job', async () => {
    const file = makeSnapshot('busy.amosweep', '2020-06-01T00:00:00Z', 300);
    const { deps, handlers } = createServices({ transport: 'web', dataDir: dir });
    deps.session.open(file, { readOnly: true });
    const order: string[] = [];
    const jobs: JobState[] = [];
    deps.events.subscribe((e) => {
      if (e.type === 'job' && e.job.kind === 'audit') jobs.push(e.job);
    });
    const audit = dispatch(handlers, 'audit.run', {}, { transport: 'web' }).then((r) => {
      order.push('audit');
      return r;
    });
    const info = await dispatch(handlers, 'app.info', {}, { transport: 'web' });
    order.push('info');
    expect(info.ok).toBe(true);
    const listed = await dispatch(handlers, 'jobs.list', {}, { transport: 'web' });
    order.push(`jobs:${listed.ok ? (listed.value as JobState[]).map((j) => `${j.kind}/${j.status}`).join(',') : 'error'}`);
    const report = await audit;
    expect(order).toEqual(['info', 'jobs:audit/running', 'audit']);
    expect(report).toMatchObject({ ok: true });
    expect(jobs[0]).toMatchObject({ kind: 'audit', status: 'running', titleKey: 'jobs.audit' });
    const last = jobs.at(-1)!;
    expect(last).toMatchObject({ status: 'done', fraction: 1 });
    expect(last.steps).toEqual([expect.objectContaining({ key: 'rules', status: 'done' })]);
    // cached: no second job
    const again = await dispatch(handlers, 'audit.findings', {}, { transport: 'web' });
    expect(again.ok).toBe(true);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
    deps.session.close();
  });

  it('jobs.cancel stops the audit: the call answers CANCELLED and nothing is cached', async () => {
    const file = makeSnapshot('cancel.amosweep', '2020-06-01T00:00:00Z', 50);
    const { deps, handlers } = createServices({ transport: 'web', dataDir: dir });
    deps.session.open(file, { readOnly: true });
    const cancelled: string[] = [];
    const unsubscribe = deps.events.subscribe((e) => {
      if (e.type === 'job' && e.job.kind === 'audit' && e.job.status === 'running' && cancelled.length === 0) {
        cancelled.push(e.job.id);
        deps.jobs.cancel(e.job.id);
      }
    });
    const first = await dispatch(handlers, 'audit.run', {}, { transport: 'web' });
    expect(first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(deps.jobs.get(cancelled[0]!).status).toBe('cancelled');
    unsubscribe();
    const second = await dispatch(handlers, 'audit.run', {}, { transport: 'web' });
    expect(second).toMatchObject({ ok: true });
    expect(deps.jobs.list().filter((j) => j.kind === 'audit').map((j) => j.status)).toEqual(['cancelled', 'done']);
    deps.session.close();
  });
});

describe('audit.run for read-only use (the CLI)', () => {
  const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it('store: false leaves a writable snapshot byte-identical; the default stores the run', async () => {
    const file = makeSnapshot('store.amosweep', '2020-06-01T00:00:00Z', 5);
    const { deps, handlers } = createServices({ transport: 'cli', dataDir: dir });
    deps.session.open(file, { readOnly: false });
    const before = sha(file);
    expect(await dispatch(handlers, 'audit.run', { store: false }, { transport: 'cli' })).toMatchObject({ ok: true });
    expect(sha(file)).toBe(before);
    expect(latestRunCounts(deps.session.require().db)).toBeNull();
    expect(await dispatch(handlers, 'audit.run', { force: true }, { transport: 'cli' })).toMatchObject({ ok: true });
    expect(latestRunCounts(deps.session.require().db)).not.toBeNull();
    deps.session.close();
  });

  it('audit.export writes to out on the CLI only; the snapshot is not written', async () => {
    const file = makeSnapshot('out.amosweep', '2020-06-01T00:00:00Z', 5);
    const before = sha(file);
    const out = path.join(dir, 'report.html');
    const cli = createServices({ transport: 'cli', dataDir: dir });
    cli.deps.session.open(file, { readOnly: true });
    const written = await dispatch(cli.handlers, 'audit.export', { format: 'html', lang: 'en', out }, { transport: 'cli' });
    expect(written).toMatchObject({ ok: true, value: { path: out, fileName: 'report.html' } });
    expect(fs.readFileSync(out, 'utf8')).toContain('<html');
    expect(fs.existsSync(path.join(dir, 'exports'))).toBe(false);
    cli.deps.session.close();
    expect(sha(file)).toBe(before);

    const web = createServices({ transport: 'web', dataDir: dir });
    web.deps.session.open(file, { readOnly: true });
    const refused = await dispatch(web.handlers, 'audit.export', { format: 'html', out: path.join(dir, 'elsewhere.html') }, { transport: 'web' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(fs.existsSync(path.join(dir, 'elsewhere.html'))).toBe(false);
    web.deps.session.close();
  });
});
