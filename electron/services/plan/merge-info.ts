// runtime: node
/** The accepted duplicate groups as the Changes screen lists them: names, chosen values, state. */
import type { MergeGroupInfo } from '../../../shared/api/methods/plan';
import type { SqliteDb } from '../db/open';
import type { AcceptedGroup } from './merge';
import type { FieldValue } from './types';

const show = (values: readonly FieldValue[]): string =>
  values
    .map((v) => (v.value === true ? '✓' : v.value === false || v.value === null ? '' : String(v.value)))
    .filter((s) => s.trim() !== '')
    .join(', ');

export function mergeGroupInfo(db: SqliteDb, groups: readonly AcceptedGroup[]): MergeGroupInfo[] {
  const user = db.prepare('SELECT name FROM users WHERE id = ?');
  return groups.map((g) => {
    const nameOf = db.prepare(`SELECT name FROM ${g.entity} WHERE id = ?`);
    const name = (id: number): string => (nameOf.get(id) as { name: string | null } | undefined)?.name ?? '';
    const field = db.prepare('SELECT name FROM custom_fields WHERE entity_type = ? AND id = ?');
    const choices: MergeGroupInfo['choices'] = [];
    if (g.choices?.name !== undefined) choices.push({ field: '@name', value: g.choices.name });
    if (g.choices?.responsible_user_id !== undefined)
      choices.push({ field: '@responsible', value: (user.get(g.choices.responsible_user_id) as { name: string | null } | undefined)?.name ?? `#${g.choices.responsible_user_id}` });
    for (const [id, values] of Object.entries(g.choices?.fields ?? {}))
      choices.push({ field: (field.get(g.entity, Number(id)) as { name: string | null } | undefined)?.name ?? `#${id}`, value: show(values) });
    return {
      decisionId: g.decisionId,
      entity: g.entity,
      survivor: { id: g.survivor, name: name(g.survivor) },
      losers: g.losers.map((id) => ({ id, name: name(id) })),
      choices,
      state: g.state,
      plan: g.plan,
    };
  });
}
