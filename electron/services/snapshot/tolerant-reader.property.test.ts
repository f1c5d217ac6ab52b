// runtime: node
/**
 * Property test of the tolerant reader (issue 12): every parser of API shapes (snapshot ingest,
 * then what reads the snapshot: audit, duplicates, browse, plan builders, dry run; and the match
 * engine on raw API objects) gets random variations of real shapes (the wild profile's objects
 * with extra keys, nulls, numbers as strings, unknown field and note types) and never throws.
 * Seeded (shared/random), so a failure replays: the seed is in the test name.
 */
import { describe, expect, it } from 'vitest';
import { generateAccount } from '../../../fake-amocrm/generator/index';
import { COLLECTION_FILES, type ApiObject, type FixtureSet } from '../../../shared/amo/wire';
import { seededRandom } from '../../../shared/random/seeded';
import { runAudit } from '../audit/run';
import { createTestSnapshot } from '../audit/testing/test-snapshot';
import { browseEntity, browseRows } from '../browse/browse';
import { runMatch } from '../match/engine';
import { presetRules } from '../match/rules';
import { MatchStore } from '../match/store';
import type { AmoEntity } from '../match/types';
import { ingestAccount, ingestItems } from './ingest';
import { readShapeReport } from './shapes';
import { buildFillLossReason, buildNormalizePhones, buildSplitStuffed, buildTasksCreate } from '../push/testing/builds';

const BASE = generateAccount({ profile: 'wild', scale: 0.004, seed: 21, asOf: new Date('2020-12-31T00:00:00Z') }).fixtures;

type Rand = () => number;

/** One random variation of a JSON value (recursively): extra keys, nulls, numbers as strings, odd types. */
function vary(value: unknown, rand: Rand, depth: number, keep: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(value)) {
    const out = value.map((v) => vary(v, rand, depth + 1));
    if (rand() < 0.05) out.push(rand() < 0.5 ? null : 'stray');
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (keep.has(k)) {
        out[k] = v;
        continue;
      }
      const r = rand();
      if (r < 0.04) out[k] = null; // a null where a value was expected
      else if (r < 0.08 && typeof v === 'number') out[k] = String(v); // a number as a string
      else if (r < 0.1 && (k === 'field_type' || k === 'note_type' || k === 'type')) out[k] = 'hologram_2030'; // an unknown type
      else if (r < 0.11) out[k] = rand() < 0.5 ? { nested: [1, 'a'] } : [null]; // a value of another JSON type
      else if (r < 0.12) continue; // a key left out
      else out[k] = vary(v, rand, depth + 1);
    }
    if (rand() < 0.1) out[`x_new_key_${Math.floor(rand() * 1000)}`] = rand() < 0.5 ? { a: 1 } : 'новое'; // an unknown key
    return out;
  }
  return value;
}

function variedSet(seed: number): FixtureSet {
  const rand = seededRandom(seed);
  const collections = {} as FixtureSet['collections'];
  for (const name of COLLECTION_FILES) collections[name] = (BASE.collections[name] ?? []).map((o) => vary(o, rand, 0) as ApiObject);
  // the account keeps its id (an account without one is refused with a clear message, not read)
  return { account: vary(BASE.account, rand, 0, new Set(['id'])) as ApiObject, collections };
}

describe('the tolerant reader never throws on varied real shapes', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: ingest, audit, duplicates, browse, plan builders`, () => {
      const set = variedSet(seed);
      const snap = createTestSnapshot();
      try {
        const db = snap.db;
        db.transaction(() => {
          ingestAccount(db, set.account);
          for (const name of COLLECTION_FILES) ingestItems(db, name, set.collections[name] ?? []);
        })();
        expect(readShapeReport(db).length).toBeGreaterThan(0); // what was not understood is listed
        const audit = runAudit(db, { asOf: new Date('2020-12-31T00:00:00Z') }).report;
        expect(audit.findings.length).toBeGreaterThan(0);
        const store = new MatchStore(db);
        for (const entity of ['contacts', 'companies'] as const) runMatch(store.loadEntities(entity), { rules: presetRules('balanced', entity) });
        for (const entity of ['contacts', 'companies', 'leads'] as const) {
          const rows = browseRows(db, entity);
          for (const r of rows.slice(0, 20)) browseEntity(db, entity, r.id);
        }
        buildNormalizePhones(db);
        buildSplitStuffed(db);
        buildTasksCreate(db, { text: 'Связаться', dueDays: 1 });
        const reason = db.prepare('SELECT name FROM loss_reasons LIMIT 1').get() as { name: string } | undefined;
        if (reason) buildFillLossReason(db, { reason: reason.name });
      } finally {
        snap.cleanup();
      }
    });

    it(`seed ${seed}: the match engine on raw varied API objects`, () => {
      const set = variedSet(seed + 100);
      for (const entity of ['contacts', 'companies'] as const) {
        const entities = set.collections[entity].filter((o) => o !== null && typeof o === 'object' && 'id' in o) as unknown as AmoEntity[];
        expect(() => runMatch(entities, { rules: presetRules('balanced', entity) })).not.toThrow();
      }
    });
  }
});
