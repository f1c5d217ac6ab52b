// runtime: node
/**
 * Operation kinds of a change plan. Every operation changes one thing in amoCRM (one lead,
 * contact or company, one task, one custom field); its params say what, and the push engine
 * (electron/services/push) knows how to send it, detect it was applied, and undo it.
 */
// The operation kinds are listed once, by the registry (push/operations/kinds.ts), which holds each kind's behaviour.
export type { OperationKind } from '../push/operations';
import type { OperationKind } from '../push/operations';
import { UNDOCUMENTED_MERGE } from '../../../shared/plan/operations';

/**
 * What a plan can ask for, but the public API cannot do: listed for the admin, never sent.
 * Roles' rights are changed through the API (rights.revoke_delete), but a user's own rights
 * cannot be: API v4 has no PATCH /users (doc §13), so those stay on the admin checklist.
 */
export const CHECKLIST_ONLY = ['tags.unused', 'users.remove_delete_rights'] as const;

export type CrmEntity = 'leads' | 'contacts' | 'companies';
export type OpEntity = CrmEntity | 'tasks' | 'custom_fields' | 'roles' | 'statuses';
export const CRM_ENTITIES: readonly CrmEntity[] = ['leads', 'contacts', 'companies'];

export type OpStatus = 'planned' | 'batched' | 'applied' | 'conflict' | 'skipped' | 'failed';
export type PlanStatus = 'open' | 'running' | 'done' | 'failed' | 'cancelled';
export type PlanKind = 'forward' | 'rollback';

/** A custom field value as amoCRM sends and takes it. */
export interface FieldValue {
  value: string | number | boolean | null;
  enum_id?: number;
  enum_code?: string;
}

export interface FillLossReasonParams {
  lossReasonId: number;
  pipelineId: number | null;
}
export interface FieldValuesParams {
  /** the fields the transform is applied to, and what they hold */
  fields: { id: number; kind: 'phone' | 'email' }[];
}
export interface TagsDetachParams {
  tagId: number;
  tagName: string;
}
export interface TasksCreateParams {
  text: string;
  completeTill: number;
  taskTypeId: number;
  responsibleUserId: number | null;
}
export interface FieldsDeleteParams {
  fieldEntity: CrmEntity;
  name: string | null;
  type: string | null;
  /** every value of the field in the snapshot, saved before the delete */
  values: { entityId: number; values: FieldValue[] }[];
}
export interface RevertPatchParams {
  /** the PATCH item (without id) that restores the before-image */
  item: Record<string, unknown>;
}
export interface RevertTaskParams {
  resultText: string;
}
export interface RevertFieldParams {
  fieldEntity: CrmEntity;
  definition: Record<string, unknown>;
  values: { entityId: number; values: FieldValue[] }[];
}
/**
 * fields.ensure: a custom field the following operations write to, created unless the account
 * already has one of this name and type (holding every enum of the definition), which is then
 * used instead. The id (and enum ids) end in the operation's result: {fieldId | newFieldId, enums}.
 */
export interface EnsureFieldParams {
  fieldEntity: CrmEntity;
  /** the POST item: {name, type, enums?: [{value, sort}]} */
  definition: { name: string; type: string; enums?: { value: string; sort: number }[] };
  /** fields.to_list: the text field the list is made from, and the value mapping (trimmed text → list value; null: not copied) */
  sourceFieldId?: number;
  mapping?: Record<string, string | null>;
}
/** fields.to_list on one entity: its text value copied into the list field as an enum. */
export interface FieldsToListParams {
  sourceFieldId: number;
  /** the entity's trimmed text value in the snapshot, and the list value it becomes */
  source: string;
  target: string;
  /** the fields.ensure operation that creates the list field */
  fieldFrom: OpRef;
  requires: OpRef;
  /** filled in by the push once the field exists */
  fieldId: number | null;
  enumId: number | null;
}
/** revert.values: the values a deleted field held on one entity, written back into its re-created field. */
export interface RevertValuesParams {
  fieldEntity: CrmEntity;
  /** the values as saved; `enum` is the enum's value text (old enum ids do not survive a delete) */
  values: (FieldValue & { enum?: string })[];
  fieldFrom: OpRef;
  requires: OpRef;
  /** filled in by the push once the field exists again */
  fieldId: number | null;
  resolved: FieldValue[] | null;
}

