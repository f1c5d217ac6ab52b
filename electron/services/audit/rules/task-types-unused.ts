// runtime: node
import { defineRule } from './define';
import { taskTypeCodes, usedTaskTypeIds } from '../../snapshot/store';

/** Standard task types carry a code (FOLLOW_UP, MEETING) and the fixed ids 1 and 2; custom ones have neither. */
const STANDARD = new Set([1, 2]);

export const taskTypesUnused = defineRule({
  id: 'task_types.unused',
  section: 'general',
  severity: 'info',
  title: { ru: 'Неиспользуемые типы задач', en: 'Unused task types' },
  description: {
    ru: 'Пользовательские типы задач (без системного кода), по которым нет ни одной задачи.',
    en: 'Custom task types (no system code) with no task.',
  },
  recommendation: {
    ru: 'Удалить лишние типы задач; этапы вроде «Отправить КП» заменить типами задач.',
    en: 'Remove the extra task types; stages such as "Send an offer" are better as task types.',
  },
  run: (ctx) => {
    const types = taskTypeCodes(ctx.db);
    const custom = types.filter((t) => !STANDARD.has(t.id) && (t.code === null || t.code.trim() === ''));
    const used = new Set(usedTaskTypeIds(ctx.db));
    const ids = custom.filter((t) => !used.has(t.id)).map((t) => t.id);
    return { count: ids.length, total: custom.length, entities: [{ entityType: 'task_types', ids }] };
  },
});
