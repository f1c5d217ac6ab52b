// runtime: common (no node, no DOM, no electron)
/**
 * The names of change operations, listed once. They cross every boundary (the contract's
 * plan.add, the CLI's "plan add", an audit finding's Fix intent, the journal's rows), so they
 * live here; lint (eslint-rules/operation-kinds.js) refuses them as string literals anywhere else
 * but in the operation registry (electron/services/push/operations) and tests. Everywhere else
 * names them through these constants.
 */

/**
 * Every operation kind. Forward kinds change amoCRM as a plan asks; revert kinds are made by a
 * rollback, each undoing one applied operation from its before-image. The registry must hold one
 * operation module per kind (a compile error and a test otherwise).
 */
export const OPERATION_KINDS = [
  // forward kinds, by capability
  'fields.delete',
  'fields.ensure',
  'fields.to_list',
  'fill.loss_reason',
  'merge.link',
  'merge.mark',
  'merge.note',
  'merge.survivor',
  'merge.task',
  'merge.undocumented',
  'merge.unlink',
  'normalize.phones',
  'rights.revoke_delete',
  'roles.create',
  'split.stuffed',
  'stages.delete',
  'tags.detach',
  'tasks.create',
  // made by a rollback
  'revert.drop_field',
  'revert.drop_role',
  'revert.field',
  'revert.link',
  'revert.patch',
  'revert.role',
  'revert.stage',
  'revert.task',
  'revert.unlink',
  'revert.values',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/**
 * What a plan can be asked for: by the app (plan.add), by "amosweep plan add" and by an audit
 * finding's Fix (stored in the snapshot's audit_fix_intents, so a name never changes). Each is
 * built by one operation module of the registry (its `plan` entry).
 */
export const PLAN_REQUEST = {
  fillLossReason: 'fill.loss_reason',
  normalizePhones: 'normalize.phones',
  splitStuffed: 'split.stuffed',
  tagsDetach: 'tags.detach',
  tasksCreate: 'tasks.create',
  fieldsDelete: 'fields.delete',
  fieldsToList: 'fields.to_list',
  /** every accepted duplicate group not planned yet (the duplicates review) */
  mergeAccepted: 'merge.accepted',
  /** one group of contacts (the CLI), or, as a Fix, the accepted groups */
  mergeContacts: 'merge.contacts',
  /** one group of companies (the CLI), or, as a Fix, the accepted groups */
  mergeCompanies: 'merge.companies',
  rolesCreate: 'roles.create',
  rightsRevokeDelete: 'rights.revoke_delete',
  stagesDelete: 'stages.delete',
} as const;
export type PlanRequestName = (typeof PLAN_REQUEST)[keyof typeof PLAN_REQUEST];

/** The requests the app's plan.add takes (one merge group by ids is the CLI's alone). */
export const PLAN_OPERATIONS = [
  PLAN_REQUEST.fillLossReason,
  PLAN_REQUEST.normalizePhones,
  PLAN_REQUEST.splitStuffed,
  PLAN_REQUEST.tagsDetach,
  PLAN_REQUEST.tasksCreate,
  PLAN_REQUEST.fieldsDelete,
  PLAN_REQUEST.fieldsToList,
  PLAN_REQUEST.mergeAccepted,
  PLAN_REQUEST.rolesCreate,
  PLAN_REQUEST.rightsRevokeDelete,
  PLAN_REQUEST.stagesDelete,
] as const;
export type PlanOperationName = (typeof PLAN_OPERATIONS)[number];

/** amoCRM's private, irreversible merge (a CLI opt-in): its kind, and the label every surface shows for it. */
export const UNDOCUMENTED_MERGE = {
  kind: 'merge.undocumented',
  label: 'UNDOCUMENTED and IRREVERSIBLE: amoCRM private merge endpoint (no rollback)',
} as const satisfies { kind: OperationKind; label: string };

/** The parameters a plan request cannot do without (an operation's `needs`; a refusal names the missing ones). */
export const REQUIRED_PARAMETERS = ['reason', 'tag', 'entity', 'field', 'text', 'name', 'survivor', 'losers'] as const;
export type RequiredParameter = (typeof REQUIRED_PARAMETERS)[number];
