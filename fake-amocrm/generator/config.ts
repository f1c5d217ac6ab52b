// runtime: node
/** The static part of the reference account: pipelines, fields, users, tags, task types, loss reasons. */
import { type ApiObject } from '../fixture-set';
import { randomPerson, translit } from './names';
import { type Rng } from './prng';

export const ACCOUNT_ID = 28_805_383;
export const SUBDOMAIN = 'okna-komfort';
export const BASE = `https://${SUBDOMAIN}.amocrm.ru/api/v4`;

export const link = (path: string): { self: { href: string } } => ({ self: { href: `${BASE}/${path}` } });

export type EntityKind = 'leads' | 'contacts' | 'companies';

export interface EnumDef {
  id: number;
  value: string;
  sort: number;
}

export interface FieldDef {
  id: number;
  name: string;
  code: string | null;
  type: string;
  entity: EntityKind;
  sort: number;
  groupId: string | null;
  predefined: boolean;
  enums: EnumDef[] | null;
}

export interface StageDef {
  id: number;
  name: string;
  sort: number;
  type: 0 | 1;
  /** working stage nobody enters any more (no deal enters it inside the window) */
  dead: boolean;
  color: string;
}

export interface PipelineDef {
  id: number;
  name: string;
  sort: number;
  isMain: boolean;
  isArchive: boolean;
  /** no activity inside the audit window at all */
  retired: boolean;
  unsorted: StageDef;
  working: StageDef[];
}

let enumSeq = 1_050_001;
function enums(values: readonly string[]): EnumDef[] {
  return values.map((value, i) => ({ id: enumSeq++, value, sort: (i + 1) * 10 }));
}

