// runtime: node
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIo } from './testing/test-io';
import { readToken, requireToken } from './token';

let dir: string;
const savedEnv = process.env.AMOSWEEP_TOKEN;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-token-'));
  delete process.env.AMOSWEEP_TOKEN;
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (savedEnv === undefined) delete process.env.AMOSWEEP_TOKEN;
  else process.env.AMOSWEEP_TOKEN = savedEnv;
});

describe('the token never needs argv', () => {
  it('--token-file reads the first line (BOM and CRLF tolerated); an empty or missing file is a usage error', async () => {
    const c = captureIo();
    const f = path.join(dir, 't');
    fs.writeFileSync(f, '\uFEFFsecret-1\r\nignored\r\n');
    expect(await readToken({ 'token-file': f }, c.io)).toBe('secret-1');
    expect(c.err).toEqual([]);
    fs.writeFileSync(f, '\n');
    await expect(readToken({ 'token-file': f }, c.io)).rejects.toThrow(/No token in/);
    await expect(readToken({ 'token-file': path.join(dir, 'none') }, c.io)).rejects.toThrow(/cannot read/);
    fs.writeFileSync(f, 'x'.repeat(70 * 1024));
    await expect(readToken({ 'token-file': f }, c.io)).rejects.toThrow(/larger than 64 KiB/);
  });

  it('--token-stdin, AMOSWEEP_TOKEN and the prompt; --token works with a warning; two ways at once are refused', async () => {
    const c = captureIo();
    c.io.readStdin = async () => 'from-stdin\n';
    expect(await readToken({ 'token-stdin': true }, c.io)).toBe('from-stdin');
    process.env.AMOSWEEP_TOKEN = 'from-env';
    expect(await readToken({}, c.io)).toBe('from-env');
    delete process.env.AMOSWEEP_TOKEN;
    const asked: string[] = [];
    c.io.promptSecret = async (q) => {
      asked.push(q);
      return 'typed';
    };
    expect(await readToken({}, c.io)).toBe('typed');
    expect(asked).toEqual(['amoCRM long-lived token (not shown): ']);
    expect(c.err).toEqual([]);
    expect(await readToken({ token: 'in-argv' }, c.io)).toBe('in-argv');
    expect(c.err.join('')).toMatch(/Warning: --token puts the token in shell history, the process list and npm's logs\. Use --token-file FILE, --token-stdin or AMOSWEEP_TOKEN/);
    await expect(readToken({ token: 'a', 'token-file': 'b' }, c.io)).rejects.toThrow(/Give the token one way/);
    const none = captureIo();
    await expect(requireToken({}, none.io)).rejects.toThrow(/A token is required: --token-file FILE, --token-stdin, or the AMOSWEEP_TOKEN variable/);
  });

  it('the real CLI reads --token-stdin from a pipe (and not from argv)', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const child = spawn(process.execPath, [path.join(root, 'bin/amosweep.mjs'), 'push', path.join(dir, 'none.amosweep'), '--url', 'http://127.0.0.1:9', '--token-stdin'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('piped-token\n');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    // the token was accepted (no usage error): the command went on to the missing file
    expect(stderr).not.toMatch(/token is required|Warning/);
    expect(stderr).toMatch(/NOT_FOUND|not found/i);
    expect(code).toBe(1);
  }, 30_000);
});
