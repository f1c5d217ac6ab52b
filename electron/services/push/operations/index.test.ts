// runtime: node
import { describe, expect, it } from 'vitest';
import { PLAN_OPERATIONS } from '../../../../shared/api/methods/plan';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';
import { identifiedByParams, OPERATION_KINDS, operationOf, planEntries, planEntryFor, registeredKinds, undoable } from './index';

describe('the operation registry', () => {
  it('holds exactly one module per operation kind', () => {
    expect([...registeredKinds()].sort()).toEqual([...OPERATION_KINDS].sort());
    for (const kind of OPERATION_KINDS) expect(operationOf(kind).kind).toBe(kind);
    expect(() => operationOf('no.such_kind')).toThrow(/unknown operation kind/);
  });

  it('builds every plan request exactly once, and only those; the app\'s plan.add takes a subset', () => {
    const requests = planEntries().map((e) => e.request);
    expect([...requests].sort()).toEqual(Object.values(PLAN_REQUEST).sort());
    expect(new Set(requests).size).toBe(requests.length);
    for (const name of PLAN_OPERATIONS) expect(planEntryFor(name)?.request).toBe(name);
    expect(planEntryFor('no.such_request')).toBeUndefined();
  });

  it('answers what the journal asks by kind: links and new roles are told apart by their params; a note, the private merge and the merge checkbox are not undone', () => {
    expect(OPERATION_KINDS.filter((k) => identifiedByParams(k)).sort()).toEqual(['merge.link', 'merge.unlink', 'revert.link', 'revert.unlink', 'roles.create']);
    expect(OPERATION_KINDS.filter((k) => !undoable(k, null)).sort()).toEqual(['merge.note', 'merge.undocumented']);
    expect(undoable('fields.ensure', 'merge:contacts:field')).toBe(false);
    expect(undoable('fields.ensure', 'fields.to_list:7')).toBe(true);
    // a kind this build does not know (a newer or corrupt file) counts as plain
    expect(identifiedByParams('no.such_kind')).toBe(false);
    expect(undoable('no.such_kind', null)).toBe(true);
  });
});
