// runtime: browser
/**
 * A push's "possibly overwrote a concurrent edit" report, read from the job's result for the
 * Changes screen: which entities someone edited in amoCRM between AmoSweep's read and its write,
 * what amoCRM recorded, and the values before the write (issue 13 item 9).
 */
import type { ConcurrentEdit } from '../../../../shared/api/methods/plan';

/** i18next's t, as much of it as these functions use. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface ConcurrentEditsReport {
  /** operations that may have overwritten an edit (the list holds at most 100 of them) */
  count: number;
  edits: ConcurrentEdit[];
}

const isEdit = (v: unknown): v is ConcurrentEdit => {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.entityType === 'string' && typeof o.entityId === 'number' && Array.isArray(o.events) && o.before !== null && typeof o.before === 'object';
};

/** The report of a push job's result; null when it overwrote nothing (or the result is not a push's). */
export function concurrentEditsOf(result: unknown): ConcurrentEditsReport | null {
  if (result === null || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  const edits = Array.isArray(r.concurrentEdits) ? r.concurrentEdits.filter(isEdit) : [];
  const count = typeof r.possiblyOverwritten === 'number' ? r.possiblyOverwritten : edits.length;
  return count > 0 ? { count, edits } : null;
}

/** An amoCRM event type in words ("custom_field_123_value_changed" → "field 123 changed"). */
export function eventLabel(t: Translate, type: string): string {
  const field = /^custom_field_(\d+)_value_changed$/.exec(type);
  if (field) return t('concurrent.fieldChanged', { id: field[1] });
  return t(`concurrent.events.${type}`, { defaultValue: type });
}

/** The before-image's written fields as "label: value" lines ("cf:123" is custom field 123). */
export function beforeLines(t: Translate, before: Record<string, unknown>): string[] {
  return Object.entries(before).map(([key, value]) => {
    const cf = /^cf:(\d+)$/.exec(key);
    const label = cf ? t('concurrent.field', { id: cf[1] }) : t(`fields.${key}`, { defaultValue: key });
    return `${label}: ${valueText(value)}`;
  });
}

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(valueText).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('value' in o) return valueText(o.value);
    if ('name' in o) return valueText(o.name);
    return JSON.stringify(value);
  }
  return String(value);
}
