// runtime: node
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { helpText, runCli } from '../main';
import { COMMANDS } from '../registry';
import { captureIo, tempDirs, until as waitUntil } from '../testing/test-io';

const dirs = tempDirs('amosweep-cli-web-');
afterEach(() => dirs.cleanup());
const tmp = (): string => dirs.make();
const io = captureIo;
const until = (check: () => boolean): Promise<void> => waitUntil(check, 200);

describe('amosweep web', () => {
  it('is listed by --help', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(0);
    expect(t.out.join('')).toContain('web');
    expect(helpText()).toMatch(/^\s+web\s+Serve the AmoSweep UI/m);
    const lines = helpText().split('\n');
    for (const [name, { summary }] of Object.entries(COMMANDS)) {
      expect(lines.some((line) => line.trim().startsWith(`${name} `) && line.endsWith(summary)), name).toBe(true);
    }
  });

  it('explains how to build the UI when it is missing', async () => {
    const t = io();
    const code = await runCli(['web', '--static-dir', path.join(tmp(), 'nothing')], t.io);
    expect(code).toBe(1);
    expect(t.err.join('')).toContain('npm run build:renderer');
  });

  it('refuses a bad port and an invalid snapshot with clear messages', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    const bad = io();
    expect(await runCli(['web', '--port', 'abc', '--static-dir', dir], bad.io)).toBe(2);
    expect(bad.err.join('')).toContain('--port');
    const junk = path.join(dir, 'junk.amosweep');
    fs.writeFileSync(junk, 'this is not sqlite at all, not even close');
    const t = io();
    expect(await runCli(['web', '--static-dir', dir, '--snapshot', junk, '--data-dir', dir], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(/cannot open snapshot .*junk\.amosweep: .*not an AmoSweep snapshot/);
  });

  it('serves the UI, prints one JSON line and stops on abort', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shell</title>');
    const t = io();
    const running = runCli(['web', '--port', '0', '--json', '--static-dir', dir, '--data-dir', dir], t.io);
    await until(() => t.out.length > 0);
    const info = JSON.parse(t.out.join('')) as { url: string; token: string; port: number };
    expect(info.url).toBe(`http://127.0.0.1:${info.port}/#token=${info.token}`);
    expect(await (await fetch(`http://127.0.0.1:${info.port}/`)).text()).toContain('<title>shell</title>');
    const res = await fetch(`http://127.0.0.1:${info.port}/api/rpc/app.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${info.token}` },
      body: '{}',
    });
    expect(await res.json()).toMatchObject({ ok: true, value: { transport: 'web', dataDir: dir } });
    t.controller.abort();
    expect(await running).toBe(0);
  });

  it('prints the address line for people', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    const t = io();
    const running = runCli(['web', '--static-dir', dir, '--data-dir', dir], t.io);
    await until(() => t.out.length > 0);
    expect(t.out.join('')).toMatch(/^AmoSweep is running at http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}\n$/);
    t.controller.abort();
    expect(await running).toBe(0);
  });

  it('connects the demo account with --open-demo and exits cleanly on SIGTERM', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const child = spawn(process.execPath, ['bin/amosweep.mjs', 'web', '--port', '0', '--json', '--open-demo', '--static-dir', dir, '--data-dir', dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('\n')) resolve();
      });
      void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
    });
    const info = JSON.parse(stdout) as { port: number; token: string; demoConnectionId?: string };
    expect(info.demoConnectionId).toMatch(/^[0-9a-f-]{36}$/);
    const res = await fetch(`http://127.0.0.1:${info.port}/api/rpc/connect.list`, { method: 'POST', headers: { Authorization: `Bearer ${info.token}` }, body: '{}' });
    expect(await res.json()).toMatchObject({ ok: true, value: [{ id: info.demoConnectionId, isDemo: true }] });
    child.kill('SIGTERM');
    // the in-process fake amoCRM must not keep the process alive
    expect(await exited).toBe(0);
  }, 120_000);
});
