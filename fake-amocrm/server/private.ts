// runtime: node
/**
 * PRIVATE, UNDOCUMENTED amoCRM web-UI endpoints (§15 of the API doc), opt-in only:
 *   POST /ajax/{leads|contacts|companies}/multiple/delete/   form ID[]=…  → soft delete (trash)
 *   POST /ajax/merge/contacts/info/                          form id[]=…  → comparison data
 *   POST /ajax/merge/contacts/save                           form id[]=…&result_element[…]=… → 202, merged asynchronously
 * Field names follow the reverse-engineered shapes third-party tools use; amoCRM may change them.
 */
import type { ApiObject } from '../fixture-set';
import type { Reply } from './http';
import { EVENT_ENTITY, num, type EntityType, type Store } from './store';
import { nextUpdatedAt, recordEvent, resolveTag, type WriteContext } from './writes';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const json = (status: number, body: unknown): Reply => ({ status, json: body, contentType: 'application/json' });
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const ints = (v: unknown): number[] =>
  asArray(v)
    .map((x) => Number(x))
    .filter((n) => Number.isInteger(n));

function canDelete(store: Store, userId: number, type: EntityType): boolean {
  const user = store.user(userId);
  const rights = user && isObj(user.rights) ? user.rights : undefined;
  if (!rights) return true;
  if (rights.is_admin === true) return true;
  const r = rights[type];
  return !isObj(r) || r.delete !== 'D';
}

/** soft-deletes live entities: is_deleted=true, hidden from GET, visible with with=only_deleted */
export function softDelete(ctx: WriteContext, type: EntityType, ids: number[]): number {
  let count = 0;
  for (const id of ids) {
    const obj = ctx.store.entity(type, id);
    if (!obj) continue;
    ctx.store.entities[type].replace({ ...obj, is_deleted: true, updated_by: ctx.userId, updated_at: nextUpdatedAt(ctx, obj.updated_at) });
    recordEvent(ctx, `${EVENT_ENTITY[type]}_deleted`, EVENT_ENTITY[type], id, [], []);
    count++;
  }
  return count;
}

export function multipleDelete(ctx: WriteContext, type: EntityType, body: Record<string, unknown>): Reply {
  if (!canDelete(ctx.store, ctx.userId, type)) return json(403, { status: 'error', message: 'Access denied' });
  const ids = ints(body.ID ?? body.id ?? body.ids);
  if (ids.length === 0) return json(400, { status: 'error', message: 'No elements selected' });
  const count = softDelete(ctx, type, ids);
  return json(200, { status: 'success', message: `Deleted: ${count}` });
}

function cfvText(v: ApiObject): string {
  return String(v.value ?? '');
}

export function mergeInfo(store: Store, body: Record<string, unknown>): Reply {
  const ids = ints(body.id ?? body.ID);
  const contacts = ids.map((id) => store.entity('contacts', id)).filter((c): c is ApiObject => c !== undefined);
  if (contacts.length < 2) return json(400, { response: { error: 'At least two existing contacts are needed' } });
  const compareFields: Record<string, unknown> = {
    NAME: { name: 'Имя' },
    MAIN_USER_ID: { name: 'Ответственный' },
    COMPANY_UID: { name: 'Компания' },
    LEADS: { name: 'Сделки' },
    TAGS: { name: 'Теги' },
    DATE_CREATE: { name: 'Дата создания' },
  };
  const values: Record<string, Record<string, { values: ApiObject[] }>> = {};
  const put = (field: string, id: number, list: ApiObject[]): void => {
    (values[field] ??= {})[String(id)] = { values: list };
  };
  for (const c of contacts) {
    const id = c.id as number;
    put('NAME', id, [{ value: c.name, label: c.name }]);
    put('MAIN_USER_ID', id, [{ value: c.responsible_user_id, label: String(store.user(num(c.responsible_user_id) ?? -1)?.name ?? c.responsible_user_id) }]);
    put(
      'COMPANY_UID',
      id,
      store.links.linked('contacts', id, 'companies').map((cid) => ({ value: cid, label: String(store.entity('companies', cid)?.name ?? cid) })),
    );
    put(
      'LEADS',
      id,
      store.links.linked('contacts', id, 'leads').map((lid) => ({ value: lid, label: String(store.entity('leads', lid)?.name ?? lid), checked: true })),
    );
    put(
      'TAGS',
      id,
      store.tagsOf(c).map((t) => ({ value: t.id, label: t.name, checked: true })),
    );
    put('DATE_CREATE', id, [{ value: c.created_at, label: String(c.created_at) }]);
    for (const f of Array.isArray(c.custom_fields_values) ? (c.custom_fields_values as ApiObject[]) : []) {
      const key = `cfv_${String(f.field_id)}`;
      compareFields[key] = { name: f.field_name, type: f.field_type };
      put(
        key,
        id,
        (Array.isArray(f.values) ? (f.values as ApiObject[]) : []).map((v) => ({ value: cfvText(v), label: cfvText(v), ...(v.enum_code ? { description: v.enum_code } : {}) })),
      );
    }
  }
  const elements = contacts.map((c) => ({ id: c.id, name: c.name, main_user_id: c.responsible_user_id, date_create: c.created_at }));
  return json(200, { response: { elements, compare_fields: compareFields, compare_values: values } });
}

