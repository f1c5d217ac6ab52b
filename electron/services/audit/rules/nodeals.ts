// runtime: node
import { defineRule } from './define';

export const nodealsContacts = defineRule({
  id: 'nodeals.contacts',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Контакты без сделок', en: 'Contacts without deals' },
  description: { ru: 'Контакты, не связанные ни с одной сделкой.', en: 'Contacts linked to no deal.' },
  recommendation: {
    ru: 'Проверить: это дубли, мусор из форм или клиенты, с которыми не работают? Дубли объединить, по живым клиентам поставить задачи.',
    en: 'Check whether they are duplicates, form junk or clients nobody works with. Merge duplicates, set tasks for real clients.',
  },
  run: (ctx) => {
    const linked = new Set(ctx.leadLinks().contacts.map((r) => r[1]));
    const ids = ctx.contacts().filter((c) => !linked.has(c.id)).map((c) => c.id);
    return { count: ids.length, total: ctx.contacts().length, entities: [{ entityType: 'contacts', ids }] };
  },
});

export const nodealsCompanies = defineRule({
  id: 'nodeals.companies',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Компании без сделок', en: 'Companies without deals' },
  description: { ru: 'Компании, не связанные ни с одной сделкой.', en: 'Companies linked to no deal.' },
  recommendation: {
    ru: 'Проверить на дубли и актуальность; по живым клиентам поставить задачи.',
    en: 'Check for duplicates and relevance; set tasks for real clients.',
  },
  run: (ctx) => {
    const linked = new Set(ctx.leadLinks().companies.map((r) => r[1]));
    const ids = ctx.companies().filter((c) => !linked.has(c.id)).map((c) => c.id);
    return { count: ids.length, total: ctx.companies().length, entities: [{ entityType: 'companies', ids }] };
  },
});
