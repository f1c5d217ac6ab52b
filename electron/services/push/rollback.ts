// runtime: node
/**
 * A rollback is a plan of its own: one revert operation per applied operation, newest
 * first, computed from the before-images in the journal. It has its own dry run and runs
 * through the same engine (conflict checks included: an entity changed after our write is
 * not overwritten).
 */
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import { addOperations, createPlan, getPlan } from '../plan/store';
import { roleRightsOf } from '../plan/roles';
import type {
  EnsureFieldParams,
  FieldsDeleteParams,
  LinkParams,
  NewOperation,
  OperationRow,
  OpRef,
  RevertDropRoleParams,
  RevertFieldParams,
  RevertPatchParams,
  RevertRoleParams,
  RevertTaskParams,
  RevertValuesParams,
  RolesCreateParams,
} from '../plan/types';
import type { ApiObject } from './amo';
import { inverseItem, linkAction, modeOf } from './kinds';

export const ROLLBACK_TASK_TEXT = 'Отменено откатом AmoSweep (задача создана по ошибке)';

/**
 * The rollback plan of `planId` (optionally only some of its operations). An unfinished
 * rollback plan of the same plan is returned as it is, so that re-running resumes it.
 */
export function rollbackPlanFor(db: SqliteDb, planId: number, opIds?: readonly number[]): { plan: number; operations: number; created: boolean } {
  const forward = getPlan(db, planId);
  if (forward.kind !== 'forward') throw new AppError('BAD_INPUT', `Plan ${planId} is itself a rollback; roll back its forward plan instead.`);
  const unfinished = db
    .prepare("SELECT id FROM plans WHERE kind = 'rollback' AND rollback_of = ? AND status <> 'done' ORDER BY id DESC LIMIT 1")
    .get(planId) as { id: number } | undefined;
  if (unfinished) {
    const n = (db.prepare('SELECT count(*) AS n FROM plan_operations WHERE plan_id = ?').get(unfinished.id) as { n: number }).n;
    return { plan: unfinished.id, operations: n, created: false };
  }
  const wanted = opIds ? new Set(opIds) : null;
  const applied = (
    db
      .prepare(
        `SELECT * FROM plan_operations o WHERE plan_id = ? AND status = 'applied'
           AND NOT EXISTS (SELECT 1 FROM plan_operations r WHERE r.reverts = o.id AND r.status IN ('planned', 'batched', 'applied'))
         ORDER BY batch_id DESC, id DESC`,
      )
      .all(planId) as OperationRow[]
  ).filter((op) => !wanted || wanted.has(op.id));
  // amoCRM's private merge has no undo: refused, never half rolled back
  const irreversible = applied.filter((op) => op.kind === 'merge.undocumented');
  if (irreversible.length > 0)
    throw new AppError(
      'BAD_INPUT',
      `Plan ${planId} holds ${irreversible.length} applied UNDOCUMENTED merge${irreversible.length === 1 ? '' : 's'} (amoCRM's private merge endpoint; contacts ${irreversible.map((o) => o.entity_id).join(', ')}): they are IRREVERSIBLE and cannot be rolled back. Restore the merged cards from amoCRM's trash by hand, or roll back only the plan's other operations.`,
    );
  const imageOf = db.prepare('SELECT image FROM before_images WHERE op_id = ?');
  const ops: NewOperation[] = [];
  for (const op of applied) {
    const row = imageOf.get(op.id) as { image: string } | undefined;
    const before = row ? (JSON.parse(row.image) as ApiObject) : null;
    const result = op.result ? (JSON.parse(op.result) as { item?: ApiObject; taskId?: number | null }) : {};
    const mode = modeOf(op.kind);
    if (mode === 'patch') {
      if (!before || !result.item) continue;
      const { id: _id, ...item } = result.item;
      const inverse = inverseItem(item, before);
      if (!inverse) continue;
      ops.push({ kind: 'revert.patch', entityType: op.entity_type, entityId: op.entity_id, params: { item: inverse } satisfies RevertPatchParams, source: `revert:${op.kind}`, reverts: op.id });
    } else if (mode === 'link') {
      const p = JSON.parse(op.params) as LinkParams;
      const back = linkAction(op.kind) === 'link' ? 'revert.unlink' : 'revert.link';
      // a contact linked back to a deal gets its main-contact flag from the before-image
      const was = before && typeof before._embedded === 'object' && before._embedded !== null ? (before._embedded as Record<string, unknown>)[p.toType] : undefined;
      const entry = Array.isArray(was) ? (was as ApiObject[]).find((x) => Number(x.id) === p.toId) : undefined;
      const params: LinkParams = { toType: p.toType, toId: p.toId, ...(typeof entry?.is_main === 'boolean' ? { isMain: entry.is_main } : {}) };
      ops.push({ kind: back, entityType: op.entity_type, entityId: op.entity_id, params, source: `revert:${op.kind}`, reverts: op.id });
    } else if (mode === 'create-task') {
      if (!result.taskId) continue;
      // the public API cannot delete a task: it is closed with a result that says why
      ops.push({ kind: 'revert.task', entityType: 'tasks', entityId: result.taskId, params: { resultText: ROLLBACK_TASK_TEXT } satisfies RevertTaskParams, source: 'revert:tasks.create', reverts: op.id });
    } else if (op.kind === 'roles.create') {
      // the role made by the push is deleted again (not one that existed: that op was skipped)
      const roleId = (result as { roleId?: unknown }).roleId;
      if (typeof roleId !== 'number') continue;
      const p = JSON.parse(op.params) as RolesCreateParams;
      ops.push({ kind: 'revert.drop_role', entityType: 'roles', entityId: roleId, params: { name: p.name } satisfies RevertDropRoleParams, source: 'revert:roles.create', reverts: op.id });
    } else if (op.kind === 'rights.revoke_delete') {
      // the role's rights from the before-image
      const role = before && typeof before.role === 'object' && before.role !== null ? (before.role as ApiObject) : null;
      if (!role) continue;
      ops.push({ kind: 'revert.role', entityType: 'roles', entityId: op.entity_id, params: { rights: roleRightsOf(role.rights) } satisfies RevertRoleParams, source: 'revert:rights.revoke_delete', reverts: op.id });
    } else if (op.kind === 'fields.ensure') {
      // a list field fields.to_list created (not one it found): dropped after its values are cleared, if no card holds one
      // (the checkbox "Удалить" of a merge stays)
      const p = JSON.parse(op.params) as EnsureFieldParams;
      const made = (result as { newFieldId?: unknown }).newFieldId;
      if (p.sourceFieldId === undefined || typeof made !== 'number') continue;
      ops.push({
        kind: 'revert.drop_field',
        entityType: 'custom_fields',
        entityId: made,
        params: { fieldEntity: p.fieldEntity, name: p.definition.name, type: p.definition.type, values: [] } satisfies FieldsDeleteParams,
        source: 'revert:fields.to_list',
        reverts: op.id,
      });
    } else if (mode === 'delete-field') {
      const field = before && typeof before.field === 'object' ? (before.field as ApiObject) : null;
      if (!field) continue;
      const p = JSON.parse(op.params) as FieldsDeleteParams;
      const enums = Array.isArray(field.enums) ? (field.enums as ApiObject[]).map((e) => ({ value: e.value, sort: e.sort })) : undefined;
      const definition: Record<string, unknown> = { name: field.name, type: field.type, sort: field.sort };
      if (typeof field.code === 'string' && field.code) definition.code = field.code;
      if (enums && enums.length) definition.enums = enums;
      ops.push({
        kind: 'revert.field',
        entityType: 'custom_fields',
        entityId: op.entity_id,
        params: { fieldEntity: p.fieldEntity, definition, values: p.values } satisfies RevertFieldParams,
        source: 'revert:fields.delete',
        reverts: op.id,
      });
      // then the saved values, written into the re-created field (a new id; enums matched by their value)
      const saved = Array.isArray(before?.values) ? (before.values as RevertFieldParams['values']) : p.values;
      const oldEnums = new Map((Array.isArray(field.enums) ? (field.enums as ApiObject[]) : []).map((e) => [Number(e.id), String(e.value)]));
      const ref: OpRef = { kind: 'revert.field', entityType: 'custom_fields', entityId: op.entity_id };
      for (const { entityId, values } of saved) {
        if (values.length === 0) continue;
        const withEnums = values.map((v) => {
          const text = v.enum_id !== undefined ? oldEnums.get(v.enum_id) : undefined;
          return text !== undefined ? { ...v, enum: text } : v;
        });
        ops.push({
          kind: 'revert.values',
          entityType: p.fieldEntity,
          entityId,
          params: { fieldEntity: p.fieldEntity, values: withEnums, fieldFrom: ref, requires: ref, fieldId: null, resolved: null } satisfies RevertValuesParams,
          source: 'revert:fields.delete',
          reverts: op.id,
        });
      }
    }
  }
  if (ops.length === 0) {
    // run twice: the rollback that already undid everything is answered again, never an empty plan
    const done = db.prepare("SELECT id FROM plans WHERE kind = 'rollback' AND rollback_of = ? ORDER BY id DESC LIMIT 1").get(planId) as { id: number } | undefined;
    if (done) {
      const n = (db.prepare('SELECT count(*) AS n FROM plan_operations WHERE plan_id = ?').get(done.id) as { n: number }).n;
      return { plan: done.id, operations: n, created: false };
    }
    throw new AppError('BAD_INPUT', `Plan ${planId} has nothing to roll back: none of its operations changed anything in amoCRM.`, { messageCode: 'rollback.nothing', plan: planId });
  }
  const plan = createPlan(db, 'rollback', { rollbackOf: planId, title: `Rollback of plan ${planId}` });
  const n = addOperations(db, plan, ops, { dedupe: false });
  return { plan, operations: n, created: true };
}