function makeFields(): Record<EntityKind, FieldDef[]> {
  enumSeq = 1_050_001;
  const leads: FieldDef[] = [];
  const contacts: FieldDef[] = [];
  const companies: FieldDef[] = [];
  const add = (list: FieldDef[], entity: EntityKind, id: number, name: string, type: string, code: string | null = null, values: readonly string[] | null = null, predefined = false, groupId: string | null = null): void => {
    list.push({ id, name, code, type, entity, sort: (list.length + 1) * 10, groupId, predefined, enums: values ? enums(values) : null });
  };
  // contacts: predefined first, as amoCRM lists them
  add(contacts, 'contacts', 511_001, 'Должность', 'text', 'POSITION', null, true);
  add(contacts, 'contacts', 511_003, 'Телефон', 'multitext', 'PHONE', ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'], true);
  add(contacts, 'contacts', 511_005, 'Email', 'multitext', 'EMAIL', ['WORK', 'PRIV', 'OTHER'], true);
  add(contacts, 'contacts', 611_201, 'Город', 'text');
  add(contacts, 'contacts', 611_203, 'Доп. телефон', 'text');
  add(contacts, 'contacts', 611_205, 'Комментарий', 'textarea');
  add(contacts, 'contacts', 611_207, 'День рождения', 'birthday');
  add(contacts, 'contacts', 611_209, 'Согласие на рассылку', 'checkbox');
  add(contacts, 'contacts', 611_211, 'Skype', 'text');
  add(contacts, 'contacts', 611_213, 'Пол', 'select', null, ['Мужской', 'Женский']);
  add(contacts, 'contacts', 611_215, 'Агент (партнёр)', 'select', null, ['Дизайнер', 'Прораб', 'Риелтор', 'Другое']);

  add(companies, 'companies', 513_001, 'Телефон', 'multitext', 'PHONE', ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'], true);
  add(companies, 'companies', 513_003, 'Email', 'multitext', 'EMAIL', ['WORK', 'PRIV', 'OTHER'], true);
  add(companies, 'companies', 513_005, 'Web', 'url', 'WEB', null, true);
  add(companies, 'companies', 513_007, 'Адрес', 'textarea', 'ADDRESS', null, true);
  add(companies, 'companies', 613_101, 'ИНН', 'text');
  add(companies, 'companies', 613_103, 'Сфера деятельности', 'select', null, ['Строительство', 'Ремонт и отделка', 'Дизайн интерьера', 'Девелопер', 'Управляющая компания', 'Торговля', 'Производство', 'Другое']);
  add(companies, 'companies', 613_105, 'Скидка опт, %', 'numeric');
  add(companies, 'companies', 613_107, 'КПП', 'text');
  add(companies, 'companies', 613_109, 'ОГРН', 'text');
  add(companies, 'companies', 613_111, 'Банковские реквизиты', 'textarea');

  add(leads, 'leads', 612_001, 'roistat', 'text');
  add(leads, 'leads', 612_003, 'Откуда контакт', 'select', null, ['Сайт', 'Звонок', 'Рекомендация', 'Повторный клиент', 'Выставка', 'Instagram', 'Авито']);
  add(leads, 'leads', 612_005, 'Бренд', 'text');
  add(leads, 'leads', 612_007, 'Тип изделия', 'select', null, ['Окна ПВХ', 'Алюминиевые окна', 'Входные двери', 'Балкон / лоджия', 'Москитные сетки', 'Подоконники', 'Жалюзи']);
  add(leads, 'leads', 612_009, 'Адрес замера', 'text', null, null, false, 'zamer');
  add(leads, 'leads', 612_011, 'Дата замера', 'date', null, null, false, 'zamer');
  add(leads, 'leads', 612_013, 'Замерщик', 'select', null, ['Кузьмин А.', 'Хабибуллин Р.', 'Лаптев С.', 'Зуев Д.'], false, 'zamer');
  add(leads, 'leads', 612_015, 'Номер договора', 'text');
  add(leads, 'leads', 612_017, 'utm_source', 'tracking_data', 'UTM_SOURCE');
  add(leads, 'leads', 612_019, 'utm_campaign', 'tracking_data', 'UTM_CAMPAIGN');
  add(leads, 'leads', 612_021, 'Причина отказа (старое поле)', 'textarea');
  add(leads, 'leads', 612_023, 'Промокод', 'text');
  add(leads, 'leads', 612_025, 'Скидка, %', 'numeric');
  add(leads, 'leads', 612_027, 'Количество окон', 'numeric');
  add(leads, 'leads', 612_029, 'Нужен монтаж', 'checkbox');
  add(leads, 'leads', 612_031, 'Способ оплаты', 'select', null, ['Наличные', 'Карта', 'Безнал', 'Рассрочка']);
  add(leads, 'leads', 612_033, 'ID заявки Envybox', 'text');
  add(leads, 'leads', 612_035, 'Дата доставки', 'date');
  add(leads, 'leads', 612_037, 'Комментарий замерщика', 'textarea', null, null, false, 'zamer');
  return { leads, contacts, companies };
}

export const FIELDS = makeFields();

export function field(entity: EntityKind, name: string): FieldDef {
  const f = FIELDS[entity].find((x) => x.name === name || x.code === name);
  if (!f) throw new Error(`no field ${entity}.${name}`);
  return f;
}

export function fieldObjects(entity: EntityKind): ApiObject[] {
  return FIELDS[entity].map((f) => ({
    id: f.id,
    name: f.name,
    type: f.type,
    account_id: ACCOUNT_ID,
    code: f.code,
    sort: f.sort,
    is_api_only: false,
    enums: f.enums ? f.enums.map((e) => ({ id: e.id, value: e.value, sort: e.sort })) : null,
    group_id: f.groupId,
    required_statuses: [],
    is_deletable: !f.predefined,
    is_predefined: f.predefined,
    entity_type: entity,
    remind: f.type === 'birthday' ? 'never' : null,
    // keys of a real field object ([DOC-KOMMO api_v4/errors] 201 example; issue 12 item 6)
    currency: null,
    hidden_statuses: [],
    triggers: [],
    tracking_callback: null,
    chained_lists: null,
    _links: link(`${entity}/custom_fields/${f.id}`),
  }));
}

export function fieldGroupObjects(entity: EntityKind): ApiObject[] {
  const groups: ApiObject[] = [{ id: `${entity}_default`, name: 'Основное', sort: 0, entity_type: entity, is_predefined: true, type: 'custom_field_group', _links: link(`${entity}/custom_fields/groups/${entity}_default`) }];
  if (entity === 'leads') groups.push({ id: 'zamer', name: 'Замер', sort: 1, entity_type: entity, is_predefined: false, type: 'custom_field_group', _links: link(`${entity}/custom_fields/groups/zamer`) });
  return groups;
}

const STAGE_COLORS = ['#99ccff', '#ffff99', '#ffcc66', '#ffcccc', '#ccff66', '#98cbff', '#eb93ff', '#f3beff', '#e6e8ea', '#87f2c0', '#fffeb2', '#deff81'];

/**
 * Status ids are account-wide: in a real account a status id alone names its pipeline; only 142
 * and 143 repeat in every pipeline (doc §11, [DOC-RU crm_platform/leads_pipelines]; issue 12 item 1).
 * Each pipeline draws its statuses from its own block (`firstStatusId`), and the blocks never overlap.
 */
function pipeline(id: number, firstStatusId: number, name: string, sort: number, isMain: boolean, stages: readonly (readonly [string, boolean])[], opts: { archive?: boolean; retired?: boolean } = {}): PipelineDef {
  let sid = firstStatusId;
  return {
    id,
    name,
    sort,
    isMain,
    isArchive: opts.archive ?? false,
    retired: opts.retired ?? false,
    unsorted: { id: sid++, name: 'Неразобранное', sort: 10, type: 1, dead: false, color: '#c1c1c1' },
    working: stages.map(([n, dead], i) => ({ id: sid++, name: n, sort: (i + 2) * 10, type: 0, dead, color: STAGE_COLORS[i % STAGE_COLORS.length] as string })),
  };
}

export const PIPELINES: PipelineDef[] = [
  pipeline(4_012_345, 40_123_451, 'Розничный отдел', 1, true, [
    ['Новая заявка', false], ['Квалификация', false], ['Консультация', false], ['Повторная консультация', true], ['Назначен замер', false],
    ['Замер проведён', false], ['Расчёт стоимости', false], ['Отправить КП', false], ['КП отправлено', false],
    ['Ожидание решения по скидке', true], ['Договор подписан', false], ['Предоплата получена', false], ['Производство', false], ['Доставка и монтаж', false],
  ]),
  pipeline(4_012_346, 40_123_481, 'Оптовый отдел', 2, false, [
    ['Первичный контакт', false], ['Переговоры', false], ['Отправлен прайс', false], ['Согласование условий', false], ['Счёт выставлен', false], ['Отгрузка', false],
  ]),
  pipeline(4_012_347, 40_123_511, 'Сервис и рекламации', 3, false, [['Обращение', false], ['Выезд мастера', false], ['Ремонт', false]]),
  pipeline(3_011_111, 30_111_121, 'Старая воронка (до 2019)', 4, false, [['Первичный контакт', false], ['Замер', false], ['Договор', false], ['Монтаж', false]], { archive: true, retired: true }),
];

export function pipelineObjects(): ApiObject[] {
  return PIPELINES.map((p) => {
    const status = (s: StageDef | { id: number; name: string; sort: number; type: 0; color: string }, editable: boolean): ApiObject => ({
      id: s.id,
      name: s.name,
      sort: s.sort,
      is_editable: editable,
      pipeline_id: p.id,
      color: s.color,
      type: s.type,
      account_id: ACCOUNT_ID,
      _links: link(`leads/pipelines/${p.id}/statuses/${s.id}`),
    });
    return {
      id: p.id,
      name: p.name,
      sort: p.sort,
      is_main: p.isMain,
      is_unsorted_on: !p.retired,
      is_archive: p.isArchive,
      account_id: ACCOUNT_ID,
      _links: link(`leads/pipelines/${p.id}`),
      _embedded: {
        statuses: [
          status(p.unsorted, false),
          ...p.working.map((s) => status(s, true)),
          status({ id: 142, name: 'Успешно реализовано', sort: 10000, type: 0, color: '#CCFF66' }, false),
          status({ id: 143, name: 'Закрыто и не реализовано', sort: 11000, type: 0, color: '#D5D8DB' }, false),
        ],
      },
    };
  });
}

export interface LossReasonDef {
  id: number;
  name: string;
  share: number;
}

export const LOSS_REASONS: LossReasonDef[] = [
  { id: 8801, name: 'Дорого', share: 0.28 },
  { id: 8802, name: 'Не дозвонились до клиента', share: 0.18 },
  { id: 8803, name: 'Выбрал другого поставщика', share: 0.16 },
  { id: 8804, name: 'Отложил покупку', share: 0.16 },
  { id: 8805, name: 'Другие условия (доставка, материалы, сроки)', share: 0.22 },
];

export function lossReasonObjects(t0: number): ApiObject[] {
  return LOSS_REASONS.map((r, i) => ({ id: r.id, name: r.name, sort: (i + 1) * 10, created_at: t0 + 86_400 * 40, updated_at: t0 + 86_400 * 40, _links: link(`leads/loss_reasons/${r.id}`) }));
}

export interface TaskTypeDef {
  id: number;
  name: string;
  code: string | null;
  used: boolean;
}

export const TASK_TYPES: TaskTypeDef[] = [
  { id: 1, name: 'Связаться', code: 'FOLLOW_UP', used: true },
  { id: 2, name: 'Встреча', code: 'MEETING', used: true },
  { id: 2_101_001, name: 'Замер', code: null, used: true },
  { id: 2_101_002, name: 'Отправить КП', code: null, used: true },
  { id: 2_101_003, name: 'Перезвонить', code: null, used: true },
  { id: 2_101_004, name: 'Проверить оплату', code: null, used: true },
  { id: 2_101_005, name: 'Доставка', code: null, used: false },
  { id: 2_101_006, name: 'Монтаж', code: null, used: false },
  { id: 2_101_007, name: 'Поздравить с ДР', code: null, used: false },
  { id: 2_101_008, name: 'Запросить отзыв', code: null, used: false },
  { id: 2_101_009, name: 'Сверка с 1С', code: null, used: false },
  { id: 2_101_010, name: 'Выезд на объект', code: null, used: false },
  { id: 2_101_011, name: 'Напомнить о замере', code: null, used: false },
  { id: 2_101_012, name: 'Отправить счёт', code: null, used: false },
];

const TASK_COLORS = [null, null, '#ff8f92', '#ffce5a', '#87f2c0', '#8699da', '#c7db8c', '#f2ddf7', '#a9a5d7', '#86c0fc', '#ffe193', '#d0d0d0', '#90cdb0', '#ebebeb'];

export function taskTypeObjects(): ApiObject[] {
  return TASK_TYPES.map((t, i) => ({ id: t.id, name: t.name, color: TASK_COLORS[i] ?? null, icon_id: t.code ? null : 5 + (i % 10), code: t.code }));
}

export interface TagDef {
  id: number;
  name: string;
  used: boolean;
  weight: number;
}

const LEAD_TAGS_USED: readonly (readonly [string, number])[] = [
  ['сайт', 30], ['roistat', 12], ['Envybox', 10], ['callback', 10], ['Jivo', 8], ['повторный', 8], ['VIP', 2], ['Яндекс.Директ', 10],
  ['Google Ads', 4], ['Авито', 5], ['Instagram', 4], ['рекомендация', 4], ['замер', 6], ['опт', 6], ['дилер', 3], ['рекламация', 2],
  ['срочно', 3], ['Mango', 6], ['email', 3], ['1С', 5], ['монтаж', 3], ['балкон', 3], ['двери', 2], ['рассрочка', 1], ['тендер', 0.5], ['входящий звонок', 5],
];
const LEAD_TAGS_UNUSED: readonly string[] = [
  'акция_8марта_2017', 'акция_8марта_2018', 'выставка_2017', 'выставка_Батимат_2018', 'черная_пятница_2017', 'новый_год_2018', 'тест', 'test',
  'Тест интеграции', 'старый сайт', 'лендинг_балконы', 'лендинг_двери', 'квиз', 'квиз_2', 'marquiz', 'vk_реклама', 'таргет_fb', 'seo',
  'холодный', 'горячий', 'тёплый', 'партнёр', 'дизайнер', 'прораб', 'ЖК Солнечный', 'ЖК Северный', 'УК', 'госзаказ', 'KPI', 'на контроле',
  'перезвонить', 'отказ', 'дубль', 'не целевой',
];

export function makeTags(): Record<EntityKind, TagDef[]> {
  const leads: TagDef[] = [];
  let id = 300_001;
  for (const [name, weight] of LEAD_TAGS_USED) leads.push({ id: id++, name, used: true, weight });
  for (const name of LEAD_TAGS_UNUSED) leads.push({ id: id++, name, used: false, weight: 0 });
  id = 310_001;
  const contacts: TagDef[] = [
    ['клиент', true, 20], ['дизайнер', true, 3], ['прораб', true, 3], ['партнёр', true, 2], ['VIP', true, 1], ['чат', true, 8], ['сайт', true, 10],
    ['1С', true, 6], ['чёрный список', true, 0.3], ['рассылка_2018', false, 0], ['рассылка_2019', false, 0], ['тест', false, 0],
  ].map(([name, used, weight]) => ({ id: id++, name: name as string, used: used as boolean, weight: weight as number }));
  id = 320_001;
  const companies: TagDef[] = [
    ['опт', true, 10], ['дилер', true, 4], ['застройщик', true, 3], ['1С', true, 6], ['тендер', false, 0], ['конкурент', false, 0],
  ].map(([name, used, weight]) => ({ id: id++, name: name as string, used: used as boolean, weight: weight as number }));
  return { leads, contacts, companies };
}

export const TAG_COLORS = ['FF8F92', 'FFCE5A', 'C7DB8C', '86C0FC', 'D1A4DC', null];

export interface UserDef {
  id: number;
  name: string;
  email: string;
  admin: boolean;
  active: boolean;
  /** delete rights on leads, contacts, companies */
  del: [string, string, string];
  groupId: number;
  roleId: number | null;
  /** handles deals: retail / wholesale / service managers */
  dept: 'retail' | 'wholesale' | 'service' | 'callcentre' | 'office';
}

export const USER_GROUPS = [
  { id: 0, name: 'Отдел продаж' },
  { id: 401_001, name: 'Розница' },
  { id: 401_002, name: 'Опт' },
  { id: 401_003, name: 'Колл-центр' },
  { id: 401_004, name: 'Сервис' },
];

export const ROLES = [{ id: 501_001, name: 'Менеджер розницы' }];

/** 36 users: 5 administrators, 7 non-admins who may delete, 4 deactivated. */
export function makeUsers(rng: Rng): UserDef[] {
  const users: UserDef[] = [];
  const plan: [UserDef['dept'], boolean, [string, string, string], boolean][] = [];
  // admins: owner, head of sales, CRM admin, accountant, the integrations account (personal!)
  for (let i = 0; i < 5; i++) plan.push(['office', true, ['A', 'A', 'A'], true]);
  const deleters: [string, string, string][] = [['A', 'A', 'A'], ['A', 'D', 'D'], ['D', 'A', 'A'], ['M', 'M', 'D'], ['G', 'D', 'D'], ['D', 'M', 'D'], ['A', 'A', 'D']];
  const depts: UserDef['dept'][] = [];
  for (let i = 0; i < 16; i++) depts.push('retail');
  for (let i = 0; i < 7; i++) depts.push('wholesale');
  for (let i = 0; i < 5; i++) depts.push('callcentre');
  for (let i = 0; i < 3; i++) depts.push('service');
  depts.forEach((dept, i) => {
    const del = i < deleters.length ? (deleters[(i * 3) % deleters.length] as [string, string, string]) : (['D', 'D', 'D'] as [string, string, string]);
    // deactivated: four former managers who never had delete rights
    const active = !(i === 12 || i === 14 || i === 20 || i === 26);
    plan.push([dept, false, del, active]);
  });
  const adminTitles = ['Директор', 'Руководитель отдела продаж', 'Администратор CRM', 'Бухгалтер', 'Интеграции'];
  const usedEmails = new Set<string>();
  plan.forEach(([dept, admin, del, active], i) => {
    const p = randomPerson(rng);
    let name = `${p.first} ${p.last}`;
    if (admin && i === 4) name = 'Интеграции (Mango, 1С, Roistat)';
    let email = `${translit(p.first[0] ?? 'x').toLowerCase()}.${translit(p.last).toLowerCase()}@okna-komfort.ru`;
    if (admin && i === 4) email = 'it@okna-komfort.ru';
    while (usedEmails.has(email)) email = email.replace('@', `${i}@`);
    usedEmails.add(email);
    const groupId = dept === 'retail' ? 401_001 : dept === 'wholesale' ? 401_002 : dept === 'callcentre' ? 401_003 : dept === 'service' ? 401_004 : 0;
    users.push({ id: 5_912_301 + i * 7, name: admin && i < 4 ? `${name} (${adminTitles[i]})` : name, email, admin, active, del, groupId, roleId: dept === 'retail' && i % 2 === 0 ? 501_001 : null, dept });
  });
  return users;
}

export function userObjects(users: UserDef[]): ApiObject[] {
  return users.map((u) => {
    const right = (del: string): ApiObject => ({ view: u.admin ? 'A' : 'A', edit: u.admin ? 'A' : 'M', add: 'A', delete: del, export: u.admin ? 'A' : 'D' });
    return {
      id: u.id,
      name: u.name,
      email: u.email,
      lang: 'ru',
      rights: {
        leads: right(u.del[0]),
        contacts: right(u.del[1]),
        companies: right(u.del[2]),
        tasks: { edit: u.admin ? 'A' : 'M', delete: u.admin ? 'A' : 'M' },
        mail_access: true,
        catalog_access: u.admin,
        // a real GET /api/v4/users answer: files_access, status_rights, catalog_rights: null,
        // custom_fields_rights: null, the two oper_day flags ([third-party code]: console dumps and
        // typed models of real answers; issue 12 item 5)
        files_access: true,
        status_rights: [],
        catalog_rights: null,
        custom_fields_rights: null,
        oper_day_reports_view_access: false,
        oper_day_user_tracking: false,
        is_admin: u.admin,
        is_free: false,
        is_active: u.active,
        group_id: u.groupId === 0 ? null : u.groupId,
        role_id: u.roleId,
      },
      _links: link(`users/${u.id}`),
      _embedded: {
        roles: u.roleId ? ROLES.filter((r) => r.id === u.roleId).map((r) => ({ id: r.id, name: r.name, _links: link(`roles/${r.id}`) })) : [],
        groups: USER_GROUPS.filter((g) => g.id === u.groupId).map((g) => ({ id: g.id, name: g.name })),
      },
    };
  });
}

export function roleObjects(users: UserDef[]): ApiObject[] {
  return ROLES.map((r) => ({
    id: r.id,
    name: r.name,
    rights: {
      leads: { view: 'A', edit: 'M', add: 'A', delete: 'D', export: 'D' },
      contacts: { view: 'A', edit: 'M', add: 'A', delete: 'D', export: 'D' },
      companies: { view: 'A', edit: 'M', add: 'A', delete: 'D', export: 'D' },
      tasks: { edit: 'M', delete: 'M' },
      mail_access: true,
      catalog_access: false,
      status_rights: [],
      catalog_rights: [],
    },
    _links: link(`roles/${r.id}`),
    _embedded: { users: users.filter((u) => u.roleId === r.id).map((u) => ({ id: u.id })) },
  }));
}
