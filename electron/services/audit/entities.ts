// runtime: node
/**
 * Compact rows for the flagged entities of a finding (drill-down table, XLSX sheets).
 * Ids are looked up in batches through json_each, and rows keep the order of the ids.
 */
import type { AuditEntityRow, AuditEntityType, EntityId, FlaggedEntities } from '../../../shared/audit/types';
import type { AuditRowDetail } from '../../../shared/messages/audit-rows';
import type { SqliteDb } from '../db/open';
import {
  cardSummaries,
  eventSummaries,
  fieldSummaries,
  leadSummaries,
  noteSummaries,
  pipelineSummaries,
  statusSummaries,
  tagSummaries,
  taskTypeSummaries,
  userSummaries,
} from '../snapshot/store';

const BATCH = 5000;

type Hit = { name: string; detail: string; detailRef?: AuditRowDetail };
type Lookup = (db: SqliteDb, ids: EntityId[]) => Map<string, Hit>;

const text = (t: string): AuditRowDetail => ({ key: 'text', params: { text: t } });

const fmtDate = (t: number | null): string => (t ? new Date(t * 1000).toISOString().slice(0, 10) : '');

/** The store's summary rows of the ids, asked in batches (a JSON array of ids each). */
function rowsById(db: SqliteDb, summaries: (db: SqliteDb, idsJson: string) => unknown[][], ids: EntityId[]): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    out.push(...summaries(db, JSON.stringify(ids.slice(i, i + BATCH))));
  }
  return out;
}

const card =
  (table: 'contacts' | 'companies'): Lookup =>
  (db, ids) => {
    const rows = rowsById(db, (d, json) => cardSummaries(d, table, json), ids);
    return new Map(rows.map(([id, name, detail]) => [String(id), { name: String(name), detail: String(detail ?? ''), detailRef: text(String(detail ?? '')) }]));
  };

const leads: Lookup = (db, ids) => {
  const rows = rowsById(db, leadSummaries, ids);
  return new Map(
    rows.map(([id, name, pipe, status, price, created]) => [
      String(id),
      {
        name: String(name),
        detail: `${String(pipe)} / ${String(status)} · ${String(price)} · ${fmtDate(created as number | null)}`,
        detailRef: { key: 'lead', params: { pipeline: String(pipe), status: String(status), price: Number(price), created: (created as number | null) ?? null } },
      },
    ]),
  );
};

const users: Lookup = (db, ids) => {
  const rows = rowsById(db, userSummaries, ids);
  return new Map(
    rows.map(([id, name, email, admin, active, del]) => [
      String(id),
      {
        name: String(name),
        detail: `${String(email)}${admin ? ' · admin' : ''}${active ? '' : ' · inactive'} · delete ${String(del)}`,
        detailRef: { key: 'user', params: { email: String(email), admin: Boolean(admin), active: Boolean(active), rights: String(del) } },
      },
    ]),
  );
};

const taskTypes: Lookup = (db, ids) =>
  new Map(
    rowsById(db, taskTypeSummaries, ids).map(([id, name, code]) => [
      String(id),
      { name: String(name), detail: String(code), detailRef: text(String(code)) },
    ]),
  );

const pipelines: Lookup = (db, ids) =>
  new Map(
    rowsById(db, pipelineSummaries, ids).map(([id, name, n]) => [String(id), { name: String(name), detail: String(n), detailRef: { key: 'stages', params: { count: Number(n) } } }]),
  );

/** Composite ids "a:b" split into a JSON array of [a, b] pairs. */
const pairs = (ids: EntityId[]): [string, string][] =>
  ids.map((id) => {
    const s = String(id);
    const i = s.indexOf(':');
    return [s.slice(0, i), s.slice(i + 1)];
  });

