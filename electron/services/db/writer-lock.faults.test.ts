// runtime: node
/**
 * Races for one file's writer lock between real processes: on a free file and on a stale
 * lock left by a killed process, exactly one of the racers holds it at any moment.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileOf } from './writer-lock';

const root = path.resolve(import.meta.dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-lock-race-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const RACERS = 6;
const ROUNDS = 4;

/** a racer: says it is ready, waits until `go` exists, tries once, holds a won lock 1.5 s, prints won|refused */
function racer(file: string, go: string): Promise<string> {
  const script = `
    const fs = await import('node:fs');
    const { acquireWriterLockSync } = await import(${JSON.stringify(path.join(root, 'electron/services/db/writer-lock.ts'))});
    fs.writeFileSync(${JSON.stringify(go)} + '.ready-' + process.pid, '');
    while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
    try {
      const lock = acquireWriterLockSync(${JSON.stringify(file)}, 'racer');
      const mine = JSON.parse(fs.readFileSync(lock.lockFile, 'utf8')).pid === process.pid;
      await new Promise((r) => setTimeout(r, 1500));
      lock.release();
      process.stdout.write(mine ? 'won' : 'lost-own-lock');
    } catch (e) {
      process.stdout.write(e.code === 'CONFLICT' ? 'refused' : 'error ' + e.message);
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

describe('writer lock races between processes', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    const stale = round % 2 === 0;
    it(`round ${round}: ${RACERS} processes on ${stale ? 'a stale lock of a killed process' : 'a free file'}: exactly one wins`, async () => {
      const file = path.join(dir, `r${round}.amosweep`);
      const go = path.join(dir, `go${round}`);
      if (stale) {
        const dead = spawn(process.execPath, ['-e', '0']);
        await new Promise((r) => dead.on('close', r));
        fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: dead.pid, host: os.hostname(), command: 'killed', since: new Date().toISOString(), token: 'stale' }));
      }
      const results = Array.from({ length: RACERS }, () => racer(file, go));
      // every racer started and waits at the line
      while (fs.readdirSync(dir).filter((n) => n.startsWith(`go${round}.ready-`)).length < RACERS) await new Promise((r) => setTimeout(r, 20));
      fs.writeFileSync(go, '');
      const outcome = await Promise.all(results);
      expect(outcome.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcome.filter((o) => o !== 'won' && o !== 'refused')).toEqual([]);
      expect(fs.existsSync(lockFileOf(file))).toBe(false);
      // no lock, temporary or takeover file is left behind
      expect(fs.readdirSync(dir).filter((n) => n.startsWith(`r${round}.`))).toEqual([]);
    }, 60_000);
  }
});
