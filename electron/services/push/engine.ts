// runtime: node
/**
 * The push engine: executes a plan in rate-limited batches with a journal in the snapshot.
 *
 * For each group of operations: read the entities from the server (before-images, stored
 * in the journal), compare each with the snapshot (or with our own last write to it) and
 * skip a changed one as a conflict; then write in batches of ≤ 50 entities. Every batch
 * goes pending → sent → confirmed, each step committed before the next request. A batch
 * found pending or sent (a killed process, a failed request) is read back before anything
 * is retried: operations already applied are confirmed, unchanged ones are sent again,
 * entities changed by someone else become conflicts. So nothing is sent twice and nothing
 * is lost.
 */
import type { JobStep } from '../../../shared/api/jobs';
import type { ConcurrentEdit, PushResult } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import { getPlan, setPlanStatus } from '../plan/store';
import type { CrmEntity, EnsureFieldParams, FieldsDeleteParams, MergeNoteParams, OperationRow, OpRef, RevertFieldParams, TasksCreateParams } from '../plan/types';
import type { AmoClient, ApiObject } from './amo';
import {
  buildLinkItem,
  buildPatchItem,
  enumMap,
  fieldNameKey,
  isLinked,
  itemApplied,
  linkAction,
  modeOf,
  parseParams,
  patchPath,
  READ_BATCH,
  resolveFieldParams,
  WRITE_BATCH,
  type Mode,
} from './kinds';
import { groupIds, infoForm, MERGE_INFO_PATH, MERGE_POLL_MS, MERGE_SAVE_PATH, MERGE_WAIT_MS, saveErrors, saveForm } from './private-merge';
import { buildRoleWrite, roleApplied, roleRequest } from './roles';
import { cancellablePause } from '../amo/pause';

export interface PushControl {
  signal?: AbortSignal;
  /** waits while paused, throws CANCELLED when cancelled */
  checkpoint?: () => Promise<void>;
  step?: (step: JobStep) => void;
  progress?: (update: { fraction?: number | null; etaSeconds?: number | null; rate?: { current: number; limit: number } }) => void;
}

export interface PushOptions {
  client: AmoClient;
  /** the configured rate, for the ETA */
  rps?: number;
  control?: PushControl;
  /** attempts per batch before its remaining operations are marked failed */
  maxAttempts?: number;
  /** merge.undocumented: how long to wait for amoCRM to carry out a queued (202) merge; default MERGE_WAIT_MS */
  mergeWaitMs?: number;
}

interface BatchRow {
  id: number;
  plan_id: number;
  kind: OperationRow['kind'];
  entity_type: string;
  status: 'pending' | 'sent' | 'confirmed' | 'failed';
  request: string | null;
  attempts: number;
}

interface Prepared {
  kind: string;
  entityType: string;
  entities: Set<number>;
  batchIds: number[];
  /** nothing prepared yet: the next group must wait for the writes in flight */
  deferred: boolean;
}

interface WriteRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** a form body (the private /ajax/ merge), sent url-encoded */
  form?: [string, string][];
}

const now = (): number => Math.floor(Date.now() / 1000);
const obj = (v: unknown): ApiObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : null);
const SNAPSHOT_TABLES = new Set(['leads', 'contacts', 'companies', 'tasks']);
const STOP_CODES = new Set(['AMO_BLOCKED', 'AMO_AUTH', 'AMO_PAYMENT_REQUIRED', 'CANCELLED']);
const WRITES_IN_FLIGHT = 3;

export class PushEngine {
  private readonly client: AmoClient;
  private readonly control: PushControl;
  private readonly maxAttempts: number;
  private readonly mergeWaitMs: number;
  private readonly rps: number;
  /** when this run last saw its own write to an entity land ("type:id" → unix seconds) */
  private readonly ownWriteAt = new Map<string, number>();
  /** events reads made by checkConcurrentEdits (part of `requests`) */
  private windowChecks = 0;
  /** per operation: this run's last own write to its entity when its before-image was read */
  private readonly ownWriteBeforeRead = new Map<number, number>();

  constructor(
    private readonly db: SqliteDb,
    private readonly planId: number,
    options: PushOptions,
  ) {
    this.client = options.client;
    this.control = options.control ?? {};
    this.maxAttempts = options.maxAttempts ?? 5;
    this.mergeWaitMs = options.mergeWaitMs ?? MERGE_WAIT_MS;
    this.rps = options.rps ?? 7;
  }

  async run(): Promise<PushResult> {
    const started = Date.now();
    const before = this.client.stats();
    const plan = getPlan(this.db, this.planId);
    const runId = Number(
      this.db.prepare('INSERT INTO push_runs (plan_id, started_at) VALUES (?, ?)').run(this.planId, now()).lastInsertRowid,
    );
    if (plan.status !== 'done') setPlanStatus(this.db, this.planId, 'running');
    let status: 'done' | 'failed' | 'cancelled' = 'done';
    let error: unknown = null;
    try {
      // operations a previous run gave up on are tried again (and those skipped only because of them)
      this.retryFailed();
      // first, whatever was in flight when a previous run stopped
      const unfinished = this.db
        .prepare("SELECT * FROM push_batches WHERE plan_id = ? AND status IN ('pending', 'sent') ORDER BY id")
        .all(this.planId) as BatchRow[];
      for (const batch of unfinished) {
        await this.checkpoint();
        await this.recover(batch.id, { retry: true });
      }
      // the before-image read of the next group of the same kind overlaps the writes of this one
      // (only when they share no entity, so a read never sees a write of ours half done)
      let current = await this.prepareNext(null);
      while (current) {
        const next = this.prepareNext(current);
        let sendError: unknown = null;
        try {
          await this.sendAll(current.batchIds);
          if (modeOf(current.kind as OperationRow['kind']) === 'patch') await this.checkConcurrentEdits(current.batchIds);
        } catch (e) {
          sendError = e ?? new Error('push failed');
        }
        // let a prefetch in flight settle before the run ends or fails
        const settled = await next.then((x) => ({ ok: true as const, x }), (e: unknown) => ({ ok: false as const, e }));
        if (sendError) throw sendError;
        if (!settled.ok) throw settled.e;
        current = settled.x?.deferred ? await this.prepareNext(null) : settled.x;
        this.report(started);
      }
    } catch (e) {
      error = e;
      status = e instanceof AppError && e.code === 'CANCELLED' ? 'cancelled' : 'failed';
    }
    const after = this.client.stats();
    const requests = after.requests - before.requests;
    const rejected429 = after.rejected429 - before.rejected429;
    this.db
      .prepare('UPDATE push_runs SET finished_at = ?, status = ?, requests = ?, rejected429 = ?, error = ? WHERE id = ?')
      .run(now(), status, requests, rejected429, error ? String((error as Error).message ?? error) : null, runId);
    const open = this.count("status IN ('planned', 'batched')");
    const failed = this.count("status = 'failed'");
    // a plan with failed operations is not done: the next run retries them
    setPlanStatus(this.db, this.planId, status === 'done' && open === 0 && failed === 0 ? 'done' : status === 'done' ? 'failed' : status);
    if (error) throw error;
    this.report(started);
    return {
      plan: this.planId,
      applied: this.count("status = 'applied'"),
      skippedConflicts: this.count("status = 'conflict'"),
      skipped: this.count("status = 'skipped'"),
      failed: this.count("status = 'failed'"),
      possiblyOverwritten: this.count("status = 'applied' AND json_extract(result, '$.possiblyOverwritten') IS NOT NULL"),
      concurrentEdits: this.concurrentEdits(),
      windowChecks: this.windowChecks,
      requests,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      rejected429,
    };
  }

