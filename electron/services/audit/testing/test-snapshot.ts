// runtime: node
/**
 * Builds small snapshots by hand for the rule tests: a fresh file from openSnapshotDb
 * (mode create, every migration applied) and terse inserts into the 0001 schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSnapshotDb, type SqliteDb } from '../../db/open';

export interface TestSnapshot {
  db: SqliteDb;
  file: string;
  cleanup(): void;
}

export function createTestSnapshot(): TestSnapshot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-audit-'));
  const file = path.join(dir, 'test.amosweep');
  const db = openSnapshotDb(file, { mode: 'create' });
  return {
    db,
    file,
    cleanup: () => {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PHONE_FIELD = 100;
export const EMAIL_FIELD = 101;

/** Adds the PHONE and EMAIL fields of contacts and companies, with amoCRM's enum codes. */
export function addStandardFields(db: SqliteDb): void {
  const field = db.prepare('INSERT OR IGNORE INTO custom_fields (entity_type, id, name, type, code, raw) VALUES (?, ?, ?, ?, ?, ?)');
  const en = db.prepare('INSERT OR IGNORE INTO custom_field_enums (entity_type, field_id, id, value, sort) VALUES (?, ?, ?, ?, ?)');
  for (const type of ['contacts', 'companies']) {
    field.run(type, PHONE_FIELD, 'Телефон', 'multitext', 'PHONE', '{}');
    field.run(type, EMAIL_FIELD, 'Email', 'multitext', 'EMAIL', '{}');
    ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'].forEach((code, i) => en.run(type, PHONE_FIELD, 1000 + i, code, i));
    ['WORK', 'PRIV', 'OTHER'].forEach((code, i) => en.run(type, EMAIL_FIELD, 2000 + i, code, i));
  }
}

export interface CardSpec {
  id: number;
  name?: string | null;
  phones?: (string | { value: string | null; enum?: string | null })[];
  emails?: string[];
  /** other field values: [fieldId, value] */
  fields?: [number, string | null][];
  isDeleted?: boolean;
}

