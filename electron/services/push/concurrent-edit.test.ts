// runtime: node
/**
 * An edit made in amoCRM between the before-image read and the write (issue 13 item 9). The
 * API has no conditional write, so the write goes through; the push must then notice it in the
 * account's events and report "possibly overwrote a concurrent edit" with the values to restore.
 * The recording proxy holds the before-image read's answer while the edit is made (the
 * "window"), then lets the push go on in a later second.
 */
import { describe, expect, it } from 'vitest';
import { addOperations, listOperations, openPlanId } from '../plan/store';
import { fieldValues } from '../plan/transforms';
import type { CliIo } from '../../cli/command';
import { printResult } from '../../cli/commands/push-common';
import { pushPlan } from './engine';
import { usePushHarness } from './testing/test-harness';
import { PHONE_FIELD, smallAccount } from './testing/test-helpers';
import { buildNormalizePhones, buildTagsDetach } from './testing/builds';

const h = usePushHarness(() => smallAccount(5));

/** Waits until the wall clock is past the next whole second (amoCRM's times are in seconds). */
const nextSecond = () => new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 60));

describe('an edit made between the before-image read and the write', () => {
  it('of the same field is reported as possibly overwritten, with the value before the write', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildNormalizePhones(h.db));
    const target = 1001;
    const original = h.fixtures.collections.contacts.find((c) => c.id === target)!;
    let edited = false;
    h.proxy.beforeAnswer = async ({ method, path, query }) => {
      if (edited || method !== 'GET' || path !== '/api/v4/contacts' || !query.includes('filter')) return;
      edited = true;
      // someone changes the same phone field in amoCRM after our read, before our write
      await h.direct().request({
        method: 'PATCH',
        path: '/api/v4/contacts',
        body: [{ id: target, custom_fields_values: [{ field_id: PHONE_FIELD, values: [{ value: '+7 900 000-00-01', enum_code: 'WORK' }] }] }],
      });
      await nextSecond();
    };
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(edited).toBe(true);
    const ops = listOperations(h.db, plan);
    expect(result).toMatchObject({ applied: ops.length, skippedConflicts: 0, failed: 0, possiblyOverwritten: 1 });
    expect(result.concurrentEdits).toHaveLength(1);
    const edit = result.concurrentEdits![0]!;
    expect(edit).toMatchObject({ kind: 'normalize.phones', entityType: 'contacts', entityId: target });
    expect(edit.events.map((e) => e.type)).toEqual([`custom_field_${PHONE_FIELD}_value_changed`]);
    // the before-image holds the phones as read (before the concurrent edit), ready to restore
    expect((edit.before[`cf:${PHONE_FIELD}`] as { value: string }[]).map((v) => v.value)).toEqual(fieldValues(original, PHONE_FIELD).map((v) => v.value));
    // the CLI prints it, one line per operation
    let out = '';
    printResult({ stdout: (x: string) => (out += x), stderr: () => undefined } as unknown as CliIo, false, result);
    expect(out).toContain('1 operation(s) possibly overwrote a concurrent edit');
    expect(out).toContain(`on contacts ${target}: custom_field_${PHONE_FIELD}_value_changed at `);
    // the operation's own record says so too
    const op = ops.find((o) => o.entityId === target)!;
    expect((op.result as { possiblyOverwritten?: unknown }).possiblyOverwritten).toBeTruthy();
    // and the write did overwrite it (no conditional write in the API)
    const now = await h.get(`/api/v4/contacts/${target}`);
    expect(fieldValues(now, PHONE_FIELD).map((v) => v.value)).not.toContain('+7 900 000-00-01');
  });

  it('of another field, or by this push itself, is not reported', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildNormalizePhones(h.db));
    addOperations(h.db, plan, buildTagsDetach(h.db, { tag: 'old', entity: 'contacts' }));
    let renamed = false;
    // every before-image read is held into the next second, so every window is open; one contact is renamed in it
    h.proxy.beforeAnswer = async ({ method, path, query }) => {
      if (method !== 'GET' || path !== '/api/v4/contacts' || !query.includes('filter')) return;
      if (!renamed) {
        renamed = true;
        await h.direct().request({ method: 'PATCH', path: '/api/v4/contacts', body: [{ id: 1001, name: 'Переименован' }] });
      }
      await nextSecond();
    };
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(renamed).toBe(true);
    expect(result).toMatchObject({ skippedConflicts: 0, failed: 0, possiblyOverwritten: 0, concurrentEdits: [] });
    // the events were asked for (the windows were open), and nothing was taken for a concurrent edit
    expect(h.proxy.log.some((r) => r.path === '/api/v4/events')).toBe(true);
  });
});
