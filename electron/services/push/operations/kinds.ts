// runtime: node
/**
 * Every operation kind, listed once. Forward kinds change amoCRM as a plan asks; revert kinds
 * are made by a rollback, each undoing one applied operation from its before-image. The
 * registry (index.ts) must hold one operation module per kind (a compile error otherwise).
 */
export const OPERATION_KINDS = [
  'fill.loss_reason',
  'normalize.phones',
  'split.stuffed',
  'tags.detach',
  'tasks.create',
  'fields.delete',
  'fields.ensure',
  'fields.to_list',
  'merge.survivor',
  'merge.link',
  'merge.unlink',
  'merge.task',
  'merge.note',
  'merge.mark',
  'roles.create',
  'rights.revoke_delete',
  'merge.undocumented',
  'stages.delete',
  'revert.patch',
  'revert.task',
  'revert.field',
  'revert.values',
  'revert.drop_field',
  'revert.link',
  'revert.unlink',
  'revert.role',
  'revert.drop_role',
  'revert.stage',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];
