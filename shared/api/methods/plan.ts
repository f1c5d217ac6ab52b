// runtime: common (no node, no DOM, no electron)
// The plan capability's methods: change plans, dry run, push and rollback.
import { z } from 'zod';
import { method } from '../define';
import { tokenAccess } from './snapshot';

// the requests plan.add takes are listed with the operation kinds, once (shared/plan/operations.ts)
import { PLAN_OPERATIONS, PLAN_REQUEST, type PlanRequestName, type RequiredParameter } from '../../plan/operations';
export { PLAN_OPERATIONS, type PlanOperationName } from '../../plan/operations';

export interface PlanSummary {
  id: number;
  kind: 'forward' | 'rollback';
  rollbackOf: number | null;
  status: 'open' | 'running' | 'done' | 'failed' | 'cancelled';
  title: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  operations: number;
  /** operation count per status (planned, batched, applied, conflict, skipped, failed) */
  byStatus: Record<string, number>;
  /** operation count per kind */
  byKind: Record<string, number>;
  /** applied operations that no rollback has undone or plans to undo */
  revertible: number;
}

export interface PlanOperationInfo {
  id: number;
  kind: string;
  entityType: string;
  entityId: number;
  status: string;
  source: string | null;
  params: unknown;
  result: unknown;
  /** the entity's name in the snapshot, when it has one */
  entityName?: string | null;
  /** what the operation changes, field by field (empty when unknown or nothing) */
  changes?: OperationChange[];
}

export interface DryRunRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** how many entities the request reads or writes */
  entities: number;
  /** true for the reads that take before-images */
  read: boolean;
  body?: unknown;
}

export interface DryRunResult {
  plan: number;
  requests: number;
  /** entities that would be written */
  entities: number;
  /** operations that would be skipped already (nothing to change against the snapshot) */
  noop: number;
  estimatedSeconds: number;
  rps: number;
  byKind: { kind: string; operations: number; requests: number }[];
  /** every request, in order (capped by the caller's limit) */
  list: DryRunRequest[];
  /** what the operator must know before pushing (UNDOCUMENTED, IRREVERSIBLE operations) */
  warnings?: string[];
  /** operations still to send, and the summary line (English, from the services: the CLI prints it) */
  openOperations?: number;
  summary?: string;
  /** each open operation's values before and after, against the snapshot (capped by the caller's limit) */
  changes?: { operation: number; kind: string; entityType: string; entityId: number; entityName: string | null; changes: OperationChange[] }[];
}

export interface PushResult {
  plan: number;
  applied: number;
  skippedConflicts: number;
  skipped: number;
  failed: number;
  requests: number;
  seconds: number;
  rejected429: number;
  /** applied operations that may have overwritten an edit made in amoCRM between their read and their write */
  possiblyOverwritten?: number;
  /** those operations (at most 100), each with the events seen in the window and the written fields' values before */
  concurrentEdits?: ConcurrentEdit[];
  /** of `requests`: the events reads that looked for such edits (only when a read and its write fell in different seconds) */
  windowChecks?: number;
}

export interface ConcurrentEdit {
  operation: number;
  kind: string;
  entityType: string;
  entityId: number;
  /** amoCRM events on the entity between AmoSweep's read and its write: type, unix time, user */
  events: { type: string; createdAt: number; createdBy: number | null }[];
  /** the written fields as read right before the write (the before-image), to restore by hand or by rollback */
  before: Record<string, unknown>;
}

export interface PlanFromIntentsResult {
  /** the plan that took the operations; null when no intent could be carried out */
  plan: number | null;
  /** operations added to the plan */
  operations: number;
  /** fix intents taken over (marked planned) */
  intents: number;
  /** intents left pending, and why (English, from the services) */
  notes: string[];
  /** the same, as codes with parameters for the UI to word (changes:notes.<code>) */
  messages: { code: string; params: Record<string, string | number> }[];
}

export interface LossReasonSuggestion {
  leadId: number;
  leadName: string;
  reasonId: number | null;
  reasonName: string | null;
  /** the note or task result the suggestion comes from (clipped) */
  evidence: string | null;
}

export interface LossReasonSuggestions {
  /** lost deals without a reason that were looked at */
  deals: number;
  /** of those, how many got a suggestion */
  suggested: number;
  /** the deals with a suggestion, first `limit` of them */
  items: LossReasonSuggestion[];
}

/** An accepted duplicate group (the duplicates review) and where it stands in the change plans. */
export interface MergeGroupInfo {
  decisionId: number;
  entity: 'contacts' | 'companies';
  survivor: { id: number; name: string };
  losers: { id: number; name: string }[];
  /** the values chosen in the review for the survivor (name, responsible user, other fields by name) */
  choices: { field: string; value: string }[];
  /** accepted: not planned yet; planned: in an open plan; merged: pushed and not rolled back */
  state: 'accepted' | 'planned' | 'merged';
  plan: number | null;
}

