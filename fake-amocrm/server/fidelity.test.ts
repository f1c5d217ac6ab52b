// runtime: node
/**
 * Contract tests for the fidelity fixes of issue 12: each test names the source of the real
 * behaviour it pins (source keys as in ../shared/docs/amocrm-api.md).
 */
import { describe, expect, it } from 'vitest';
import { generateAccount } from '../generator/index';
import { createAmoClient } from '../../electron/services/amo/client';
import { AppError } from '../../shared/api/result';
import { useFakeServer } from './test-server';

const fake = useFakeServer();
const { api } = fake;
const tooMany = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Сделка ${i}` }));

describe('status ids (issue 12 item 1; doc §11 [DOC-RU crm_platform/leads_pipelines])', () => {
  it('a generated account repeats only 142 and 143 across pipelines: a status id alone names its pipeline', () => {
    const { fixtures } = generateAccount({ profile: 'reference', scale: 0.002, seed: 1, asOf: new Date('2020-12-31T00:00:00Z') });
    const owners = new Map<number, Set<number>>();
    for (const p of fixtures.collections.leads_pipelines ?? []) {
      for (const s of (p._embedded as { statuses: { id: number }[] }).statuses) {
        const set = owners.get(s.id) ?? new Set<number>();
        set.add(p.id as number);
        owners.set(s.id, set);
      }
    }
    const repeated = [...owners].filter(([, ps]) => ps.size > 1).map(([id]) => id).sort();
    expect(repeated).toEqual([142, 143]);
  });
});

describe('the unsorted stage ([ISS amocrm/amocrm-api-php#156]: NotSupportedChoice at status_id)', () => {
  it('POST of a lead into the unsorted stage is refused', async () => {
    const r = await api('/api/v4/leads', { body: [{ name: 'В неразобранное', pipeline_id: 100, status_id: 1001 }] });
    expect(r.status).toBe(400);
    expect(r.body['validation-errors'][0].errors).toContainEqual(expect.objectContaining({ code: 'NotSupportedChoice', path: 'status_id' }));
  });

  it('PATCH of a lead into the unsorted stage is refused and changes nothing', async () => {
    const before = await api('/api/v4/leads/1');
    const r = await api('/api/v4/leads', { method: 'PATCH', body: [{ id: 1, status_id: 1001, pipeline_id: 100 }] });
    expect(r.status).toBe(400);
    expect(r.body['validation-errors'][0].errors[0]).toMatchObject({ code: 'NotSupportedChoice', path: 'status_id' });
    expect((await api('/api/v4/leads/1')).body.status_id).toBe(before.body.status_id);
  });

  it('a working stage is still accepted', async () => {
    const r = await api('/api/v4/leads', { body: [{ name: 'В работу', pipeline_id: 100, status_id: 1002 }] });
    expect(r.status).toBe(200);
  });
});

describe('batch size (issue 12 item 3: the Kommo HTTP codes page answers 422 "Limit 250 per page")', () => {
  it('251 items answer 422 by default and nothing is created', async () => {
    const r = await api('/api/v4/leads', { body: tooMany(251) });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ status: 422, detail: 'Limit 250 per page' });
    expect((await api('/api/v4/leads?filter[name]=Сделка 250')).status).toBe(204);
  });

  it('batchOverflow: 400 restores the former answer; 250 items pass', async () => {
    fake.server.configure({ batchOverflow: 400 });
    try {
      expect((await api('/api/v4/contacts', { body: tooMany(251) })).status).toBe(400);
    } finally {
      fake.server.configure({ batchOverflow: 422 });
    }
    expect((await api('/api/v4/contacts', { body: tooMany(250) })).status).toBe(200);
  });
});

describe('402 Payment Required (doc §21.2: unpaid account; Kommo api_v4/errors lists 402)', () => {
  it('unpaid: every authorized API request answers 402 problem+json; the client stops with AMO_PAYMENT_REQUIRED', async () => {
    fake.server.configure({ unpaid: true });
    try {
      const r = await api('/api/v4/account');
      expect(r.status).toBe(402);
      expect(r.body).toMatchObject({ status: 402, title: 'Payment Required' });
      const client = createAmoClient({ baseUrl: fake.server.url, auth: { kind: 'long-lived', getToken: () => fake.server.token }, unlimited: true });
      const e = await client.request({ method: 'GET', path: '/api/v4/leads' }).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('AMO_PAYMENT_REQUIRED');
      // a request without a valid token is still 401 first
      expect((await api('/api/v4/account', { token: 'nope' })).status).toBe(401);
    } finally {
      fake.server.configure({ unpaid: false });
    }
    expect((await api('/api/v4/account')).status).toBe(200);
  });
});

describe('users rights (issue 12 item 5; [third-party code]: dumps of real GET /api/v4/users answers)', () => {
  it('a generated user carries files_access, catalog_rights null, custom_fields_rights null and the oper_day flags', () => {
    const { fixtures } = generateAccount({ profile: 'reference', scale: 0.002, seed: 1, asOf: new Date('2020-12-31T00:00:00Z') });
    const rights = (fixtures.collections.users ?? [])[0]?.rights as Record<string, unknown>;
    expect(rights).toMatchObject({ files_access: true, catalog_rights: null, custom_fields_rights: null, oper_day_reports_view_access: false, oper_day_user_tracking: false });
    expect(Array.isArray(rights.status_rights)).toBe(true);
  });
});

describe('custom field definitions (issue 12 item 6; [DOC-KOMMO api_v4/errors] 201 example)', () => {
  it('generated fields carry triggers, currency, hidden_statuses, tracking_callback, chained_lists', () => {
    const { fixtures } = generateAccount({ profile: 'reference', scale: 0.002, seed: 1, asOf: new Date('2020-12-31T00:00:00Z') });
    for (const f of fixtures.collections.leads_custom_fields ?? []) {
      expect(f).toMatchObject({ triggers: [], currency: null, hidden_statuses: [], tracking_callback: null, chained_lists: null });
    }
  });
});

describe('object and enum-coded values on writes (issue 12 item 4; the official library value models)', () => {
  it('legal_entity and file take object values; smart_address keeps its enum', async () => {
    const created = await api('/api/v4/contacts/custom_fields', {
      body: [
        { name: 'Реквизиты', type: 'legal_entity' },
        { name: 'Скан', type: 'file' },
        { name: 'Адрес', type: 'smart_address', enums: [{ value: 'Город', code: 'city' }] },
      ],
    });
    expect(created.status).toBe(201);
    const [legal, file, smart] = created.body._embedded.custom_fields as { id: number; enums: { id: number }[] | null }[];
    // [PHP:…/LegalEntityCustomFieldValueModel.php] toApi: {value: {name, entity_type, vat_id, …}}
    const legalValue = { name: 'ООО «Ромашка»', entity_type: 2, vat_id: '7701234567', kpp: null };
    // [PHP:…/FileCustomFieldValueModel.php] toApi: {value: {file_uuid, version_uuid, file_name, file_size}}
    const fileValue = { file_uuid: 'a1b2', version_uuid: 'c3d4', file_name: 'скан.pdf', file_size: 1024 };
    const r = await api('/api/v4/contacts', {
      method: 'PATCH',
      body: [
        {
          id: 1,
          custom_fields_values: [
            { field_id: legal!.id, values: [{ value: legalValue }] },
            { field_id: file!.id, values: [{ value: fileValue }] },
            { field_id: smart!.id, values: [{ value: 'Казань', enum_id: smart!.enums![0]!.id }] },
          ],
        },
      ],
    });
    expect(r.status).toBe(200);
    const got = (await api('/api/v4/contacts/1')).body.custom_fields_values as { field_id: number; values: unknown[] }[];
    expect(got.find((f) => f.field_id === legal!.id)?.values).toEqual([{ value: legalValue }]);
    expect(got.find((f) => f.field_id === file!.id)?.values).toEqual([{ value: fileValue }]);
    expect(got.find((f) => f.field_id === smart!.id)?.values).toEqual([{ value: 'Казань', enum_id: smart!.enums![0]!.id, enum_code: 'city' }]);
    // a string for an object-valued field is still refused
    const bad = await api('/api/v4/contacts', { method: 'PATCH', body: [{ id: 1, custom_fields_values: [{ field_id: legal!.id, values: [{ value: 'ООО' }] }] }] });
    expect(bad.status).toBe(400);
  });
});

describe('tags are account objects (issue 12 item 9; doc §9)', () => {
  it("a lead's _embedded.tags show the tag as /leads/tags has it now", async () => {
    const leads = (await api('/api/v4/leads?limit=250')).body._embedded.leads as { id: number; _embedded: { tags: { id: number; name: string; color: string | null }[] } }[];
    const lead = leads.find((l) => l._embedded.tags.length > 0);
    expect(lead).toBeDefined();
    const tag = lead!._embedded.tags[0]!;
    const stored = fake.server.store.tags.leads.get(tag.id)!;
    fake.server.store.tags.leads.replace({ ...stored, color: 'FF8F92' });
    const list = (await api(`/api/v4/leads/tags?filter[id]=${tag.id}`)).body._embedded.tags as { color: string | null }[];
    const again = (await api(`/api/v4/leads/${lead!.id}`)).body._embedded.tags as { id: number; color: string | null }[];
    expect(list[0]!.color).toBe('FF8F92');
    expect(again.find((t) => t.id === tag.id)!.color).toBe('FF8F92');
  });
});

describe('retry_after in a JSON 429 (doc §3: one secondary example, UNCONFIRMED: off by default)', () => {
  it('is absent by default and present with retryAfter', async () => {
    fake.server.configure({ rps: 1, json429: true });
    try {
      const burst = async () => {
        for (let i = 0; i < 5; i++) {
          const r = await api('/api/v4/account');
          if (r.status === 429) return r;
        }
        throw new Error('no 429');
      };
      expect((await burst()).body.retry_after).toBeUndefined();
      fake.server.configure({ retryAfter: 300 });
      fake.server.reset();
      expect((await burst()).body).toMatchObject({ status: 429, retry_after: 300 });
    } finally {
      fake.server.configure({ rps: 0, json429: false, retryAfter: 0 });
    }
  });
});
