// runtime: node
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../shared/api/jobs';
import { smallAccount } from '../services/push/testing/test-helpers';
import { writeFixtureSnapshot } from '../services/snapshot/testing/fixture-file';
import { cliApi } from './api';
import { runCli } from './main';
import { captureIo, tempDirs } from './testing/test-io';

const dirs = tempDirs('amosweep-cli-api-');
afterEach(() => dirs.cleanup());
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

function snapshot(): string {
  const file = path.join(dirs.make(), 's.amosweep');
  writeFixtureSnapshot(file, smallAccount(12), { finishedAt: new Date('2024-03-01T10:00:00Z') });
  return file;
}

describe('the CLI calls the services through dispatch', () => {
  it('Ctrl-C during a call cancels the job it started: the call fails CANCELLED, the job ends cancelled', async () => {
    const file = snapshot();
    const api = cliApi();
    const abort = new AbortController();
    const seen: JobState[] = [];
    const stop = api.onJob((job) => {
      seen.push(job);
      if (job.kind === 'audit' && job.status === 'running') abort.abort();
    });
    try {
      await api.call('snapshot.open', { file, access: 'edit' });
      await expect(api.callCancellable('audit.run', { store: false }, abort.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
      const id = seen.find((j) => j.kind === 'audit')!.id;
      expect(api.deps.jobs.get(id).status).toBe('cancelled');
    } finally {
      stop();
      api.close();
    }
  });

  it('a service error inside a job reaches the terminal with its code and message, as when the CLI called the service itself', async () => {
    const dir = dirs.make();
    const notJson = path.join(dir, 'c.jsonl');
    fs.writeFileSync(notJson, '{"id": 1}\nnot json\n');
    const t = captureIo();
    expect(await runCli(['match', '--contacts', notJson], t.io)).toBe(1);
    expect(t.err.join('')).toBe(`amosweep match: [BAD_INPUT] ${notJson}:2: not JSON.\n`);
  });

  it('audit with Ctrl-C already pressed exits 1 (CANCELLED) and leaves the file byte-identical', async () => {
    const file = snapshot();
    const before = sha(file);
    const t = captureIo();
    t.controller.abort();
    expect(await runCli(['audit', file, '--json'], t.io)).toBe(1);
    expect(t.err.join('')).toContain('[CANCELLED]');
    expect(t.out).toEqual([]);
    expect(sha(file)).toBe(before);
  });
});
