// runtime: node
import { describe, expect, it } from 'vitest';
import type { ApiObject, FixtureSet } from '../../../fake-amocrm/fixture-set';
import { AppError } from '../../../shared/api/result';
import { ROLE_PRESETS } from '../plan/roles';
import { addOperations, listOperations, listPlans, openPlanId } from '../plan/store';
import { dryRun } from './dry-run';
import { pushPlan } from './engine';
import { rollbackPlanFor } from './rollback';
import { usePushHarness } from './testing/test-harness';
import { smallAccount } from './testing/test-helpers';
import { buildRevokeDelete, buildRolesCreate } from './testing/builds';

const level = (del: string) => ({ view: 'A', edit: 'A', add: 'A', delete: del, export: 'A' });
const SALES_RIGHTS = {
  leads: level('A'),
  contacts: level('G'),
  companies: level('D'),
  tasks: { edit: 'A', delete: 'A' },
  mail_access: true,
  catalog_access: false,
  status_rights: [],
  catalog_rights: [],
};

/** smallAccount(1) with two roles: "Продажи" (7) grants delete on deals and contacts, "Стажёр" (8) none; user 2 has role 7. */
function account(): FixtureSet {
  const f = smallAccount(1);
  f.collections.roles = [
    { id: 7, name: 'Продажи', rights: structuredClone(SALES_RIGHTS) },
    { id: 8, name: 'Стажёр', rights: { ...structuredClone(SALES_RIGHTS), leads: level('D'), contacts: level('D') } },
  ];
  f.collections.users.push({
    id: 2,
    name: 'Мария',
    email: 'm@x.ru',
    rights: { ...structuredClone(SALES_RIGHTS), is_admin: false, is_free: false, is_active: true, group_id: null, role_id: 7 },
  });
  return f;
}

const h = usePushHarness(account);

async function serverRoles(): Promise<ApiObject[]> {
  return (await h.list('/api/v4/roles', 'roles', { limit: 250 })).map(({ _links: _l, ...r }) => r);
}
const serverUser = (id: number): Promise<ApiObject> => h.get(`/api/v4/users/${id}`);

describe('roles.create and rights.revoke_delete', () => {
  it('creates a preset role and revokes delete rights of the roles that grant them; rollback restores the roles', async () => {
    const original = await serverRoles();
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, [...buildRolesCreate(h.db, { name: 'Менеджер опта' }), ...buildRevokeDelete(h.db)]);
    expect(listOperations(h.db, plan).map((o) => `${o.kind}:${o.entityType}:${o.entityId}`)).toEqual(['roles.create:roles:0', 'rights.revoke_delete:roles:7']);

    // dry run: a read and a write per role; nothing sent
    const dry = dryRun(h.db, plan);
    expect(dry).toMatchObject({ requests: 4, entities: 2, noop: 0 });
    expect(dry.list.filter((r) => !r.read).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/roles', 'PATCH /api/v4/roles/7']);
    expect(h.proxy.log).toHaveLength(0);

    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 2, failed: 0, skippedConflicts: 0 });
    const after = await serverRoles();
    const made = after.find((r) => r.name === 'Менеджер опта')!;
    expect(made.rights).toEqual(ROLE_PRESETS['Менеджер опта']);
    expect(listOperations(h.db, plan)[0]!.result).toMatchObject({ roleId: made.id });
    const sales = after.find((r) => r.id === 7)!;
    expect(sales.rights).toEqual({ ...SALES_RIGHTS, leads: level('D'), contacts: level('D') });
    // the role's users take its rights
    expect((await serverUser(2)).rights).toMatchObject({ leads: { delete: 'D' }, contacts: { delete: 'D' }, role_id: 7 });
    // one write per role, as planned
    expect(h.proxy.log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/roles', 'PATCH /api/v4/roles/7']);

    // a second push of the same plan sends nothing
    const writes = h.proxy.log.length;
    expect(await pushPlan(h.db, plan, { client: h.client })).toMatchObject({ failed: 0 });
    expect(h.proxy.log.slice(writes).filter((r) => r.method !== 'GET')).toHaveLength(0);

    const rb = rollbackPlanFor(h.db, plan);
    expect(listOperations(h.db, rb.plan).map((o) => `${o.kind}:${o.entityId}`).sort()).toEqual([`revert.drop_role:${String(made.id)}`, 'revert.role:7']);
    const rbDry = dryRun(h.db, rb.plan);
    expect(rbDry.list.filter((r) => !r.read).map((r) => `${r.method} ${r.path}`).sort()).toEqual([`DELETE /api/v4/roles/${String(made.id)}`, 'PATCH /api/v4/roles/7']);
    const back = await pushPlan(h.db, rb.plan, { client: h.client });
    expect(back).toMatchObject({ applied: 2, failed: 0, skippedConflicts: 0 });
    expect(await serverRoles()).toEqual(original);
    expect((await serverUser(2)).rights).toMatchObject({ leads: { delete: 'A' }, contacts: { delete: 'G' } });
  });

  it('skips a role changed in amoCRM since the snapshot as a conflict, and a role name that exists already', async () => {
    await h.direct().request({ method: 'PATCH', path: '/api/v4/roles/7', body: { rights: { leads: { export: 'D' } } } });
    await h.direct().request({ method: 'POST', path: '/api/v4/roles', body: [{ name: 'Оператор колл-центра' }] });
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, [...buildRolesCreate(h.db, { name: 'Оператор колл-центра' }), ...buildRevokeDelete(h.db)]);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 0, failed: 0, skippedConflicts: 1 });
    const ops = listOperations(h.db, plan);
    expect(ops[0]).toMatchObject({ kind: 'roles.create', status: 'skipped' });
    expect(ops[1]).toMatchObject({ kind: 'rights.revoke_delete', status: 'conflict', result: { reason: expect.stringMatching(/changed in amoCRM/) } });
    expect(h.proxy.log.filter((r) => r.method !== 'GET')).toHaveLength(0);
    // nothing applied: nothing to roll back, and no empty rollback plan is made
    expect(() => rollbackPlanFor(h.db, plan)).toThrow(/nothing to roll back/);
    expect(listPlans(h.db).filter((p) => p.kind === 'rollback')).toHaveLength(0);
  });

  it('builds roles from a user, from a rights object, and refuses unknown presets, bad rights and taken names', () => {
    const [fromUser] = buildRolesCreate(h.db, { name: 'Как Мария', fromUser: 2 });
    expect((fromUser!.params as { rights: unknown }).rights).toEqual(SALES_RIGHTS);
    const [fromFile] = buildRolesCreate(h.db, { name: 'Только чтение', rights: { leads: { view: 'A', delete: 'D' } } });
    expect(fromFile!.params).toEqual({ name: 'Только чтение', rights: { leads: { view: 'A', delete: 'D' } }, from: 'file' });
    expect(() => buildRolesCreate(h.db, { name: 'Кто-то' })).toThrow(/No preset "Кто-то"/);
    expect(() => buildRolesCreate(h.db, { name: 'X', rights: { leads: { add: 'M' } } })).toThrow(AppError);
    expect(() => buildRolesCreate(h.db, { name: 'X', rights: { is_admin: true } })).toThrow(/unknown key "is_admin"/);
    expect(() => buildRolesCreate(h.db, { name: ' продажи ', preset: 'Менеджер опта' })).toThrow(/already has a role/);
  });
});
