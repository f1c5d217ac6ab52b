// runtime: node
import type { AuditContext, FieldDef } from '../context';
import { defineRule } from './define';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

export function fieldFill(ctx: AuditContext, f: FieldDef): { filled: number; entities: number; rate: number; values: number } {
  const s = ctx.fieldStats().get(`${f.entityType}:${f.id}`);
  const entities = ctx.entityCount(f.entityType);
  const filled = s?.filled ?? 0;
  return { filled, entities, rate: entities > 0 ? filled / entities : 0, values: s?.values ?? 0 };
}

const fieldKey = (f: FieldDef): string => `${f.entityType}:${f.id}`;

export const fieldsUnused = defineRule({
  id: 'fields.unused',
  section: 'general',
  severity: 'warning',
  title: { ru: 'Неиспользуемые поля', en: 'Unused fields' },
  description: {
    ru: 'Поля сделок, контактов и компаний, не заполненные ни у одной записи.',
    en: 'Deal, contact and company fields with no value on any record.',
  },
  recommendation: {
    ru: 'Удалить поля, которые никто не заполняет: карточка станет проще.',
    en: 'Delete the fields nobody fills in: cards get simpler.',
  },
  fix: { operation: PLAN_REQUEST.fieldsDelete, label: { ru: 'Удалить поля', en: 'Delete the fields' } },
  run: (ctx) => {
    const defs = ctx.fieldDefs();
    const ids = defs.filter((f) => fieldFill(ctx, f).values === 0).map(fieldKey);
    return { count: ids.length, total: defs.length, entities: [{ entityType: 'custom_fields', ids }] };
  },
});

export const fieldsLowFill = defineRule({
  id: 'fields.low_fill',
  section: 'general',
  severity: 'warning',
  title: { ru: 'Поля с низкой заполненностью', en: 'Fields with a low fill rate' },
  description: {
    ru: 'Поля, заполненные строго меньше чем у 5 % записей своего типа (включая пустые поля).',
    en: 'Fields filled on strictly fewer than 5 % of the records of their type (unused fields included).',
  },
  recommendation: {
    ru: 'Удалить или упростить поля, которые трудно заполнять; важные сделать обязательными на нужных этапах.',
    en: 'Delete or simplify hard-to-fill fields; make the important ones required at the right stages.',
  },
  fix: { operation: PLAN_REQUEST.fieldsDelete, label: { ru: 'Удалить поля', en: 'Delete the fields' } },
  run: (ctx) => {
    const defs = ctx.fieldDefs();
    const threshold = ctx.options.lowFillThreshold;
    const rates: { field: string; entityType: string; name: string; rate: number }[] = [];
    const ids: string[] = [];
    for (const f of defs) {
      const fill = fieldFill(ctx, f);
      if (fill.rate < threshold) {
        ids.push(fieldKey(f));
        rates.push({ field: fieldKey(f), entityType: f.entityType, name: f.name, rate: fill.rate });
      }
    }
    return { count: ids.length, total: defs.length, entities: [{ entityType: 'custom_fields', ids }], evidence: { threshold, fields: rates.slice(0, 200) } };
  },
});

export const fieldsTextAsList = defineRule({
  id: 'fields.text_as_list',
  section: 'general',
  severity: 'info',
  title: { ru: 'Текстовые поля, которые должны быть списком', en: 'Text fields that should be lists' },
  description: {
    ru: 'Текстовые поля с 50 значениями и больше, среди которых не больше 30 различных (как «Город» и «Бренд»).',
    en: 'Text fields with at least 50 values and at most 30 distinct ones (like "City" and "Brand").',
  },
  recommendation: {
    ru: 'Заменить на поле-список: по нему можно фильтровать и строить отчёты.',
    en: 'Turn them into list fields: they can then be filtered and reported on.',
  },
  fix: { operation: PLAN_REQUEST.fieldsToList, label: { ru: 'Сделать списком', en: 'Convert to a list' } },
  run: (ctx) => {
    const stats = ctx.fieldStats();
    const found: { field: string; name: string; values: number; distinct: number }[] = [];
    for (const f of ctx.fieldDefs()) {
      if (f.type !== 'text') continue;
      const s = stats.get(fieldKey(f));
      if (!s || s.distinct === null) continue;
      if (s.values >= ctx.options.textAsListMinValues && s.distinct <= ctx.options.textAsListMaxDistinct) {
        found.push({ field: fieldKey(f), name: f.name, values: s.values, distinct: s.distinct });
      }
    }
    return { count: found.length, entities: [{ entityType: 'custom_fields', ids: found.map((f) => f.field) }], evidence: { fields: found } };
  },
});

export const fieldsKeyFill = defineRule({
  id: 'fields.key_fill',
  section: 'integrations',
  severity: 'warning',
  title: { ru: 'Незаполненные ключевые поля', en: 'Key fields left empty' },
  description: {
    ru: 'Ключевые поля, которые назвал администратор (по умолчанию «Откуда контакт» и «roistat»): число — сколько раз ключевое поле пусто у записи своего типа (по каждому полю); заполненность каждого поля — в основании.',
    en: 'Key fields an admin names (by default "Откуда контакт" and "roistat"): the count is how many times a key field is empty on a record of its type (per field); each field\'s fill rate is in the evidence.',
  },
  recommendation: {
    ru: 'Заполнять источник автоматически из форм и телефонии; передавать номер визита roistat во все заявки.',
    en: 'Fill the source automatically from forms and telephony; pass the roistat visit number into every request.',
  },
  run: (ctx) => {
    const wanted = new Set(ctx.options.keyFields.map((n) => n.trim().toLowerCase()));
    const fields = ctx.fieldDefs().filter((f) => wanted.has(f.name.trim().toLowerCase()) || (f.code !== null && wanted.has(f.code.toLowerCase())));
    let empty = 0;
    let total = 0;
    const rates = fields.map((f) => {
      const fill = fieldFill(ctx, f);
      empty += fill.entities - fill.filled;
      total += fill.entities;
      return { field: fieldKey(f), entityType: f.entityType, name: f.name, filled: fill.filled, entities: fill.entities, rate: fill.rate };
    });
    const missing = [...wanted].filter((n) => !fields.some((f) => f.name.trim().toLowerCase() === n || f.code?.toLowerCase() === n));
    return {
      count: empty,
      total,
      entities: [{ entityType: 'custom_fields', ids: fields.map(fieldKey) }],
      evidence: { fields: rates, missing },
    };
  },
});
