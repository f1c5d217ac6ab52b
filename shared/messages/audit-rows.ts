// runtime: common (no node, no DOM, no electron)
/**
 * The second column of an audit drill-down row (and of the audit XLSX sheets), by code with
 * parameters, worded in Russian or English. The services give the code (`detailRef`) beside
 * an English `detail`; the Audit screen and the exports word it in their language, so that no
 * "leads #123", "admin", "delete A/A/D" or "contacts · select" reaches a Russian reader.
 * Names that are amoCRM type codes (note and event types) are worded the same way.
 */
export type RowLang = 'ru' | 'en';

export type AuditRowDetail =
  | { key: 'lead'; params: { pipeline: string; status: string; price: number; created: number | null } }
  | { key: 'user'; params: { email: string; admin: boolean; active: boolean; rights: string } }
  | { key: 'attached'; params: { entityType: string; entityId: number; at: number | null } }
  | { key: 'field'; params: { entityType: string; fieldType: string } }
  | { key: 'stages'; params: { count: number } }
  | { key: 'entity'; params: { entityType: string } }
  /** the account's own text (phones and e-mails, a pipeline's name, a task type's code): shown as it is */
  | { key: 'text'; params: { text: string } };

const ENTITY: Record<RowLang, Record<string, string>> = {
  ru: { leads: 'сделка', contacts: 'контакт', companies: 'компания', customers: 'покупатель', tasks: 'задача', catalogs: 'каталог', segments: 'сегмент', users: 'пользователь' },
  en: { leads: 'deal', contacts: 'contact', companies: 'company', customers: 'customer', tasks: 'task', catalogs: 'catalog', segments: 'segment', users: 'user' },
};
/** amoCRM's events name the entity in the singular ("lead", "contact"). */
const SINGULAR: Record<string, string> = { lead: 'leads', contact: 'contacts', company: 'companies', customer: 'customers', task: 'tasks', catalog: 'catalogs', segment: 'segments', user: 'users' };
const ENTITY_PLURAL: Record<RowLang, Record<string, string>> = {
  ru: { leads: 'Сделки', contacts: 'Контакты', companies: 'Компании', customers: 'Покупатели', catalogs: 'Каталоги', segments: 'Сегменты' },
  en: { leads: 'Deals', contacts: 'Contacts', companies: 'Companies', customers: 'Customers', catalogs: 'Catalogs', segments: 'Segments' },
};

const FIELD_TYPE: Record<RowLang, Record<string, string>> = {
  ru: {
    text: 'текст', numeric: 'число', checkbox: 'флажок', select: 'список', multiselect: 'мультисписок', date: 'дата', date_time: 'дата и время',
    birthday: 'день рождения', url: 'ссылка', textarea: 'текстовая область', radiobutton: 'переключатель', streetaddress: 'адрес',
    smart_address: 'адрес', legal_entity: 'юр. лицо', price: 'цена', monetary: 'денежное', multitext: 'несколько значений', file: 'файл',
    tracking_data: 'данные отслеживания', linked_entity: 'связанная сущность', chained_list: 'связанный список', category: 'категория',
    items: 'товары', payer: 'плательщик', supplier: 'поставщик',
  },
  en: {
    text: 'text', numeric: 'number', checkbox: 'checkbox', select: 'list', multiselect: 'multi-list', date: 'date', date_time: 'date and time',
    birthday: 'birthday', url: 'link', textarea: 'text area', radiobutton: 'radio buttons', streetaddress: 'address', smart_address: 'address',
    legal_entity: 'legal entity', price: 'price', monetary: 'money', multitext: 'several values', file: 'file', tracking_data: 'tracking data',
    linked_entity: 'linked entity', chained_list: 'chained list', category: 'category', items: 'items', payer: 'payer', supplier: 'supplier',
  },
};

/** amoCRM's delete-right letters: A all, G the user's group, M own only, D denied. */
const RIGHT: Record<RowLang, Record<string, string>> = {
  ru: { A: 'все', G: 'группы', M: 'свои', D: 'нет', '-': '—' },
  en: { A: 'all', G: 'group', M: 'own', D: 'none', '-': '—' },
};