function pairLookup(summaries: (db: SqliteDb, pairsJson: string) => unknown[][], detail: (row: unknown[]) => string, name: (row: unknown[]) => string, ref: (row: unknown[]) => AuditRowDetail): Lookup {
  return (db, ids) => {
    const out = new Map<string, Hit>();
    const p = pairs(ids);
    for (let i = 0; i < p.length; i += BATCH) {
      const rows = summaries(db, JSON.stringify(p.slice(i, i + BATCH)));
      for (const row of rows) out.set(`${String(row[0])}:${String(row[1])}`, { name: name(row), detail: detail(row), detailRef: ref(row) });
    }
    return out;
  };
}

const statuses = pairLookup(
  statusSummaries,
  (r) => String(r[2]),
  (r) => String(r[3]),
  (r) => text(String(r[2])),
);
const tags = pairLookup(
  tagSummaries,
  (r) => String(r[0]),
  (r) => String(r[2]),
  (r) => ({ key: 'entity', params: { entityType: String(r[0]) } }),
);
const fields = pairLookup(
  fieldSummaries,
  (r) => `${String(r[0])} · ${String(r[3])}`,
  (r) => String(r[2]),
  (r) => ({ key: 'field', params: { entityType: String(r[0]), fieldType: String(r[3]) } }),
);
const notes = pairLookup(
  noteSummaries,
  (r) => `${String(r[0])} #${String(r[3])} · ${fmtDate(r[4] as number | null)}`,
  (r) => String(r[2]),
  (r) => ({ key: 'attached', params: { entityType: String(r[0]), entityId: Number(r[3]), at: (r[4] as number | null) ?? null } }),
);

const events: Lookup = (db, ids) =>
  new Map(
    rowsById(db, eventSummaries, ids.map(String)).map(([id, type, et, eid, at]) => [
      String(id),
      {
        name: String(type),
        detail: `${String(et)} #${String(eid)} · ${fmtDate(at as number | null)}`,
        detailRef: { key: 'attached', params: { entityType: String(et), entityId: Number(eid), at: (at as number | null) ?? null } } satisfies AuditRowDetail,
      },
    ]),
  );

const LOOKUPS: Record<AuditEntityType, Lookup> = {
  contacts: card('contacts'),
  companies: card('companies'),
  leads,
  users,
  task_types: taskTypes,
  pipelines,
  statuses,
  tags,
  custom_fields: fields,
  notes,
  events,
};

export interface EntityRef {
  entityType: AuditEntityType;
  id: EntityId;
}

/** Every flagged entity of a result, duplicates in group order. */
export function flaggedRefs(result: { entities: FlaggedEntities[]; groupList?: string[][] }): EntityRef[] {
  if (result.groupList) {
    return result.groupList.flatMap((g) =>
      g.map((key) => {
        const i = key.indexOf(':');
        return { entityType: key.slice(0, i) as AuditEntityType, id: Number(key.slice(i + 1)) };
      }),
    );
  }
  return result.entities.flatMap((f) => f.ids.map((id) => ({ entityType: f.entityType, id })));
}

/** Rows for the given entities, in their order; `groupList` numbers duplicate groups (1-based). */
export function describeRefs(db: SqliteDb, refs: EntityRef[], groupList?: string[][]): AuditEntityRow[] {
  const groupOf = new Map<string, number>();
  groupList?.forEach((g, i) => g.forEach((key) => groupOf.set(key, i + 1)));
  const byType = new Map<AuditEntityType, EntityId[]>();
  for (const r of refs) {
    const list = byType.get(r.entityType);
    if (list) list.push(r.id);
    else byType.set(r.entityType, [r.id]);
  }
  const found = new Map<AuditEntityType, Map<string, Hit>>();
  for (const [type, ids] of byType) found.set(type, LOOKUPS[type](db, ids));
  return refs.map((r) => {
    const hit = found.get(r.entityType)?.get(String(r.id));
    const group = groupOf.get(`${r.entityType}:${String(r.id)}`);
    return {
      entityType: r.entityType,
      id: r.id,
      name: hit?.name ?? '',
      detail: hit?.detail ?? '',
      ...(hit?.detailRef ? { detailRef: hit.detailRef } : {}),
      ...(group !== undefined ? { group } : {}),
    };
  });
}
