// runtime: node
/**
 * The audit's Fix button records intents (migration 0002, audit_fix_intents); the plan turns
 * the pending ones into operations and marks them planned. Intents whose operation the public
 * API cannot carry out (or that need an input the intent lacks) stay pending, with a note why.
 */
import { markFixIntentsPlanned, pendingFixIntents } from '../audit/store';
import type { SqliteDb } from '../db/open';
import { buildFieldsDelete, buildFillLossReason, buildNormalizePhones, buildSplitStuffed, buildTasksCreate } from './builders';
import { acceptedMergeGroups, buildMerges, mergeGroupsWithState } from './merge';
import { planEntryFor } from '../push/operations';
import { addOperations, openPlanId } from './store';
import type { NewOperation } from './types';

/** A note for a person, with a stable code and its parameters (the UI words it in its language; `notes` holds the English). */
export interface IntentMessage {
  code: 'intent.no_reason' | 'intent.no_accepted_groups' | 'intent.not_supported' | 'intent.none';
  params: Record<string, string | number>;
}

export function buildFromIntents(
  db: SqliteDb,
  options: { reason?: string; suggest?: boolean; reject?: readonly number[]; text?: string; dueDays?: number } = {},
): { operations: NewOperation[]; intentIds: number[]; notes: string[]; messages: IntentMessage[] } {
  const notes: string[] = [];
  const messages: IntentMessage[] = [];
  const note = (text: string, message: IntentMessage) => {
    notes.push(text);
    messages.push(message);
  };
  // merge groups are planned once, whichever merge intent comes first
  let mergesTaken = false;
  const operations: NewOperation[] = [];
  const intentIds: number[] = [];
  const rows = pendingFixIntents(db);
  if (!rows) return { operations, intentIds, notes: ['This snapshot has no audit fix intents.'], messages: [{ code: 'intent.none', params: {} }] };
  for (const r of rows) {
    const { ids, params } = r;
    const inSet = (list: NewOperation[]) => {
      const wanted = new Set(ids);
      return ids.length ? list.filter((o) => wanted.has(o.entityId)) : list;
    };
    let ops: NewOperation[] | null = null;
    switch (r.operation) {
      case 'fill.loss_reason': {
        const reason = typeof params.reason === 'string' ? params.reason : options.reason;
        if (!reason && !options.suggest)
          note(`intent ${r.id} (fill.loss_reason): no reason given; pass --reason NAME (or --suggest).`, { code: 'intent.no_reason', params: { id: r.id } });
        else
          ops = buildFillLossReason(db, {
            ...(reason ? { reason } : {}),
            ...(options.suggest ? { suggest: true } : {}),
            ...(ids.length ? { ids } : {}),
            ...(options.reject ? { reject: options.reject } : {}),
          });
        break;
      }
      case 'tasks.create':
        ops = buildTasksCreate(db, {
          text: typeof params.text === 'string' ? params.text : (options.text ?? 'Связаться с клиентом'),
          dueDays: typeof params.dueDays === 'number' ? params.dueDays : (options.dueDays ?? 1),
          ...(ids.length ? { ids } : {}),
        });
        break;
      case 'split.stuffed':
        ops = inSet(buildSplitStuffed(db));
        break;
      case 'normalize.phones':
        ops = inSet(buildNormalizePhones(db));
        break;
      case 'fields.delete':
        ops = ids.flatMap((field) => buildFieldsDelete(db, { field }));
        break;
      case 'merge.contacts':
      case 'merge.companies': {
        // the audit's "Merge duplicates": the groups accepted in the duplicates review (their survivor and chosen values)
        if (mergesTaken) {
          ops = [];
          break;
        }
        const groups = mergeGroupsWithState(db).length ? acceptedMergeGroups(db) : [];
        if (groups.length === 0) {
          note(
            `intent ${r.id} (${r.findingId}): no accepted duplicate groups to merge; review the groups first (the Duplicates screen, or "amosweep duplicates"), then plan again. Left pending.`,
            { code: 'intent.no_accepted_groups', params: { id: r.id } },
          );
          break;
        }
        mergesTaken = true;
        ops = buildMerges(db, groups);
        break;
      }
      default: {
        // a kind whose operation module builds it from the finding's flagged ids (the registry)
        const fromIntent = planEntryFor(r.operation)?.fromIntent;
        if (fromIntent) {
          ops = fromIntent(db, r.flagged);
          break;
        }
        note(`intent ${r.id} (${r.operation} for ${r.findingId}): not carried out by the change plan in this build; left pending.`, {
          code: 'intent.not_supported',
          params: { id: r.id },
        });
      }
    }
    if (ops) {
      // the intent names the source; a reason suggested from the notes stays marked as such; merges keep
      // their group's source (merge:<entity>:<survivor>), by which the group's state is known
      for (const op of ops) if (!op.source?.startsWith('merge:')) op.source = `intent:${r.id}:${r.findingId}${op.source?.endsWith('+notes') ? '+notes' : ''}`;
      operations.push(...ops);
      intentIds.push(r.id);
    }
  }
  return { operations, intentIds, notes, messages };
}

export function markIntentsPlanned(db: SqliteDb, intentIds: readonly number[], planId: number): void {
  markFixIntentsPlanned(db, intentIds, planId);
}

export interface IntentsAdded {
  /** null when there was no pending intent to add */
  plan: number | null;
  operations: number;
  intents: number;
  notes: string[];
  messages: IntentMessage[];
}

/** The pending intents become operations of the open plan and are marked planned, in one transaction. */
export function addIntentsToPlan(db: SqliteDb, options: { reason?: string; suggest?: boolean; reject?: readonly number[]; text?: string; dueDays?: number } = {}): IntentsAdded {
  const r = buildFromIntents(db, options);
  if (r.intentIds.length === 0) return { plan: null, operations: 0, intents: 0, notes: r.notes, messages: r.messages };
  return db.transaction(() => {
    const plan = openPlanId(db);
    const operations = addOperations(db, plan, r.operations);
    markIntentsPlanned(db, r.intentIds, plan);
    return { plan, operations, intents: r.intentIds.length, notes: r.notes, messages: r.messages };
  })();
}
