// runtime: node
/** Test and bench helpers: a small hand-built account, a snapshot file of it, a client for the fake server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyCollections, type ApiObject, type FixtureSet } from '../../../../fake-amocrm/fixture-set';
import { createAmoClient, type AmoClient } from '../../amo/client';
import { openSnapshotDb, type SqliteDb } from '../../db/open';
import { planMigrations } from '../../plan/open';
import { ingestFixtureSet } from '../../snapshot/ingest';

export const testMigrations = planMigrations;

export function tempFile(name = 'snap.amosweep'): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-push-'));
  return { file: path.join(dir, name), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function snapshotOf(fixtures: FixtureSet, file: string): SqliteDb {
  const db = openSnapshotDb(file, { mode: 'create', migrations: testMigrations() });
  ingestFixtureSet(db, fixtures);
  return db;
}

/** snapshotOf, marked finished now, as a completed snapshot run leaves it (pushes need one) */
export function finishedSnapshotOf(fixtures: FixtureSet, file: string): SqliteDb {
  const db = snapshotOf(fixtures, file);
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('finished_at', ?)").run(String(Math.floor(Date.now() / 1000)));
  return db;
}

export function testClient(url: string, token: string, rps = 0): AmoClient {
  return createAmoClient({
    baseUrl: url,
    auth: { kind: 'long-lived', getToken: () => token },
    ...(rps > 0 ? { rps, limiter: null } : { unlimited: true }),
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
}

const T0 = 1_700_000_000;
export const PHONE_FIELD = 201;
export const EMAIL_FIELD = 202;
export const CITY_FIELD = 203;
export const UNUSED_FIELD = 204;
export const OLD_TAG = 301;

const phone = (value: string, code = 'WORK') => ({ value, enum_id: code === 'WORK' ? 1 : 2, enum_code: code });

/**
 * A small account: `n` of each kind of case. Contacts 1..: messy phones, stuffed values,
 * the tag "old"; leads: lost without a reason, active without a task, active with one.
 */
export function smallAccount(n = 5): FixtureSet {
  const c = emptyCollections();
  c.users = [{ id: 1, name: 'Админ', email: 'a@x.ru', rights: { is_admin: true, is_active: true } }];
  c.leads_pipelines = [
    {
      ...{ id: 10, name: 'Воронка', sort: 1, is_main: true, is_archive: false },
      _embedded: {
        statuses: [
          { id: 100, name: 'Неразобранное', sort: 10, type: 1, pipeline_id: 10 },
          { id: 101, name: 'В работе', sort: 20, type: 0, pipeline_id: 10 },
          { id: 142, name: 'Успешно', sort: 10000, type: 0, pipeline_id: 10 },
          { id: 143, name: 'Закрыто', sort: 11000, type: 0, pipeline_id: 10 },
        ],
      },
    },
  ];
  c.leads_loss_reasons = [
    { id: 5, name: 'Дорого', sort: 1 },
    { id: 6, name: 'Не дозвонились', sort: 2 },
  ];
  c.contacts_custom_fields = [
    { id: PHONE_FIELD, name: 'Телефон', code: 'PHONE', type: 'multitext', sort: 1, is_deletable: false, enums: [{ id: 1, value: 'WORK', sort: 1 }, { id: 2, value: 'MOB', sort: 2 }] },
    { id: EMAIL_FIELD, name: 'Email', code: 'EMAIL', type: 'multitext', sort: 2, is_deletable: false, enums: [{ id: 3, value: 'WORK', sort: 1 }, { id: 4, value: 'PRIV', sort: 2 }] },
    { id: CITY_FIELD, name: 'Город', code: null, type: 'text', sort: 3, is_deletable: true },
    { id: UNUSED_FIELD, name: 'Старое поле', code: null, type: 'text', sort: 4, is_deletable: true },
  ];
  c.contacts_tags = [{ id: OLD_TAG, name: 'old' }, { id: 302, name: 'vip' }];
  const contacts: ApiObject[] = [];
  for (let i = 1; i <= n * 3; i++) {
    const kind = i % 3; // 1: messy phone, 2: stuffed phone + e-mails, 0: already clean
    const phones =
      kind === 1
        ? [phone(`8 (912) 345-${String(10 + i).padStart(2, '0')}-0${i % 10}`, 'MOB'), phone('+7 495 123-45-67')]
        : kind === 2
          ? [phone(`8912111${String(1000 + i)}, +7 922 222-${String(10 + (i % 90)).padStart(2, '0')}-11`, 'MOB')]
          : [phone(`+7 912 000-${String(10 + (i % 90)).padStart(2, '0')}-00`, 'MOB')];
    const cfv: ApiObject[] = [{ field_id: PHONE_FIELD, field_name: 'Телефон', field_code: 'PHONE', field_type: 'multitext', values: phones }];
    if (kind === 2) cfv.push({ field_id: EMAIL_FIELD, field_name: 'Email', field_code: 'EMAIL', field_type: 'multitext', values: [{ value: `a${i}@x.ru; b${i}@y.ru`, enum_id: 3, enum_code: 'WORK' }] });
    if (i % 2 === 0) cfv.push({ field_id: CITY_FIELD, field_name: 'Город', field_code: null, field_type: 'text', values: [{ value: 'Москва' }] });
    contacts.push({
      id: 1000 + i,
      name: `Контакт ${i}`,
      first_name: '',
      last_name: '',
      responsible_user_id: 1,
      created_by: 1,
      updated_by: 1,
      created_at: T0,
      updated_at: T0 + i,
      closest_task_at: null,
      is_deleted: false,
      custom_fields_values: cfv,
      account_id: 1,
      _embedded: { tags: i % 2 === 1 ? [{ id: OLD_TAG, name: 'old', color: null }, { id: 302, name: 'vip', color: null }] : [], companies: [] },
    });
  }
  c.contacts = contacts;
  const leads: ApiObject[] = [];
  const tasks: ApiObject[] = [];
  for (let i = 1; i <= n * 3; i++) {
    const kind = i % 3; // 1: lost without reason, 2: active without task, 0: active with a task
    leads.push({
      id: 5000 + i,
      name: `Сделка ${i}`,
      price: 1000 * i,
      responsible_user_id: 1,
      group_id: 0,
      status_id: kind === 1 ? 143 : 101,
      pipeline_id: 10,
      loss_reason_id: null,
      created_by: 1,
      updated_by: 1,
      created_at: T0,
      updated_at: T0 + i,
      closed_at: kind === 1 ? T0 + i : null,
      closest_task_at: null,
      is_deleted: false,
      custom_fields_values: null,
      account_id: 1,
      _embedded: { tags: [], companies: [], contacts: [{ id: 1000 + i, is_main: true }] },
    });
    if (kind === 0)
      tasks.push({
        id: 9000 + i,
        entity_id: 5000 + i,
        entity_type: 'leads',
        responsible_user_id: 1,
        created_by: 1,
        task_type_id: 1,
        text: 'Позвонить',
        is_completed: false,
        complete_till: T0 + 86400,
        created_at: T0,
        updated_at: T0,
        result: null,
        account_id: 1,
      });
  }
  c.leads = leads;
  c.tasks = tasks;
  return {
    account: { id: 1, name: 'Тест', subdomain: 'test', current_user_id: 1, currency: 'RUB', is_loss_reason_enabled: true, _embedded: { task_types: [{ id: 1, name: 'Звонок' }, { id: 2, name: 'Встреча' }] } },
    collections: c,
  };
}

export interface LoggedRequest {
  method: string;
  path: string;
  body: unknown;
  /** the status amoCRM (the fake) answered; 0 when the request was not forwarded */
  status: number;
}

export interface RecordingProxy {
  url: string;
  log: LoggedRequest[];
  /**
   * Called for each API request before it is forwarded: 'forward' (default), 'drop' (forward it,
   * then cut the connection instead of answering: applied, answer lost) or 'cut' (cut it
   * without forwarding).
   */
  decide: (req: { method: string; path: string; index: number }) => 'forward' | 'drop' | 'cut' | undefined;
  /** Called with each forwarded API request once amoCRM (the fake) answered it, before the answer is passed on: it may act, or wait. */
  beforeAnswer: (req: { method: string; path: string; query: string; status: number }) => Promise<void> | void;
  /** Ids of entities whose write amoCRM accepted (2xx), per path, as many times as accepted. */
  acceptedWrites(method: string, pathPrefix: string): number[];
  close(): Promise<void>;
}

/** An HTTP proxy in front of the fake server that records every request and can lose answers. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const http = await import('node:http');
  const log: LoggedRequest[] = [];
  let index = 0;
  const proxy: RecordingProxy = {
    url: '',
    log,
    decide: () => undefined,
    beforeAnswer: () => undefined,
    acceptedWrites(method, pathPrefix) {
      const ids: number[] = [];
      for (const r of log) {
        if (r.method !== method || !r.path.startsWith(pathPrefix) || r.status < 200 || r.status >= 300) continue;
        if (Array.isArray(r.body)) for (const item of r.body as { id?: unknown; entity_id?: unknown }[]) ids.push(Number(item.id ?? item.entity_id));
        else {
          const m = /\/(\d+)$/.exec(r.path);
          if (m) ids.push(Number(m[1]));
        }
      }
      return ids;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const method = (req.method ?? 'GET').toUpperCase();
      const pathname = (req.url ?? '/').split('?')[0] ?? '/';
      let body: unknown;
      try {
        body = raw ? (JSON.parse(raw) as unknown) : undefined;
      } catch {
        body = raw;
      }
      const entry: LoggedRequest = { method, path: pathname, body, status: 0 };
      const decision = pathname.startsWith('/api/') ? proxy.decide({ method, path: pathname, index: index++ }) ?? 'forward' : 'forward';
      log.push(entry);
      if (decision === 'cut') {
        req.socket.destroy();
        return;
      }
      const up = http.request(
        `${target}${req.url ?? '/'}`,
        { method, headers: { ...req.headers, host: new URL(target).host } },
        (upRes) => {
          const parts: Buffer[] = [];
          // amoCRM answered (and carried the request out), even if its body is cut short below
          entry.status = upRes.statusCode ?? 0;
          upRes.on('data', (c: Buffer) => parts.push(c));
          // amoCRM cut its answer short (a truncated body): cut ours too
          upRes.on('close', () => {
            if (!upRes.complete) req.socket.destroy();
          });
          upRes.on('end', () => {
            entry.status = upRes.statusCode ?? 0;
            if (decision === 'drop') {
              req.socket.destroy();
              return;
            }
            const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
            void Promise.resolve(pathname.startsWith('/api/') ? proxy.beforeAnswer({ method, path: pathname, query, status: entry.status }) : undefined).then(() => {
              res.writeHead(upRes.statusCode ?? 502, upRes.headers);
              res.end(Buffer.concat(parts));
            });
          });
        },
      );
      up.on('error', () => req.socket.destroy());
      up.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return proxy;
}
