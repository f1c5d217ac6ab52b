// runtime: node
/** What the kinds that create items (tasks, notes) share: finding the id amoCRM gave each. */
import type { ApiObject } from '../../amo';
import { obj } from '../contract';

/**
 * The id amoCRM gave each created item of a batch: matched on the echoed request_id (the
 * operation id), else on the item's position in the request body.
 */
export function createdIdFinder(created: unknown, requestBody: unknown): (operationId: number) => number | null {
  const list = (Array.isArray(created) ? created : []).map((x) => obj(x) ?? {});
  const body = Array.isArray(requestBody) ? (requestBody as ApiObject[]) : [];
  return (operationId) => {
    const rid = String(operationId);
    const item = list.find((x) => x.request_id === rid) ?? list[body.findIndex((b) => b.request_id === rid)];
    return item ? Number(item.id) : null;
  };
}

export const CARDS = new Set(['leads', 'contacts', 'companies']);