export interface NewOperation {
  kind: OperationKind;
  entityType: OpEntity;
  entityId: number;
  params: unknown;
  source?: string;
  reverts?: number;
}

export interface OperationRow {
  id: number;
  plan_id: number;
  kind: OperationKind;
  entity_type: OpEntity;
  entity_id: number;
  params: string;
  source: string | null;
  status: OpStatus;
  batch_id: number | null;
  after_updated_at: number | null;
  result: string | null;
  reverts: number | null;
}

export interface PlanRow {
  id: number;
  kind: PlanKind;
  rollback_of: number | null;
  status: PlanStatus;
  title: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  options: string | null;
}

/** An operation another one waits for: when it did not end applied (or already clean), the dependent one is skipped. */
export interface OpRef {
  kind: OperationKind;
  entityType: OpEntity;
  entityId: number;
}

export interface MergeSurvivorParams {
  entity: 'contacts' | 'companies';
  losers: number[];
  /** phone and e-mail fields unioned: the survivor's current values plus the losers' (as in the snapshot) */
  fields: { id: number; kind: 'phone' | 'email' }[];
  loserValues: Record<string, FieldValue[]>;
  /** values chosen for the survivor */
  choices: { name?: string; responsible_user_id?: number; /** field id → the values chosen from another card */ fields?: Record<string, FieldValue[]> };
}
export interface LinkParams {
  toType: CrmEntity;
  toId: number;
  isMain?: boolean;
  requires?: OpRef;
}
export interface MergeTaskParams {
  survivor: number;
  entity: 'contacts' | 'companies';
  requires?: OpRef;
}
export interface MergeNoteParams {
  entity: 'contacts' | 'companies';
  text: string;
  requires?: OpRef;
}
export interface MergeMarkParams {
  survivor: number;
  tag: string;
  /** the checkbox field "Удалить", when the account has it (or once the push created it) */
  deleteFieldId: number | null;
  /** the fields.ensure operation that creates "Удалить" when the snapshot lacks it */
  fieldFrom?: OpRef;
  requires?: OpRef;
}

/** A role's rights as POST/PATCH /api/v4/roles take them (doc §13): the user flags (is_admin, group_id, …) are left out. */
export type RoleRights = Record<string, unknown>;
/** roles.create: a new role (entity id 0 until the push knows it; the new id ends in the result: {roleId}). */
export interface RolesCreateParams {
  name: string;
  rights: RoleRights;
  /** where the rights came from: a preset name, "user:<id>" or "file" */
  from: string;
}
/** rights.revoke_delete on one role: delete set to "D" on leads, contacts and companies. */
export interface RevokeDeleteParams {
  roleName: string;
  /** the role's rights in the snapshot (leads, contacts, companies): a role changed since is a conflict */
  snapshot: RoleRights;
}
/** revert.role: the role's rights as they were before our PATCH (the before-image). */
export interface RevertRoleParams {
  rights: RoleRights;
}
/** revert.drop_role: a role roles.create made, deleted again. */
export interface RevertDropRoleParams {
  name: string;
}

/**
 * merge.undocumented (opt-in): one contact group merged by amoCRM's own PRIVATE, UNDOCUMENTED
 * web-UI endpoint (POST /ajax/merge/contacts/info/, then /ajax/merge/contacts/save; doc §15).
 * IRREVERSIBLE: amoCRM has no undo, so a rollback refuses it. Contacts only: the companies
 * endpoint is unconfirmed.
 */
export interface MergeUndocumentedParams {
  entity: 'contacts';
  losers: number[];
  /** phone and e-mail fields: unioned over the group and sent as the result's values */
  fields: { id: number; kind: 'phone' | 'email' }[];
  choices: { name?: string; responsible_user_id?: number; /** field id → the values chosen from another card */ fields?: Record<string, FieldValue[]> };
}
/** the label every surface shows for merge.undocumented (shared/plan/operations.ts) */
export const UNDOCUMENTED_MERGE_LABEL = UNDOCUMENTED_MERGE.label;
