// runtime: node
/**
 * Writes to pipelines and their statuses (issue 12 item 8): POST /api/v4/leads/pipelines (array),
 * PATCH /api/v4/leads/pipelines/{id} (object; the official library has no batch update of pipelines),
 * POST /api/v4/leads/pipelines/{id}/statuses (array), PATCH /api/v4/leads/pipelines/{id}/statuses/{id}
 * (object) [PHP:src/AmoCRM/EntitiesServices/Leads/Pipelines.php, Statuses.php] (add: POST of the collection,
 * updateOne: PATCH of one model; update of a collection is "not available"), doc §11 [SHEV:src/api/pipeline/client.ts].
 * Answers: lists as `{_total_items, _embedded: {pipelines|statuses: [… + request_id]}}`, items as the object.
 * A new status id is above every status id of the account (status ids are account-wide, doc §11); a new
 * pipeline gets 142 and 143. The unsorted stage (type 1) is not created here (it comes with is_unsorted_on).
 * Deleting a status lives in its own route file (another operation); deleting a pipeline: 405 here.
 */
import type { ApiObject } from '../fixture-set';
import { fail, ok, validationProblem, type FieldError, type ItemErrors, type Reply } from './http';
import { methodNotAllowed, pipelineOut, statusOut, type Ctx } from './routes';
import { href } from './serialize';
import { errBlank, errChoice, errInvalidType, errUnexpected } from './writes';

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const rid = (item: unknown, i: number): string => (isObj(item) && (typeof item.request_id === 'string' || typeof item.request_id === 'number') ? String(item.request_id) : String(i));

const PIPELINE_KEYS = ['name', 'sort', 'is_main', 'is_unsorted_on', 'is_archive', 'request_id', '_embedded'];
const STATUS_KEYS = ['name', 'sort', 'color', 'request_id'];

function checkStatus(item: unknown, path: string, creating: boolean, errors: FieldError[]): void {
  if (!isObj(item)) return void errors.push(errInvalidType(path, 'object'));
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const key of Object.keys(item)) if (!STATUS_KEYS.includes(key)) errors.push(errUnexpected(at(key)));
  if (creating && item.name === undefined) errors.push(errBlank(at('name')));
  if (item.name !== undefined && (typeof item.name !== 'string' || item.name.trim() === '')) errors.push(typeof item.name === 'string' ? errBlank(at('name')) : errInvalidType(at('name'), 'string'));
  if (item.sort !== undefined && !isInt(item.sort)) errors.push(errInvalidType(at('sort'), 'int'));
  if (item.color !== undefined && typeof item.color !== 'string') errors.push(errInvalidType(at('color'), 'string'));
}

function checkPipeline(item: unknown, creating: boolean, errors: FieldError[]): void {
  if (!isObj(item)) return void errors.push(errInvalidType('', 'object'));
  for (const key of Object.keys(item)) if (!PIPELINE_KEYS.includes(key)) errors.push(errUnexpected(key));
  if (creating && item.name === undefined) errors.push(errBlank('name'));
  if (item.name !== undefined && (typeof item.name !== 'string' || item.name.trim() === '')) errors.push(typeof item.name === 'string' ? errBlank('name') : errInvalidType('name', 'string'));
  if (item.sort !== undefined && !isInt(item.sort)) errors.push(errInvalidType('sort', 'int'));
  for (const key of ['is_main', 'is_unsorted_on', 'is_archive']) if (item[key] !== undefined && typeof item[key] !== 'boolean') errors.push(errInvalidType(key, 'bool'));
  if (item._embedded !== undefined) {
    const statuses = isObj(item._embedded) ? item._embedded.statuses : undefined;
    if (!creating || !Array.isArray(statuses)) errors.push(errUnexpected('_embedded'));
    else statuses.forEach((s: unknown, j: number) => checkStatus(s, `_embedded.statuses.${j}`, true, errors));
  }
}

function nextStatusId(ctx: Ctx): () => number {
  let max = 0;
  for (const p of ctx.store.pipelines.values()) for (const s of ctx.store.statusesOf(p)) if (isInt(s.id) && s.id !== 142 && s.id !== 143 && s.id > max) max = s.id;
  return () => ++max;
}

function newStatus(ctx: Ctx, pipelineId: number, id: number, item: ApiObject, index: number): ApiObject {
  return {
    id,
    name: (item.name as string).trim(),
    sort: isInt(item.sort) ? item.sort : (index + 1) * 10,
    is_editable: true,
    pipeline_id: pipelineId,
    color: typeof item.color === 'string' ? item.color : '#99ccff',
    type: 0,
    account_id: ctx.store.account.id,
  };
}

