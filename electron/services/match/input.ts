// runtime: node
import fs from 'node:fs';
import readline from 'node:readline';
import type { AmoEntity } from './types';

/** Reads one amoCRM API v4 entity per line (blank lines skipped). */
export async function readJsonl(file: string): Promise<AmoEntity[]> {
  const out: AmoEntity[] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`${file}:${line}: not JSON.`);
    }
    if (!value || typeof value !== 'object' || !('id' in value)) throw new Error(`${file}:${line}: not an entity with an id.`);
    out.push(value as AmoEntity);
  }
  return out;
}
