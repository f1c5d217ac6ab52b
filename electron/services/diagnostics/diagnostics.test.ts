// runtime: node
/**
 * "Copy diagnostics" never carries a token or personal data: tokens and personal data are
 * planted in the log (some lines written straight into the file, bypassing the logger's own
 * redaction) and in the open snapshot's metadata, and none of them may reach the text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import { createServices } from '../api/create-services';
import { addContact, addStandardFields, addUser, createTestSnapshot } from '../audit/testing/test-snapshot';
import { closeSnapshotDb } from '../db/open';
import { createFileLog, readLogTail } from '../log/logger';
import { redactText } from './redact';

const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3IiwiYWNjb3VudF9pZCI6Nzc3fQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const REFRESH = `def50200${'a1b2c3d4'.repeat(12)}`;
const BRIDGE = '3f9c2b7e1d0a4c8b9e6f5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
const SECRET = 'Zq8xWm2Lp9Rt4Kv7Ns1Bc6Hd3Jf0Gy5E';
const PERSON = { first: 'Евлампий', last: 'Засекреченный', latin: 'Throckmorton Quillfeather' };
const EMAIL = 'evlampiy.secret@example-private.ru';
const PHONE = '+7 (912) 345-67-89';
const ACCOUNT = 'Sunflower Intimate Holdings';
const SUBDOMAIN = 'sunflowerholdings';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('redactText', () => {
  it('removes tokens, e-mails, phones and Cyrillic text, and keeps the log line prefix and plain figures', () => {
    const line = `[2026-12-05 17:14:52.123] [error] GET https://x.amocrm.ru/api/v4/contacts?code=${REFRESH}&state=s3cr3t Authorization: Bearer ${JWT} token=${BRIDGE} {"client_secret":"${SECRET}"} ${EMAIL} ${PHONE} ${PERSON.first} ${PERSON.last} 917 contacts as of 2020-01-01`;
    const out = redactText(line);
    for (const secret of [JWT, REFRESH, BRIDGE, SECRET, EMAIL, PHONE, PERSON.first, PERSON.last, 's3cr3t']) expect(out).not.toContain(secret);
    expect(out).not.toMatch(/9123456789|912\D*345\D*67\D*89/);
    expect(out.startsWith('[2026-12-05 17:14:52.123] [error] ')).toBe(true);
    expect(out).toContain('917 contacts as of 2020-01-01');
    expect(out).toContain('[token]');
  });

  it('removes literals and the words of known names wherever they appear', () => {
    const out = redactText(`opened /home/alice/AmoSweep/x.amosweep for Throckmorton`, {
      literals: ['/home/alice'],
      words: new Set(['throckmorton']),
    });
    expect(out).toBe('opened [personal]/AmoSweep/x.amosweep for [name]');
  });
});

describe('app.diagnostics', () => {
  it('has versions, OS, the last 200 log lines and the snapshot metadata, and no planted token or personal data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-diag-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const logFile = path.join(dir, 'logs', 'web.log');
    const log = createFileLog(logFile);

    const snap = createTestSnapshot();
    cleanups.push(snap.cleanup);
    addStandardFields(snap.db);
    addContact(snap.db, { id: 1, name: `${PERSON.first} ${PERSON.last}`, phones: [PHONE], emails: [EMAIL] });
    addContact(snap.db, { id: 2, name: PERSON.latin });
    addUser(snap.db, { id: 7, name: 'Quentin Vasquez-Oyelaran' });
    const setMeta = snap.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('account_name', ACCOUNT);
    setMeta.run('subdomain', SUBDOMAIN);
    setMeta.run('base_url', `https://${SUBDOMAIN}.amocrm.ru`);
    setMeta.run('account_id', '31415926');
    setMeta.run('access_token', JWT); // a token where none belongs
    closeSnapshotDb(snap.db);

    const { deps, handlers } = createServices({ transport: 'web', dataDir: dir, log });
    cleanups.push(() => deps.session.close());
    deps.session.open(snap.file, { readOnly: true });

    // through the logger (redacted as it is written) ...
    log.info('snapshot opened with 2 contacts');
    log.error(`push failed for ${PERSON.first} ${PERSON.last} <${EMAIL}> ${PHONE}`, new Error(`401 with Bearer ${JWT}`));
    log.warn(`callback http://127.0.0.1:4567/#token=${BRIDGE}&refresh_token=${REFRESH}`);
    // ... and straight into the file, as a line from elsewhere would be
    fs.appendFileSync(
      logFile,
      [
        `[2026-12-05 10:00:00.000] [info] Authorization: Bearer ${JWT}`,
        `[2026-12-05 10:00:01.000] [info] {"access_token":"${JWT}","refresh_token":"${REFRESH}","client_secret":"${SECRET}"}`,
        `[2026-12-05 10:00:02.000] [info] merged ${PERSON.latin} into Quentin Vasquez-Oyelaran of ${ACCOUNT} (${SUBDOMAIN}) ${EMAIL} 8 912 345 67 89`,
        `[2026-12-05 10:00:03.000] [info] opened ${snap.file}`,
        '',
      ].join('\n'),
    );
    expect(fs.readFileSync(logFile, 'utf8')).toContain(JWT); // planted in the file itself

    const result = await dispatch(handlers, 'app.diagnostics', {}, { transport: 'web' });
    expect(result.ok).toBe(true);
    const text = result.ok ? (result.value as { text: string }).text : '';

    // what must be there
    expect(text).toContain(`app: ${deps.appVersion} (web)`);
    expect(text).toContain(`node ${process.versions.node}`);
    expect(text).toMatch(/os: \S+/);
    expect(text).toContain('snapshot opened with 2 contacts');
    expect(text).toMatch(/counts: .*contacts 2/);
    expect(text).toMatch(/log \(last \d+ lines, redacted\)/);

    // what must not
    const forbidden = [JWT, REFRESH, BRIDGE, SECRET, EMAIL, PHONE, PERSON.first, PERSON.last, 'Throckmorton', 'Quillfeather', 'Quentin', 'Oyelaran', ACCOUNT, 'Sunflower', SUBDOMAIN, '31415926', snap.file, path.basename(snap.file), os.homedir()];
    for (const value of forbidden) expect(text, `diagnostics contain ${value}`).not.toContain(value);
    expect(text).not.toMatch(/912\D{0,3}345\D{0,3}67\D{0,3}89/);
    // the logger redacted its own lines in the file too: the token is not on disk
    expect(fs.readFileSync(logFile, 'utf8').split('\n').slice(0, 3).join('\n')).not.toContain(JWT);
  });

  it('gives the last 200 lines, reading the rotated file when the current one is short', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-diag-tail-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'main.log');
    fs.writeFileSync(path.join(dir, 'main.old.log'), Array.from({ length: 150 }, (_, i) => `old ${i}`).join('\n') + '\n');
    fs.writeFileSync(file, Array.from({ length: 100 }, (_, i) => `new ${i}`).join('\n') + '\n');
    const tail = readLogTail(file, 200);
    expect(tail).toHaveLength(200);
    expect(tail[0]).toBe('old 50');
    expect(tail.at(-1)).toBe('new 99');
  });

  it('rotates the log file at its size limit (electron-log)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-diag-rot-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'web.log');
    const log = createFileLog(file, { maxBytes: 4096 });
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    expect(fs.existsSync(path.join(dir, 'web.old.log'))).toBe(true);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(4096 + 200);
    expect(log.tail(3).at(-1)).toContain('line 199');
  });

  it('logs renderer errors, at most 20 a minute', async () => {
    const { deps, handlers } = createServices({ transport: 'web', dataDir: os.tmpdir() });
    const call = () => dispatch(handlers, 'app.logError', { message: `boom at ${EMAIL}`, stack: 'Error: boom\n    at X', source: 'boundary' }, { transport: 'web' });
    expect(await call()).toEqual({ ok: true, value: { logged: true } });
    const lines = deps.log.tail(10);
    expect(lines.at(-1)).toContain('renderer error (boundary): boom at [email]');
    for (let i = 0; i < 25; i++) await call();
    expect(deps.log.tail(100).filter((l) => l.includes('renderer error'))).toHaveLength(20);
  });
});
