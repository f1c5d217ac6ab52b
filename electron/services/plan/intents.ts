// runtime: node
/**
 * The audit's Fix button records intents (migration 0002, audit_fix_intents); the plan turns
 * the pending ones into operations and marks them planned. Intents whose operation the public
 * API cannot carry out (or that need an input the intent lacks) stay pending, with a note why.
 */
import { markFixIntentsPlanned, pendingFixIntents } from '../audit/store';
import type { SqliteDb } from '../db/open';
import { planEntryFor } from '../push/operations';
import type { IntentMessage, IntentOptions } from './request-params';
import { addOperations, openPlanId } from './store';
import type { NewOperation } from './types';

export type { IntentMessage, IntentOptions } from './request-params';

/** The pending intents → operations; the operation module the registry names for each intent's fix builds them. */
export function buildFromIntents(db: SqliteDb, options: IntentOptions = {}): { operations: NewOperation[]; intentIds: number[]; notes: string[]; messages: IntentMessage[] } {
  const notes: string[] = [];
  const messages: IntentMessage[] = [];
  const note = (text: string, message: IntentMessage) => {
    notes.push(text);
    messages.push(message);
  };
  // what several intents share (the accepted merge groups) is planned once, whichever comes first
  const taken = new Set<string>();
  const once = (key: string): boolean => !taken.has(key) && Boolean(taken.add(key));
  const operations: NewOperation[] = [];
  const intentIds: number[] = [];
  const rows = pendingFixIntents(db);
  if (!rows) return { operations, intentIds, notes: ['This snapshot has no audit fix intents.'], messages: [{ code: 'intent.none', params: {} }] };
  for (const r of rows) {
    const fromIntent = planEntryFor(r.operation)?.fromIntent;
    if (!fromIntent) {
      note(`intent ${r.id} (${r.operation} for ${r.findingId}): not carried out by the change plan in this build; left pending.`, { code: 'intent.not_supported', params: { id: r.id } });
      continue;
    }
    const built = fromIntent(db, { ...r, options, once });
    if (!Array.isArray(built)) {
      note(built.note, built.pending);
      continue;
    }
    // the intent names the source; a reason suggested from the notes stays marked as such; merges keep
    // their group's source (merge:<entity>:<survivor>), by which the group's state is known
    for (const op of built) if (!op.source?.startsWith('merge:')) op.source = `intent:${r.id}:${r.findingId}${op.source?.endsWith('+notes') ? '+notes' : ''}`;
    operations.push(...built);
    intentIds.push(r.id);
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
export function addIntentsToPlan(db: SqliteDb, options: IntentOptions = {}): IntentsAdded {
  const r = buildFromIntents(db, options);
  if (r.intentIds.length === 0) return { plan: null, operations: 0, intents: 0, notes: r.notes, messages: r.messages };
  return db.transaction(() => {
    const plan = openPlanId(db);
    const operations = addOperations(db, plan, r.operations);
    markIntentsPlanned(db, r.intentIds, plan);
    return { plan, operations, intents: r.intentIds.length, notes: r.notes, messages: r.messages };
  })();
}
