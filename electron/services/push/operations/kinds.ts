// runtime: node
/**
 * Every operation kind, listed once. Forward kinds change amoCRM as a plan asks; revert kinds
 * are made by a rollback, each undoing one applied operation from its before-image. The
 * registry (index.ts) must hold one operation module per kind (a compile error otherwise).
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