function addValues(db: SqliteDb, type: 'contacts' | 'companies' | 'leads', spec: CardSpec): void {
  const fv = db.prepare(
    'INSERT INTO field_values (entity_type, entity_id, field_id, field_code, field_type, idx, enum_id, enum_code, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let idx = 0;
  for (const p of spec.phones ?? []) {
    const value = typeof p === 'string' ? p : p.value;
    const code = typeof p === 'string' ? 'MOB' : (p.enum ?? null);
    fv.run(type, spec.id, PHONE_FIELD, 'PHONE', 'multitext', idx++, null, code, value);
  }
  for (const e of spec.emails ?? []) fv.run(type, spec.id, EMAIL_FIELD, 'EMAIL', 'multitext', idx++, null, 'WORK', e);
  for (const [fieldId, value] of spec.fields ?? []) {
    const def = db.prepare('SELECT type, code FROM custom_fields WHERE entity_type = ? AND id = ?').get(type, fieldId) as
      | { type: string | null; code: string | null }
      | undefined;
    fv.run(type, spec.id, fieldId, def?.code ?? null, def?.type ?? null, idx++, null, null, value);
  }
}

export function addContact(db: SqliteDb, spec: CardSpec): void {
  db.prepare('INSERT INTO contacts (id, name, created_at, updated_at, is_deleted, raw) VALUES (?, ?, 1600000000, 1600000000, ?, ?)').run(
    spec.id,
    spec.name === undefined ? `Контакт ${spec.id}` : spec.name,
    spec.isDeleted ? 1 : 0,
    '{}',
  );
  addValues(db, 'contacts', spec);
}

export function addCompany(db: SqliteDb, spec: CardSpec): void {
  db.prepare('INSERT INTO companies (id, name, created_at, updated_at, is_deleted, raw) VALUES (?, ?, 1600000000, 1600000000, ?, ?)').run(
    spec.id,
    spec.name === undefined ? `ООО Компания ${spec.id}` : spec.name,
    spec.isDeleted ? 1 : 0,
    '{}',
  );
  addValues(db, 'companies', spec);
}

export function addField(db: SqliteDb, entityType: string, id: number, name: string, type = 'text', code: string | null = null): void {
  db.prepare('INSERT INTO custom_fields (entity_type, id, name, type, code, raw) VALUES (?, ?, ?, ?, ?, ?)').run(entityType, id, name, type, code, '{}');
}

export function addFieldValue(db: SqliteDb, entityType: string, entityId: number, fieldId: number, value: string | null, idx = 0): void {
  db.prepare('INSERT INTO field_values (entity_type, entity_id, field_id, idx, value) VALUES (?, ?, ?, ?, ?)').run(entityType, entityId, fieldId, idx, value);
}

export interface LeadSpec {
  id: number;
  status?: number;
  pipeline?: number;
  price?: number;
  responsible?: number | null;
  lossReason?: number | null;
  createdAt?: number;
  closedAt?: number | null;
  contacts?: number[];
  companies?: number[];
  name?: string;
}

export function addLead(db: SqliteDb, l: LeadSpec): void {
  db.prepare(
    `INSERT INTO leads (id, name, price, status_id, pipeline_id, responsible_user_id, loss_reason_id, created_at, updated_at, closed_at, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')`,
  ).run(
    l.id,
    l.name ?? `Сделка ${l.id}`,
    l.price ?? 0,
    l.status ?? 10,
    l.pipeline ?? 1,
    l.responsible ?? null,
    l.lossReason ?? null,
    l.createdAt ?? 1600000000,
    l.createdAt ?? 1600000000,
    l.closedAt ?? null,
  );
  for (const c of l.contacts ?? []) db.prepare('INSERT INTO lead_contacts (lead_id, contact_id) VALUES (?, ?)').run(l.id, c);
  for (const c of l.companies ?? []) db.prepare('INSERT INTO lead_companies (lead_id, company_id) VALUES (?, ?)').run(l.id, c);
}

export function addTask(
  db: SqliteDb,
  t: { id: number; entityType?: string | null; entityId?: number | null; done?: boolean; type?: number; responsible?: number },
): void {
  db.prepare(
    `INSERT INTO tasks (id, entity_type, entity_id, responsible_user_id, task_type_id, is_completed, complete_till, created_at, raw)
     VALUES (?, ?, ?, ?, ?, ?, 1600000000, 1600000000, '{}')`,
  ).run(t.id, t.entityType === undefined ? 'leads' : t.entityType, t.entityId ?? null, t.responsible ?? 1, t.type ?? 1, t.done ? 1 : 0);
}

export function addUser(
  db: SqliteDb,
  u: { id: number; name?: string; admin?: boolean; active?: boolean; del?: [string | null, string | null, string | null] },
): void {
  db.prepare(
    `INSERT INTO users (id, name, is_admin, is_active, rights_leads_delete, rights_contacts_delete, rights_companies_delete, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, '{}')`,
  ).run(u.id, u.name ?? `User ${u.id}`, u.admin ? 1 : 0, u.active === false ? 0 : 1, ...(u.del ?? ['D', 'D', 'D']));
}

export function addPipeline(db: SqliteDb, id: number, name: string, stages: { id: number; name?: string; type?: number }[]): void {
  db.prepare("INSERT INTO pipelines (id, name, sort, raw) VALUES (?, ?, ?, '{}')").run(id, name, id);
  const all = [...stages, { id: 142, name: 'Успешно реализовано' }, { id: 143, name: 'Закрыто и не реализовано' }];
  all.forEach((s, i) =>
    db.prepare("INSERT INTO statuses (pipeline_id, id, name, sort, type, raw) VALUES (?, ?, ?, ?, ?, '{}')").run(id, s.id, s.name ?? `Этап ${s.id}`, i * 10, s.type ?? 0),
  );
}

export function addStatusEvent(db: SqliteDb, id: string, leadId: number, at: number, from: [number, number] | null, to: [number, number]): void {
  const v = (s: [number, number] | null) => (s ? JSON.stringify([{ lead_status: { pipeline_id: s[0], id: s[1] } }]) : null);
  db.prepare(
    "INSERT INTO events (id, type, entity_type, entity_id, created_at, value_before, value_after, raw) VALUES (?, 'lead_status_changed', 'lead', ?, ?, ?, ?, '{}')",
  ).run(id, leadId, at, v(from), v(to));
}

export function setFinishedAt(db: SqliteDb, at: Date): void {
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('finished_at', ?)").run(String(Math.floor(at.getTime() / 1000)));
}
