// runtime: node
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { smallAccount } from '../../services/push/testing/test-helpers';
import { writeFixtureSnapshot } from '../../services/snapshot/testing/fixture-file';
import { runCli } from '../main';
import { captureIo, tempDirs } from '../testing/test-io';

const dirs = tempDirs('amosweep-cli-anonymize-');
afterEach(() => dirs.cleanup());
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('amosweep anonymize', () => {
  it('writes a verified copy, then refuses to overwrite it; the input stays byte-identical', async () => {
    const dir = dirs.make();
    const input = path.join(dir, 'in.amosweep');
    writeFixtureSnapshot(input, smallAccount(6), { finishedAt: new Date('2024-03-01T10:00:00Z') });
    const before = sha(input);
    const out = path.join(dir, 'out.amosweep');
    const t = captureIo();
    expect(await runCli(['anonymize', input, out, '--json'], t.io)).toBe(0);
    const result = JSON.parse(t.out.join('')) as { file: string; verify: { differences: string[]; findings: number } };
    expect(result.file).toBe(out);
    expect(result.verify.differences).toEqual([]);
    expect(result.verify.findings).toBeGreaterThan(20);
    expect(fs.existsSync(out)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['in.amosweep', 'out.amosweep']);
    // every stage is told once, in order, as the job reaches it
    expect(t.err.join('')).toBe(
      ['copying', 'reading values', 'writing pseudonyms', 'comparing the audit and the matcher', 'writing the file'].map((s) => `anonymize: ${s}…\n`).join(''),
    );

    const again = captureIo();
    expect(await runCli(['anonymize', input, out], again.io)).toBe(1);
    expect(again.err.join('')).toMatch(/already exists/);
    expect(sha(input)).toBe(before);
  });

  it('--no-verify skips the comparison: its stage is not told and verify is null', async () => {
    const dir = dirs.make();
    const input = path.join(dir, 'in.amosweep');
    writeFixtureSnapshot(input, smallAccount(4), { finishedAt: new Date('2024-03-01T10:00:00Z') });
    const t = captureIo();
    expect(await runCli(['anonymize', input, path.join(dir, 'copy.data'), '--no-verify'], t.io)).toBe(0);
    expect(t.err.join('')).toBe(['copying', 'reading values', 'writing pseudonyms', 'writing the file'].map((s) => `anonymize: ${s}…\n`).join(''));
    expect(t.out.join('')).toContain('verified:  no (--no-verify)');
    // the CLI names the copy freely (no .amosweep needed)
    expect(fs.existsSync(path.join(dir, 'copy.data'))).toBe(true);
  });

  it('refuses a missing input and wrong arguments with a clear message', async () => {
    const dir = dirs.make();
    const t = captureIo();
    expect(await runCli(['anonymize', path.join(dir, 'none.amosweep'), path.join(dir, 'o.amosweep')], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(/not found/i);
    expect(fs.existsSync(path.join(dir, 'o.amosweep'))).toBe(false);
    expect(await runCli(['anonymize', 'only-one'], captureIo().io)).toBe(2);
  });
});
