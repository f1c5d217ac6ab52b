// runtime: node
import { describe, expect, it } from 'vitest';
import { PLAN_OPERATIONS } from '../../../../shared/api/methods/plan';
import { OPERATION_KINDS, operationOf, planEntries, registeredKinds } from './index';

describe('the operation registry', () => {
  it('holds exactly one module per operation kind', () => {
    expect([...registeredKinds()].sort()).toEqual([...OPERATION_KINDS].sort());
    for (const kind of OPERATION_KINDS) expect(operationOf(kind).kind).toBe(kind);
    expect(() => operationOf('no.such_kind')).toThrow(/unknown operation kind/);
  });

  it("builds only requests the app's contract accepts (plan.add)", () => {
    for (const entry of planEntries()) expect(PLAN_OPERATIONS as readonly string[]).toContain(entry.request);
  });
});
