// runtime: node
import { defineRule } from './define';

export const phonesNonMobileEnum = defineRule({
  id: 'phones.non_mobile_enum',
  section: 'integrations',
  severity: 'warning',
  title: { ru: 'Телефоны не в типе «Мобильный»', en: 'Phones not stored as mobile' },
  description: {
    ru: 'Контакты, у которых телефон записан с типом, отличным от «Мобильный» (рабочий, домашний, другой…), или номер записан в текстовом поле, а не в поле «Телефон». Онлайн-чат такие номера не находит и создаёт дубль.',
    en: 'Contacts with a phone stored under an enum other than MOB (WORK, HOME, OTHER…), or a number written in a text field instead of the Phone field. The online chat does not find such numbers and creates a duplicate.',
  },
  recommendation: {
    ru: 'Перевести номера в тип «Мобильный» поля «Телефон».',
    en: 'Move the numbers to the Phone field under the Mobile enum.',
  },
  fix: { operation: 'phones.to_mobile', label: { ru: 'Перевести в МОБ', en: 'Move to MOB' } },
  run: (ctx) => {
    const comms = ctx.comms().contacts;
    let byEnum = 0;
    let inOtherField = 0;
    const ids: number[] = [];
    for (const c of ctx.contacts()) {
      const x = comms.get(c.id);
      if (!x || !(x.nonMobileEnum || x.phoneInOtherField)) continue;
      ids.push(c.id);
      if (x.nonMobileEnum) byEnum++;
      if (x.phoneInOtherField) inOtherField++;
    }
    return { count: ids.length, total: ctx.contacts().length, entities: [{ entityType: 'contacts', ids }], evidence: { byEnum, inOtherField } };
  },
});
