// runtime: node
/**
 * The matcher's accepted merge decisions as other capabilities read them (match_decisions is the
 * matcher's table, migration 0003: plan calls this, never its SQL). field_choices is parsed here,
 * older files' {from, value} read as {from, values: [value]}.
 */
import { hasTable, type DbReader, type DbWriter } from '../db/handles';

export interface FieldChoice {
  /** the card whose value was chosen, when the choice names one */
  from: unknown;
  values: unknown[];
}

export interface AcceptedMergeDecision {
  id: number;
  entity: 'contacts' | 'companies';
  survivor: number;
  losers: number[];
  /** field key (name, responsible_user_id, cf:<id>...) → the chosen card and values */
  choices: Record<string, FieldChoice>;
}

/** Accepted merge decisions not undone, oldest first; null when the file has no decisions table. */
export function acceptedMergeDecisions(db: DbReader): AcceptedMergeDecision[] | null {
  if (!hasTable(db, 'match_decisions')) return null;
  const rows = db
    .prepare(
      "SELECT id, entity_type, survivor_id, loser_ids, field_choices FROM match_decisions WHERE kind = 'merge' AND undone_at IS NULL AND survivor_id IS NOT NULL ORDER BY id",
    )
    .all() as { id: number; entity_type: string; survivor_id: number; loser_ids: string | null; field_choices: string | null }[];
  return rows.map((r) => {
    const raw = r.field_choices ? (JSON.parse(r.field_choices) as Record<string, { from?: unknown; value?: unknown; values?: unknown } | null | undefined>) : {};
    const choices: Record<string, FieldChoice> = {};
    for (const [key, c] of Object.entries(raw)) {
      choices[key] = { from: c?.from, values: Array.isArray(c?.values) ? (c.values as unknown[]) : c?.value === undefined ? [] : [c.value] };
    }
    return {
      id: r.id,
      entity: r.entity_type === 'companies' ? 'companies' : 'contacts',
      survivor: r.survivor_id,
      losers: (JSON.parse(r.loser_ids ?? '[]') as unknown[]).map(Number).filter((n) => Number.isInteger(n) && n > 0),
      choices,
    };
  });
}

/**
 * The decisions' field choices (values chosen in the review), each read and, when `write`, written
 * back as `rewrite` answers with the explanation dropped (anonymize); the number of decisions.
 */
export function rewriteDecisionChoices(db: DbWriter, rewrite: (choices: string | null, entityType: string) => string | null, write: boolean): number {
  if (!hasTable(db, 'match_decisions')) return 0;
  const update = db.prepare('UPDATE match_decisions SET field_choices = ?, explanation = NULL WHERE id = ?');
  const rows = db.prepare('SELECT id, entity_type, field_choices FROM match_decisions').all() as { id: number; entity_type: string; field_choices: string | null }[];
  for (const r of rows) {
    const choices = rewrite(r.field_choices, r.entity_type);
    if (write) update.run(choices, r.id);
  }
  return rows.length;
}

/** Drops the stored match runs and their groups (derived: a new run recomputes them); rows dropped per table. */
export function dropMatchRuns(db: DbWriter): Record<string, number> {
  const dropped: Record<string, number> = {};
  // each table named literally (lint checks the tables SQL names)
  const deletes = { match_groups: 'DELETE FROM match_groups', match_runs: 'DELETE FROM match_runs' } as const;
  for (const [table, sql] of Object.entries(deletes)) if (hasTable(db, table)) dropped[table] = db.prepare(sql).run().changes;
  return dropped;
}
