// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import { captureIo } from '../../cli/testing/test-io';
import { readJsonl } from './input';
import { readLines } from './line-reader';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function file(name: string, content: Buffer | string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-lines-'));
  dirs.push(dir);
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
}
async function all(f: string, maxLineBytes?: number) {
  const out: { line: number; text: string }[] = [];
  for await (const l of readLines(f, maxLineBytes ? { maxLineBytes } : {})) out.push(l);
  return out;
}
async function cli(args: string[]) {
  const c = captureIo();
  const code = await runCli(args, c.io);
  return { code, out: c.out.join(''), err: c.err.join('') };
}

const card = (id: number, name: string, phone: string) => JSON.stringify({ id, name, custom_fields_values: [{ field_code: 'PHONE', values: [{ value: phone }] }] });

describe('JSONL input of match', () => {
  it('splits lines across chunks, strips CR, keeps multi-byte characters split between chunks intact', async () => {
    const long = 'Ж'.repeat(700_000); // 1.4 MB: crosses the 1 MiB read chunk mid-character
    const f = file('a.jsonl', `one\r\n${long}\n\nlast`);
    expect(await all(f)).toEqual([
      { line: 1, text: 'one' },
      { line: 2, text: long },
      { line: 3, text: '' },
      { line: 4, text: 'last' },
    ]);
  });

  it('accepts a UTF-8 byte-order mark with the same entities and groups as without it', async () => {
    const lines = [card(1, 'Иванов Иван', '89123456789'), card(2, 'Ваня Иванов', '+7 912 345-67-89'), card(3, 'Пётр', '+7 916 000-00-01')];
    const plain = file('plain.jsonl', lines.join('\n'));
    const bom = file('bom.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'))]));
    expect(await readJsonl(bom)).toEqual(await readJsonl(plain));
    const a = await cli(['match', '--contacts', plain, '--json']);
    const b = await cli(['match', '--contacts', bom, '--json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out).groups).toEqual(JSON.parse(a.out).groups);
  });

  it('reports invalid UTF-8 with its line', async () => {
    const f = file('bad.jsonl', Buffer.concat([Buffer.from(`${card(1, 'a', '1')}\n{"id":2,"name":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]));
    const r = await cli(['match', '--contacts', f]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[BAD_INPUT\] .*bad\.jsonl:2: not valid UTF-8 text\./);
  });

  it('a line over the cap ends with a clear message naming the line and the cap, not a RangeError', async () => {
    const small = file('cap.jsonl', `${card(1, 'a', '1')}\n${'x'.repeat(5000)}\n`);
    await expect(readJsonl(small, { maxLineBytes: 4096 })).rejects.toThrow(/cap\.jsonl:2: the line is longer than 4096 bytes/);
    // a 600 MB single line (sparse after its first 17 MiB): refused once 16 MiB are read
    const big = file('big.jsonl', `{"id":1,"name":"${'a'.repeat(17 * 1024 * 1024)}`);
    fs.truncateSync(big, 600 * 1024 * 1024);
    const r = await cli(['match', '--contacts', big]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[BAD_INPUT\] .*big\.jsonl:1: the line is longer than 16 MiB \(the limit for one line\)/);
    expect(r.err).not.toMatch(/RangeError|\n\s+at /);
  });

  it('/dev/zero ends with the same clear message', async () => {
    if (!fs.existsSync('/dev/zero')) return;
    const r = await cli(['match', '--contacts', '/dev/zero']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\/dev\/zero:1: the line is longer than 16 MiB/);
  });

  it('a line that is not JSON still says so with its line', async () => {
    const f = file('nojson.jsonl', `${card(1, 'a', '1')}\nnot json\n`);
    const r = await cli(['match', '--contacts', f]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nojson\.jsonl:2: not JSON\./);
  });
});
