// runtime: node
/** Turning stored objects into API responses (§5–§7 shapes of the API doc). */
import type { ApiObject } from '../fixture-set';
import type { EntityType, Store } from './store';

export const href = (base: string, path: string): { self: { href: string } } => ({ self: { href: `${base}${path}` } });

const OPTIONAL_LEAD_FIELDS = ['source_id', 'is_price_modified_by_robot'];
const DELETED_KEEP = new Set(['id', 'updated_at', 'updated_by', 'account_id']);

function cfvOut(store: Store, type: EntityType, value: unknown): unknown {
  if (!Array.isArray(value) || value.length === 0) return null;
  const deleted = store.deletedFields[type];
  if (deleted.size === 0) return value;
  const kept = (value as ApiObject[]).filter((v) => !deleted.has(v.field_id as number));
  return kept.length === 0 ? null : kept;
}

export function tagOut(tag: ApiObject): ApiObject {
  return { id: tag.id, name: tag.name, color: tag.color ?? null };
}

/** A lead, contact or company as GET returns it, honouring with=. */
export function entityOut(store: Store, type: EntityType, obj: ApiObject, withs: Set<string>, base: string): ApiObject {
  const id = obj.id as number;
  if (obj.is_deleted === true) {
    // only_deleted: most fields come back null
    const out: ApiObject = {};
    for (const key of Object.keys(obj)) {
      if (key === '_embedded' || key === '_links') continue;
      out[key] = DELETED_KEEP.has(key) ? obj[key] : null;
    }
    out.is_deleted = true;
    out._links = href(base, `/api/v4/${type}/${id}`);
    return out;
  }
  const { _embedded: _e, _links: _l, ...rest } = obj;
  const out: ApiObject = rest;
  if (type === 'leads') for (const key of OPTIONAL_LEAD_FIELDS) if (!withs.has(key)) delete out[key];
  out.custom_fields_values = cfvOut(store, type, obj.custom_fields_values);
  out._links = href(base, `/api/v4/${type}/${id}`);
  const links = store.links;
  const ref = (t: EntityType, rid: number): ApiObject => ({ id: rid, _links: href(base, `/api/v4/${t}/${rid}`) });
  // a tag is one account object (doc §9): an entity's _embedded.tags show the tag as /{entity}/tags
  // has it now (name, color), not a copy taken when it was attached (issue 12 item 9)
  const tagTable = store.tags[type];
  const e: ApiObject = { tags: store.tagsOf(obj).map((t) => tagOut(tagTable.get(t.id as number) ?? t)) };
  if (type === 'leads') {
    e.companies = links
      .linked('leads', id, 'companies')
      .filter((c) => store.entity('companies', c))
      .map((c) => ref('companies', c));
    if (withs.has('contacts')) {
      e.contacts = (links.leadContacts.get(id) ?? [])
        .filter((l) => store.entity('contacts', l.id))
        .map((l) => ({ id: l.id, is_main: l.is_main, _links: href(base, `/api/v4/contacts/${l.id}`) }));
    }
    if (withs.has('loss_reason')) {
      const reason = typeof obj.loss_reason_id === 'number' ? store.lossReasons.get(obj.loss_reason_id) : undefined;
      e.loss_reason = reason ? [lossReasonOut(reason, base)] : [];
    }
    if (withs.has('catalog_elements')) e.catalog_elements = [];
    if (withs.has('source') && obj._embedded && typeof obj._embedded === 'object' && 'source' in obj._embedded) {
      e.source = (obj._embedded as ApiObject).source;
    }
  } else if (type === 'contacts') {
    e.companies = links
      .linked('contacts', id, 'companies')
      .filter((c) => store.entity('companies', c))
      .map((c) => ref('companies', c));
    if (withs.has('leads')) e.leads = links.linked('contacts', id, 'leads').filter((l) => store.entity('leads', l)).map((l) => ref('leads', l));
    if (withs.has('customers')) e.customers = [];
    if (withs.has('catalog_elements')) e.catalog_elements = [];
  } else {
    if (withs.has('leads')) e.leads = links.linked('companies', id, 'leads').filter((l) => store.entity('leads', l)).map((l) => ref('leads', l));
    if (withs.has('contacts'))
      e.contacts = links
        .linked('companies', id, 'contacts')
        .filter((c) => store.entity('contacts', c))
        .map((c) => ref('contacts', c));
    if (withs.has('customers')) e.customers = [];
    if (withs.has('catalog_elements')) e.catalog_elements = [];
  }
  out._embedded = e;
  return out;
}

export function lossReasonOut(reason: ApiObject, base: string): ApiObject {
  const { _links: _l, ...rest } = reason;
  return { ...rest, _links: href(base, `/api/v4/leads/loss_reasons/${String(reason.id)}`) };
}

export function withSelfLink(obj: ApiObject, base: string, path: string): ApiObject {
  return { ...obj, _links: href(base, path) };
}
