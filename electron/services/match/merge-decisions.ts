// runtime: node
/**
 * The matcher's accepted merge decisions as other capabilities read them (match_decisions is the
 * matcher's table, migration 0003: plan calls this, never its SQL). field_choices is parsed here,
 * older files' {from, value} read as {from, values: [value]}.
 */
import { hasTable, type DbReader } from '../db/handles';

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