  /**
   * Puts the operations of this plan that failed in an earlier run back to 'planned', with the
   * operations skipped only because one of them had failed: a new run retries exactly those
   * (never the applied ones). The undocumented merge is the exception: a failed one may have
   * been carried out by amoCRM late, so it is never sent again automatically.
   */
  private retryFailed(): void {
    const rows = this.db
      .prepare("SELECT id, kind, status, result FROM plan_operations WHERE plan_id = ? AND status IN ('failed', 'skipped') ORDER BY id")
      .all(this.planId) as { id: number; kind: OperationRow['kind']; status: string; result: string | null }[];
    const again = this.db.prepare("UPDATE plan_operations SET status = 'planned', batch_id = NULL, result = ? WHERE id = ?");
    this.db.transaction(() => {
      for (const r of rows) {
        const result = r.result ? (JSON.parse(r.result) as Record<string, unknown>) : {};
        if (r.status === 'skipped' && result.blockedBy !== 'failed') continue;
        if (r.status === 'failed' && modeOf(r.kind) === 'private-merge') continue;
        const retries = typeof result.retries === 'number' ? result.retries + 1 : 1;
        again.run(JSON.stringify({ retries, ...(typeof result.error === 'string' ? { lastError: result.error } : {}) }), r.id);
      }
    })();
  }

  /**
   * After the writes of a group of field updates: did anyone edit one of the fields written
   * between its before-image read and the write? amoCRM has no conditional write, so this is
   * checked afterwards in the account's events (GET /api/v4/events, doc §17): an event on the
   * entity at or after the read's second and before the write's second, about a field the
   * write set, that this run did not cause, marks the operation "possibly overwrote a
   * concurrent edit", with the written fields' values from the before-image. Only whole
   * seconds are known, so an edit in the same second as the write goes unseen; when read and
   * write fall in the same second there is nothing to ask.
   */
  private async checkConcurrentEdits(batchIds: readonly number[]): Promise<void> {
    if (batchIds.length === 0) return;
    const rows = this.db
      .prepare(
        `SELECT o.*, b.sent_at AS sent, i.taken_at AS taken, i.image AS image FROM plan_operations o
         JOIN push_batches b ON b.id = o.batch_id JOIN before_images i ON i.op_id = o.id
         WHERE o.batch_id IN (${batchIds.map(() => '?').join(',')}) AND o.status = 'applied'`,
      )
      .all(...batchIds) as (OperationRow & { sent: number | null; taken: number; image: string })[];
    const open = rows.filter((r) => r.sent !== null && r.sent > r.taken);
    if (open.length === 0) return;
    const entity = EVENT_ENTITY[open[0]!.entity_type];
    if (!entity) return;
    const byId = new Map(open.map((r) => [r.entity_id, r]));
    const from = Math.min(...open.map((r) => r.taken));
    const to = Math.max(...open.map((r) => r.sent!)) - 1;
    const found = new Map<number, ApiObject[]>();
    for await (const page of this.client.paginate<ApiObject>(
      '/api/v4/events',
      'events',
      { 'filter[entity]': entity, 'filter[entity_id]': [...byId.keys()].join(','), 'filter[created_at][from]': from, 'filter[created_at][to]': to, limit: 100 },
      this.signalOpt(),
    )) {
      this.windowChecks++;
      for (const e of page.items) {
        const op = byId.get(Number(e.entity_id));
        const at = Number(e.created_at);
        if (!op || !(at >= op.taken && at < op.sent!)) continue;
        // an event this run caused (an earlier write to the entity, in the same second as this read)
        if (at <= (this.ownWriteBeforeRead.get(op.id) ?? Number.NEGATIVE_INFINITY)) continue;
        const item = obj(op.result ? (JSON.parse(op.result) as { item?: unknown }).item : null) ?? {};
        if (!touchesWrittenField(String(e.type), item)) continue;
        found.set(op.id, [...(found.get(op.id) ?? []), e]);
      }
    }
    if (found.size === 0) return;
    this.db.transaction(() => {
      for (const r of open) {
        const events = found.get(r.id);
        if (!events) continue;
        const item = obj(r.result ? (JSON.parse(r.result) as { item?: unknown }).item : null) ?? {};
        this.finish(r, 'applied', {
          possiblyOverwritten: {
            events: events.slice(0, 20).map((e) => ({ type: String(e.type), createdAt: Number(e.created_at), createdBy: typeof e.created_by === 'number' ? e.created_by : null })),
            before: writtenFieldsBefore(obj(JSON.parse(r.image)) ?? {}, item),
          },
        });
      }
    })();
  }

  private concurrentEdits(): ConcurrentEdit[] {
    const rows = this.db
      .prepare(
        "SELECT id, kind, entity_type, entity_id, json_extract(result, '$.possiblyOverwritten') AS p FROM plan_operations WHERE plan_id = ? AND status = 'applied' AND json_extract(result, '$.possiblyOverwritten') IS NOT NULL ORDER BY id LIMIT 100",
      )
      .all(this.planId) as { id: number; kind: string; entity_type: string; entity_id: number; p: string }[];
    return rows.map((r) => {
      const p = JSON.parse(r.p) as { events: ConcurrentEdit['events']; before: Record<string, unknown> };
      return { operation: r.id, kind: r.kind, entityType: r.entity_type, entityId: r.entity_id, events: p.events, before: p.before };
    });
  }