export function pipelineWrite(ctx: Ctx, pipelineId: number | undefined, sub: string | undefined, statusId: number | undefined, rest: number): Reply {
  const store = ctx.store;
  const m = ctx.method;
  if (rest > 0) throw fail(404, 'Not found');
  // POST /leads/pipelines
  if (pipelineId === undefined) {
    if (m !== 'POST') throw methodNotAllowed();
    if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
    const bad: ItemErrors[] = [];
    ctx.body.forEach((item: unknown, i: number) => {
      const errors: FieldError[] = [];
      checkPipeline(item, true, errors);
      if (errors.length > 0) bad.push({ request_id: rid(item, i), errors });
    });
    if (bad.length > 0) return validationProblem(bad);
    const statusIds = nextStatusId(ctx);
    const made = (ctx.body as ApiObject[]).map((item, i) => {
      const id = store.pipelines.allocateId();
      const statuses = (isObj(item._embedded) && Array.isArray(item._embedded.statuses) ? (item._embedded.statuses as ApiObject[]) : []).map((s, j) => newStatus(ctx, id, statusIds(), s, j));
      if (item.is_main === true) for (const p of store.pipelines.values()) if (p.is_main === true) store.pipelines.replace({ ...p, is_main: false });
      store.pipelines.insert({
        id,
        name: (item.name as string).trim(),
        sort: isInt(item.sort) ? item.sort : (store.pipelines.size + 1) * 10,
        is_main: item.is_main === true,
        is_unsorted_on: item.is_unsorted_on === true,
        is_archive: item.is_archive === true,
        account_id: store.account.id,
        _embedded: { statuses },
      });
      return { id, request_id: rid(item, i) };
    });
    store.indexStatuses();
    const out = made.map(({ id, request_id }) => ({ ...pipelineOut(ctx, store.pipelines.get(id)!), request_id }));
    return ok({ _total_items: out.length, _links: href(ctx.base, '/api/v4/leads/pipelines'), _embedded: { pipelines: out } });
  }
  const pipeline = store.pipelines.get(pipelineId);
  if (!pipeline) throw fail(404, 'Pipeline not found');
  // PATCH /leads/pipelines/{id}
  if (sub === undefined) {
    if (m !== 'PATCH') throw methodNotAllowed();
    if (!isObj(ctx.body)) throw methodNotAllowed();
    const errors: FieldError[] = [];
    checkPipeline(ctx.body, false, errors);
    if (errors.length > 0) return validationProblem([{ request_id: rid(ctx.body, 0), errors }]);
    const b = ctx.body;
    if (b.is_main === true) for (const p of store.pipelines.values()) if (p.is_main === true && p.id !== pipelineId) store.pipelines.replace({ ...p, is_main: false });
    const next: ApiObject = { ...pipeline };
    if (typeof b.name === 'string') next.name = b.name.trim();
    for (const key of ['sort', 'is_main', 'is_unsorted_on', 'is_archive']) if (b[key] !== undefined) next[key] = b[key];
    store.pipelines.replace(next);
    return ok(pipelineOut(ctx, next));
  }
  if (sub !== 'statuses') throw fail(404, 'Not found');
  const statuses = store.statusesOf(pipeline);
  // POST /leads/pipelines/{id}/statuses
  if (statusId === undefined) {
    if (m !== 'POST') throw methodNotAllowed();
    if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
    const bad: ItemErrors[] = [];
    ctx.body.forEach((item: unknown, i: number) => {
      const errors: FieldError[] = [];
      checkStatus(item, '', true, errors);
      if (errors.length > 0) bad.push({ request_id: rid(item, i), errors });
    });
    if (bad.length > 0) return validationProblem(bad);
    const ids = nextStatusId(ctx);
    const added = (ctx.body as ApiObject[]).map((item, i) => ({ status: newStatus(ctx, pipelineId, ids(), item, statuses.length + i), request_id: rid(item, i) }));
    store.pipelines.replace({ ...pipeline, _embedded: { ...(isObj(pipeline._embedded) ? pipeline._embedded : {}), statuses: [...statuses, ...added.map((a) => a.status)] } });
    store.indexStatuses();
    const out = added.map((a) => ({ ...statusOut(ctx, pipelineId, a.status), request_id: a.request_id }));
    return ok({ _total_items: out.length, _links: href(ctx.base, `/api/v4/leads/pipelines/${pipelineId}/statuses`), _embedded: { statuses: out } });
  }
  // PATCH /leads/pipelines/{id}/statuses/{id}
  const status = statuses.find((s) => s.id === statusId);
  if (!status) throw fail(404, 'Status not found');
  if (m !== 'PATCH') throw methodNotAllowed();
  if (!isObj(ctx.body)) throw methodNotAllowed();
  const errors: FieldError[] = [];
  checkStatus(ctx.body, '', false, errors);
  // the unsorted stage keeps its place and colour: only its name can change (UNCONFIRMED)
  if (status.type === 1 && (ctx.body.sort !== undefined || ctx.body.color !== undefined)) errors.push(errChoice(ctx.body.sort !== undefined ? 'sort' : 'color'));
  if (errors.length > 0) return validationProblem([{ request_id: rid(ctx.body, 0), errors }]);
  const b = ctx.body;
  const next: ApiObject = { ...status, ...(typeof b.name === 'string' ? { name: b.name.trim() } : {}), ...(isInt(b.sort) ? { sort: b.sort } : {}), ...(typeof b.color === 'string' ? { color: b.color } : {}) };
  store.pipelines.replace({ ...pipeline, _embedded: { ...(isObj(pipeline._embedded) ? pipeline._embedded : {}), statuses: statuses.map((s) => (s.id === statusId ? next : s)) } });
  return ok(statusOut(ctx, pipelineId, next));
}
