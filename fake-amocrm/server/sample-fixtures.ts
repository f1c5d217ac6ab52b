// runtime: node
/** A small hand-made account for the fake server's tests (and a quick manual demo). */
import { emptyCollections, type ApiObject, type FixtureSet } from '../fixture-set';

export const T0 = 1_700_000_000;

const rights = (isAdmin: boolean, extra: ApiObject = {}): ApiObject => ({
  leads: { view: 'A', edit: 'A', add: 'A', delete: isAdmin ? 'A' : 'D', export: 'A' },
  contacts: { view: 'A', edit: 'A', add: 'A', delete: isAdmin ? 'A' : 'D', export: 'A' },
  companies: { view: 'A', edit: 'A', add: 'A', delete: isAdmin ? 'A' : 'D', export: 'A' },
  tasks: { edit: 'A', delete: 'A' },
  mail_access: true,
  catalog_access: true,
  status_rights: [],
  catalog_rights: [],
  is_admin: isAdmin,
  is_free: false,
  is_active: true,
  group_id: null,
  role_id: null,
  ...extra,
});

const status = (id: number, name: string, sort: number, pipelineId: number, type = 0): ApiObject => ({
  id,
  name,
  sort,
  is_editable: type === 0 && id !== 142 && id !== 143,
  pipeline_id: pipelineId,
  color: '#99ccff',
  type,
  account_id: 1001,
});

