// runtime: node
/**
 * What one operation kind is to the push: how its entities are read (the before-image), what
 * it decides for each (write, skip, conflict), the request that carries it, how a sent batch is
 * confirmed or read back after a crash, what it touches besides its target, how a dry run counts
 * it and how a rollback undoes it. One object per kind, found through the registry (index.ts);
 * the engine, the dry run and the rollback know nothing else about kinds.
 */
import type { z } from 'zod';
import type { DryRunRequest } from '../../../../shared/api/methods/plan';
import type { SqliteDb } from '../../db/open';
import type { PlanRequestName } from '../../../../shared/plan/operations';
import type { IntentInput, IntentPending, OperationRequest, RequiredParameter } from '../../plan/request-params';
import type { NewOperation, OperationRow } from '../../plan/types';
import type { ApiObject } from '../amo';

export interface WriteRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** a form body (the private /ajax/ merge), sent url-encoded */
  form?: [string, string][];
}

/** What the push does with one operation after reading its entity: write `item` (null: a request without a body), skip it, or stop it as a conflict. */
export type Decision = { write: unknown } | { skip: string; result?: Record<string, unknown> } | { conflict: string; result?: Record<string, unknown> };

export interface Prepared {
  op: OperationRow;
  /** the before-image stored in the journal, under this entity type */
  image?: { entityType: string; value: unknown };
  decision: Decision;
}

/** A batch that may or may not have reached amoCRM, read back per operation. */
export type ReadBack = { applied: Record<string, unknown>; version?: { updatedAt: unknown } } | { resend: unknown } | { skip: string } | { conflict: string };

/** One operation of a confirmed batch: its result, and the version its write produced (patch writes). */
export interface Confirmed {
  op: OperationRow;
  result: Record<string, unknown>;
  version?: { updatedAt: unknown };
}

/** The reads the push makes (GET only), through the rate-limited client. */
export interface PushReads {
  entities(entityType: string, ids: readonly number[], withParam?: string): Promise<Map<number, ApiObject>>;
  tasksOf(leadIds: readonly number[]): Promise<Map<number, ApiObject[]>>;
  notesOf(entityType: string, ids: readonly number[]): Promise<Map<number, ApiObject[]>>;
  fields(fieldEntity: string): Promise<ApiObject[]>;
  roles(withUsers: boolean): Promise<ApiObject[]>;
  firstHolder(entityType: string, fieldId: number): Promise<number | null>;
  /** every item of a list path (GET, paged by 250) */
  all(path: string, key: string, params?: Record<string, unknown>): Promise<ApiObject[]>;
  /** an idempotent request whose answer is only read (the private merge's info form) */
  ask(req: WriteRequest): Promise<unknown>;
}

export interface PushContext {
  reads: PushReads;
  /** updated_at the entity must still have: our own last write to it, else the snapshot's. null: not checked */
  expectedUpdatedAt(op: OperationRow): number | null;
}

/** What an operation with its own way of sending (the private merge) may do with its batch. */
export interface BatchControl extends PushContext {
  batchOps(batchId: number): OperationRow[];
  finish(op: OperationRow, status: 'applied' | 'conflict' | 'skipped' | 'failed', result: Record<string, unknown>, afterUpdatedAt?: number | null): void;
  setVersion(entityType: string, entityId: number, updatedAt: unknown): void;
  failBatch(batchId: number, error: string): void;
  confirmBatch(batchId: number): void;
  transaction(fn: () => void): void;
  send(batchId: number): Promise<void>;
  pause(ms: number): Promise<void>;
  mergeWaitMs: number;
}

/** The snapshot as a dry run sees it, and the counters it fills. */
export interface DryRunContext {
  db: SqliteDb;
  /** an entity's raw JSON in the snapshot (leads, contacts, companies) */
  raw(entityType: string, id: number): ApiObject | null;
  request(r: DryRunRequest): void;
  written(n: number): void;
  noop(): void;
  warn(text: string): void;
}

/** How the change preview (changes.ts) shows what an operation changes. */
export type Preview =
  | { shape: 'item'; build(op: OperationRow, current: ApiObject): { item: ApiObject } | { noop: string } | { conflict: string }; planned?(op: OperationRow): ApiObject }
  | { shape: 'link'; linking: boolean; build(op: OperationRow, current: ApiObject): { item: ApiObject } | { noop: string } }
  | { shape: 'added'; field: '@task' | '@note'; text(op: OperationRow): string }
  | { shape: 'field'; removes: boolean }
  | { shape: 'none' };

/**
 * How a plan gets operations of this kind: a request of plan.add and "amosweep plan add" (its
 * name, its usage line, the parameters it cannot do without), and an audit Fix intent naming it.
 */
export interface PlanEntry {
  request: PlanRequestName;
  /** the line(s) "amosweep plan add --help" shows (absent: another request's lines cover it) */
  usage?: string;
  /** parameters refused when missing (checked before build; PlanRequestError names them) */
  needs?: readonly RequiredParameter[];
  build(db: SqliteDb, r: OperationRequest): NewOperation[];
  /** from a pending audit Fix intent naming this request: its operations, or why it stays pending */
  fromIntent?(db: SqliteDb, intent: IntentInput): NewOperation[] | IntentPending;
}

