// runtime: node
import { describe, expect, it } from 'vitest';
import { acceptedMergeGroups, mergeGroupsWithState } from '../plan/merge';
import { mergeGroupInfo } from '../plan/merge-info';
import { addOperations, listOperations, listPlans, openPlanId } from '../plan/store';
import { openChanges, withChanges } from './changes';
import { pushPlan } from './engine';
import { rollbackPlanFor } from './rollback';
import { usePushHarness } from './testing/test-harness';
import { PHONE_FIELD, smallAccount } from './testing/test-helpers';
import { buildFillLossReason, buildMerges } from './testing/builds';

const SURVIVOR = 1001;
const LOSERS = [1004, 1007];

const h = usePushHarness(() => smallAccount(3));

function accept(choices: Record<string, unknown>): void {
  h.db
    .prepare("INSERT INTO match_decisions (entity_type, kind, member_ids, survivor_id, loser_ids, survivor_rule, field_choices, source, created_at) VALUES ('contacts', 'merge', ?, ?, ?, 'manual', ?, 'review', 1)")
    .run(JSON.stringify([SURVIVOR, ...LOSERS]), SURVIVOR, JSON.stringify(LOSERS), JSON.stringify(choices));
}

describe('values before and after, and the state of accepted groups', () => {
  it('an accepted group: accepted → planned (with the review choices) → merged by the push → accepted again after the rollback', async () => {
    accept({ name: { from: 1004, values: ['Иван Петров'] } });
    const [g] = mergeGroupsWithState(h.db);
    expect(g).toMatchObject({ state: 'accepted', plan: null, survivor: SURVIVOR, losers: LOSERS, choices: { name: 'Иван Петров' } });
    const info = mergeGroupInfo(h.db, mergeGroupsWithState(h.db));
    expect(info[0]!.choices).toEqual([{ field: '@name', value: 'Иван Петров' }]);
    expect(info[0]!.losers.map((l) => l.id)).toEqual(LOSERS);

    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildMerges(h.db, acceptedMergeGroups(h.db)));
    expect(mergeGroupsWithState(h.db)[0]).toMatchObject({ state: 'planned', plan });
    // planned already: "merge --accepted" has nothing more to plan
    expect(acceptedMergeGroups(h.db)).toEqual([]);

    // the dry run's before → after, from the snapshot
    const survivorName = String(h.fixtures.collections.contacts.find((c) => c.id === SURVIVOR)!.name);
    const changes = openChanges(h.db, plan, 100);
    const survivorOp = changes.find((c) => c.kind === 'merge.survivor')!;
    expect(survivorOp.changes).toContainEqual({ field: '@name', before: survivorName, after: 'Иван Петров' });
    const phone = survivorOp.changes.find((c) => c.field !== '@name')!;
    expect(phone.after.split(', ').length).toBeGreaterThan(phone.before.split(', ').length);
    const mark = changes.find((c) => c.kind === 'merge.mark')!;
    expect(mark.changes.find((c) => c.field === '@tags')!.after).toContain(`amosweep:merged→${SURVIVOR}`);
    expect(changes.some((c) => c.kind === 'merge.link' && c.changes[0]!.field === '@link_contacts' && c.changes[0]!.after === `#${SURVIVOR}`)).toBe(true);

    await pushPlan(h.db, plan, { client: h.client });
    expect(mergeGroupsWithState(h.db)[0]).toMatchObject({ state: 'merged', plan });
    // after the push: the values from the before-images
    const applied = withChanges(h.db, listOperations(h.db, plan)).find((o) => o.kind === 'merge.survivor')!;
    expect(applied.status).toBe('applied');
    expect(applied.entityName).toBe(survivorName);
    expect(applied.changes).toContainEqual({ field: '@name', before: survivorName, after: 'Иван Петров' });
    expect(acceptedMergeGroups(h.db)).toEqual([]);

    expect(listPlans(h.db)[0]!.revertible).toBeGreaterThan(0);
    const rb = rollbackPlanFor(h.db, plan);
    await pushPlan(h.db, rb.plan, { client: h.client });
    expect(mergeGroupsWithState(h.db)[0]).toMatchObject({ state: 'accepted', plan: null });
    // nothing left to undo (the summary note has no undo through the API): "Откатить" is off
    expect(listPlans(h.db)[0]!.revertible).toBe(0);
  });

  it('a chosen value of another field comes from the card it was chosen on', () => {
    accept({ [`cf:${PHONE_FIELD}`]: { from: 1004, values: ['x'] }, responsible_user_id: { from: 1004, values: ['1'] } });
    const [g] = mergeGroupsWithState(h.db);
    expect(g!.choices!.responsible_user_id).toBe(1);
    expect(g!.choices!.fields?.[String(PHONE_FIELD)]?.length).toBeGreaterThan(0);
  });

  it('fill.loss_reason: the reason before (none) and after, by name', () => {
    const plan = openPlanId(h.db);
    const reason = { id: 5, name: 'Дорого' };
    const n = addOperations(h.db, plan, buildFillLossReason(h.db, { reason: reason.name }));
    expect(n).toBeGreaterThan(0);
    const changes = openChanges(h.db, plan, 1000);
    expect(changes).toHaveLength(n);
    for (const c of changes) expect(c.changes).toEqual([{ field: '@loss_reason', before: '', after: reason.name }]);
    expect(openChanges(h.db, plan, 2)).toHaveLength(Math.min(2, n));
  });
});
