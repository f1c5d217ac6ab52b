// runtime: node
import type { AuditContext } from '../context';
import type { AuditRule, RuleResult } from '../types';
import { defineRule } from './define';
import { tagUse } from '../../snapshot/store';

type TagEntity = 'leads' | 'contacts' | 'companies';

function unusedTags(ctx: AuditContext, type: TagEntity): RuleResult {
  const rows = tagUse(ctx.db, type);
  const ids = rows.filter(([, used]) => used === null).map(([id]) => `${type}:${id}`);
  return { count: ids.length, total: rows.length, entities: [{ entityType: 'tags', ids }] };
}

const NAMES: Record<TagEntity, { ru: string; en: string }> = {
  leads: { ru: 'сделок', en: 'deal' },
  contacts: { ru: 'контактов', en: 'contact' },
  companies: { ru: 'компаний', en: 'company' },
};

function tagsRule(type: TagEntity): AuditRule {
  return defineRule({
    id: `tags.unused.${type}`,
    section: 'general',
    severity: 'info',
    title: { ru: `Неиспользуемые теги ${NAMES[type].ru}`, en: `Unused ${NAMES[type].en} tags` },
    description: {
      ru: `Теги ${NAMES[type].ru}, не привязанные ни к одной записи этого типа.`,
      en: `${NAMES[type].en[0]!.toUpperCase()}${NAMES[type].en.slice(1)} tags attached to no ${NAMES[type].en}.`,
    },
    recommendation: {
      ru: 'Удалить неиспользуемые теги в интерфейсе amoCRM (API не удаляет теги аккаунта); договориться о едином списке тегов.',
      en: 'Delete unused tags in the amoCRM UI (the API cannot delete account tags); agree on one list of tags.',
    },
    fix: { operation: 'tags.unused', label: { ru: 'Отметить для удаления', en: 'Mark for deletion' } },
    run: (ctx) => unusedTags(ctx, type),
  });
}

export const tagsUnusedLeads = tagsRule('leads');
export const tagsUnusedContacts = tagsRule('contacts');
export const tagsUnusedCompanies = tagsRule('companies');
