// runtime: node
/**
 * Property test of how push reads amoCRM's answers to its writes (issue 12): every answer to a
 * POST, PATCH or DELETE batch (entity PATCHes, task creation, tag removal, field deletion, and
 * the rollback's writes) reaches the engine as a random variation of the real answer: extra
 * keys, nulls, numbers as strings, values of another JSON type, keys left out, an empty body.
 * The push never throws: each operation ends applied, skipped or failed, and a rollback of what
 * was applied runs the same way. Seeded, so a failure replays (the seed is in the test name).
 *
 * The answers are varied in the client (the engine's only way to amoCRM), so this goes through
 * the exported entry points (pushPlan, rollbackPlanFor) whatever module reads the answer inside.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/random/seeded';
import { addOperations, listOperations, openPlanId } from '../plan/store';
import type { AmoClient, AmoRequest, AmoResponse } from './amo';
import { pushPlan } from './engine';
import { rollbackPlanFor } from './rollback';
import { usePushHarness } from './testing/test-harness';
import { smallAccount, UNUSED_FIELD } from './testing/test-helpers';
import { buildFieldsDelete, buildFillLossReason, buildNormalizePhones, buildTagsDetach, buildTasksCreate } from './testing/builds';

type Rand = () => number;

/** One random variation of a JSON value (recursively). */
function vary(value: unknown, rand: Rand): unknown {
  if (Array.isArray(value)) {
    const out = value.map((v) => vary(v, rand));
    if (rand() < 0.1) out.push(rand() < 0.5 ? null : 'stray');
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = rand();
      if (r < 0.08) out[k] = null; // a null where a value was expected
      else if (r < 0.2 && typeof v === 'number') out[k] = String(v); // a number as a string (as after some writes)
      else if (r < 0.23) out[k] = rand() < 0.5 ? { nested: [1, 'a'] } : [null]; // another JSON type
      else if (r < 0.26) continue; // a key left out
      else out[k] = vary(v, rand);
    }
    if (rand() < 0.2) out[`x_new_key_${Math.floor(rand() * 1000)}`] = rand() < 0.5 ? { a: 1 } : 'новое';
    return out;
  }
  return value;
}

/** The same client, with each write's answer varied (and now and then no body at all). */
function varyingWrites(client: AmoClient, rand: Rand, seen: { writes: number }): AmoClient {
  return {
    get baseUrl() {
      return client.baseUrl;
    },
    stats: () => client.stats(),
    paginate: (...args) => client.paginate(...args),
    async request<T>(req: AmoRequest): Promise<AmoResponse<T>> {
      const res = await client.request<T>(req);
      if (req.method === 'GET') return res;
      seen.writes++;
      const data = rand() < 0.05 ? null : vary(res.data, rand);
      return { ...res, data: data as T };
    },
  };
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const h = usePushHarness(() => smallAccount(6));

describe('push reads varied answers to its writes without throwing', () => {
  it.each(SEEDS)('seed %i: push, then rollback', async (seed) => {
    const rand = seededRandom(seed);
    const seen = { writes: 0 };
    const client = varyingWrites(h.client, rand, seen);
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFillLossReason(h.db, { reason: 'дорого' }));
    addOperations(h.db, plan, buildNormalizePhones(h.db));
    addOperations(h.db, plan, buildTagsDetach(h.db, { tag: 'old', entity: 'contacts' }));
    addOperations(h.db, plan, buildTasksCreate(h.db, { text: 'Позвонить', dueDays: 2 }));
    addOperations(h.db, plan, buildFieldsDelete(h.db, { field: UNUSED_FIELD }));
    const operations = listOperations(h.db, plan).length;
    expect(operations).toBeGreaterThan(5);

    const pushed = await pushPlan(h.db, plan, { client, maxAttempts: 2 });
    expect(seen.writes).toBeGreaterThan(0);
    expect(pushed.applied + pushed.skipped + pushed.skippedConflicts + pushed.failed).toBe(operations);
    expect(pushed.applied).toBeGreaterThan(0); // the writes themselves reached amoCRM

    const rb = rollbackPlanFor(h.db, plan);
    const back = await pushPlan(h.db, rb.plan, { client, maxAttempts: 2 });
    expect(back.applied + back.skipped + back.skippedConflicts + back.failed).toBe(rb.operations);
  });
});
