// runtime: node
import { defineRule } from './define';

export const invalidContacts = defineRule({
  id: 'invalid.contacts',
  section: 'overview',
  severity: 'warning',
  title: { ru: 'Некорректные телефоны и e-mail', en: 'Invalid phones and e-mails' },
  description: {
    ru: 'Контакты, у которых есть значение телефона без единого валидного номера или значение e-mail без единого валидного адреса.',
    en: 'Contacts with a phone value that contains no valid number, or an e-mail value that contains no valid address.',
  },
  recommendation: {
    ru: 'Исправить или удалить такие значения; проверять формат на формах сайта.',
    en: 'Correct or remove these values; validate the format in website forms.',
  },
  fix: { operation: 'normalize.contacts', label: { ru: 'Исправить значения', en: 'Fix the values' } },
  run: (ctx) => {
    const comms = ctx.comms().contacts;
    let phone = 0;
    let email = 0;
    const ids: number[] = [];
    for (const c of ctx.contacts()) {
      const x = comms.get(c.id);
      if (!x || !(x.phoneInvalid || x.emailInvalid)) continue;
      ids.push(c.id);
      if (x.phoneInvalid) phone++;
      if (x.emailInvalid) email++;
    }
    return { count: ids.length, total: ctx.contacts().length, entities: [{ entityType: 'contacts', ids }], evidence: { phone, email } };
  },
});