interface MergePlan {
  survivor: number;
  losers: number[];
  resultElement: Record<string, unknown>;
}

export function planMerge(store: Store, body: Record<string, unknown>): MergePlan | Reply {
  const ids = ints(body.id ?? body.ID);
  const result = isObj(body.result_element) ? body.result_element : {};
  const survivor = Number(result.ID);
  const live = ids.filter((id) => store.entity('contacts', id));
  if (live.length < 2 || !Number.isInteger(survivor) || !live.includes(survivor)) {
    return json(400, { response: { multiactions: { set: { errors: ['result_element[ID] must be one of two or more existing contacts in id[]'] } } } });
  }
  return { survivor, losers: live.filter((id) => id !== survivor), resultElement: result };
}

/** applies a planned contact merge (run asynchronously after the 202) */
export function applyMerge(ctx: WriteContext, plan: MergePlan): void {
  const store = ctx.store;
  const { survivor, resultElement: r } = plan;
  const losers = plan.losers.filter((id) => store.entity('contacts', id));
  const base = store.entity('contacts', survivor);
  if (!base) return;
  const all = [survivor, ...losers];
  const objs = all.map((id) => store.entity('contacts', id) as ApiObject);
  const next: ApiObject = { ...base };
  if (typeof r.NAME === 'string') next.name = r.NAME;
  if (r.MAIN_USER_ID !== undefined && Number.isInteger(Number(r.MAIN_USER_ID))) next.responsible_user_id = Number(r.MAIN_USER_ID);

  // leads: relink to the survivor (the LEADS list when given, else every lead of the group)
  const allLeads = new Set(all.flatMap((id) => store.links.linked('contacts', id, 'leads')));
  const keep = r.LEADS !== undefined ? new Set(ints(r.LEADS)) : allLeads;
  for (const lead of allLeads) {
    const links = store.links.leadContacts.get(lead) ?? [];
    const wasMain = links.some((l) => all.includes(l.id) && l.is_main);
    for (const id of all) store.links.unlinkLeadContact(lead, id);
    if (keep.has(lead)) store.links.linkLeadContact(lead, survivor, wasMain || undefined);
  }

  // company: the chosen one, else the survivor's, else the first loser's
  const companyChoice = r.COMPANY_UID !== undefined ? Number(r.COMPANY_UID) : undefined;
  const company = companyChoice ?? all.map((id) => store.links.contactCompany.get(id)).find((c) => c !== undefined);
  for (const id of losers) {
    const c = store.links.contactCompany.get(id);
    if (c !== undefined) store.links.unlinkContactCompany(id, c);
  }
  if (company !== undefined && Number.isInteger(company) && store.entity('companies', company)) store.links.linkContactCompany(survivor, company);

  // tags: the chosen ones, else the union
  const tagIds = r.TAGS !== undefined ? asArray(r.TAGS).map(String) : undefined;
  const tags = tagIds
    ? tagIds.map((t) => resolveTag(ctx, 'contacts', /^\d+$/.test(t) ? { id: Number(t) } : { name: t }, true)).filter((t): t is ApiObject => t !== undefined)
    : objs.flatMap((o) => store.tagsOf(o));
  const uniqueTags = [...new Map(tags.map((t) => [t.id, { id: t.id, name: t.name, color: t.color ?? null }])).values()];
  next._embedded = { ...(isObj(base._embedded) ? base._embedded : {}), tags: uniqueTags };

  // custom fields: chosen values (cfv[field_id][] — multitext as JSON {"VALUE","DESCRIPTION"}), else union for multitext, first filled otherwise
  const chosen = isObj(r.cfv) ? r.cfv : {};
  const fieldIds = new Set<number>();
  for (const o of objs) for (const f of Array.isArray(o.custom_fields_values) ? (o.custom_fields_values as ApiObject[]) : []) fieldIds.add(f.field_id as number);
  for (const k of Object.keys(chosen)) if (/^\d+$/.test(k)) fieldIds.add(Number(k));
  const cfv: ApiObject[] = [];
  for (const fid of [...fieldIds].sort((a, b) => a - b)) {
    const field = store.customFields.contacts.get(fid);
    const existing = objs.map((o) => (Array.isArray(o.custom_fields_values) ? (o.custom_fields_values as ApiObject[]) : []).find((f) => f.field_id === fid));
    const template = existing.find((f) => f !== undefined);
    const ftype = String(field?.type ?? template?.field_type ?? 'text');
    let values: ApiObject[];
    if (chosen[String(fid)] !== undefined) {
      const enums = Array.isArray(field?.enums) ? (field.enums as ApiObject[]) : [];
      values = asArray(chosen[String(fid)]).map((raw) => {
        if (ftype === 'multitext') {
          let parsed: Record<string, unknown>;
          try {
            const p = JSON.parse(String(raw)) as unknown;
            parsed = isObj(p) ? p : { VALUE: String(raw) };
          } catch {
            parsed = { VALUE: String(raw) };
          }
          const code = String(parsed.DESCRIPTION ?? 'WORK');
          const en = enums.find((e) => e.value === code || e.code === code) ?? enums[0];
          return en ? { value: String(parsed.VALUE ?? ''), enum_id: en.id, enum_code: en.value ?? en.code } : { value: String(parsed.VALUE ?? '') };
        }
        return { value: raw };
      });
    } else if (ftype === 'multitext') {
      const seen = new Set<string>();
      values = [];
      for (const f of existing) {
        for (const v of Array.isArray(f?.values) ? (f.values as ApiObject[]) : []) {
          const key = String(v.value).replace(/\s+/g, '').toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          values.push(v);
        }
      }
    } else {
      values = (existing.find((f) => Array.isArray(f?.values) && (f.values as unknown[]).length > 0)?.values as ApiObject[] | undefined) ?? [];
    }
    if (values.length > 0)
      cfv.push({ field_id: fid, field_name: field?.name ?? template?.field_name ?? null, field_code: field?.code ?? template?.field_code ?? null, field_type: ftype, values });
  }
  next.custom_fields_values = cfv.length > 0 ? cfv : null;
  next.updated_by = ctx.userId;
  next.updated_at = nextUpdatedAt(ctx, base.updated_at);
  store.entities.contacts.replace(next);

  // notes and tasks of the losers move to the survivor
  const notes = store.notes.contacts;
  for (const id of losers) {
    const moved = notes.byEntity.get(id) ?? [];
    for (const nid of moved) {
      const note = notes.table.get(nid);
      if (note) notes.table.replace({ ...note, entity_id: survivor });
    }
    if (moved.length > 0) {
      notes.byEntity.set(survivor, [...(notes.byEntity.get(survivor) ?? []), ...moved].sort((a, b) => a - b));
      notes.byEntity.delete(id);
    }
  }
  for (const task of store.tasks.values()) {
    if (task.entity_type === 'contacts' && losers.includes(task.entity_id as number)) store.tasks.replace({ ...task, entity_id: survivor, updated_at: nextUpdatedAt(ctx, task.updated_at) });
  }
  softDelete(ctx, 'contacts', losers);
  recordEvent(
    ctx,
    'entity_merged',
    'contact',
    survivor,
    losers.map((id) => ({ entity: { id, type: 'contact' } })),
    [{ entity: { id: survivor, type: 'contact' } }],
  );
}
