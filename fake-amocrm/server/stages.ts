// runtime: node
/**
 * Deleting a pipeline stage (§11 of the API doc), admin only (the caller checks):
 * - DELETE /api/v4/leads/pipelines/{pipeline_id}/statuses/{id}: 204, no body. Per Kommo's
 *   "Delete a pipeline stage" (https://developers.kommo.com/reference/deleting-stage), the deals
 *   in the deleted stage are moved to the pipeline's first stage (taken here as its first
 *   working stage by sort: UNCONFIRMED which one amoCRM means). 142, 143 and the unsorted stage
 *   (type 1) cannot be deleted (a third-party Kommo connector documents it; the answer's status
 *   and text are UNCONFIRMED: 400 here); an unknown stage is a 404 "Status not found".
 * The other pipeline and status writes (POST …/statuses, which a rollback re-creates a stage with) are in pipeline-writes.ts.
 */
import type { ApiObject } from '../fixture-set';
import { fail, noContent, type Reply } from './http';
import type { Store } from './store';

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

function withStatuses(store: Store, pipeline: ApiObject, statuses: ApiObject[]): void {
  const embedded = isObj(pipeline._embedded) ? pipeline._embedded : {};
  store.pipelines.replace({ ...pipeline, _embedded: { ...embedded, statuses } });
  store.indexStatuses();
}

export function deleteStage(store: Store, pipeline: ApiObject, statusId: number): Reply {
  const statuses = store.statusesOf(pipeline);
  const status = statuses.find((s) => s.id === statusId);
  if (!status) throw fail(404, 'Status not found');
  if (statusId === 142 || statusId === 143 || status.type !== 0 || status.is_editable === false) throw fail(400, 'This status cannot be deleted');
  const left = statuses.filter((s) => s.id !== statusId);
  const first = left.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143).sort((a, b) => num(a.sort) - num(b.sort))[0];
  for (const lead of store.entities.leads.values()) {
    if (lead.pipeline_id === pipeline.id && lead.status_id === statusId && first) store.entities.leads.replace({ ...lead, status_id: first.id });
  }
  withStatuses(store, pipeline, left);
  return noContent();
}
