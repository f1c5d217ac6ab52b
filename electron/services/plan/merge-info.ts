// runtime: node
/** The accepted duplicate groups as the Changes screen lists them: names, chosen values, state. */
import type { MergeGroupInfo } from '../../../shared/api/methods/plan';
import type { SqliteDb } from '../db/open';
import { cardNameLookup, fieldNameLookup, userNameLookup } from '../snapshot/store';
import type { AcceptedGroup } from './merge';
import type { FieldValue } from './types';

const show = (values: readonly FieldValue[]): string =>
  values
    .map((v) => (v.value === true ? '✓' : v.value === false || v.value === null ? '' : String(v.value)))
    .filter((s) => s.trim() !== '')
    .join(', ');

export function mergeGroupInfo(db: SqliteDb, groups: readonly AcceptedGroup[]): MergeGroupInfo[] {
  const user = userNameLookup(db);
  return groups.map((g) => {
    const nameOf = cardNameLookup(db, g.entity);
    const name = (id: number): string => nameOf(id)?.name ?? '';
    const field = fieldNameLookup(db);
    const choices: MergeGroupInfo['choices'] = [];
    if (g.choices?.name !== undefined) choices.push({ field: '@name', value: g.choices.name });
    if (g.choices?.responsible_user_id !== undefined)
      choices.push({ field: '@responsible', value: user(g.choices.responsible_user_id)?.name ?? `#${g.choices.responsible_user_id}` });
    for (const [id, values] of Object.entries(g.choices?.fields ?? {}))
      choices.push({ field: field(g.entity, Number(id))?.name ?? `#${id}`, value: show(values) });
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