const TYPE_NAME: Record<RowLang, Record<string, string>> = {
  ru: {
    call_in: 'входящий звонок', call_out: 'исходящий звонок', sms_in: 'входящее SMS', sms_out: 'исходящее SMS', common: 'примечание',
    service_message: 'служебное сообщение', extended_service_message: 'служебное сообщение', attachment: 'файл', geolocation: 'геопозиция',
    incoming_call: 'входящий звонок', outgoing_call: 'исходящий звонок', incoming_chat_message: 'входящее сообщение чата',
    outgoing_chat_message: 'исходящее сообщение чата', incoming_mail: 'входящее письмо', outgoing_mail: 'исходящее письмо',
    incoming_sms: 'входящее SMS', outgoing_sms: 'исходящее SMS',
  },
  en: {
    call_in: 'incoming call', call_out: 'outgoing call', sms_in: 'incoming SMS', sms_out: 'outgoing SMS', common: 'note',
    service_message: 'service message', extended_service_message: 'service message', attachment: 'file', geolocation: 'location',
    incoming_call: 'incoming call', outgoing_call: 'outgoing call', incoming_chat_message: 'incoming chat message',
    outgoing_chat_message: 'outgoing chat message', incoming_mail: 'incoming e-mail', outgoing_mail: 'outgoing e-mail',
    incoming_sms: 'incoming SMS', outgoing_sms: 'outgoing SMS',
  },
};

const locale = (lang: RowLang) => (lang === 'ru' ? 'ru-RU' : 'en-US');
const date = (t: number | null, lang: RowLang): string =>
  t ? new Intl.DateTimeFormat(locale(lang), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(new Date(t * 1000)) : '';
const num = (n: number, lang: RowLang): string => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(n);

function stagesWord(n: number, lang: RowLang): string {
  const rule = new Intl.PluralRules(locale(lang)).select(n);
  if (lang === 'en') return rule === 'one' ? 'working stage' : 'working stages';
  return rule === 'one' ? 'рабочий этап' : rule === 'few' ? 'рабочих этапа' : 'рабочих этапов';
}

/** An entity type in words ("сделка"); an unknown type stays as it is. */
export const entityWord = (type: string, lang: RowLang): string => ENTITY[lang][SINGULAR[type] ?? type] ?? type;

/** The detail of a drill-down row in the given language. */
export function wordAuditDetail(d: AuditRowDetail, lang: RowLang): string {
  const ru = lang === 'ru';
  switch (d.key) {
    case 'lead':
      return [`${d.params.pipeline} / ${d.params.status}`, num(d.params.price, lang), date(d.params.created, lang)].filter(Boolean).join(' · ');
    case 'user': {
      const [l = '-', c = '-', k = '-'] = d.params.rights.split('/');
      const r = (x: string) => RIGHT[lang][x] ?? x;
      const flags = [d.params.admin ? (ru ? 'администратор' : 'administrator') : '', d.params.active ? '' : ru ? 'неактивен' : 'inactive'].filter(Boolean);
      const rights = ru ? `удаление: сделки — ${r(l)}, контакты — ${r(c)}, компании — ${r(k)}` : `delete: deals ${r(l)}, contacts ${r(c)}, companies ${r(k)}`;
      return [d.params.email, ...flags, rights].filter(Boolean).join(' · ');
    }
    case 'attached':
      return [`${entityWord(d.params.entityType, lang)} ${d.params.entityId}`, date(d.params.at, lang)].filter(Boolean).join(' · ');
    case 'field':
      return `${ENTITY_PLURAL[lang][d.params.entityType] ?? d.params.entityType} · ${FIELD_TYPE[lang][d.params.fieldType] ?? d.params.fieldType}`;
    case 'stages':
      return `${num(d.params.count, lang)} ${stagesWord(d.params.count, lang)}`;
    case 'entity':
      return ENTITY_PLURAL[lang][d.params.entityType] ?? d.params.entityType;
    case 'text':
      return d.params.text;
  }
}

/** A row's name when it is an amoCRM type code (notes, events); other names are the account's own. */
export function wordAuditName(entityType: string, name: string, lang: RowLang): string {
  return entityType === 'notes' || entityType === 'events' ? (TYPE_NAME[lang][name] ?? name) : name;
}
