// runtime: node
/** The push's reads from amoCRM (GET only, through the shared rate-limited client): entities, their tasks and notes, fields, roles. */
import type { AmoClient, ApiObject } from './amo';
import { READ_BATCH, WRITE_BATCH } from './items';
import type { PushReads } from './operations';

const obj = (v: unknown): ApiObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : null);

export function amoReads(client: AmoClient, signal: () => { signal?: AbortSignal }): PushReads {
  /** every item of a list path; `query` as sent (its key order is the URL's), limit 250 unless it says otherwise */
  const all = async (path: string, key: string, query: Record<string, unknown> = { limit: READ_BATCH }): Promise<ApiObject[]> => {
    const out: ApiObject[] = [];
    for await (const page of client.paginate<ApiObject>(path, key, query as never, signal())) out.push(...page.items);
    return out;
  };
  /** items of `path` by the id their `byKey` names, read `chunkSize` ids at a time */
  const grouped = async (path: string, key: string, ids: readonly number[], chunkSize: number, params: (chunk: number[]) => Record<string, unknown>, byKey: string): Promise<Map<number, ApiObject[]>> => {
    const out = new Map<number, ApiObject[]>();
    for (let i = 0; i < ids.length; i += chunkSize) {
      for (const item of await all(path, key, params(ids.slice(i, i + chunkSize)))) {
        const id = Number(item[byKey]);
        out.set(id, [...(out.get(id) ?? []), item]);
      }
    }
    return out;
  };
  return {
    all,
    async entities(entityType, ids, withParam) {
      const out = new Map<number, ApiObject>();
      for (const [id, list] of await grouped(`/api/v4/${entityType}`, entityType, ids, READ_BATCH, (chunk) => ({ 'filter[id]': chunk, limit: READ_BATCH, ...(withParam ? { with: withParam } : {}) }), 'id')) out.set(id, list[list.length - 1]!);
      return out;
    },
    /** every task (open or closed) of the given deals, by deal id */
    tasksOf: (leadIds) => grouped('/api/v4/tasks', 'tasks', leadIds, WRITE_BATCH, (chunk) => ({ 'filter[entity_type]': 'leads', 'filter[entity_id]': chunk, limit: READ_BATCH }), 'entity_id'),
    /** every note of the given entities, by entity id */
    notesOf: (entityType, ids) => grouped(`/api/v4/${entityType}/notes`, 'notes', ids, WRITE_BATCH, (chunk) => ({ 'filter[entity_id]': chunk, limit: READ_BATCH }), 'entity_id'),
    fields: (fieldEntity) => all(`/api/v4/${fieldEntity}/custom_fields`, 'custom_fields'),
    /** every role of the account (GET /api/v4/roles; admin only), with their users when asked */
    roles: (withUsers) => all('/api/v4/roles', 'roles', { limit: READ_BATCH, ...(withUsers ? { with: 'users' } : {}) }),
    /** the first entity holding a value in the field (a walk over every entity of the type, 250 a page), or null */
    async firstHolder(entityType, fieldId) {
      for await (const page of client.paginate<ApiObject>(`/api/v4/${entityType}`, entityType, { limit: READ_BATCH }, signal())) {
        for (const e of page.items) {
          const cfv = Array.isArray(e.custom_fields_values) ? (e.custom_fields_values as unknown[]) : [];
          if (cfv.some((f) => Number(obj(f)?.field_id) === fieldId && Array.isArray(obj(f)?.values) && (obj(f)!.values as unknown[]).length > 0)) return Number(e.id);
        }
      }
      return null;
    },
    async ask(req) {
      return (await client.request<unknown>({ method: req.method, path: req.path, ...(req.form ? { form: req.form } : {}), ...(req.body !== undefined ? { body: req.body } : {}), idempotent: true, ...signal() })).data;
    },
  };
}