export interface PushOperation {
  /** set when a plan can ask for it directly (revert kinds come only from a rollback); the merge's survivor serves every merge request */
  readonly plan?: PlanEntry | readonly PlanEntry[];
  readonly kind: OperationRow['kind'];
  /** the schema of its payload (an operation's params): every operation is checked against it before the plan stores it */
  readonly params: z.ZodType<unknown>;
  readonly preview: Preview;
  /** planned operations read (and prepared) together, one per entity */
  readonly groupLimit: number;
  /** operations per write request */
  readonly batchSize: number;
  /** a batch amoCRM refused (4xx) is sent again one operation at a time */
  readonly splitOnRefusal: boolean;
  /** a field update: checked afterwards for concurrent edits in the events */
  readonly checksConcurrentEdits: boolean;
  /** an operation sent again keeps its item as its result (false: the item is not stored again) */
  readonly storesResentItem: boolean;
  /** a failed one is tried again by the next run (false: it may have been carried out late) */
  readonly retriesFailed: boolean;
  /** the dry run groups operations by the field an earlier operation creates for them */
  readonly dryRunGroupsByCreatedField: boolean;
  /** operations of this kind on one entity differ by their params (links by their target, new roles by their name): a plan holds each once */
  readonly identifiedByParams?: boolean;
  /** false for an applied one a rollback leaves as it is (no undo through the API; default true) */
  undoable?(source: string | null): boolean;
  /** set when amoCRM has no undo for it: the rollback refuses a plan holding one */
  readonly irreversible?: string;

  /**
   * Reads the entities of a group (one kind, one entity type); the function it answers decides
   * each, called by the engine inside the transaction that journals the before-images.
   */
  prepare(ctx: PushContext, ops: OperationRow[]): Promise<() => Prepared[]>;
  /** the request that carries these operations (items: their non-null write items) */
  request(first: OperationRow, items: unknown[]): WriteRequest;
  /** the answer of a sent batch, per operation */
  confirm(ops: OperationRow[], data: unknown, req: WriteRequest): Confirmed[];
  /** reads back a batch that may or may not have reached amoCRM (decided, like prepare, inside the engine's transaction) */
  readBack(ctx: PushContext, ops: OperationRow[], itemOf: (op: OperationRow) => unknown, imageOf: (op: OperationRow) => ApiObject): Promise<() => ReadBack[]>;
  /** the entities a write changes besides (or with) its target, whose new versions are recorded */
  touched(op: OperationRow, imageOf: () => ApiObject, item: ApiObject): [string, number][];
  /** the field id an earlier operation created, resolved into the params (null: unchanged) */
  resolveParams?(op: OperationRow, made: { fieldId: number; enums: Record<string, number> } | null): string | null;
  /** an own way of finishing a sent batch (instead of confirm), and of recovering one */
  settle?(ctl: BatchControl, batchId: number, sent: { status?: number; data?: unknown; errors?: string[]; readBack?: boolean }): Promise<void>;
  recoverBatch?(ctl: BatchControl, batchId: number, status: string, options: { retry: boolean; error?: string }): Promise<void>;
  /** the requests a push of this group would send, computed against the snapshot */
  dryRun(ctx: DryRunContext, ops: OperationRow[]): void;
  /** the operations that undo an applied one, from its before-image and result */
  revert(op: OperationRow, before: ApiObject | null, result: Record<string, unknown>): NewOperation[];
}

/** What a carrier (carriers/) makes of a kind: everything but the payload's schema, which the kind's own module adds. */
export type Carried = Omit<PushOperation, 'params'>;

export const parseParams = <T>(op: Pick<OperationRow, 'params'>): T => JSON.parse(op.params) as T;
export const obj = (v: unknown): ApiObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : null);

/** Defaults of a kind carried one request per operation, with no read-back split. */
export const single = { groupLimit: 1, batchSize: 1, splitOnRefusal: false, checksConcurrentEdits: false, storesResentItem: true, retriesFailed: true, dryRunGroupsByCreatedField: true } as const;

/** Turns a decision built from the entity as it is into the push's decision. */
export function decided(built: { item: unknown } | { noop: string } | { conflict: string }, write: (item: unknown) => unknown = (x) => x): Decision {
  if ('item' in built) return { write: write(built.item) };
  if ('noop' in built) return { skip: built.noop };
  return { conflict: built.conflict };
}

/**
 * Reads the group's entities (one type, with `withParam` links) and decides each in the
 * engine's transaction; a missing entity is a conflict. The before-image is the entity as read.
 */
export async function eachEntity(ctx: PushContext, ops: OperationRow[], decide: (op: OperationRow, current: ApiObject) => Decision, withParam?: string): Promise<() => Prepared[]> {
  const current = await ctx.reads.entities(ops[0]!.entity_type, ops.map((o) => o.entity_id), withParam);
  return () =>
    ops.map((op) => {
      const cur = current.get(op.entity_id);
      return { op, image: { entityType: op.entity_type, value: cur ?? { missing: true } }, decision: cur ? decide(op, cur) : { conflict: 'not found in amoCRM (deleted?)' } };
    });
}
