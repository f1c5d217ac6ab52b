// runtime: node
/**
 * Dry run: every request a push of the plan would send, counted and timed at the configured
 * rate, computed against the snapshot. Nothing is sent.
 */
import type { DryRunRequest, DryRunResult } from '../../../shared/api/methods/plan';
import type { SqliteDb } from '../db/open';
import { getPlan } from '../plan/store';
import { UNDOCUMENTED_MERGE_LABEL, type FieldsDeleteParams, type FieldsToListParams, type OperationRow, type RevertFieldParams, type RevertValuesParams, type TasksCreateParams } from '../plan/types';
import type { ApiObject } from './amo';
import { buildPatchItem, linkAction, modeOf, parseParams, patchPath, READ_BATCH, WRITE_BATCH } from './kinds';
import { formPreview, groupIds, infoForm, MERGE_INFO_PATH, MERGE_SAVE_PATH, saveForm } from './private-merge';
import { buildRoleWrite, roleRequest } from './roles';

export function dryRun(db: SqliteDb, planId: number, options: { rps?: number; limit?: number } = {}): DryRunResult {
  getPlan(db, planId);
  const rps = options.rps ?? 7;
  const limit = options.limit ?? 1000;
  const ops = db
    .prepare("SELECT * FROM plan_operations WHERE plan_id = ? AND status IN ('planned', 'batched') ORDER BY id")
    .all(planId) as OperationRow[];
  // groups in the order the engine takes them: by first appearance of (kind, entity type)
  const groups = new Map<string, OperationRow[]>();
  for (const op of ops) {
    // operations writing to a field made by the push wait for it: one group per field, as the engine sends them
    const from = (JSON.parse(op.params) as { fieldFrom?: { kind: string; entityType: string; entityId: number } }).fieldFrom;
    const key = `${op.kind}|${op.entity_type}${from && op.kind !== 'merge.mark' ? `|${from.kind}:${from.entityType}:${from.entityId}` : ''}`;
    const list = groups.get(key) ?? [];
    list.push(op);
    groups.set(key, list);
  }
  const list: DryRunRequest[] = [];
  let requests = 0;
  let entities = 0;
  let noop = 0;
  const byKind: DryRunResult['byKind'] = [];
  const warnings: string[] = [];
  const push = (r: DryRunRequest) => {
    requests++;
    if (list.length < limit) list.push(r);
  };
  const rawOf = (entityType: string, id: number): ApiObject | null => {
    if (!['leads', 'contacts', 'companies'].includes(entityType)) return null;
    const row = db.prepare(`SELECT raw FROM ${entityType} WHERE id = ?`).get(id) as { raw: string } | undefined;
    return row ? (JSON.parse(row.raw) as ApiObject) : null;
  };

  for (const groupOps of groups.values()) {
    const first = groupOps[0]!;
    const mode = modeOf(first.kind);
    const before = requests;
    if (mode === 'patch') {
      for (let i = 0; i < groupOps.length; i += READ_BATCH) {
        const chunk = groupOps.slice(i, i + READ_BATCH);
        push({ method: 'GET', path: `/api/v4/${first.entity_type}?filter[id][]=…`, entities: chunk.length, read: true });
        const items: ApiObject[] = [];
        for (const op of chunk) {
          const raw = op.kind.startsWith('revert.') ? null : rawOf(op.entity_type, op.entity_id);
          if (op.kind === 'revert.patch') {
            items.push({ id: op.entity_id, ...(JSON.parse(op.params) as { item: ApiObject }).item });
            continue;
          }
          if (op.kind === 'revert.values') {
            // the field gets its new id during the push
            const p = parseParams<RevertValuesParams>(op);
            items.push({ id: op.entity_id, custom_fields_values: [{ field_id: p.fieldId ?? '(new)', values: p.resolved ?? p.values }] });
            continue;
          }
          if (op.kind === 'fields.to_list' && raw) {
            const p = parseParams<FieldsToListParams>(op);
            if (p.fieldId === null) {
              // the list field is created by the push: built with its value instead of the enum id
              const built = buildPatchItem({ ...op, params: JSON.stringify({ ...p, fieldId: -1, enumId: -1 }) }, raw);
              if ('item' in built) items.push({ id: op.entity_id, custom_fields_values: [{ field_id: '(new)', values: [{ value: p.target }] }] });
              else noop++;
              continue;
            }
          }
          if (!raw) {
            // no snapshot copy (a rollback of a task, say): the stored item, or the plan's intent
            const stored = op.result ? ((JSON.parse(op.result) as { item?: ApiObject }).item ?? null) : null;
            items.push(stored ?? { id: op.entity_id });
            continue;
          }
          const built = buildPatchItem(op, raw);
          if ('item' in built) items.push({ id: op.entity_id, ...built.item });
          else noop++;
        }
        for (let j = 0; j < items.length; j += WRITE_BATCH) {
          const body = items.slice(j, j + WRITE_BATCH);
          entities += body.length;
          push({ method: 'PATCH', path: patchPath(first.entity_type), entities: body.length, read: false, body });
          // a task moved between cards: the new versions of the cards
          if (first.entity_type === 'tasks' && first.kind !== 'revert.task') push({ method: 'GET', path: '/api/v4/contacts?filter[id][]=…', entities: body.length, read: true });
        }
      }
    } else if (mode === 'link' || mode === 'create-note') {
      for (let i = 0; i < groupOps.length; i += WRITE_BATCH) {
        const chunk = groupOps.slice(i, i + WRITE_BATCH);
        push({ method: 'GET', path: `/api/v4/${first.entity_type}?filter[id][]=…`, entities: chunk.length, read: true });
        const body = chunk.map((op) => {
          if (mode === 'create-note') return { entity_id: op.entity_id, note_type: 'common', params: { text: (JSON.parse(op.params) as { text: string }).text } };
          const p = JSON.parse(op.params) as { toType: string; toId: number };
          return { entity_id: op.entity_id, to_entity_id: p.toId, to_entity_type: p.toType };
        });
        entities += body.length;
        const path = mode === 'link' ? `/api/v4/${first.entity_type}/${linkAction(first.kind)}` : `/api/v4/${first.entity_type}/notes`;
        push({ method: 'POST', path, entities: body.length, read: false, body });
        // the new versions of what the write touched (both ends of a link)
        push({ method: 'GET', path: `/api/v4/${first.entity_type}?filter[id][]=…`, entities: chunk.length, read: true });
        if (mode === 'link') {
          const toType = (JSON.parse(first.params) as { toType: string }).toType;
          push({ method: 'GET', path: `/api/v4/${toType}?filter[id][]=…`, entities: chunk.length, read: true });
        }
      }
    } else if (mode === 'create-task') {
      for (let i = 0; i < groupOps.length; i += WRITE_BATCH) {
        const chunk = groupOps.slice(i, i + WRITE_BATCH);
        push({ method: 'GET', path: '/api/v4/leads?filter[id][]=…', entities: chunk.length, read: true });
        push({ method: 'GET', path: '/api/v4/tasks?filter[entity_id][]=…', entities: chunk.length, read: true });
        const body = chunk.map((op) => {
          const p = parseParams<TasksCreateParams>(op);
          return { entity_id: op.entity_id, entity_type: 'leads', text: p.text, complete_till: p.completeTill, task_type_id: p.taskTypeId, responsible_user_id: p.responsibleUserId };
        });
        entities += body.length;
        push({ method: 'POST', path: '/api/v4/tasks', entities: body.length, read: false, body });
        push({ method: 'GET', path: '/api/v4/leads?filter[id][]=…', entities: chunk.length, read: true });
      }
    } else if (mode === 'private-merge') {
      // UNDOCUMENTED and IRREVERSIBLE: the cards read, amoCRM's merge info, the save (202, queued), then the losers read until gone
      for (const op of groupOps) {
        const ids = groupIds(op);
        push({ method: 'GET', path: '/api/v4/contacts?filter[id][]=…&with=leads', entities: ids.length, read: true });
        push({ method: 'POST', path: MERGE_INFO_PATH, entities: ids.length, read: true, body: formPreview(infoForm(ids)) });
        const cards = new Map<number, ApiObject>();
        for (const id of ids) {
          const raw = rawOf('contacts', id);
          if (raw) cards.set(id, raw);
        }
        entities += ids.length;
        push({ method: 'POST', path: MERGE_SAVE_PATH, entities: ids.length, read: false, body: formPreview(saveForm(op, cards)) });
        push({ method: 'GET', path: '/api/v4/contacts?filter[id][]=…', entities: ids.length - 1, read: true });
        push({ method: 'GET', path: '/api/v4/contacts?filter[id][]=…', entities: 1, read: true });
      }
      warnings.push(`${groupOps.length} ${UNDOCUMENTED_MERGE_LABEL}`);
    } else if (mode === 'role') {
      // one role per request: the roles are read (before-image), then the write
      for (const op of groupOps) {
        push({ method: 'GET', path: `/api/v4/roles${op.kind === 'revert.drop_role' ? '?with=users' : ''}`, entities: 1, read: true });
        const roleRow = db.prepare('SELECT raw FROM roles WHERE id = ?').get(op.entity_id) as { raw: string } | undefined;
        const roles = roleRow ? [JSON.parse(roleRow.raw) as ApiObject] : [];
        const built = op.kind.startsWith('revert.') ? null : buildRoleWrite(op, roles);
        if (built && !('item' in built)) {
          noop++;
          continue;
        }
        const item = built && 'item' in built ? built.item : op.kind === 'revert.role' ? { rights: parseParams<{ rights: unknown }>(op).rights } : null;
        const req = roleRequest(op, item);
        entities++;
        push({ method: req.method, path: req.path, entities: 1, read: false, ...(req.body !== undefined ? { body: req.body } : {}) });
      }
    } else {
      for (const op of groupOps) {
        const p = parseParams<FieldsDeleteParams | RevertFieldParams>(op);
        push({ method: 'GET', path: `/api/v4/${p.fieldEntity}/custom_fields`, entities: 1, read: true });
        entities++;
        if (op.kind === 'revert.drop_field') {
          // the walk that checks no card holds a value (at most every page of the type, as the snapshot counts them)
          const n = (db.prepare(`SELECT count(*) AS n FROM ${p.fieldEntity} WHERE is_deleted = 0`).get() as { n: number }).n;
          for (let i = 0; i < Math.max(1, Math.ceil(n / READ_BATCH)); i++) push({ method: 'GET', path: `/api/v4/${p.fieldEntity}?limit=${READ_BATCH}&page=${i + 1}`, entities: 0, read: true });
        }
        if (mode === 'delete-field') push({ method: 'DELETE', path: `/api/v4/${p.fieldEntity}/custom_fields/${op.entity_id}`, entities: 1, read: false });
        else push({ method: 'POST', path: `/api/v4/${p.fieldEntity}/custom_fields`, entities: 1, read: false, body: [(p as RevertFieldParams).definition] });
      }
    }
    byKind.push({ kind: first.kind, operations: groupOps.length, requests: requests - before });
  }
  return { plan: planId, requests, entities, noop, estimatedSeconds: Math.round((requests / rps) * 10) / 10, rps, byKind, list, ...(warnings.length ? { warnings } : {}) };
}

/** "1 240 operations → 3 900 requests → about 9.5 min at 7 rps" */
export function describeDryRun(r: DryRunResult, operations: number): string {
  const n = (x: number) => x.toLocaleString('ru-RU').replace(/\u00a0/g, ' ');
  const time = r.estimatedSeconds >= 90 ? `${(r.estimatedSeconds / 60).toFixed(1)} min` : `${Math.ceil(r.estimatedSeconds)} s`;
  const warn = (r.warnings ?? []).map((w) => `; WARNING: ${w}`).join('');
  return `${n(operations)} operations → ${n(r.requests)} requests → about ${time} at ${r.rps} rps (${n(r.entities)} entities written, ${n(r.noop)} already clean)${warn}`;
}
