// runtime: node
/**
 * merge.undocumented: amoCRM's PRIVATE, UNDOCUMENTED web-UI merge (doc §15), opt-in only.
 * Two form-encoded POSTs through the same client and rate limiter as everything else:
 *   /ajax/merge/contacts/info/  id[]=… (read: what amoCRM would merge; kept in the journal)
 *   /ajax/merge/contacts/save   id[]=…&result_element[…]=… → 202, queued (asynchronous)
 * The result is built from the cards as they are on the server right before the merge: the
 * survivor's (or the chosen) name and responsible user, every deal of the group, every tag,
 * and the phones and e-mails unioned (JSON {"VALUE","DESCRIPTION"} per value). Other fields are
 * left to amoCRM's own choice (which of them survive is not documented anywhere).
 * IRREVERSIBLE: there is no undo in amoCRM, and a rollback refuses it. Pure: no I/O here.
 */
import { fieldValues } from '../plan/transforms';
import type { FieldValue, MergeUndocumentedParams, OperationRow } from '../plan/types';
import type { ApiObject } from './amo';
import { tagsOf, unionValues } from './items';
import { parseParams } from './operations';

export const MERGE_INFO_PATH = '/ajax/merge/contacts/info/';
export const MERGE_SAVE_PATH = '/ajax/merge/contacts/save';
/** how long a push waits for amoCRM to carry out a queued merge before it reports it unconfirmed */
export const MERGE_WAIT_MS = 60_000;
export const MERGE_POLL_MS = 250;

export type FormPairs = [string, string][];

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export function groupIds(op: OperationRow): number[] {
  return [op.entity_id, ...parseParams<MergeUndocumentedParams>(op).losers];
}

export function infoForm(ids: readonly number[]): FormPairs {
  return ids.map((id) => ['id[]', String(id)]);
}

function leadIds(e: ApiObject): number[] {
  const list = isObj(e._embedded) && Array.isArray(e._embedded.leads) ? (e._embedded.leads as unknown[]) : [];
  return list.map((x) => (isObj(x) ? Number(x.id) : Number.NaN)).filter((n) => Number.isInteger(n));
}

/** The save form for the group, from the cards as read from the server (survivor first). */
export function saveForm(op: OperationRow, cards: ReadonlyMap<number, ApiObject>): FormPairs {
  const p = parseParams<MergeUndocumentedParams>(op);
  const ids = groupIds(op);
  const survivor = cards.get(op.entity_id) ?? {};
  const all = ids.map((id) => cards.get(id)).filter((c): c is ApiObject => c !== undefined);
  const form: FormPairs = ids.map((id) => ['id[]', String(id)]);
  form.push(['result_element[ID]', String(op.entity_id)]);
  const name = p.choices.name ?? (typeof survivor.name === 'string' ? survivor.name : undefined);
  if (name !== undefined) form.push(['result_element[NAME]', name]);
  const responsible = p.choices.responsible_user_id ?? (typeof survivor.responsible_user_id === 'number' ? survivor.responsible_user_id : undefined);
  if (responsible !== undefined) form.push(['result_element[MAIN_USER_ID]', String(responsible)]);
  for (const lead of [...new Set(all.flatMap(leadIds))].sort((a, b) => a - b)) form.push(['result_element[LEADS][]', String(lead)]);
  for (const tag of [...new Set(all.flatMap((c) => tagsOf(c).map((t) => t.id)))]) form.push(['result_element[TAGS][]', String(tag)]);
  for (const f of p.fields) {
    let values: FieldValue[] = [];
    for (const c of all) values = unionValues(values, fieldValues(c, f.id), f.kind);
    for (const v of values) form.push([`result_element[cfv][${f.id}][]`, JSON.stringify({ VALUE: v.value, DESCRIPTION: v.enum_code ?? 'WORK' })]);
  }
  return form;
}

/** errors amoCRM lists in a save answer (response.multiactions.set.errors) */
export function saveErrors(data: unknown): string[] {
  const errors = isObj(data) && isObj(data.response) && isObj(data.response.multiactions) && isObj(data.response.multiactions.set) ? data.response.multiactions.set.errors : undefined;
  return Array.isArray(errors) ? errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) : [];
}

/** a form as an object, for the dry run's listing */
export function formPreview(form: FormPairs): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of form) {
    const prev = out[k];
    if (k.endsWith('[]')) out[k] = [...(Array.isArray(prev) ? prev : []), v];
    else out[k] = v;
  }
  return out;
}