/** One field of an operation's entity before and after it (from the snapshot before the push, from the before-image after). */
export interface OperationChange {
  field: string;
  before: string;
  after: string;
}

/** What plan.add did. */
export interface PlanAddResult {
  /** the plan that took the operations; null when a merge of the accepted groups found none left (no plan is made) */
  plan: number | null;
  /** operations added */
  operations: number;
  /** operations in that plan now */
  total: number;
  /** merge.accepted that found nothing to plan: the accepted groups (all), those in an open plan, those merged by a push */
  merge?: { accepted: number; planned: number; merged: number };
  /** of the operations built, those sent through amoCRM's undocumented, irreversible merge (UNDOCUMENTED_MERGE) */
  undocumented?: number;
}

/** A request a plan can be asked for (plan.add, "amosweep plan add"), as the operation registry describes it. */
export interface PlanRequestInfo {
  request: PlanRequestName;
  /** the lines "amosweep plan add --help" shows; null when another request's lines cover it */
  usage: string | null;
  /** the parameters it cannot do without */
  needs: RequiredParameter[];
}

/** What the public API cannot do, for the admin (computed from the snapshot: a refresh verifies it). */
export interface AdminChecklistItem {
  kind: 'tags.unused' | 'merged.delete' | 'users.can_delete';
  entityType: string;
  id: number;
  name: string;
  /** where the admin does it in amoCRM */
  url: string | null;
}

export interface LossReasonInfo {
  id: number;
  name: string;
}

export interface PlanExportResult {
  /** where the file was written (dataDir/exports) */
  path: string;
  fileName: string;
  /** with inline: true, the file as a data: URL for a browser download */
  dataUrl?: string;
}

const planId = z.number().int().positive();
const ids = z.array(z.number().int().positive()).max(100000);

/**
 * The CLI's one-run mode of a plan edit: a snapshot file (an absolute path) opened for this call
 * only. The request is checked on a read-only connection first (a refused request leaves the file
 * byte-identical and neither waits for nor takes the lock); then the call holds the file's writer
 * lock, waiting waitSeconds (null: as long as it takes) for another writer (JobState.waitingFor of
 * its job names that writer), and writer names it in the lock file ("amosweep plan add …").
 */
const fileRun = {
  file: z.string().min(1).max(4096).optional(),
  waitSeconds: z.number().min(0).max(86_400).nullable().default(0),
  writer: z.string().min(1).max(200).optional(),
};
const withFile = (v: { file?: string | undefined; writer?: string | undefined }) => v.file !== undefined || v.writer === undefined;

