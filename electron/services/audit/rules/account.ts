// runtime: node
import { LOST, WON } from '../context';
import { defineRule, isActiveStatus } from './define';

const ACCOUNT_DESC = {
  ru: 'Число записей в снимке (удалённые не считаются).',
  en: 'Number of records in the snapshot (deleted ones excluded).',
};
const ACCOUNT_REC = { ru: 'Справочная цифра.', en: 'Reference figure.' };

export const accountContacts = defineRule({
  id: 'account.contacts',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Контакты', en: 'Contacts' },
  description: ACCOUNT_DESC,
  recommendation: ACCOUNT_REC,
  run: (ctx) => ({ count: ctx.contacts().length, entities: [] }),
});

export const accountCompanies = defineRule({
  id: 'account.companies',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Компании', en: 'Companies' },
  description: ACCOUNT_DESC,
  recommendation: ACCOUNT_REC,
  run: (ctx) => ({ count: ctx.companies().length, entities: [] }),
});

export const accountLeads = defineRule({
  id: 'account.leads',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Сделки', en: 'Deals' },
  description: ACCOUNT_DESC,
  recommendation: ACCOUNT_REC,
  run: (ctx) => ({ count: ctx.leads().length, entities: [] }),
});

export const accountLeadsActive = defineRule({
  id: 'account.leads.active',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Активные сделки', en: 'Active deals' },
  description: { ru: 'Сделки не на этапах «Успешно реализовано» и «Закрыто и не реализовано».', en: 'Deals in neither the “Closed - won” nor the “Closed - lost” stage.' },
  recommendation: ACCOUNT_REC,
  run: (ctx) => ({ count: ctx.leads().filter((l) => isActiveStatus(l.statusId)).length, total: ctx.leads().length, entities: [] }),
});

export const accountLeadsWon = defineRule({
  id: 'account.leads.won',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Успешно реализовано', en: 'Won deals' },
  description: { ru: 'Сделки на этапе «Успешно реализовано».', en: 'Deals in the “Closed - won” stage.' },
  recommendation: ACCOUNT_REC,
  run: (ctx) => ({ count: ctx.leads().filter((l) => l.statusId === WON).length, total: ctx.leads().length, entities: [] }),
});

export const accountLeadsLost = defineRule({
  id: 'account.leads.lost',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Закрыто и не реализовано', en: 'Lost deals' },
  description: { ru: 'Сделки на этапе «Закрыто и не реализовано».', en: 'Deals in the “Closed - lost” stage.' },
  recommendation: ACCOUNT_REC,
  run: (ctx) => ({ count: ctx.leads().filter((l) => l.statusId === LOST).length, total: ctx.leads().length, entities: [] }),
});

export const accountUsers = defineRule({
  id: 'account.users',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Пользователи', en: 'Users' },
  description: { ru: 'Все пользователи, включая отключённых.', en: 'Every user, deactivated ones included.' },
  recommendation: ACCOUNT_REC,
  run: (ctx) => ({ count: ctx.users().length, entities: [{ entityType: 'users', ids: ctx.users().map((u) => u.id) }] }),
});
