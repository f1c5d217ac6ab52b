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
 *
 * The engine knows no operation kind: what a kind reads, decides, sends, confirms and reads
 * back comes from the registry (operations/index.ts); every journal statement from
 * plan/journal.ts.
 */
import type { JobStep } from '../../../shared/api/jobs';
import type { ConcurrentEdit, PushResult } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import { cancellablePause } from '../amo/pause';
import type { SqliteDb } from '../db/open';
import { entityUpdatedAt, type EntityTable } from '../snapshot/store';
import * as journal from '../plan/journal';
import { getPlan, setPlanStatus } from '../plan/store';
import type { CrmEntity, OperationRow, OpRef } from '../plan/types';
import type { AmoClient, ApiObject } from './amo';
import { READ_BATCH, WRITE_BATCH } from './items';
import { operationOf, type BatchControl, type PushContext, type PushOperation, type WriteRequest } from './operations';
import { MERGE_WAIT_MS } from './private-merge';
import { checkConcurrentEdits } from './concurrent-edits';
import { amoReads } from './reads';

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

interface Prepared {
  kind: string;
  entityType: string;
  entities: Set<number>;
  batchIds: number[];
  /** nothing prepared yet: the next group must wait for the writes in flight */
  deferred: boolean;
}

const now = (): number => Math.floor(Date.now() / 1000);
const obj = (v: unknown): ApiObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : null);
const SNAPSHOT_TABLES = new Set(['leads', 'contacts', 'companies', 'tasks']);
const STOP_CODES = new Set(['AMO_BLOCKED', 'AMO_AUTH', 'AMO_PAYMENT_REQUIRED', 'CANCELLED']);
const WRITES_IN_FLIGHT = 3;
const itemOf = (op: OperationRow): unknown => (op.result ? (JSON.parse(op.result) as { item?: unknown }).item : undefined);
const refKey = (r: OpRef): string => `${r.kind}|${r.entityType}|${r.entityId}`;

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
  private readonly ctx: PushContext;
  private readonly ctl: BatchControl;

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
    this.ctx = { reads: amoReads(this.client, () => this.signalOpt()), expectedUpdatedAt: (op) => this.expectedUpdatedAt(op) };
    this.ctl = {
      ...this.ctx,
      batchOps: (id) => journal.batchOperations(this.db, id),
      finish: (op, status, result, after) => journal.finishOperation(this.db, op, status, result, after),
      setVersion: (type, id, updatedAt) => this.setVersion(type, id, updatedAt),
      failBatch: (id, error) => journal.failBatch(this.db, id, error),
      confirmBatch: (id) => journal.confirmBatch(this.db, id),
      transaction: (fn) => this.db.transaction(fn)(),
      send: (id) => this.send(id),
      pause: (ms) => this.pause(ms),
      mergeWaitMs: this.mergeWaitMs,
    };
  }

  async run(): Promise<PushResult> {
    const started = Date.now();
    const before = this.client.stats();
    const plan = getPlan(this.db, this.planId);
    const runId = journal.startRun(this.db, this.planId);
    if (plan.status !== 'done') setPlanStatus(this.db, this.planId, 'running');
    let status: 'done' | 'failed' | 'cancelled' = 'done';
    let error: unknown = null;
    try {
      // operations a previous run gave up on are tried again (and those skipped only because of them)
      this.retryFailed();
      // first, whatever was in flight when a previous run stopped
      for (const batch of journal.unfinishedBatches(this.db, this.planId)) {
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
          if (operationOf(current.kind).checksConcurrentEdits) this.windowChecks += await checkConcurrentEdits(this.db, this.client, current.batchIds, this.ownWriteBeforeRead, this.signalOpt());
        } catch (e) {
          sendError = e ?? new Error('push failed');
        }
        // let a prefetch in flight settle before the run ends or fails
        const settled = await next.then((x) => ({ ok: true as const, x }), (e: unknown) => ({ ok: false as const, e }));
        if (sendError) throw sendError;
        if (!settled.ok) throw settled.e;
        current = settled.x?.deferred ? await this.prepareNext(null) : settled.x;
        this.report();
      }
    } catch (e) {
      error = e;
      status = e instanceof AppError && e.code === 'CANCELLED' ? 'cancelled' : 'failed';
    }
    const after = this.client.stats();
    const requests = after.requests - before.requests;
    const rejected429 = after.rejected429 - before.rejected429;
    journal.finishRun(this.db, runId, { status, requests, rejected429, error: error ? String((error as Error).message ?? error) : null });
    const counts = journal.operationCounts(this.db, this.planId);
    // a plan with failed operations is not done: the next run retries them
    setPlanStatus(this.db, this.planId, status === 'done' && counts.open === 0 && counts.failed === 0 ? 'done' : status === 'done' ? 'failed' : status);
    if (error) throw error;
    this.report();
    const end = journal.operationCounts(this.db, this.planId);
    return {
      plan: this.planId,
      applied: end.applied,
      skippedConflicts: end.conflict,
      skipped: end.skipped,
      failed: end.failed,
      possiblyOverwritten: end.possiblyOverwritten,
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
   * (never the applied ones). A kind that may have been carried out late (the undocumented
   * merge) is never sent again automatically.
   */
  private retryFailed(): void {
    const rows = journal.failedOrSkipped(this.db, this.planId);
    this.db.transaction(() => {
      for (const r of rows) {
        const result = r.result ? (JSON.parse(r.result) as Record<string, unknown>) : {};
        if (r.status === 'skipped' && result.blockedBy !== 'failed') continue;
        if (r.status === 'failed' && !operationOf(r.kind).retriesFailed) continue;
        const retries = typeof result.retries === 'number' ? result.retries + 1 : 1;
        journal.requeueOperation(this.db, r.id, JSON.stringify({ retries, ...(typeof result.error === 'string' ? { lastError: result.error } : {}) }));
      }
    })();
  }

  private concurrentEdits(): ConcurrentEdit[] {
    return journal.possiblyOverwritten(this.db, this.planId).map((r) => {
      const p = JSON.parse(r.p) as { events: ConcurrentEdit['events']; before: Record<string, unknown> };
      return { operation: r.id, kind: r.kind, entityType: r.entity_type, entityId: r.entity_id, events: p.events, before: p.before };
    });
  }

  private async checkpoint(): Promise<void> {
    if (this.control.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled');
    await this.control.checkpoint?.();
  }

  private report(): void {
    let total = 0;
    let done = 0;
    for (const r of journal.progressByKind(this.db, this.planId)) {
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
  }

  /** The next planned operations of one kind: up to one read's worth, one per entity. */
  private nextGroup(): OperationRow[] {
    const first = journal.firstPlanned(this.db, this.planId);
    if (!first) return [];
    const limit = operationOf(first.kind).groupLimit;
    const seen = new Set<number>();
    const out: OperationRow[] = [];
    const waiting = this.waitingOn();
    for (const op of journal.plannedLike(this.db, this.planId, first, limit * 2)) {
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
    const cache = new Map<string, boolean>();
    return (op) => {
      const req = (JSON.parse(op.params) as { requires?: OpRef }).requires;
      if (!req) return false;
      let pending = cache.get(refKey(req));
      if (pending === undefined) {
        const row = journal.referenced(this.db, this.planId, req);
        pending = row !== undefined && (row.status === 'planned' || row.status === 'batched');
        cache.set(refKey(req), pending);
      }
      return pending;
    };
  }

  /** updated_at the entity must still have: our own last write to it, else the snapshot's. null: not checked. */
  private expectedUpdatedAt(op: OperationRow): number | null {
    const ours = journal.ownVersion(this.db, op.entity_type, op.entity_id);
    if (ours !== undefined) return ours;
    if (!SNAPSHOT_TABLES.has(op.entity_type)) return null;
    return entityUpdatedAt(this.db, op.entity_type as EntityTable | 'tasks', op.entity_id);
  }

  private setVersion(entityType: string, entityId: number, updatedAt: unknown): void {
    this.ownWriteAt.set(`${entityType}:${entityId}`, now());
    if (typeof updatedAt === 'number') journal.recordVersion(this.db, entityType, entityId, updatedAt);
  }

  /**
   * The last step of a batch whose operations are applied: the versions its writes produced
   * (on its targets and on what else they touched: both ends of a link, the cards a task moved
   * between) are read and recorded, so that our own next write to them is not taken for someone
   * else's change; then the batch is confirmed. Until then the batch stays 'sent', so a run
   * killed in between reads them on resume.
   */
  private async completeBatch(batchId: number): Promise<void> {
    const byType = new Map<string, Set<number>>();
    for (const op of journal.appliedOfBatch(this.db, batchId)) {
      const imageOf = (): ApiObject => JSON.parse(journal.imageText(this.db, op.id) ?? '{}') as ApiObject;
      for (const [t, id] of operationOf(op.kind).touched(op, imageOf, obj(itemOf(op)) ?? {})) byType.set(t, (byType.get(t) ?? new Set()).add(id));
    }
    for (const [type, ids] of byType) {
      const current = await this.ctx.reads.entities(type, [...ids]);
      this.db.transaction(() => {
        for (const [id, e] of current) this.setVersion(type, id, e.updated_at);
      })();
    }
    journal.confirmBatch(this.db, batchId);
  }

  /** Operations whose prerequisite (a merge's survivor update) did not end well are skipped. */
  private dropBlocked(ops: OperationRow[]): OperationRow[] {
    return ops.filter((op) => {
      const req = (JSON.parse(op.params) as { requires?: OpRef }).requires;
      if (!req) return true;
      const row = journal.referenced(this.db, this.planId, req);
      if (row && (row.status === 'applied' || row.status === 'skipped')) return true;
      journal.finishOperation(this.db, op, 'skipped', { reason: `not sent: ${req.kind} of ${req.entityType} ${req.entityId} is ${row?.status ?? 'missing'}`, blockedBy: row?.status ?? 'missing' });
      return false;
    });
  }

  /**
   * Operations that write to a field an earlier operation of the plan creates (fields.ensure,
   * revert.field) get its id and enum ids from that operation's result; the params are stored,
   * so a read-back after a crash builds the same item.
   */
  private resolveFields(ops: OperationRow[]): OperationRow[] {
    const made = new Map<string, { fieldId: number; enums: Record<string, number> } | null>();
    return this.db.transaction(() =>
      ops.map((op) => {
        const from = (JSON.parse(op.params) as { fieldFrom?: OpRef }).fieldFrom;
        if (!from) return op;
        if (!made.has(refKey(from))) {
          const row = journal.referenced(this.db, this.planId, from);
          const r = row?.result ? (JSON.parse(row.result) as { fieldId?: unknown; newFieldId?: unknown; enums?: Record<string, number> }) : {};
          const id = typeof r.fieldId === 'number' ? r.fieldId : typeof r.newFieldId === 'number' ? r.newFieldId : null;
          made.set(refKey(from), id === null ? null : { fieldId: id, enums: r.enums ?? {} });
        }
        const params = operationOf(op.kind).resolveParams?.(op, made.get(refKey(from)) ?? null) ?? null;
        if (params === null) return op;
        journal.setOperationParams(this.db, op.id, params);
        return { ...op, params };
      }),
    )();
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

  /** Reads a group, journals each before-image with the kind's decision, and batches what is to be written. */
  private async processGroup(all: OperationRow[]): Promise<Prepared | null> {
    const ops = this.resolveFields(this.dropBlocked(all));
    if (ops.length === 0) return null;
    const first = ops[0]!;
    const operation = operationOf(first.kind);
    // the read's second: an edit from it on may have come after the before-image
    const t = now();
    const decide = await operation.prepare(this.ctx, ops);
    const ready: { op: OperationRow; item: unknown }[] = [];
    this.db.transaction(() => {
      for (const { op, image, decision } of decide()) {
        const own = this.ownWriteAt.get(`${op.entity_type}:${op.entity_id}`);
        if (own !== undefined) this.ownWriteBeforeRead.set(op.id, own);
        if (image) journal.saveImage(this.db, op.id, image.entityType, op.entity_id, image.value, t);
        if ('write' in decision) ready.push({ op, item: decision.write });
        else if ('skip' in decision) journal.finishOperation(this.db, op, 'skipped', { reason: decision.skip, ...(decision.result ?? {}) });
        else journal.finishOperation(this.db, op, 'conflict', { reason: decision.conflict, ...(decision.result ?? {}) });
      }
    })();
    const batchIds = this.createBatches(operation, first, ready);
    return { kind: first.kind, entityType: first.entity_type, entities: new Set(ops.map((o) => o.entity_id)), batchIds, deferred: false };
  }

  private createBatches(operation: PushOperation, first: OperationRow, ready: { op: OperationRow; item: unknown }[]): number[] {
    const ids: number[] = [];
    this.db.transaction(() => {
      for (let i = 0; i < ready.length; i += operation.batchSize) {
        const chunk = ready.slice(i, i + operation.batchSize);
        const req = operation.request(chunk[0]!.op, chunk.map((c) => c.item).filter((x) => x !== null));
        const moved = chunk.map((c) => ({ opId: c.op.id, result: JSON.stringify(c.item === null ? {} : { item: c.item }) }));
        ids.push(journal.createBatch(this.db, this.planId, first.kind, first.entity_type, req, moved));
      }
    })();
    return ids;
  }

  // ---------- send, confirm, recover ----------

  private async send(batchId: number): Promise<void> {
    const batch = journal.batchById(this.db, batchId);
    const operation = operationOf(batch.kind);
    const req = JSON.parse(batch.request ?? '{}') as WriteRequest;
    journal.markSent(this.db, batchId);
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
      journal.setBatchError(this.db, batchId, message);
      const clientError = typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
      await this.recover(batchId, { retry: !clientError, error: message });
      return;
    }
    if (operation.settle) {
      await operation.settle(this.ctl, batchId, { status, data });
      return;
    }
    const confirmed = operation.confirm(journal.batchOperations(this.db, batchId), data, req);
    this.db.transaction(() => {
      for (const c of confirmed) this.applied(c.op, c.result, c.version);
      // the batch stays 'sent' until completeBatch has recorded the versions its writes produced
      journal.setBatchError(this.db, batchId, null);
    })();
    await this.completeBatch(batchId);
  }

  private applied(op: OperationRow, result: Record<string, unknown>, version?: { updatedAt: unknown }): void {
    const updatedAt = typeof version?.updatedAt === 'number' ? version.updatedAt : null;
    journal.finishOperation(this.db, op, 'applied', result, updatedAt);
    if (version) this.setVersion(op.entity_type, op.entity_id, version.updatedAt);
  }

  /**
   * Reads back the entities of a batch that may or may not have reached amoCRM, confirms
   * what was applied, and sends the rest again (or marks it failed when retry is false
   * or the attempts are used up).
   */
  private async recover(batchId: number, options: { retry: boolean; error?: string }): Promise<void> {
    const batch = journal.batchById(this.db, batchId);
    const operation = operationOf(batch.kind);
    if (operation.recoverBatch) {
      await operation.recoverBatch(this.ctl, batchId, batch.status, options);
      return;
    }
    const ops = journal.batchOperations(this.db, batchId);
    const imageOf = (op: OperationRow): ApiObject => {
      const text = journal.imageText(this.db, op.id);
      return text ? ((JSON.parse(text) as ApiObject) ?? {}) : {};
    };
    const remaining: { op: OperationRow; item: unknown }[] = [];
    if (ops.length > 0) {
      const decide = await operation.readBack(this.ctx, ops, itemOf, imageOf);
      this.db.transaction(() => {
        decide().forEach((r, i) => {
          const op = ops[i]!;
          if ('applied' in r) this.applied(op, r.applied, r.version);
          else if ('resend' in r) remaining.push({ op, item: r.resend });
          else if ('skip' in r) journal.finishOperation(this.db, op, 'skipped', { reason: r.skip });
          else journal.finishOperation(this.db, op, 'conflict', { reason: r.conflict });
        });
      })();
    }
    if (remaining.length === 0) {
      await this.completeBatch(batchId);
      return;
    }
    if (!options.retry && remaining.length > 1 && operation.splitOnRefusal) {
      // amoCRM refused the batch (a 4xx such as a validation error): send each operation on its
      // own once, so that one bad item does not fail the others
      const singles: number[] = [];
      this.db.transaction(() => {
        for (const r of remaining) {
          const req = operation.request(r.op, [r.item]);
          singles.push(journal.createBatch(this.db, this.planId, batch.kind, batch.entity_type, req, [{ opId: r.op.id, result: JSON.stringify({ item: r.item }) }], null));
        }
        journal.failSplitBatch(this.db, batchId);
      })();
      for (const id of singles) await this.send(id);
      return;
    }
    if (!options.retry || batch.attempts >= this.maxAttempts) {
      this.db.transaction(() => {
        for (const r of remaining) journal.finishOperation(this.db, r.op, 'failed', { error: options.error ?? batch.status });
        journal.failBatch(this.db, batchId);
      })();
      return;
    }
    if (options.error) await this.pause(Math.min(8000, 500 * 2 ** Math.max(0, batch.attempts - 1)));
    const first = remaining[0]!.op;
    const req = operation.request(first, remaining.map((r) => r.item).filter((x) => x !== null));
    const kept = operation.storesResentItem ? remaining.filter((r) => r.item !== null).map((r) => ({ opId: r.op.id, result: JSON.stringify({ item: r.item }) })) : [];
    this.db.transaction(() => journal.requeueBatch(this.db, batchId, req, kept))();
    await this.send(batchId);
  }
}

export function pushPlan(db: SqliteDb, planId: number, options: PushOptions): Promise<PushResult> {
  return new PushEngine(db, planId, options).run();
}

export type { CrmEntity };
