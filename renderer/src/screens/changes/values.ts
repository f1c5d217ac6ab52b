// runtime: browser
/**
 * Before → after values of operations (pure, no React). The services name fixed attributes with
 * codes (`@name`, `@loss_reason`, ...) and custom fields by their own names; the codes are worded
 * through changes:fields.<code>.
 */
import type { OperationChange } from '../../../../shared/api/methods/plan';

export type Translate = (key: string, options: { defaultValue: string }) => string;

/** A field's label: the translation of a code, or the account's own field name. */
export function fieldLabel(t: Translate, field: string): string {
  return field.startsWith('@') ? t(`fields.${field.slice(1)}`, { defaultValue: field.slice(1) }) : field;
}

/** One side of the changes as lines "label: value" ("—" for no value). */
export function sideLines(t: Translate, changes: readonly OperationChange[] | undefined, side: 'before' | 'after'): string[] {
  return (changes ?? []).map((c) => `${fieldLabel(t, c.field)}: ${c[side] === '' ? '—' : c[side]}`);
}

/** "Контакт #12 Иван" (a field made by the push has no id yet: its type alone). */
export function entityLabel(t: Translate, o: { entityType: string; entityId: number; entityName?: string | null }): string {
  const type = t(`entities.${o.entityType}`, { defaultValue: o.entityType });
  return o.entityId > 0 ? `${type} #${o.entityId}${o.entityName ? ` ${o.entityName}` : ''}` : type;
}
