// runtime: node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import type { ApiObject, FixtureSet } from '../../../fake-amocrm/fixture-set';
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import { buildRevokeDelete, buildRolesCreate, ROLE_PRESETS } from '../plan/roles';
import { addOperations, listOperations, openPlanId } from '../plan/store';
import type { AmoClient } from './amo';
import { dryRun } from './dry-run';
import { pushPlan } from './engine';
import { rollbackPlanFor } from './rollback';
import { smallAccount, snapshotOf, startRecordingProxy, tempFile, testClient, type RecordingProxy } from './test-helpers';

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

let fake: FakeAmoServer;
let proxy: RecordingProxy;
let db: SqliteDb;
let client: AmoClient;
let cleanup: () => void;

const direct = (): AmoClient => testClient(fake.url, fake.token);
async function serverRoles(): Promise<ApiObject[]> {
  const out: ApiObject[] = [];
  for await (const page of direct().paginate<ApiObject>('/api/v4/roles', 'roles', { limit: 250 })) out.push(...page.items);
  return out.map(({ _links: _l, ...r }) => r);
}
async function serverUser(id: number): Promise<ApiObject> {
  return (await direct().request<ApiObject>({ method: 'GET', path: `/api/v4/users/${id}` })).data!;
}

beforeEach(async () => {
  const fixtures = account();
  fake = await startFakeAmo({ fixtures, rps: 0 });
  proxy = await startRecordingProxy(fake.url);
  const t = tempFile();
  cleanup = t.cleanup;
  db = snapshotOf(fixtures, t.file);
  client = testClient(proxy.url, fake.token);
});
afterEach(async () => {
  db.close();
  cleanup();
  await proxy.close();
  await fake.close();
});

describe('roles.create and rights.revoke_delete', () => {
  it('creates a preset role and revokes delete rights of the roles that grant them; rollback restores the roles', async () => {
    const original = await serverRoles();
    const plan = openPlanId(db);
    addOperations(db, plan, [...buildRolesCreate(db, { name: 'Менеджер опта' }), ...buildRevokeDelete(db)]);
    expect(listOperations(db, plan).map((o) => `${o.kind}:${o.entityType}:${o.entityId}`)).toEqual(['roles.create:roles:0', 'rights.revoke_delete:roles:7']);

    // dry run: a read and a write per role; nothing sent
    const dry = dryRun(db, plan);
    expect(dry).toMatchObject({ requests: 4, entities: 2, noop: 0 });
    expect(dry.list.filter((r) => !r.read).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/roles', 'PATCH /api/v4/roles/7']);
    expect(proxy.log).toHaveLength(0);

    const result = await pushPlan(db, plan, { client });
    expect(result).toMatchObject({ applied: 2, failed: 0, skippedConflicts: 0 });
    const after = await serverRoles();
    const made = after.find((r) => r.name === 'Менеджер опта')!;
    expect(made.rights).toEqual(ROLE_PRESETS['Менеджер опта']);
    expect(listOperations(db, plan)[0]!.result).toMatchObject({ roleId: made.id });
    const sales = after.find((r) => r.id === 7)!;
    expect(sales.rights).toEqual({ ...SALES_RIGHTS, leads: level('D'), contacts: level('D') });
    // the role's users take its rights
    expect((await serverUser(2)).rights).toMatchObject({ leads: { delete: 'D' }, contacts: { delete: 'D' }, role_id: 7 });
    // one write per role, as planned
    expect(proxy.log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/roles', 'PATCH /api/v4/roles/7']);

    // a second push of the same plan sends nothing
    const writes = proxy.log.length;
    expect(await pushPlan(db, plan, { client })).toMatchObject({ failed: 0 });
    expect(proxy.log.slice(writes).filter((r) => r.method !== 'GET')).toHaveLength(0);

    const rb = rollbackPlanFor(db, plan);
    expect(listOperations(db, rb.plan).map((o) => `${o.kind}:${o.entityId}`).sort()).toEqual([`revert.drop_role:${String(made.id)}`, 'revert.role:7']);
    const rbDry = dryRun(db, rb.plan);
    expect(rbDry.list.filter((r) => !r.read).map((r) => `${r.method} ${r.path}`).sort()).toEqual([`DELETE /api/v4/roles/${String(made.id)}`, 'PATCH /api/v4/roles/7']);
    const back = await pushPlan(db, rb.plan, { client });
    expect(back).toMatchObject({ applied: 2, failed: 0, skippedConflicts: 0 });
    expect(await serverRoles()).toEqual(original);
    expect((await serverUser(2)).rights).toMatchObject({ leads: { delete: 'A' }, contacts: { delete: 'G' } });
  });

  it('skips a role changed in amoCRM since the snapshot as a conflict, and a role name that exists already', async () => {
    await direct().request({ method: 'PATCH', path: '/api/v4/roles/7', body: { rights: { leads: { export: 'D' } } } });
    await direct().request({ method: 'POST', path: '/api/v4/roles', body: [{ name: 'Оператор колл-центра' }] });
    const plan = openPlanId(db);
    addOperations(db, plan, [...buildRolesCreate(db, { name: 'Оператор колл-центра' }), ...buildRevokeDelete(db)]);
    const result = await pushPlan(db, plan, { client });
    expect(result).toMatchObject({ applied: 0, failed: 0, skippedConflicts: 1 });
    const ops = listOperations(db, plan);
    expect(ops[0]).toMatchObject({ kind: 'roles.create', status: 'skipped' });
    expect(ops[1]).toMatchObject({ kind: 'rights.revoke_delete', status: 'conflict', result: { reason: expect.stringMatching(/changed in amoCRM/) } });
    expect(proxy.log.filter((r) => r.method !== 'GET')).toHaveLength(0);
    // nothing applied: nothing to roll back
    expect(rollbackPlanFor(db, plan).operations).toBe(0);
  });

  it('builds roles from a user, from a rights object, and refuses unknown presets, bad rights and taken names', () => {
    const [fromUser] = buildRolesCreate(db, { name: 'Как Мария', fromUser: 2 });
    expect((fromUser!.params as { rights: unknown }).rights).toEqual(SALES_RIGHTS);
    const [fromFile] = buildRolesCreate(db, { name: 'Только чтение', rights: { leads: { view: 'A', delete: 'D' } } });
    expect(fromFile!.params).toEqual({ name: 'Только чтение', rights: { leads: { view: 'A', delete: 'D' } }, from: 'file' });
    expect(() => buildRolesCreate(db, { name: 'Кто-то' })).toThrow(/No preset "Кто-то"/);
    expect(() => buildRolesCreate(db, { name: 'X', rights: { leads: { add: 'M' } } })).toThrow(AppError);
    expect(() => buildRolesCreate(db, { name: 'X', rights: { is_admin: true } })).toThrow(/unknown key "is_admin"/);
    expect(() => buildRolesCreate(db, { name: ' продажи ', preset: 'Менеджер опта' })).toThrow(/already has a role/);
  });
});
