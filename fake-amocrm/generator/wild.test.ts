// runtime: node
/** The wild profile (issue 12): what it contains, and that it is deterministic. */
import { describe, expect, it } from 'vitest';
import type { ApiObject } from '../fixture-set';
import { KNOWN_FIELD_TYPES } from '../../electron/services/snapshot/shapes';
import { generateAccount } from './index';

const asOf = new Date('2020-12-31T00:00:00Z');
const { fixtures, truth } = generateAccount({ profile: 'wild', scale: 0.02, seed: 3, asOf });
const col = fixtures.collections;
const cfvs = (o: ApiObject) => (Array.isArray(o.custom_fields_values) ? (o.custom_fields_values as { field_type: string; field_code?: string | null; values: { value: unknown }[] }[]) : []);

describe('wild profile', () => {
  it('fills every field type the issue names, all of them known types', () => {
    const filled = new Set<string>();
    for (const e of [col.leads, col.contacts, col.companies]) for (const o of e) for (const f of cfvs(o)) filled.add(f.field_type);
    for (const type of ['multiselect', 'date_time', 'birthday', 'smart_address', 'legal_entity', 'monetary', 'radiobutton', 'streetaddress', 'file']) expect(filled, type).toContain(type);
    for (const type of filled) expect(KNOWN_FIELD_TYPES.has(type), type).toBe(true);
  });

  it('has contacts with 10+ phones and 1 000-character values', () => {
    expect(col.contacts.some((c) => cfvs(c).some((f) => f.field_code === 'PHONE' && f.values.length >= 10))).toBe(true);
    expect(col.contacts.some((c) => cfvs(c).some((f) => f.values.some((v) => typeof v.value === 'string' && v.value.length === 1000)))).toBe(true);
  });

  it('renames 142/143, has unsorted leads, trashed entities, customers on, users with null rights parts', () => {
    const statuses = col.leads_pipelines.flatMap((p) => (p._embedded as { statuses: ApiObject[] }).statuses);
    expect(new Set(statuses.filter((s) => s.id === 142).map((s) => s.name))).toEqual(new Set(['Заказ вручен']));
    const unsorted = new Set(statuses.filter((s) => s.type === 1).map((s) => s.id));
    expect(col.leads.some((l) => unsorted.has(l.status_id))).toBe(true);
    for (const list of [col.leads, col.contacts, col.companies]) expect(list.some((o) => o.is_deleted === true)).toBe(true);
    expect(fixtures.account.customers_mode).toBe('segments');
    expect(col.tasks.some((t) => t.entity_type === 'customers')).toBe(true);
    expect(col.users.some((u) => (u.rights as ApiObject).status_rights === null && (u.rights as ApiObject).custom_fields_rights === null)).toBe(true);
  });

  it('the truth leaves trashed entities out', () => {
    expect(truth.counts['account.contacts']).toBe(col.contacts.filter((c) => c.is_deleted !== true).length);
    expect(truth.counts['account.leads']).toBe(col.leads.filter((c) => c.is_deleted !== true).length);
  });

  it('is deterministic, and the reference profile is unchanged by it', () => {
    const again = generateAccount({ profile: 'wild', scale: 0.02, seed: 3, asOf });
    expect(JSON.stringify(again.fixtures)).toBe(JSON.stringify(fixtures));
    const ref = generateAccount({ profile: 'reference', scale: 0.02, seed: 3, asOf });
    expect(ref.fixtures.collections.contacts.some((c) => c.is_deleted === true)).toBe(false);
    expect(ref.fixtures.collections.contacts_custom_fields.length).toBeLessThan(col.contacts_custom_fields.length);
  });
});
