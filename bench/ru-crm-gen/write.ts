// runtime: node
/**
 * Writes a set of the Russian CRM duplicate generator as labelled folders the matcher CLI and
 * ../shared/bench-data/score.mjs read:
 *   node bin/run-ts.mjs bench/ru-crm-gen/write.ts <out-dir> [seed] [contacts] [companies]
 * → <out-dir>/contacts/{contacts.jsonl,truth-ids.csv}, <out-dir>/companies/{companies.jsonl,truth-ids.csv}
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateRuCrm, truthCsv } from './index';

const [out, seedArg, contactsArg, companiesArg] = process.argv.slice(2);
if (!out) {
  process.stderr.write('usage: write.ts <out-dir> [seed] [contacts] [companies]\n');
  process.exit(2);
}
const set = generateRuCrm(Number(seedArg ?? '1'), { contacts: Number(contactsArg ?? '20000'), companies: Number(companiesArg ?? '3000') });
for (const kind of ['contacts', 'companies'] as const) {
  const dir = path.join(out, kind);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${kind}.jsonl`), set[kind].map((e) => JSON.stringify(e)).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'truth-ids.csv'), truthCsv(set.truth[kind]));
}
process.stdout.write(`${set.contacts.length} contacts, ${set.companies.length} companies written to ${out}\n`);