export function sampleFixtures({ contacts = 12 }: { contacts?: number } = {}): FixtureSet {
  const c = emptyCollections();
  const account: ApiObject = {
    id: 1001,
    name: 'Тестовый аккаунт',
    subdomain: 'testacc',
    created_at: T0 - 86400 * 365,
    created_by: 1,
    updated_at: T0,
    updated_by: 1,
    current_user_id: 1,
    country: 'RU',
    currency: 'RUB',
    currency_symbol: '₽',
    customers_mode: 'disabled',
    is_unsorted_on: true,
    is_loss_reason_enabled: true,
    is_helpbot_enabled: false,
    is_technical_account: false,
    contact_name_display_order: 1,
    _embedded: {
      task_types: [
        { id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' },
        { id: 2, name: 'Встреча', color: null, icon_id: null, code: 'MEETING' },
        { id: 3, name: 'Отправить КП', color: '#ff0000', icon_id: 5, code: null },
      ],
      users_groups: [
        { id: 0, name: 'Отдел продаж' },
        { id: 10, name: 'Розничный отдел' },
      ],
    },
  };
  c.users = [
    { id: 1, name: 'Админ Админович', email: 'admin@example.ru', lang: 'ru', rights: rights(true) },
    { id: 2, name: 'Мария Менеджерова', email: 'maria@example.ru', lang: 'ru', rights: rights(false, { role_id: 5, group_id: 10 }) },
    { id: 3, name: 'Пётр Продавцов', email: 'petr@example.ru', lang: 'ru', rights: rights(false) },
  ];
  c.roles = [{ id: 5, name: 'Менеджер', rights: rights(false) }];
  c.leads_pipelines = [
    {
      id: 100,
      name: 'Воронка',
      sort: 1,
      is_main: true,
      is_unsorted_on: true,
      is_archive: false,
      account_id: 1001,
      _embedded: {
        statuses: [
          status(1001, 'Неразобранное', 10, 100, 1),
          status(1002, 'Первичный контакт', 20, 100),
          status(1003, 'Переговоры', 30, 100),
          status(142, 'Успешно реализовано', 10000, 100),
          status(143, 'Закрыто и не реализовано', 11000, 100),
        ],
      },
    },
    {
      id: 200,
      name: 'Розничный отдел',
      sort: 2,
      is_main: false,
      is_unsorted_on: true,
      is_archive: false,
      account_id: 1001,
      _embedded: {
        statuses: [
          status(2001, 'Неразобранное', 10, 200, 1),
          status(2002, 'Новая заявка', 20, 200),
          status(142, 'Успешно реализовано', 10000, 200),
          status(143, 'Закрыто и не реализовано', 11000, 200),
        ],
      },
    },
  ];
  c.leads_loss_reasons = [
    { id: 1, name: 'Дорого', sort: 1, created_at: T0, updated_at: T0 },
    { id: 2, name: 'Не дозвонились', sort: 2, created_at: T0, updated_at: T0 },
  ];
  const multitext = (id: number, name: string, code: string, enums: string[], base: number): ApiObject => ({
    id,
    name,
    code,
    sort: id,
    type: 'multitext',
    entity_type: 'contacts',
    is_predefined: true,
    is_deletable: false,
    is_api_only: false,
    group_id: null,
    required_statuses: [],
    enums: enums.map((value, i) => ({ id: base + i, value, sort: i + 1 })),
  });
  c.contacts_custom_fields = [
    multitext(501, 'Телефон', 'PHONE', ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'], 601),
    multitext(502, 'Email', 'EMAIL', ['WORK', 'PRIV', 'OTHER'], 611),
    { id: 503, name: 'Город', code: null, sort: 503, type: 'text', entity_type: 'contacts', is_predefined: false, is_deletable: true, enums: null },
    {
      id: 504,
      name: 'Источник',
      code: null,
      sort: 504,
      type: 'select',
      entity_type: 'contacts',
      is_predefined: false,
      is_deletable: true,
      enums: [
        { id: 621, value: 'Сайт', sort: 1 },
        { id: 622, value: 'Звонок', sort: 2 },
      ],
    },
    { id: 505, name: 'День рождения', code: null, sort: 505, type: 'birthday', entity_type: 'contacts', is_predefined: false, is_deletable: true, enums: null },
  ];
  c.leads_custom_fields = [
    { id: 701, name: 'Бюджет факт', code: null, sort: 1, type: 'numeric', entity_type: 'leads', is_computed: false, enums: null },
    { id: 702, name: 'roistat', code: null, sort: 2, type: 'text', entity_type: 'leads', is_computed: false, enums: null },
  ];
  c.companies_custom_fields = [{ ...multitext(801, 'Телефон', 'PHONE', ['WORK', 'MOB'], 901), entity_type: 'companies' }];
  c.contacts_custom_fields_groups = [{ id: 'contacts_default', name: 'Основное', sort: 0, entity_type: 'contacts', is_predefined: true, type: 'custom_field_group' }];
  c.leads_tags = [{ id: 11, name: 'vip', color: 'FFCE5A' }];
  c.contacts_tags = [
    { id: 21, name: 'опт', color: null },
    { id: 22, name: 'розница', color: null },
  ];
  c.companies_tags = [];
  for (let i = 1; i <= contacts; i++) {
    const phone = i === 1 ? '+7 (999) 123-45-67' : `8 912 000-${String(i).padStart(2, '0')}-00`;
    c.contacts.push({
      id: i,
      name: i === 1 ? 'Иван Петрович Сидоров' : `Контакт ${i}`,
      first_name: i === 1 ? 'Иван' : `Контакт`,
      last_name: i === 1 ? 'Сидоров' : String(i),
      responsible_user_id: i % 2 === 0 ? 2 : 1,
      group_id: 0,
      created_by: 1,
      updated_by: 1,
      created_at: T0 + i * 10,
      // updated_at runs opposite to ids so order[updated_at] differs from id order
      updated_at: T0 + (contacts - i) * 100,
      closest_task_at: null,
      is_deleted: false,
      is_unsorted: false,
      custom_fields_values: [
        { field_id: 501, field_name: 'Телефон', field_code: 'PHONE', field_type: 'multitext', values: [{ value: phone, enum_id: 601, enum_code: 'WORK' }] },
        ...(i === 1
          ? [{ field_id: 502, field_name: 'Email', field_code: 'EMAIL', field_type: 'multitext', values: [{ value: 'Ivan@Example.ru', enum_id: 612, enum_code: 'PRIV' }] }]
          : []),
      ],
      account_id: 1001,
      _embedded: { tags: i === 1 ? [{ id: 21, name: 'опт', color: null }] : [], companies: i <= 2 ? [{ id: 1 }] : [] },
    });
  }
  c.companies = [
    {
      id: 1,
      name: 'ООО «Ромашка»',
      responsible_user_id: 1,
      group_id: 0,
      created_by: 1,
      updated_by: 1,
      created_at: T0,
      updated_at: T0,
      closest_task_at: null,
      is_deleted: false,
      custom_fields_values: null,
      account_id: 1001,
      _embedded: { tags: [] },
    },
    {
      id: 2,
      name: 'Romashka LLC',
      responsible_user_id: 1,
      group_id: 0,
      created_by: 1,
      updated_by: 1,
      created_at: T0,
      updated_at: T0,
      closest_task_at: null,
      is_deleted: false,
      custom_fields_values: null,
      account_id: 1001,
      _embedded: { tags: [] },
    },
  ];
  const lead = (id: number, statusId: number, pipelineId: number, extra: ApiObject = {}): ApiObject => ({
    id,
    name: `Сделка ${id}`,
    price: id * 1000,
    responsible_user_id: 1,
    group_id: 0,
    status_id: statusId,
    pipeline_id: pipelineId,
    loss_reason_id: null,
    source_id: null,
    created_by: 1,
    updated_by: 1,
    created_at: T0 + id,
    updated_at: T0 + id,
    closed_at: null,
    closest_task_at: null,
    is_deleted: false,
    custom_fields_values: null,
    score: null,
    account_id: 1001,
    labor_cost: null,
    ...extra,
  });
  c.leads = [
    lead(1, 1002, 100, { _embedded: { tags: [{ id: 11, name: 'vip', color: 'FFCE5A' }], contacts: [{ id: 1, is_main: true }, { id: 2, is_main: false }], companies: [{ id: 1 }] } }),
    lead(2, 143, 100, { loss_reason_id: 1, closed_at: T0 + 500, _embedded: { tags: [], contacts: [{ id: 1, is_main: true }], companies: [] } }),
    lead(3, 2002, 200, { _embedded: { tags: [], contacts: [{ id: 3, is_main: true }], companies: [{ id: 2 }] } }),
  ];
  c.tasks = [
    {
      id: 1,
      created_by: 1,
      updated_by: 1,
      created_at: T0,
      updated_at: T0,
      responsible_user_id: 2,
      group_id: 0,
      entity_id: 1,
      entity_type: 'leads',
      duration: 0,
      is_completed: false,
      task_type_id: 1,
      text: 'Позвонить',
      result: null,
      complete_till: T0 + 86400,
      account_id: 1001,
    },
    {
      id: 2,
      created_by: 1,
      updated_by: 1,
      created_at: T0 + 10,
      updated_at: T0 + 10,
      responsible_user_id: 1,
      group_id: 0,
      entity_id: 1,
      entity_type: 'contacts',
      duration: 0,
      is_completed: true,
      task_type_id: 2,
      text: 'Встреча',
      result: { text: 'Встретились' },
      complete_till: T0 + 100,
      account_id: 1001,
    },
  ];
  const note = (id: number, entityId: number, at: number): ApiObject => ({
    id,
    entity_id: entityId,
    created_by: 1,
    updated_by: 1,
    created_at: at,
    updated_at: at,
    responsible_user_id: 1,
    group_id: 0,
    note_type: 'common',
    params: { text: `Заметка ${id}` },
    is_editable: true,
    account_id: 1001,
  });
  c.contacts_notes = [note(1, 1, T0 + 1), note(2, 1, T0 + 2), note(3, 2, T0 + 3)];
  c.leads_notes = [note(4, 1, T0 + 4)];
  c.events = [
    {
      id: '01aaaaaaaaaaaaaaaaaaaaaaa1',
      type: 'lead_added',
      entity_id: 1,
      entity_type: 'lead',
      created_by: 1,
      created_at: T0 + 1,
      value_after: [],
      value_before: [],
      account_id: 1001,
    },
    {
      id: '01aaaaaaaaaaaaaaaaaaaaaaa2',
      type: 'lead_status_changed',
      entity_id: 2,
      entity_type: 'lead',
      created_by: 1,
      created_at: T0 + 500,
      value_after: [{ lead_status: { id: 143, pipeline_id: 100 } }],
      value_before: [{ lead_status: { id: 1002, pipeline_id: 100 } }],
      account_id: 1001,
    },
  ];
  return { account, collections: c };
}
