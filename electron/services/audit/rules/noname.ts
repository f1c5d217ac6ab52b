// runtime: node
import type { AuditContext, CardType } from '../context';
import type { RuleResult } from '../types';
import { defineRule, isNoName } from './define';

function noname(ctx: AuditContext, type: CardType): RuleResult {
  const ids = ctx.cards(type).filter((c) => isNoName(c.name)).map((c) => c.id);
  return { count: ids.length, total: ctx.cards(type).length, entities: [{ entityType: type, ids }] };
}

const DESC = {
  ru: 'Имя пустое после обрезки пробелов или заглушка: «Без имени», «Контакт без имени», «Компания без названия», «Контакт #<id>».',
  en: 'The name is empty after trimming, or a placeholder: "Без имени", "Контакт без имени", "Компания без названия", "Контакт #<id>".',
};
const FIX = { operation: 'fill.names', label: { ru: 'Заполнить имена', en: 'Fill in names' } };

export const nonameContacts = defineRule({
  id: 'noname.contacts',
  section: 'overview',
  severity: 'warning',
  title: { ru: 'Контакты без имени', en: 'Contacts without a name' },
  description: DESC,
  recommendation: {
    ru: 'Заполнить имена (по данным сделок, телефонии, переписки); сделать имя обязательным в формах.',
    en: 'Fill in the names (from deals, calls, messages); make the name required in forms.',
  },
  fix: FIX,
  run: (ctx) => noname(ctx, 'contacts'),
});

export const nonameCompanies = defineRule({
  id: 'noname.companies',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Компании без названия', en: 'Companies without a name' },
  description: DESC,
  recommendation: { ru: 'Заполнить названия компаний.', en: 'Fill in the company names.' },
  fix: FIX,
  run: (ctx) => noname(ctx, 'companies'),
});
