// runtime: node
/**
 * The accepted duplicate groups of the review (match decisions) and where each stands in the
 * change plans: accepted, planned or merged. The merge operations themselves are built by the
 * merge's operation modules (push/operations), from these groups.
 */
import { AppError } from '../../../shared/api/result';
import { hasTable } from '../db/handles';
import type { SqliteDb } from '../db/open';
import { entityRawLookup } from '../snapshot/store';
import { acceptedMergeDecisions } from '../match/merge-decisions';
import { sourceState } from './journal';
import { fieldValues } from './transforms';
import type { MergeSurvivorParams } from './types';

export interface MergeGroup {
  entity: 'contacts' | 'companies';
  survivor: number;
  losers: number[];
  choices?: MergeSurvivorParams['choices'];
}

/** Where an accepted group stands: not planned yet, in an open plan, or merged by a push (and not rolled back). */
export type MergeGroupState = 'accepted' | 'planned' | 'merged';

export interface AcceptedGroup extends MergeGroup {
  decisionId: number;
  state: MergeGroupState;
  /** the plan holding the group's operations (planned or merged), else null */
  plan: number | null;
}


/**
 * The state of a group from the operations it produced (source merge:<entity>:<survivor>):
 * any still planned or batched → planned; else any applied and not reverted → merged;
 * else accepted (never planned, rolled back, or every operation was a conflict).
 */
function groupState(db: SqliteDb, entity: string, survivor: number): { state: MergeGroupState; plan: number | null } {
  const { openPlan, appliedPlan } = sourceState(db, `merge:${entity}:${survivor}`);
  if (openPlan !== null) return { state: 'planned', plan: openPlan };
  return appliedPlan !== null ? { state: 'merged', plan: appliedPlan } : { state: 'accepted', plan: null };
}

/**
 * Every accepted merge decision of the matcher (migration 0003, match_decisions with kind 'merge'
 * not undone) with its state. field_choices is {field key: {from, values}} (older files:
 * {from, value}); the survivor's name, responsible user and other chosen field values are taken
 * from it (phones and e-mails are always unioned).
 */
export function mergeGroupsWithState(db: SqliteDb): AcceptedGroup[] {
  return (acceptedMergeDecisions(db) ?? []).map((r) => {
    const { entity, losers } = r;
    const raw = r.choices;
    const first = (c: { values: unknown[] } | undefined): unknown => c?.values[0];
    const choices: MergeSurvivorParams['choices'] = {};
    const name = first(raw.name);
    if (typeof name === 'string' && name.trim() !== '') choices.name = name;
    const responsible = Number(first(raw.responsible_user_id) ?? first(raw.responsible));
    if (Number.isInteger(responsible) && responsible > 0) choices.responsible_user_id = responsible;
    // other fields: the chosen card's values of that field, as the snapshot has them
    const rawOf = entityRawLookup(db, entity);
    for (const [key, c] of Object.entries(raw)) {
      const m = /^cf:(\d+)$/.exec(key);
      const from = Number(c.from);
      if (!m || !Number.isInteger(from) || from === r.survivor) continue;
      const row = rawOf(from);
      if (!row) continue;
      const values = fieldValues(JSON.parse(row.raw) as Record<string, unknown>, Number(m[1]));
      if (values.length) (choices.fields ??= {})[m[1]!] = values;
    }
    return { decisionId: r.id, entity, survivor: r.survivor, losers, choices, ...groupState(db, entity, r.survivor) };
  });
}

/** The accepted groups not planned or merged yet: what "merge --accepted" plans. */
export function acceptedMergeGroups(db: SqliteDb): MergeGroup[] {
  if (!hasTable(db, 'match_decisions')) throw new AppError('NOT_FOUND', 'This snapshot has no merge decisions (the duplicates review stores them).');
  return mergeGroupsWithState(db)
    .filter((g) => g.state === 'accepted')
    .map(({ entity, survivor, losers, choices }) => ({ entity, survivor, losers, ...(choices ? { choices } : {}) }));
}
