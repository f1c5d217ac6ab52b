// runtime: node
import type { AuditContext, CardComms } from '../context';
import type { RuleResult } from '../types';
import { defineRule } from './define';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

function stuffedCards(ctx: AuditContext, flag: (c: CardComms) => boolean): RuleResult {
  const comms = ctx.comms();
  const contacts = ctx.contacts().filter((c) => { const x = comms.contacts.get(c.id); return x !== undefined && flag(x); }).map((c) => c.id);
  const companies = ctx.companies().filter((c) => { const x = comms.companies.get(c.id); return x !== undefined && flag(x); }).map((c) => c.id);
  return {
    count: contacts.length + companies.length,
    total: ctx.contacts().length + ctx.companies().length,
    entities: [
      { entityType: 'contacts', ids: contacts },
      { entityType: 'companies', ids: companies },
    ],
    evidence: { contacts: contacts.length, companies: companies.length },
  };
}

const SPLIT = { operation: PLAN_REQUEST.splitStuffed, label: { ru: 'Разделить номера', en: 'Split the values' } };

export const stuffedPhone = defineRule({
  id: 'stuffed.phone',
  section: 'overview',
  severity: 'warning',
  title: { ru: 'Склеенные телефоны', en: 'Stuffed phone values' },
  description: {
    ru: 'Карточки, где в одном значении телефона два номера и больше (значение делится по , ; / | переводам строки и словам «и»/«или»; повтор номера тоже считается).',
    en: 'Cards with a phone value that holds two or more numbers (split on , ; / | newlines and the words "и"/"или"; a repeated number counts).',
  },
  recommendation: {
    ru: 'Разнести номера по отдельным значениям поля «Телефон»: иначе телефония и поиск дублей их не находят.',
    en: 'Put each number in its own value of the Phone field: telephony and duplicate search cannot find stuffed numbers.',
  },
  fix: SPLIT,
  run: (ctx) => stuffedCards(ctx, (c) => c.phoneStuffed),
});

export const stuffedEmail = defineRule({
  id: 'stuffed.email',
  section: 'overview',
  severity: 'info',
  title: { ru: 'Склеенные e-mail', en: 'Stuffed e-mail values' },
  description: {
    ru: 'Карточки, где в одном значении e-mail два адреса и больше.',
    en: 'Cards with an e-mail value that holds two or more addresses.',
  },
  recommendation: { ru: 'Разнести адреса по отдельным значениям.', en: 'Put each address in its own value.' },
  fix: { operation: PLAN_REQUEST.splitStuffed, label: { ru: 'Разделить адреса', en: 'Split the values' } },
  run: (ctx) => stuffedCards(ctx, (c) => c.emailStuffed),
});
