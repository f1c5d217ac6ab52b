// runtime: node
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireWriterLock, acquireWriterLockSync, currentWriter, lockFileOf, withWriterLock } from './writer-lock';

const dirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-lock-'));
  dirs.push(dir);
  return path.join(dir, 's.amosweep');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** the pid of a process that has exited */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('writer lock', () => {
  it('refuses a second writer naming the holder (pid, command, since), and frees the file on release', () => {
    const file = tmp();
    const a = acquireWriterLockSync(file, 'amosweep push');
    expect(JSON.parse(fs.readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'amosweep push' });
    let error: unknown;
    try {
      acquireWriterLockSync(file, 'amosweep snapshot');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect((error as Error).message).toMatch(new RegExp(`being written by another AmoSweep process: pid ${process.pid} \\(this process\\) \\("amosweep push", since \\d{4}-\\d\\d-\\d\\dT`));
    expect((error as Error).message).toMatch(/--wait/);
    expect(currentWriter(file)?.command).toBe('amosweep push');
    a.release();
    a.release(); // idempotent
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
    expect(currentWriter(file)).toBeNull();
    acquireWriterLockSync(file, 'amosweep snapshot').release();
  });

  it('waits for the holder when asked, and gives up after the wait with the same message', async () => {
    const file = tmp();
    const a = acquireWriterLockSync(file, 'first');
    const waits: unknown[] = [];
    const second = acquireWriterLock(file, { command: 'second', waitSeconds: 5, pollMs: 20, onWait: (h) => waits.push(h) });
    setTimeout(() => a.release(), 150);
    const b = await second;
    expect(waits).toHaveLength(1);
    expect(b.holder.command).toBe('second');
    await expect(acquireWriterLock(file, { command: 'third', waitSeconds: 0.1, pollMs: 20 })).rejects.toThrow(/after waiting 0.1 s: pid \d+ \(this process\) \("second"/);
    b.release();
  });

  it('a wait is cancelled by the signal', async () => {
    const file = tmp();
    const a = acquireWriterLockSync(file, 'first');
    const ac = new AbortController();
    const p = acquireWriterLock(file, { command: 'second', waitSeconds: Infinity, pollMs: 20, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    a.release();
  });

  it('takes over the stale lock of a dead process, of a reused pid, and an old unreadable lock; never one of another host', () => {
    const file = tmp();
    const lockFile = lockFileOf(file);
    const stale = { pid: deadPid(), host: os.hostname(), command: 'amosweep push', since: '2026-01-01T00:00:00.000Z', token: 'old' };
    fs.writeFileSync(lockFile, JSON.stringify(stale));
    expect(currentWriter(file)).toBeNull();
    const a = acquireWriterLockSync(file, 'taker');
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).command).toBe('taker');
    a.release();
    // our own pid but not our token: a previous process with the same pid (containers)
    fs.writeFileSync(lockFile, JSON.stringify({ ...stale, pid: process.pid }));
    acquireWriterLockSync(file, 'taker').release();
    // an unreadable lock: fresh is respected, old is taken over
    fs.writeFileSync(lockFile, '');
    expect(() => acquireWriterLockSync(file, 'x')).toThrow(/lock file is being written or unreadable/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile, old, old);
    acquireWriterLockSync(file, 'taker').release();
    // another machine's lock is never taken over
    fs.writeFileSync(lockFile, JSON.stringify({ ...stale, host: 'elsewhere.example' }));
    expect(() => acquireWriterLockSync(file, 'x')).toThrow(/pid \d+ on elsewhere\.example .*delete .*\.lock/);
    fs.rmSync(lockFile);
  });

  it('is released when the work throws, and when the process exits without releasing', async () => {
    const file = tmp();
    await expect(withWriterLock(file, { command: 'w' }, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
    const script = `
      const { acquireWriterLockSync } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'writer-lock.ts'))});
      acquireWriterLockSync(${JSON.stringify(file)}, 'child');
      process.exit(3);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.resolve(import.meta.dirname, '../../..') });
    expect(r.status).toBe(3);
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
  });
});