  private count(where: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM plan_operations WHERE plan_id = ? AND ${where}`).get(this.planId) as { n: number }).n;
  }

  private async checkpoint(): Promise<void> {
    if (this.control.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled');
    await this.control.checkpoint?.();
  }

  private report(started: number): void {
    const rows = this.db
      .prepare(
        `SELECT kind, count(*) AS total, sum(status NOT IN ('planned', 'batched')) AS done FROM plan_operations WHERE plan_id = ? GROUP BY kind`,
      )
      .all(this.planId) as { kind: string; total: number; done: number }[];
    let total = 0;
    let done = 0;
    for (const r of rows) {
      total += r.total;
      done += r.done;
      this.control.step?.({ key: r.kind, done: r.done, total: r.total, status: r.done === r.total ? 'done' : 'running' });
    }
    const remaining = total - done;
    const remainingRequests = Math.ceil(remaining / WRITE_BATCH) + Math.ceil(remaining / READ_BATCH);
    const s = this.client.stats();
    this.control.progress?.({
      fraction: total ? done / total : 1,
      etaSeconds: Math.ceil(remainingRequests / this.rps),
      rate: { current: s.currentRps, limit: Number.isFinite(s.limitRps) ? s.limitRps : this.rps },
    });
    void started;
  }

  /** The next planned operations of one kind: up to one read's worth, one per entity. */
  private nextGroup(): OperationRow[] {
    const first = this.db.prepare("SELECT * FROM plan_operations WHERE plan_id = ? AND status = 'planned' ORDER BY id LIMIT 1").get(this.planId) as
      | OperationRow
      | undefined;
    if (!first) return [];
    const mode = modeOf(first.kind);
    const limit = mode === 'patch' ? READ_BATCH : mode === 'create-task' ? WRITE_BATCH : 1;
    const candidates = this.db
      .prepare("SELECT * FROM plan_operations WHERE plan_id = ? AND status = 'planned' AND kind = ? AND entity_type = ? ORDER BY id LIMIT ?")
      .all(this.planId, first.kind, first.entity_type, limit * 2) as OperationRow[];
    const seen = new Set<number>();
    const out: OperationRow[] = [];
    const waiting = this.waitingOn();
    for (const op of candidates) {
      if (seen.has(op.entity_id)) continue;
      // one that waits for an operation not yet done (the second list field of the plan, say) comes in a later group
      if (op.id !== first.id && waiting(op)) continue;
      seen.add(op.entity_id);
      out.push(op);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** A test: does the operation require one of the plan that is still planned or in flight? */
  private waitingOn(): (op: OperationRow) => boolean {
    const status = this.db.prepare('SELECT status FROM plan_operations WHERE plan_id = ? AND kind = ? AND entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT 1');
    const cache = new Map<string, boolean>();
    return (op) => {
      const req = (JSON.parse(op.params) as { requires?: OpRef }).requires;
      if (!req) return false;
      const key = `${req.kind}|${req.entityType}|${req.entityId}`;
      let pending = cache.get(key);
      if (pending === undefined) {
        const row = status.get(this.planId, req.kind, req.entityType, req.entityId) as { status: string } | undefined;
        pending = row !== undefined && (row.status === 'planned' || row.status === 'batched');
        cache.set(key, pending);
      }
      return pending;
    };
  }

  /** updated_at the entity must still have: our own last write to it, else the snapshot's. null: not checked. */
  private expectedUpdatedAt(op: OperationRow): number | null {
    const ours = this.db.prepare('SELECT updated_at AS t FROM entity_versions WHERE entity_type = ? AND entity_id = ?').get(op.entity_type, op.entity_id) as
      | { t: number }
      | undefined;
    if (ours) return ours.t;
    if (!SNAPSHOT_TABLES.has(op.entity_type)) return null;
    const snap = this.db.prepare(`SELECT updated_at AS t FROM ${op.entity_type} WHERE id = ?`).get(op.entity_id) as { t: number | null } | undefined;
    return snap?.t ?? null;
  }

  private setVersion(entityType: string, entityId: number, updatedAt: unknown): void {
    this.ownWriteAt.set(`${entityType}:${entityId}`, now());
    if (typeof updatedAt !== 'number') return;
    // never back in time: two batches in flight may record versions of one entity out of order
    this.db
      .prepare(
        'INSERT INTO entity_versions (entity_type, entity_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (entity_type, entity_id) DO UPDATE SET updated_at = max(updated_at, excluded.updated_at)',
      )
      .run(entityType, entityId, updatedAt);
  }

  /**
   * Entities a write changes besides its own target (a link changes both ends, a task moved
   * between cards changes both cards): their new versions are read and recorded, so that our
   * own next write to them is not taken for someone else's change.
   */
  private touchedBy(op: OperationRow): [string, number][] {
    const mode = modeOf(op.kind);
    const out: [string, number][] = [];
    if (mode === 'link') {
      const p = parseParams<{ toType: string; toId: number }>(op);
      out.push([op.entity_type, op.entity_id], [p.toType, p.toId]);
    } else if (mode === 'create-task' || mode === 'create-note') {
      out.push([op.entity_type, op.entity_id]);
    } else if (mode === 'patch' && op.entity_type === 'tasks') {
      const image = this.db.prepare('SELECT image FROM before_images WHERE op_id = ?').get(op.id) as { image: string } | undefined;
      const before = image ? (JSON.parse(image.image) as ApiObject) : {};
      const item = (op.result ? (JSON.parse(op.result) as { item?: ApiObject }).item : undefined) ?? {};
      for (const x of [before, item]) if (typeof x.entity_type === 'string' && typeof x.entity_id === 'number') out.push([x.entity_type, x.entity_id]);
    }
    return out.filter(([t]) => t === 'leads' || t === 'contacts' || t === 'companies');
  }

  /**
   * The last step of a batch whose operations are applied: the versions its writes produced are
   * recorded, then the batch is confirmed. Until then the batch stays 'sent', so a run killed
   * in between reads them on resume instead of taking its own write for someone else's change.
   */
  private async completeBatch(batchId: number): Promise<void> {
    await this.refreshVersions(batchId);
    this.db.prepare("UPDATE push_batches SET status = 'confirmed', confirmed_at = ?, error = NULL WHERE id = ?").run(now(), batchId);
  }

  private async refreshVersions(batchId: number): Promise<void> {
    const ops = this.db.prepare("SELECT * FROM plan_operations WHERE batch_id = ? AND status = 'applied'").all(batchId) as OperationRow[];
    const byType = new Map<string, Set<number>>();
    for (const op of ops) for (const [t, id] of this.touchedBy(op)) byType.set(t, (byType.get(t) ?? new Set()).add(id));
    for (const [type, ids] of byType) {
      const current = await this.readEntities(type, [...ids]);
      this.db.transaction(() => {
        for (const [id, e] of current) this.setVersion(type, id, e.updated_at);
      })();
    }
  }

  // ---------- reads ----------

  private async readEntities(entityType: string, ids: readonly number[], withParam?: string): Promise<Map<number, ApiObject>> {
    const out = new Map<number, ApiObject>();
    for (let i = 0; i < ids.length; i += READ_BATCH) {
      const chunk = ids.slice(i, i + READ_BATCH);
      for await (const page of this.client.paginate<ApiObject>(
        `/api/v4/${entityType}`,
        entityType,
        { 'filter[id]': [...chunk], limit: READ_BATCH, ...(withParam ? { with: withParam } : {}) },
        this.signalOpt(),
      )) {
        for (const item of page.items) out.set(Number(item.id), item);
      }
    }
    return out;
  }

  /** Every task (open or closed) of the given deals, by deal id. */
  private async readTasksOf(leadIds: readonly number[]): Promise<Map<number, ApiObject[]>> {
    const out = new Map<number, ApiObject[]>();
    for (let i = 0; i < leadIds.length; i += WRITE_BATCH) {
      const chunk = leadIds.slice(i, i + WRITE_BATCH);
      for await (const page of this.client.paginate<ApiObject>(
        '/api/v4/tasks',
        'tasks',
        { 'filter[entity_type]': 'leads', 'filter[entity_id]': [...chunk], limit: READ_BATCH },
        this.signalOpt(),
      )) {
        for (const t of page.items) {
          const id = Number(t.entity_id);
          out.set(id, [...(out.get(id) ?? []), t]);
        }
      }
    }
    return out;
  }

  /** Every note of the given entities, by entity id. */
  private async readNotesOf(entityType: string, ids: readonly number[]): Promise<Map<number, ApiObject[]>> {
    const out = new Map<number, ApiObject[]>();
    for (let i = 0; i < ids.length; i += WRITE_BATCH) {
      const chunk = ids.slice(i, i + WRITE_BATCH);
      for await (const page of this.client.paginate<ApiObject>(`/api/v4/${entityType}/notes`, 'notes', { 'filter[entity_id]': [...chunk], limit: READ_BATCH }, this.signalOpt())) {
        for (const n of page.items) {
          const id = Number(n.entity_id);
          out.set(id, [...(out.get(id) ?? []), n]);
        }
      }
    }
    return out;
  }

  /** Operations whose prerequisite (a merge's survivor update) did not end well are skipped. */
  private dropBlocked(ops: OperationRow[]): OperationRow[] {
    const status = this.db.prepare('SELECT status FROM plan_operations WHERE plan_id = ? AND kind = ? AND entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT 1');
    return ops.filter((op) => {
      const req = (JSON.parse(op.params) as { requires?: OpRef }).requires;
      if (!req) return true;
      const row = status.get(this.planId, req.kind, req.entityType, req.entityId) as { status: string } | undefined;
      if (row && (row.status === 'applied' || row.status === 'skipped')) return true;
      this.finish(op, 'skipped', { reason: `not sent: ${req.kind} of ${req.entityType} ${req.entityId} is ${row?.status ?? 'missing'}`, blockedBy: row?.status ?? 'missing' });
      return false;
    });
  }

  /**
   * Operations that write to a field an earlier operation of the plan creates (fields.ensure,
   * revert.field) get its id and enum ids from that operation's result; the params are stored,
   * so a read-back after a crash builds the same item.
   */
  private resolveFields(ops: OperationRow[]): OperationRow[] {
    const lookup = this.db.prepare('SELECT result FROM plan_operations WHERE plan_id = ? AND kind = ? AND entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT 1');
    const update = this.db.prepare('UPDATE plan_operations SET params = ? WHERE id = ?');
    const made = new Map<string, { fieldId: number; enums: Record<string, number> } | null>();
    return this.db.transaction(() =>
      ops.map((op) => {
        const from = (JSON.parse(op.params) as { fieldFrom?: OpRef }).fieldFrom;
        if (!from) return op;
        const key = `${from.kind}|${from.entityType}|${from.entityId}`;
        if (!made.has(key)) {
          const row = lookup.get(this.planId, from.kind, from.entityType, from.entityId) as { result: string | null } | undefined;
          const r = row?.result ? (JSON.parse(row.result) as { fieldId?: unknown; newFieldId?: unknown; enums?: Record<string, number> }) : {};
          const id = typeof r.fieldId === 'number' ? r.fieldId : typeof r.newFieldId === 'number' ? r.newFieldId : null;
          made.set(key, id === null ? null : { fieldId: id, enums: r.enums ?? {} });
        }
        const params = resolveFieldParams(op, made.get(key) ?? null);
        if (params === null) return op;
        update.run(params, op.id);
        return { ...op, params };
      }),
    )();
  }

  private linkWith(entityType: string): string | undefined {
    return entityType === 'leads' ? 'contacts' : entityType === 'companies' ? 'contacts,leads' : entityType === 'contacts' ? 'leads' : undefined;
  }

  /** The first entity holding a value in the field (a walk over every entity of the type, 250 a page), or null. */
  private async firstHolder(entityType: string, fieldId: number): Promise<number | null> {
    for await (const page of this.client.paginate<ApiObject>(`/api/v4/${entityType}`, entityType, { limit: READ_BATCH }, this.signalOpt())) {
      for (const e of page.items) {
        const cfv = Array.isArray(e.custom_fields_values) ? (e.custom_fields_values as unknown[]) : [];
        if (cfv.some((f) => Number(obj(f)?.field_id) === fieldId && Array.isArray(obj(f)?.values) && (obj(f)!.values as unknown[]).length > 0)) return Number(e.id);
      }
    }
    return null;
  }

  private async readFields(fieldEntity: string): Promise<ApiObject[]> {
    const out: ApiObject[] = [];
    for await (const page of this.client.paginate<ApiObject>(`/api/v4/${fieldEntity}/custom_fields`, 'custom_fields', { limit: READ_BATCH }, this.signalOpt())) {
      out.push(...page.items);
    }
    return out;
  }

  /** every role of the account (GET /api/v4/roles; admin only), with their users when asked */
  private async readRoles(withUsers: boolean): Promise<ApiObject[]> {
    const out: ApiObject[] = [];
    for await (const page of this.client.paginate<ApiObject>('/api/v4/roles', 'roles', { limit: READ_BATCH, ...(withUsers ? { with: 'users' } : {}) }, this.signalOpt())) {
      out.push(...page.items);
    }
    return out;
  }

  /** A pause before a write is sent again after an error (429, 5xx, network). */
  private pause(ms: number): Promise<void> {
    return cancellablePause(ms, this.control.signal);
  }

  private signalOpt(): { signal?: AbortSignal } {
    return this.control.signal ? { signal: this.control.signal } : {};
  }

  // ---------- prepare: before-images, conflicts, batches ----------

  /** Reads and journals the next group; with `after`, only a group of the same kind with no entity in common. */
  private async prepareNext(after: Prepared | null): Promise<Prepared | null> {
    for (;;) {
      await this.checkpoint();
      const ops = this.nextGroup();
      if (ops.length === 0) return null;
      if (after) {
        const first = ops[0]!;
        if (first.kind !== after.kind || first.entity_type !== after.entityType || ops.some((o) => after.entities.has(o.entity_id))) {
          // not safe to overlap: wait for the writes in flight, then prepare it
          return { kind: '', entityType: '', entities: new Set(), batchIds: [], deferred: true };
        }
      }
      const prepared = await this.processGroup(ops);
      if (prepared) return prepared;
    }
  }

  private async sendAll(batchIds: readonly number[]): Promise<void> {
    // a few writes in flight at once, so that request latency does not eat into the rate; the
    // shared limiter still spaces their starts. Each batch is journaled on its own.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batchIds.length) {
        const id = batchIds[next++]!;
        await this.checkpoint();
        await this.send(id);
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.min(WRITES_IN_FLIGHT, batchIds.length) }, worker));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async processGroup(all: OperationRow[]): Promise<Prepared | null> {
    const ops = this.resolveFields(this.dropBlocked(all));
    if (ops.length === 0) return null;
    const first = ops[0]!;
    const mode = modeOf(first.kind);
    const ready: { op: OperationRow; item: unknown }[] = [];
    const t = now();
    const saveImage = this.db.prepare('INSERT OR REPLACE INTO before_images (op_id, entity_type, entity_id, image, taken_at) VALUES (?, ?, ?, ?, ?)');

    /** Stores each entity's before-image, turns a missing entity into a conflict, and lets `decide` handle the rest. */
    const imageEach = (current: Map<number, ApiObject>, decide: (op: OperationRow, cur: ApiObject) => void): void => {
      this.db.transaction(() => {
        for (const op of ops) {
          const cur = current.get(op.entity_id);
          const own = this.ownWriteAt.get(`${op.entity_type}:${op.entity_id}`);
          if (own !== undefined) this.ownWriteBeforeRead.set(op.id, own);
          saveImage.run(op.id, op.entity_type, op.entity_id, JSON.stringify(cur ?? { missing: true }), t);
          if (cur) decide(op, cur);
          else this.finish(op, 'conflict', { reason: 'not found in amoCRM (deleted?)' });
        }
      })();
    };

    if (mode === 'patch') {
      imageEach(await this.readEntities(first.entity_type, ops.map((o) => o.entity_id)), (op, cur) => {
        const expected = this.expectedUpdatedAt(op);
        if (expected !== null && Number(cur.updated_at) !== expected) {
          this.finish(op, 'conflict', { reason: 'changed in amoCRM since the snapshot', expectedUpdatedAt: expected, serverUpdatedAt: cur.updated_at ?? null });
          return;
        }
        const built = buildPatchItem(op, cur);
        if ('conflict' in built) this.finish(op, 'conflict', { reason: built.conflict });
        else if ('noop' in built) this.finish(op, 'skipped', { reason: built.noop });
        else ready.push({ op, item: { id: op.entity_id, ...built.item } });
      });
    } else if (mode === 'link') {
      imageEach(await this.readEntities(first.entity_type, ops.map((o) => o.entity_id), this.linkWith(first.entity_type)), (op, cur) => {
        const built = buildLinkItem(op, cur);
        if ('item' in built) ready.push({ op, item: built.item });
        else if ('noop' in built) this.finish(op, 'skipped', { reason: built.noop });
        else this.finish(op, 'conflict', { reason: built.conflict });
      });
    } else if (mode === 'create-note') {
      imageEach(await this.readEntities(first.entity_type, ops.map((o) => o.entity_id)), (op) => {
        const p = parseParams<MergeNoteParams>(op);
        ready.push({ op, item: { entity_id: op.entity_id, note_type: 'common', params: { text: p.text }, request_id: String(op.id) } });
      });
    } else if (mode === 'create-task') {
      const ids = ops.map((o) => o.entity_id);
      const leads = await this.readEntities('leads', ids);
      const tasks = await this.readTasksOf(ids);
      this.db.transaction(() => {
        for (const op of ops) {
          const lead = leads.get(op.entity_id);
          const open = (tasks.get(op.entity_id) ?? []).filter((x) => x.is_completed !== true);
          saveImage.run(op.id, 'leads', op.entity_id, JSON.stringify(lead ? { lead, openTasks: open } : { missing: true }), t);
          const problem = this.taskConflict(lead, open);
          if (problem) {
            this.finish(op, 'conflict', { reason: problem });
            continue;
          }
          const p = parseParams<TasksCreateParams>(op);
          ready.push({
            op,
            item: {
              entity_id: op.entity_id,
              entity_type: 'leads',
              text: p.text,
              complete_till: p.completeTill,
              task_type_id: p.taskTypeId,
              responsible_user_id: p.responsibleUserId ?? lead?.responsible_user_id,
              request_id: String(op.id),
            },
          });
        }
      })();
    } else if (mode === 'private-merge') {
      // UNDOCUMENTED, IRREVERSIBLE (doc §15): the group's cards read (before-images, conflicts), then amoCRM's merge info
      const op = first;
      const ids = groupIds(op);
      const cards = await this.readEntities('contacts', ids, 'leads');
      const missing = ids.filter((id) => !cards.has(id));
      const changed = ids.filter((id) => {
        const expected = this.expectedUpdatedAt({ ...op, entity_id: id });
        return cards.has(id) && expected !== null && Number(cards.get(id)!.updated_at) !== expected;
      });
      let info: unknown = null;
      if (missing.length === 0 && changed.length === 0) {
        info = (await this.client.request<unknown>({ method: 'POST', path: MERGE_INFO_PATH, form: infoForm(ids), idempotent: true, ...this.signalOpt() })).data;
      }
      this.db.transaction(() => {
        saveImage.run(op.id, 'contacts', op.entity_id, JSON.stringify({ cards: ids.map((id) => cards.get(id) ?? { id, missing: true }), info }), t);
        if (missing.length > 0) this.finish(op, 'conflict', { reason: `not found in amoCRM (deleted?): contacts ${missing.join(', ')}` });
        else if (changed.length > 0) this.finish(op, 'conflict', { reason: `changed in amoCRM since the snapshot: contacts ${changed.join(', ')}` });
        else ready.push({ op, item: { form: saveForm(op, cards) } });
      })();
    } else if (mode === 'role') {
      // one role per request (doc §13)
      const op = first;
      const roles = await this.readRoles(op.kind === 'revert.drop_role');
      this.db.transaction(() => {
        const built = buildRoleWrite(op, roles);
        saveImage.run(op.id, 'roles', op.entity_id, JSON.stringify(built.image), t);
        if ('item' in built) ready.push({ op, item: built.item });
        else if ('noop' in built) this.finish(op, 'skipped', { reason: built.noop, ...(built.result ?? {}) });
        else this.finish(op, 'conflict', { reason: built.conflict });
      })();
    } else {
      // one custom field per request
      const op = first;
      const p = parseParams<FieldsDeleteParams | RevertFieldParams | EnsureFieldParams>(op);
      const fields = await this.readFields(p.fieldEntity);
      // a list field made by fields.to_list is dropped by its rollback only when no card holds a value in it
      const holder = op.kind === 'revert.drop_field' && fields.some((f) => Number(f.id) === op.entity_id) ? await this.firstHolder(p.fieldEntity, op.entity_id) : null;
      this.db.transaction(() => {
        if (mode === 'delete-field') {
          const d = p as FieldsDeleteParams;
          const field = fields.find((f) => Number(f.id) === op.entity_id);
          saveImage.run(op.id, 'custom_fields', op.entity_id, JSON.stringify(field ? { field, values: d.values } : { missing: true }), t);
          if (!field) this.finish(op, 'skipped', { reason: 'the field is already gone' });
          else if (holder !== null) this.finish(op, 'skipped', { reason: `kept: ${p.fieldEntity} ${holder} holds a value in it` });
          else if ((d.name !== null && field.name !== d.name) || (d.type !== null && field.type !== d.type))
            this.finish(op, 'conflict', { reason: 'the field was changed in amoCRM since the snapshot' });
          else if (field.is_deletable === false) this.finish(op, 'conflict', { reason: 'amoCRM does not let this field be deleted' });
          else ready.push({ op, item: null });
        } else if (op.kind === 'fields.ensure') {
          const e = p as EnsureFieldParams;
          const found = fields.find((f) => fieldNameKey(f.name) === fieldNameKey(e.definition.name) && f.type === e.definition.type);
          saveImage.run(op.id, op.entity_type, op.entity_id, JSON.stringify({ fields: fields.length, existing: found ?? null }), t);
          if (!found) ready.push({ op, item: e.definition });
          else {
            const enums = enumMap(found);
            const missing = (e.definition.enums ?? []).filter((x) => !(x.value in enums)).map((x) => x.value);
            // the account has it already (a refresh would have told the plan): use it
            if (missing.length === 0) this.finish(op, 'skipped', { reason: 'the field exists', fieldId: Number(found.id), enums });
            else this.finish(op, 'conflict', { reason: `a field "${String(found.name)}" exists without the options ${missing.slice(0, 5).join(', ')}`, fieldId: Number(found.id) });
          }
        } else {
          const r = p as RevertFieldParams;
          const clash = fields.find((f) => f.name === r.definition.name && f.type === r.definition.type);
          saveImage.run(op.id, 'custom_fields', op.entity_id, JSON.stringify({ fields: fields.length }), t);
          if (clash) this.finish(op, 'conflict', { reason: 'a field with this name and type exists again', fieldId: clash.id });
          else ready.push({ op, item: r.definition });
        }
      })();
    }
    const batchIds = this.createBatches(first, mode, ready);
    return { kind: first.kind, entityType: first.entity_type, entities: new Set(ops.map((o) => o.entity_id)), batchIds, deferred: false };
  }

  private taskConflict(lead: ApiObject | undefined, openTasks: ApiObject[]): string | null {
    if (!lead) return 'the deal is not in amoCRM (deleted?)';
    const status = Number(lead.status_id);
    if (status === 142 || status === 143) return 'the deal is closed now';
    if (openTasks.length > 0) return 'the deal has an open task now';
    return null;
  }

  private finish(op: OperationRow, status: 'applied' | 'conflict' | 'skipped' | 'failed', result: Record<string, unknown>, afterUpdatedAt?: number | null): void {
    const previous = op.result ? (JSON.parse(op.result) as Record<string, unknown>) : {};
    this.db
      .prepare('UPDATE plan_operations SET status = ?, result = ?, after_updated_at = coalesce(?, after_updated_at) WHERE id = ?')
      .run(status, JSON.stringify({ ...previous, ...result }), afterUpdatedAt ?? null, op.id);
  }

  private requestFor(first: OperationRow, mode: Mode, items: unknown[], op?: OperationRow): WriteRequest {
    switch (mode) {
      case 'patch':
        return { method: 'PATCH', path: patchPath(first.entity_type), body: items };
      case 'create-task':
        return { method: 'POST', path: '/api/v4/tasks', body: items };
      case 'delete-field': {
        const p = parseParams<FieldsDeleteParams>(op ?? first);
        return { method: 'DELETE', path: `/api/v4/${p.fieldEntity}/custom_fields/${(op ?? first).entity_id}` };
      }
      case 'create-field': {
        const p = parseParams<RevertFieldParams>(op ?? first);
        return { method: 'POST', path: `/api/v4/${p.fieldEntity}/custom_fields`, body: items };
      }
      case 'link':
        return { method: 'POST', path: `/api/v4/${first.entity_type}/${linkAction(first.kind)}`, body: items };
      case 'create-note':
        return { method: 'POST', path: `/api/v4/${first.entity_type}/notes`, body: items };
      case 'role':
        return roleRequest(op ?? first, (items[0] as ApiObject | undefined) ?? null);
      case 'private-merge':
        return { method: 'POST', path: MERGE_SAVE_PATH, form: ((items[0] as { form?: [string, string][] } | undefined)?.form ?? []) };
    }
  }

  private createBatches(first: OperationRow, mode: Mode, ready: { op: OperationRow; item: unknown }[]): number[] {
    const size = mode === 'delete-field' || mode === 'create-field' || mode === 'role' || mode === 'private-merge' ? 1 : WRITE_BATCH;
    const ids: number[] = [];
    this.db.transaction(() => {
      const insert = this.db.prepare('INSERT INTO push_batches (plan_id, kind, entity_type, status, request, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      const mark = this.db.prepare("UPDATE plan_operations SET status = 'batched', batch_id = ?, result = ? WHERE id = ?");
      for (let i = 0; i < ready.length; i += size) {
        const chunk = ready.slice(i, i + size);
        const items = chunk.map((c) => c.item).filter((x) => x !== null);
        const req = this.requestFor(first, mode, items, chunk[0]!.op);
        const id = Number(insert.run(this.planId, first.kind, first.entity_type, 'pending', JSON.stringify(req), now()).lastInsertRowid);
        for (const c of chunk) mark.run(id, JSON.stringify(c.item === null ? {} : { item: c.item }), c.op.id);
        ids.push(id);
      }
    })();
    return ids;
  }

  // ---------- send, confirm, recover ----------

  private batch(id: number): BatchRow {
    return this.db.prepare('SELECT * FROM push_batches WHERE id = ?').get(id) as BatchRow;
  }

  private batchOps(batchId: number): OperationRow[] {
    return this.db.prepare("SELECT * FROM plan_operations WHERE batch_id = ? AND status = 'batched' ORDER BY id").all(batchId) as OperationRow[];
  }

  private async send(batchId: number): Promise<void> {
    const batch = this.batch(batchId);
    const req = JSON.parse(batch.request ?? '{}') as WriteRequest;
    this.db.prepare("UPDATE push_batches SET status = 'sent', attempts = attempts + 1, sent_at = ? WHERE id = ?").run(now(), batchId);
    let data: unknown;
    let status: number;
    try {
      const res = await this.client.request<unknown>({
        method: req.method,
        path: req.path,
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(req.form !== undefined ? { form: req.form } : {}),
        idempotent: false,
        ...this.signalOpt(),
      });
      data = res.data;
      status = res.status;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && STOP_CODES.has(code)) throw e; // the batch stays 'sent': read back on the next run
      const status = (e as { details?: { status?: unknown } }).details?.status;
      const message = e instanceof Error ? e.message : String(e);
      this.db.prepare('UPDATE push_batches SET error = ? WHERE id = ?').run(message, batchId);
      const clientError = typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
      await this.recover(batchId, { retry: !clientError, error: message });
      return;
    }
    if (modeOf(batch.kind) === 'private-merge') {
      await this.awaitMerge(batchId, { status, errors: saveErrors(data) });
      return;
    }
    this.confirm(batch, req, data);
    await this.completeBatch(batchId);
  }

  /**
   * merge.undocumented after its save was sent (or may have been): amoCRM queues the merge
   * (202), so the losers are read until they are gone (trashed), at most mergeWaitMs. Never
   * sent again automatically: a merge still not seen is reported failed, to be checked in amoCRM.
   */
  private async awaitMerge(batchId: number, sent: { status?: number; errors?: string[]; readBack?: boolean }): Promise<void> {
    const ops = this.batchOps(batchId);
    for (const op of ops) {
      const losers = groupIds(op).slice(1);
      const fail = (error: string) =>
        this.db.transaction(() => {
          this.finish(op, 'failed', { error, undocumented: true });
          this.db.prepare("UPDATE push_batches SET status = 'failed', error = ? WHERE id = ?").run(error, batchId);
        })();
      if (sent.errors && sent.errors.length > 0) {
        fail(`amoCRM refused the undocumented merge: ${sent.errors.join('; ').slice(0, 500)}`);
        continue;
      }
      const deadline = Date.now() + this.mergeWaitMs;
      let left: number[];
      for (;;) {
        left = [...(await this.readEntities('contacts', losers)).keys()];
        if (left.length === 0 || Date.now() >= deadline) break;
        await this.pause(MERGE_POLL_MS);
      }
      if (left.length > 0) {
        fail(
          `the undocumented merge was ${sent.readBack ? 'possibly sent' : `accepted (HTTP ${sent.status ?? '?'})`} but contacts ${left.join(', ')} were still in amoCRM after ${Math.round(this.mergeWaitMs / 1000)} s; not sent again: check the cards in amoCRM`,
        );
        continue;
      }
      const survivor = (await this.readEntities('contacts', [op.entity_id])).get(op.entity_id);
      this.db.transaction(() => {
        this.finish(op, 'applied', { merged: losers, undocumented: true, irreversible: true, ...(sent.status ? { httpStatus: sent.status } : {}), ...(sent.readBack ? { readBack: true } : {}) }, typeof survivor?.updated_at === 'number' ? survivor.updated_at : null);
        this.setVersion('contacts', op.entity_id, survivor?.updated_at);
        this.db.prepare("UPDATE push_batches SET status = 'confirmed', confirmed_at = ?, error = NULL WHERE id = ?").run(now(), batchId);
      })();
    }
  }

  private confirm(batch: BatchRow, req: WriteRequest, data: unknown): void {
    const ops = this.batchOps(batch.id);
    const mode = modeOf(batch.kind);
    const embedded = obj(obj(data)?._embedded);
    this.db.transaction(() => {
      if (mode === 'patch') {
        const list = Array.isArray(embedded?.[batch.entity_type]) ? (embedded![batch.entity_type] as unknown[]) : [];
        const updated = new Map<number, number>();
        for (const x of list) {
          const o = obj(x);
          if (o && typeof o.updated_at === 'number') updated.set(Number(o.id), o.updated_at);
        }
        for (const op of ops) {
          this.finish(op, 'applied', {}, updated.get(op.entity_id) ?? null);
          this.setVersion(op.entity_type, op.entity_id, updated.get(op.entity_id));
        }
      } else if (mode === 'create-task') {
        const createdId = createdIdFinder(embedded?.tasks, req.body);
        for (const op of ops) this.finish(op, 'applied', { taskId: createdId(op.id) });
      } else if (mode === 'delete-field' || mode === 'link') {
        for (const op of ops) this.finish(op, 'applied', {});
      } else if (mode === 'role') {
        const made = (Array.isArray(embedded?.roles) ? (embedded!.roles as unknown[]) : []).map((x) => obj(x) ?? {});
        for (const op of ops) this.finish(op, 'applied', op.kind === 'roles.create' ? { roleId: made[0] ? Number(made[0].id) : null } : {});
      } else if (mode === 'create-note') {
        const createdId = createdIdFinder(embedded?.notes, req.body);
        for (const op of ops) this.finish(op, 'applied', { noteId: createdId(op.id) });
      } else {
        const list = (Array.isArray(embedded?.custom_fields) ? (embedded!.custom_fields as unknown[]) : []).map((x) => obj(x) ?? {});
        for (const op of ops) this.finish(op, 'applied', { newFieldId: list[0] ? Number(list[0].id) : null, enums: enumMap(list[0]) });
      }
      // the batch stays 'sent' until completeBatch has recorded the versions its writes produced
      this.db.prepare('UPDATE push_batches SET error = NULL WHERE id = ?').run(batch.id);
    })();
  }

  /**
   * Reads back the entities of a batch that may or may not have reached amoCRM, confirms
   * what was applied, and sends the rest again (or marks it failed when retry is false
   * or the attempts are used up).
   */
  private async recover(batchId: number, options: { retry: boolean; error?: string }): Promise<void> {
    const batch = this.batch(batchId);
    const ops = this.batchOps(batchId);
    const mode = modeOf(batch.kind);
    if (mode === 'private-merge') {
      // never sent: send it now; refused (4xx): failed; maybe sent: wait for it, never send it twice
      if (batch.status === 'pending') await this.send(batchId);
      else if (!options.retry) await this.awaitMerge(batchId, { errors: [options.error ?? 'refused'] });
      else await this.awaitMerge(batchId, { readBack: true });
      return;
    }
    const image = this.db.prepare('SELECT image FROM before_images WHERE op_id = ?');
    const imageOf = (op: OperationRow): ApiObject => {
      const row = image.get(op.id) as { image: string } | undefined;
      return row ? ((JSON.parse(row.image) as ApiObject) ?? {}) : {};
    };
    const itemOf = (op: OperationRow): unknown => (op.result ? (JSON.parse(op.result) as { item?: unknown }).item : undefined);
    const remaining: { op: OperationRow; item: unknown }[] = [];

    if (ops.length > 0) {
      if (mode === 'patch') {
        const current = await this.readEntities(batch.entity_type, ops.map((o) => o.entity_id));
        this.db.transaction(() => {
          for (const op of ops) {
            const cur = current.get(op.entity_id);
            const item = obj(itemOf(op)) ?? {};
            const { id: _id, ...fields } = item;
            if (cur && itemApplied(fields, cur)) {
              this.finish(op, 'applied', { readBack: true }, typeof cur.updated_at === 'number' ? cur.updated_at : null);
              this.setVersion(op.entity_type, op.entity_id, cur.updated_at);
            }
            else if (cur && Number(cur.updated_at) === Number(imageOf(op).updated_at)) {
              const built = buildPatchItem(op, cur);
              if ('item' in built) remaining.push({ op, item: { id: op.entity_id, ...built.item } });
              else if ('noop' in built) this.finish(op, 'skipped', { reason: built.noop });
              else this.finish(op, 'conflict', { reason: built.conflict });
            } else this.finish(op, 'conflict', { reason: cur ? 'changed in amoCRM while the write was in flight' : 'not found in amoCRM (deleted?)' });
          }
        })();
      } else if (mode === 'link') {
        const current = await this.readEntities(batch.entity_type, ops.map((o) => o.entity_id), this.linkWith(batch.entity_type));
        this.db.transaction(() => {
          for (const op of ops) {
            const cur = current.get(op.entity_id);
            const p = parseParams<{ toType: string; toId: number }>(op);
            if (!cur) this.finish(op, 'conflict', { reason: 'not found in amoCRM (deleted?)' });
            else if (isLinked(cur, p.toType, p.toId) === (linkAction(op.kind) === 'link')) this.finish(op, 'applied', { readBack: true });
            else remaining.push({ op, item: itemOf(op) });
          }
        })();
      } else if (mode === 'create-note') {
        const notes = await this.readNotesOf(batch.entity_type, ops.map((o) => o.entity_id));
        this.db.transaction(() => {
          for (const op of ops) {
            const p = parseParams<MergeNoteParams>(op);
            const mine = (notes.get(op.entity_id) ?? []).find((n) => obj(n.params)?.text === p.text);
            if (mine) this.finish(op, 'applied', { noteId: Number(mine.id), readBack: true });
            else remaining.push({ op, item: itemOf(op) });
          }
        })();
      } else if (mode === 'create-task') {
        const ids = ops.map((o) => o.entity_id);
        const leads = await this.readEntities('leads', ids);
        const tasks = await this.readTasksOf(ids);
        this.db.transaction(() => {
          for (const op of ops) {
            const p = parseParams<TasksCreateParams>(op);
            const all = tasks.get(op.entity_id) ?? [];
            const mine = all.find((x) => x.text === p.text && Number(x.complete_till) === p.completeTill);
            if (mine) {
              this.finish(op, 'applied', { taskId: Number(mine.id), readBack: true });
              continue;
            }
            const problem = this.taskConflict(leads.get(op.entity_id), all.filter((x) => x.is_completed !== true));
            if (problem) this.finish(op, 'conflict', { reason: problem });
            else remaining.push({ op, item: itemOf(op) });
          }
        })();
      } else if (mode === 'role') {
        const op = ops[0]!;
        const roles = await this.readRoles(false);
        this.db.transaction(() => {
          const applied = roleApplied(op, roles);
          if (applied) this.finish(op, 'applied', { ...applied, readBack: true });
          else remaining.push({ op, item: itemOf(op) ?? null });
        })();
      } else {
        const op = ops[0]!;
        const p = parseParams<FieldsDeleteParams | RevertFieldParams | EnsureFieldParams>(op);
        const fields = await this.readFields(p.fieldEntity);
        this.db.transaction(() => {
          if (mode === 'delete-field') {
            if (!fields.some((f) => Number(f.id) === op.entity_id)) this.finish(op, 'applied', { readBack: true });
            else remaining.push({ op, item: null });
          } else {
            const def = (p as RevertFieldParams).definition;
            const made = fields.find((f) => (op.kind === 'fields.ensure' ? fieldNameKey(f.name) === fieldNameKey(def.name) : f.name === def.name) && f.type === def.type);
            if (made) this.finish(op, 'applied', { newFieldId: Number(made.id), enums: enumMap(made), readBack: true });
            else remaining.push({ op, item: def });
          }
        })();
      }
    }

    if (remaining.length === 0) {
      await this.completeBatch(batchId);
      return;
    }
    if (!options.retry && remaining.length > 1 && (mode === 'patch' || mode === 'create-task' || mode === 'link' || mode === 'create-note')) {
      // amoCRM refused the batch (a 4xx such as a validation error): send each operation on its
      // own once, so that one bad item does not fail the others
      const singles: number[] = [];
      this.db.transaction(() => {
        const insert = this.db.prepare('INSERT INTO push_batches (plan_id, kind, entity_type, status, request, created_at) VALUES (?, ?, ?, ?, ?, ?)');
        const move = this.db.prepare('UPDATE plan_operations SET batch_id = ?, result = ? WHERE id = ?');
        for (const r of remaining) {
          const req = this.requestFor(r.op, mode, [r.item], r.op);
          const id = Number(insert.run(this.planId, batch.kind, batch.entity_type, 'pending', JSON.stringify(req), now()).lastInsertRowid);
          move.run(id, JSON.stringify({ item: r.item }), r.op.id);
          singles.push(id);
        }
        this.db.prepare("UPDATE push_batches SET status = 'failed', error = coalesce(error, 'split into single operations') WHERE id = ?").run(batchId);
      })();
      for (const id of singles) await this.send(id);
      return;
    }
    if (!options.retry || batch.attempts >= this.maxAttempts) {
      this.db.transaction(() => {
        for (const r of remaining) this.finish(r.op, 'failed', { error: options.error ?? batch.status });
        this.db.prepare("UPDATE push_batches SET status = 'failed' WHERE id = ?").run(batchId);
      })();
      return;
    }
    if (options.error) await this.pause(Math.min(8000, 500 * 2 ** Math.max(0, batch.attempts - 1)));
    const first = remaining[0]!.op;
    const req = this.requestFor(first, mode, remaining.map((r) => r.item).filter((x) => x !== null), first);
    this.db.transaction(() => {
      this.db.prepare("UPDATE push_batches SET status = 'pending', request = ? WHERE id = ?").run(JSON.stringify(req), batchId);
      const mark = this.db.prepare('UPDATE plan_operations SET result = ? WHERE id = ?');
      for (const r of remaining) if (r.item !== null && mode !== 'create-field') mark.run(JSON.stringify({ item: r.item }), r.op.id);
    })();
    await this.send(batchId);
  }
}

/** filter[entity] of the events API per entity type (doc §17) */
const EVENT_ENTITY: Record<string, string | undefined> = { leads: 'lead', contacts: 'contact', companies: 'company', tasks: 'task' };

/** Event types that change one known field, and that field's key in a write item. */
const EVENT_FIELD: Record<string, string> = {
  name_field_changed: 'name',
  sale_field_changed: 'price',
  lead_status_changed: 'status_id',
  entity_responsible_changed: 'responsible_user_id',
  entity_tag_added: 'tags',
  entity_tag_deleted: 'tags',
};

/** The keys a write item sets: its top-level fields, "tags", and "cf:<field id>" per custom field. */
function writtenKeys(item: ApiObject): Set<string> {
  const keys = new Set<string>();
  for (const k of Object.keys(item)) if (k !== 'id' && k !== '_embedded' && k !== 'custom_fields_values') keys.add(k);
  if (obj(item._embedded)?.tags !== undefined) keys.add('tags');
  for (const f of Array.isArray(item.custom_fields_values) ? item.custom_fields_values : []) keys.add(`cf:${String(obj(f)?.field_id)}`);
  return keys;
}

/**
 * Does an event say that a field this write set was changed? Field events are matched on their
 * field; other change events (unknown types) count too, to be safe; notes, calls, messages,
 * links and task events do not change an entity's fields.
 */
function touchesWrittenField(type: string, item: ApiObject): boolean {
  const keys = writtenKeys(item);
  const cf = /^custom_field_(\d+)_value_changed$/.exec(type);
  if (cf) return keys.has(`cf:${cf[1]}`);
  if (type === 'custom_field_value_changed') return [...keys].some((k) => k.startsWith('cf:'));
  const field = EVENT_FIELD[type];
  if (field) return keys.has(field) || (field === 'status_id' && keys.has('pipeline_id'));
  if (/(_note_added|_note_deleted|_call|_mail|_message|_sms|_linked|_unlinked|_added|_deleted|_restored|^task_|_replied|_identified|_followed|_completed)$/.test(type) || /^(incoming|outgoing)_|^task_/.test(type))
    return false;
  return type.endsWith('_changed');
}

/** The before-image's values of the fields a write set: what to put back to undo it by hand. */
function writtenFieldsBefore(image: ApiObject, item: ApiObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of writtenKeys(item)) {
    if (k === 'tags') out.tags = obj(image._embedded)?.tags ?? [];
    else if (k.startsWith('cf:')) {
      const id = Number(k.slice(3));
      const f = (Array.isArray(image.custom_fields_values) ? image.custom_fields_values : []).map(obj).find((x) => Number(x?.field_id) === id);
      out[k] = f?.values ?? null;
    } else out[k] = image[k] ?? null;
  }
  return out;
}

export function pushPlan(db: SqliteDb, planId: number, options: PushOptions): Promise<PushResult> {
  return new PushEngine(db, planId, options).run();
}

export type { CrmEntity };

/**
 * The id amoCRM gave each created item of a batch: matched on the echoed request_id (the
 * operation id), else on the item's position in the request body.
 */
function createdIdFinder(created: unknown, requestBody: unknown): (operationId: number) => number | null {
  const list = (Array.isArray(created) ? created : []).map((x) => obj(x) ?? {});
  const body = Array.isArray(requestBody) ? (requestBody as ApiObject[]) : [];
  return (operationId) => {
    const rid = String(operationId);
    const item = list.find((x) => x.request_id === rid) ?? list[body.findIndex((b) => b.request_id === rid)];
    return item ? Number(item.id) : null;
  };
}
