// runtime: node
import { defineRule } from './define';

export const nophoneContacts = defineRule({
  id: 'nophone.contacts',
  section: 'overview',
  severity: 'warning',
  title: { ru: 'Контакты без телефона', en: 'Contacts without a phone' },
  description: { ru: 'Контакты без единого значения в поле «Телефон».', en: 'Contacts with no value at all in the Phone field.' },
  recommendation: {
    ru: 'Запросить телефон при следующем касании; сделать поле обязательным на этапах воронки.',
    en: 'Ask for the phone at the next contact; make the field required at pipeline stages.',
  },
  run: (ctx) => {
    const comms = ctx.comms().contacts;
    const ids = ctx.contacts().filter((c) => (comms.get(c.id)?.phoneValues ?? 0) === 0).map((c) => c.id);
    return { count: ids.length, total: ctx.contacts().length, entities: [{ entityType: 'contacts', ids }] };
  },
});