export const planMethods = {
  'plan.list': method<PlanSummary[]>()(z.object({}).strict()),
  'plan.operations': method<PlanOperationInfo[]>()(
    z
      .object({
        plan: planId,
        status: z.string().max(32).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
  ),
  /**
   * Builds a request's operations from the snapshot and adds them to the open plan (one is made
   * when there is none). A request that lacks a parameter, or contradicts itself, fails with
   * BAD_INPUT and details.missing (the parameters missing, maybe none). With file: the CLI's
   * one-run mode (see fileRun above).
   */
  'plan.add': method<PlanAddResult>()(
    z
      .object({
        /** the app's requests, and one merge group by ids (merge.contacts, merge.companies) */
        operation: z.enum([...PLAN_OPERATIONS, PLAN_REQUEST.mergeContacts, PLAN_REQUEST.mergeCompanies]),
        reason: z.string().min(1).max(255).optional(),
        suggest: z.boolean().optional(),
        /** fill.loss_reason: deals whose suggested reason is rejected (left out of the plan) */
        reject: ids.optional(),
        tag: z.string().min(1).max(255).optional(),
        entity: z.enum(['leads', 'contacts', 'companies']).optional(),
        field: z.number().int().positive().optional(),
        text: z.string().min(1).max(2000).optional(),
        dueDays: z.number().int().min(0).max(365).optional(),
        ids: ids.optional(),
        /** fields.to_list: the new list field's name, and text value → list value (null leaves it out) */
        name: z.string().min(1).max(255).optional(),
        mapping: z.record(z.string().max(2000), z.string().max(2000).nullable()).optional(),
        /** roles.create: a preset ("Менеджер опта", ...), a user whose rights the role copies, or the rights themselves */
        preset: z.string().min(1).max(255).optional(),
        fromUser: z.number().int().positive().optional(),
        /** roles.create: {"leads": {"view": "A", …}, …}; its keys and levels are checked by the role's module */
        rights: z.record(z.string().max(64), z.json(), { error: 'Rights must be a JSON object like {"leads": {"view": "A", …}, …}.' }).optional(),
        /** merge.contacts, merge.companies: the card that stays, and the cards merged into it */
        survivor: z.number().int().positive().optional(),
        losers: ids.optional(),
        /** merges through amoCRM's undocumented, irreversible endpoint: a command-line opt-in only */
        undocumented: z.boolean().optional(),
        ...fileRun,
      })
      .strict()
      .refine(withFile, 'writer goes with a file'),
  ),
  /** The audit's pending Fix intents become operations of the open plan ("amosweep plan add SNAPSHOT intents": with file, see fileRun). */
  'plan.fromIntents': method<PlanFromIntentsResult>()(
    z
      .object({
        reason: z.string().min(1).max(255).optional(),
        /** fill.loss_reason: a reason per deal suggested from its notes, where one is clear */
        suggest: z.boolean().optional(),
        /** fill.loss_reason: deals whose suggested reason is rejected (left out of the plan) */
        reject: ids.optional(),
        text: z.string().min(1).max(2000).optional(),
        dueDays: z.number().int().min(0).max(365).optional(),
        ...fileRun,
      })
      .strict()
      .refine(withFile, 'writer goes with a file'),
  ),
  /** The requests a plan can be asked for, in the registry's order, with their usage lines and required parameters. */
  'plan.requests': method<PlanRequestInfo[]>()(z.object({}).strict()),
  /** What the public API cannot do, for the admin: unused account tags, merged cards to delete, users' own delete rights. Nothing is written. */
  'plan.checklist': method<AdminChecklistItem[]>()(z.object({}).strict()),
  /** The accepted duplicate groups of the review with their state (accepted, planned, merged). */
  'plan.mergeGroups': method<MergeGroupInfo[]>()(z.object({}).strict()),
  /** The account's loss reasons in the snapshot (for fill.loss_reason). */
  'plan.lossReasons': method<LossReasonInfo[]>()(z.object({}).strict()),
  /**
   * Loss reasons suggested from the notes of lost deals without one (default: the deals of
   * leads.lost_without_reason), for review before they are planned. Nothing is written.
   */
  'plan.suggestLossReasons': method<LossReasonSuggestions>()(
    z
      .object({
        ids: ids.optional(),
        /** at most this many items (null: every one, the CLI) */
        limit: z.number().int().min(0).max(20000).nullable().default(2000),
      })
      .strict(),
  ),
  /** Writes the plan (summary, operations with results, batches) as XLSX into dataDir/exports; inline also answers a data: URL. */
  'plan.export': method<PlanExportResult>()(
    z
      .object({
        plan: planId,
        format: z.enum(['xlsx']).default('xlsx'),
        lang: z.enum(['ru', 'en']).default('ru'),
        inline: z.boolean().default(false),
      })
      .strict(),
  ),
  'plan.dryRun': method<DryRunResult>()(
    z
      .object({
        /** with file: default the newest plan not yet done */
        plan: planId.optional(),
        /**
         * a snapshot file to read instead of the open one (the CLI): an absolute path, opened
         * read-only for this call (the file stays byte-identical); the answer has no changes
         */
        file: z.string().min(1).max(4096).optional(),
        rps: z.number().positive().max(7).default(7),
        limit: z.number().int().min(0).max(100000).default(1000),
        /** how many operations' values before and after to answer (the first that change something) */
        changes: z.number().int().min(0).max(5000).default(200),
      })
      .strict(),
  ),
  /**
   * Sends a plan (a job). From the app: a plan of the open snapshot through a connection. From
   * the CLI: a file and a token for this run only (nothing remembered); the run takes the file's
   * writer lock itself, waiting waitSeconds (null: as long as it takes) for another writer
   * (JobState.waitingFor names it), and proves the account before it writes. Without a token
   * (dryRun) nothing is sent: the job answers the dry run. rollbackOf sends (or, dry, only
   * records) the rollback of that plan. A run with failed operations fails with PUSH_INCOMPLETE,
   * its details the result.
   */
  'plan.push': method<{ jobId: string }>()(
    z
      .object({
        /** with file: default the newest plan not yet done */
        plan: planId.optional(),
        connectionId: z.string().min(1).max(64).optional(),
        rps: z.number().positive().max(7).default(7),
        /** the CLI: an absolute path of the snapshot file */
        file: z.string().min(1).max(4096).optional(),
        token: tokenAccess.optional(),
        rollbackOf: planId.optional(),
        dryRun: z.boolean().default(false),
        /** dryRun: how many requests to list */
        limit: z.number().int().min(0).max(100000).default(1000),
        waitSeconds: z.number().min(0).max(86_400).nullable().default(0),
        /** with file: how the lock file names this writer ("amosweep push") */
        writer: z.string().min(1).max(200).optional(),
      })
      .strict()
      .refine((v) => (v.file === undefined ? v.connectionId !== undefined && v.plan !== undefined && !v.dryRun : v.connectionId === undefined), 'give a plan and a connectionId, or a file')
      .refine((v) => v.file === undefined || v.dryRun || v.token !== undefined, 'a file run sends with a token, or is a dry run')
      .refine((v) => v.plan === undefined || v.rollbackOf === undefined, 'give a plan or rollbackOf, not both'),
  ),
  'plan.rollback': method<{ plan: number; operations: number }>()(
    z.object({ plan: planId, operations: z.array(z.number().int().positive()).max(100000).optional() }).strict(),
  ),
};
