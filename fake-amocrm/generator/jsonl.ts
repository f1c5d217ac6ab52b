// runtime: node
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COLLECTION_FILES, type ApiObject, type FixtureSet } from '../fixture-set';
import { type Truth } from '../truth';

/** One API object per line (e.g. contacts for the matcher). */
export function toJsonl(objects: readonly ApiObject[]): string {
  let out = '';
  for (const o of objects) out += `${JSON.stringify(o)}\n`;
  return out;
}

/**
 * Writes account.json, one <collection>.json array per collection (the --fixture DIR layout),
 * <collection>.jsonl for contacts and companies, and truth.json when given.
 */
export function writeFixtureDir(dir: string, fixtures: FixtureSet, truth?: Truth): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, body: string): void => {
    const file = path.join(dir, name);
    writeFileSync(file, body);
    written.push(file);
  };
  put('account.json', JSON.stringify(fixtures.account));
  for (const name of COLLECTION_FILES) {
    const list = fixtures.collections[name];
    // big arrays are streamed as lines inside the brackets to keep memory flat
    put(`${name}.json`, list.length === 0 ? '[]' : `[\n${list.map((o) => JSON.stringify(o)).join(',\n')}\n]`);
  }
  put('contacts.jsonl', toJsonl(fixtures.collections.contacts));
  put('companies.jsonl', toJsonl(fixtures.collections.companies));
  if (truth) put('truth.json', JSON.stringify(truth, null, 2));
  return written;
}
