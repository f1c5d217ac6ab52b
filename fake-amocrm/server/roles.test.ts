// runtime: node
import { describe, expect, it } from 'vitest';
import { call } from './test-client';
import { useFakeServer } from './test-server';

const fake = useFakeServer({ privateEndpoints: true });
const { api, self } = fake;
const denyAll = { view: 'D', edit: 'D', add: 'D', delete: 'D', export: 'D' };

describe('POST /api/v4/roles', () => {
  it('creates roles from an array: new ids, rights filled in, request_id echoed, listed afterwards', async () => {
    const r = await api('/api/v4/roles', {
      body: [
        { name: ' Менеджер опта ', rights: { leads: { view: 'A', edit: 'A', add: 'A', delete: 'D', export: 'D' } }, request_id: 'opt' },
        { name: 'Пустая' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      _total_items: 2,
      _links: self('/api/v4/roles'),
      _embedded: {
        roles: [
          {
            id: 6,
            name: 'Менеджер опта',
            rights: {
              leads: { view: 'A', edit: 'A', add: 'A', delete: 'D', export: 'D' },
              contacts: denyAll,
              companies: denyAll,
              tasks: { edit: 'D', delete: 'D' },
              mail_access: false,
              catalog_access: false,
              status_rights: [],
              catalog_rights: [],
            },
            request_id: 'opt',
            _links: self('/api/v4/roles/6'),
          },
          expect.objectContaining({ id: 7, name: 'Пустая', request_id: '1', _links: self('/api/v4/roles/7') }),
        ],
      },
    });
    const one = await api('/api/v4/roles/6');
    expect(one.status).toBe(200);
    expect(one.body.request_id).toBeUndefined();
    expect(one.body.name).toBe('Менеджер опта');
    const list = await api('/api/v4/roles');
    expect(list.body._total_items).toBe(3);
  });

  it('answers 400 validation-errors listing every bad item, and applies nothing', async () => {
    const r = await api('/api/v4/roles', {
      body: [
        { name: 'OK' },
        { rights: { leads: { delete: 'X', add: 'M' } }, color: 'red', request_id: 'bad' },
        { name: '  ', rights: 5 },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body['validation-errors']).toEqual([
      {
        request_id: 'bad',
        errors: [
          { code: 'FieldNotExpected', path: 'color', detail: expect.any(String) },
          { code: 'NotBlank', path: 'name', detail: expect.any(String) },
          { code: 'NotSupportedChoice', path: 'rights.leads.delete', detail: expect.any(String) },
          { code: 'NotSupportedChoice', path: 'rights.leads.add', detail: expect.any(String) },
        ],
      },
      {
        request_id: '2',
        errors: [
          { code: 'NotBlank', path: 'name', detail: expect.any(String) },
          { code: 'InvalidType', path: 'rights', detail: expect.any(String) },
        ],
      },
    ]);
    expect((await api('/api/v4/roles')).body._total_items).toBe(1);
  });

  it('refuses an object body (400), and a non-admin token (403)', async () => {
    expect((await api('/api/v4/roles', { body: { name: 'x' } })).status).toBe(400);
    const r = await call(fake.server.url, '/api/v4/roles', { token: fake.server.issueToken(3), body: [{ name: 'x' }] });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('PATCH and DELETE /api/v4/roles/{id}', () => {
  it('renames a role and changes its rights; its users take the new rights', async () => {
    const before = await call(fake.server.url, '/ajax/contacts/multiple/delete/', { token: fake.server.issueToken(2), form: 'ID[]=1' });
    expect(before.status).toBe(403);
    const r = await api('/api/v4/roles/5', { method: 'PATCH', body: { name: 'Менеджер розницы', rights: { contacts: { delete: 'A' } } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 5, name: 'Менеджер розницы', rights: { contacts: { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' }, leads: { delete: 'D' } }, _links: self('/api/v4/roles/5') });
    // user 2 has role 5: the role's rights apply to them; user 3 (no role) keeps their own
    const maria = await api('/api/v4/users/2');
    expect(maria.body.rights).toMatchObject({ contacts: { delete: 'A' }, role_id: 5, is_admin: false, group_id: 10 });
    const petr = await api('/api/v4/users/3');
    expect(petr.body.rights.contacts.delete).toBe('D');
    // and the private delete honours them
    const del = await call(fake.server.url, '/ajax/contacts/multiple/delete/', { token: fake.server.issueToken(2), form: 'ID[]=1' });
    expect(del.status).toBe(200);
  });

  it('answers validation errors, 404 for an unknown role, 405 for an array body, 403 for a non-admin', async () => {
    const bad = await api('/api/v4/roles/5', { method: 'PATCH', body: { rights: { leads: { delete: 'Z' } }, sort: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body['validation-errors']).toEqual([
      {
        request_id: '0',
        errors: [
          { code: 'FieldNotExpected', path: 'sort', detail: expect.any(String) },
          { code: 'NotSupportedChoice', path: 'rights.leads.delete', detail: expect.any(String) },
        ],
      },
    ]);
    expect((await api('/api/v4/roles/99', { method: 'PATCH', body: { name: 'x' } })).status).toBe(404);
    expect((await api('/api/v4/roles/5', { method: 'PATCH', body: [{ name: 'x' }] })).status).toBe(405);
    expect((await call(fake.server.url, '/api/v4/roles/5', { token: fake.server.issueToken(3), method: 'PATCH', body: { name: 'x' } })).status).toBe(403);
  });

  it('deletes a role: 204 with an empty body, gone afterwards, its users keep their own rights', async () => {
    const r = await api('/api/v4/roles/5', { method: 'DELETE' });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await api('/api/v4/roles/5')).status).toBe(404);
    expect((await api('/api/v4/roles/5', { method: 'DELETE' })).status).toBe(404);
    const maria = await api('/api/v4/users/2');
    expect(maria.body.rights).toMatchObject({ role_id: null, contacts: { delete: 'D' } });
  });
});
