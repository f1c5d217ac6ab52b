// runtime: browser
import { describe, expect, it } from 'vitest';
import { beforeLines, concurrentEditsOf, eventLabel } from './concurrent';

const t = (key: string, o?: Record<string, unknown>) => `${key}${o && 'id' in o ? `(${String(o.id)})` : ''}${o && 'defaultValue' in o ? `|${String(o.defaultValue)}` : ''}`;

describe('concurrent edits of a push result', () => {
  const edit = {
    operation: 7,
    kind: 'normalize.phones',
    entityType: 'contacts',
    entityId: 1001,
    events: [{ type: 'custom_field_55_value_changed', createdAt: 1_700_000_000, createdBy: 3 }],
    before: { 'cf:55': [{ value: '+7 900 111-22-33', enum_code: 'WORK' }, { value: '8 900 1112233' }], name: 'Иван' },
  };

  it('reads the report from a push result, and nothing from a push that overwrote nothing', () => {
    expect(concurrentEditsOf({ applied: 5, possiblyOverwritten: 1, concurrentEdits: [edit] })).toEqual({ count: 1, edits: [edit] });
    expect(concurrentEditsOf({ applied: 5, possiblyOverwritten: 0, concurrentEdits: [] })).toBeNull();
    expect(concurrentEditsOf({ applied: 5 })).toBeNull();
    expect(concurrentEditsOf(null)).toBeNull();
    // more than the 100 listed: the count is the push's, malformed entries are dropped
    expect(concurrentEditsOf({ possiblyOverwritten: 150, concurrentEdits: [edit, { entityId: 'x' }] })).toEqual({ count: 150, edits: [edit] });
  });

  it('words events and the values before the write', () => {
    expect(eventLabel(t, 'custom_field_55_value_changed')).toBe('concurrent.fieldChanged(55)');
    expect(eventLabel(t, 'name_changed')).toBe('concurrent.events.name_changed|name_changed');
    expect(beforeLines(t, edit.before)).toEqual(['concurrent.field(55): +7 900 111-22-33, 8 900 1112233', 'fields.name|name: Иван']);
    expect(beforeLines(t, { 'cf:9': [] })).toEqual(['concurrent.field(9): —']);
  });
});
