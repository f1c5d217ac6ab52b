// runtime: node
/**
 * amosweep plan add through dispatch: --wait tells who holds the file and takes it once it is
 * free; Ctrl-C while waiting stops with nothing written; a refused request never waits.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSnapshotDb } from '../../services/db/open';
import { acquireWriterLockSync, lockFileOf } from '../../services/db/writer-lock';
import { smallAccount, snapshotOf } from '../../services/push/testing/test-helpers';
import { runCli } from '../main';
import { captureIo, tempDirs, until } from '../testing/test-io';

const dirs = tempDirs('amosweep-plan-wait-');
afterEach(() => dirs.cleanup());

function snapshot(): string {
  const file = path.join(dirs.make(), 'plan.amosweep');
  closeSnapshotDb(snapshotOf(smallAccount(3), file));
  return file;
}
const sha = (f: string): string => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('amosweep plan add --wait', () => {
  it('names the writer that holds the file, waits for it, then adds', async () => {
    const file = snapshot();
    const lock = acquireWriterLockSync(file, 'amosweep push');
    const t = captureIo();
    const running = runCli(['plan', 'add', file, 'normalize.phones', '--wait', '60'], t.io);
    await until(() => /Waiting for/.test(t.err.join('')));
    expect(t.err.join('')).toMatch(new RegExp(`^Waiting for ${escaped(file)}: it is being written by pid \\d+ \\(this process\\) \\("amosweep push", since [^)]+\\)…\\n$`));
    expect(t.out).toEqual([]);
    lock.release();
    expect(await running).toBe(0);
    expect(t.out.join('')).toBe('plan 1: 3 normalize.phones operations added (3 in the plan).\n');
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
  });

  it('Ctrl-C while waiting stops it (exit 1) with nothing written; without --wait it is refused at once, naming the holder', async () => {
    const file = snapshot();
    const lock = acquireWriterLockSync(file, 'amosweep push');
    try {
      const before = sha(file);
      const t = captureIo();
      const running = runCli(['plan', 'add', file, 'intents', '--wait'], t.io);
      await until(() => /Waiting for/.test(t.err.join('')));
      t.controller.abort();
      expect(await running).toBe(1);
      expect(t.err.join('')).toMatch(/amosweep plan: \[CANCELLED\] Cancelled while waiting for the snapshot file\.\n$/);
      const busy = captureIo();
      expect(await runCli(['plan', 'add', file, 'normalize.phones'], busy.io)).toBe(1);
      expect(busy.err.join('')).toMatch(/^amosweep plan: \[CONFLICT\] .* is being written by another AmoSweep process: pid \d+ \(this process\) \("amosweep push"/);
      expect(sha(file)).toBe(before);
    } finally {
      lock.release();
    }
  });

  it('a request the services refuse fails at once, even with --wait and the file held: a usage error names the flags', async () => {
    const file = snapshot();
    const lock = acquireWriterLockSync(file, 'amosweep push');
    try {
      const before = sha(file);
      const usage = captureIo();
      expect(await runCli(['plan', 'add', file, 'tags.detach', '--wait'], usage.io)).toBe(2);
      expect(usage.err.join('')).toMatch(/^amosweep plan: tags\.detach needs --tag NAME --entity leads\|contacts\|companies\.\n\nUsage:/);
      const data = captureIo();
      expect(await runCli(['plan', 'add', file, 'fill.loss_reason', '--reason', 'Нет такой причины', '--wait'], data.io)).toBe(1);
      expect(data.err.join('')).toMatch(/^amosweep plan: \[NOT_FOUND\] No loss reason "Нет такой причины"/);
      expect(`${usage.err.join('')}${data.err.join('')}`).not.toMatch(/Waiting for/);
      expect(sha(file)).toBe(before);
    } finally {
      lock.release();
    }
  });
});
