// runtime: node
/**
 * A small deterministic account in FixtureSet form, for tests and benchmarks of the snapshot
 * that must not depend on the demo generator (fake-amocrm/generator) being present.
 */
import { emptyCollections, type ApiObject, type FixtureSet } from '../../../../shared/amo/wire';

export interface SyntheticSize {
  contacts: number;
  companies: number;
  leads: number;
  tasks: number;
  notesPerEntity?: number;
  /** seconds since epoch the account's clock stands at */
  now: number;
}

export function syntheticAccount(size: SyntheticSize): FixtureSet {
  const c = emptyCollections();
  const day = 86_400;
  const t = (i: number, spread: number) => size.now - ((i * 7919) % spread) * 3600 - 3600;
  c.users = [1, 2, 3].map((id) => ({
    id,
    name: `User ${id}`,
    email: `u${id}@example.com`,
    lang: 'ru',
    rights: { is_admin: id === 1, is_active: true, role_id: id === 1 ? null : 10, group_id: 0, leads: { view: 'A', edit: 'A', add: 'A', delete: id === 1 ? 'A' : 'D', export: 'A' }, contacts: { delete: 'D' }, companies: { delete: 'D' } },
  }));
  c.roles = [{ id: 10, name: 'Менеджер', rights: {} }];
  c.leads_pipelines = [
    {
      id: 100,
      name: 'Продажи',
      sort: 1,
      is_main: true,
      is_unsorted_on: true,
      is_archive: false,
      account_id: 1,
      _embedded: {
        statuses: [
          { id: 1000, name: 'Неразобранное', sort: 10, is_editable: false, pipeline_id: 100, color: '#c1c1c1', type: 1, account_id: 1 },
          { id: 1001, name: 'Первичный контакт', sort: 20, is_editable: true, pipeline_id: 100, color: '#99ccff', type: 0, account_id: 1 },
          { id: 142, name: 'Успешно реализовано', sort: 10000, is_editable: false, pipeline_id: 100, color: '#CCFF66', type: 0, account_id: 1 },
          { id: 143, name: 'Закрыто и не реализовано', sort: 11000, is_editable: false, pipeline_id: 100, color: '#D5D8DB', type: 0, account_id: 1 },
        ],
      },
    },
  ];
  c.leads_loss_reasons = [
    { id: 1, name: 'Дорого', sort: 1, created_at: size.now - 400 * day, updated_at: size.now - 400 * day },
    { id: 2, name: 'Выбрали конкурента', sort: 2, created_at: size.now - 400 * day, updated_at: size.now - 400 * day },
  ];
  const phoneField = (id: number) => ({ id, name: 'Телефон', type: 'multitext', code: 'PHONE', sort: 4, is_api_only: false, is_deletable: false, group_id: null, enums: [{ id: id * 10 + 1, value: 'WORK', sort: 2 }, { id: id * 10 + 2, value: 'MOB', sort: 6 }] });
  const emailField = (id: number) => ({ id, name: 'Email', type: 'multitext', code: 'EMAIL', sort: 6, is_api_only: false, is_deletable: false, group_id: null, enums: [{ id: id * 10 + 1, value: 'WORK', sort: 2 }, { id: id * 10 + 2, value: 'PRIV', sort: 4 }] });
  c.contacts_custom_fields = [phoneField(501), emailField(502), { id: 503, name: 'Должность', type: 'text', code: 'POSITION', sort: 2, is_api_only: false, is_deletable: false, group_id: null, enums: null }];
  c.companies_custom_fields = [phoneField(601), emailField(602)];
  c.leads_custom_fields = [{ id: 701, name: 'Источник', type: 'select', code: null, sort: 1, is_api_only: false, is_deletable: true, group_id: null, enums: [{ id: 7011, value: 'Сайт', sort: 1 }, { id: 7012, value: 'Звонок', sort: 2 }] }];
  for (const e of ['leads', 'contacts', 'companies'] as const) {
    c[`${e}_custom_fields_groups`] = [{ id: `${e}_default`, name: 'Основное', sort: 0, entity_type: e, is_predefined: true, type: 'custom_field_group' }];
    c[`${e}_tags`] = [1, 2, 3].map((i) => ({ id: (e === 'leads' ? 100 : e === 'contacts' ? 200 : 300) + i, name: `${e}-tag-${i}`, color: null }));
  }
  const tagsOf = (base: number, i: number): ApiObject[] => (i % 4 === 0 ? [{ id: base + 1 + (i % 3), name: `tag-${base + 1 + (i % 3)}` }] : []);

  for (let i = 1; i <= size.companies; i++) {
    const created = t(i, 2000);
    c.companies.push({
      id: 30_000 + i,
      name: `ООО Компания ${i}`,
      responsible_user_id: 1 + (i % 3),
      group_id: 0,
      created_by: 1,
      updated_by: 1,
      created_at: created,
      updated_at: created + 60,
      closest_task_at: null,
      custom_fields_values: i % 5 === 0 ? null : [{ field_id: 601, field_name: 'Телефон', field_code: 'PHONE', field_type: 'multitext', values: [{ value: `+7 495 ${String(1_000_000 + i).slice(1)}`, enum_id: 6011, enum_code: 'WORK' }] }],
      account_id: 1,
      _embedded: { tags: tagsOf(300, i) },
    });
  }
  for (let i = 1; i <= size.contacts; i++) {
    const created = t(i, 3000);
    const company = size.companies > 0 && i % 2 === 0 ? [{ id: 30_000 + 1 + (i % size.companies) }] : [];
    c.contacts.push({
      id: 20_000 + i,
      name: `Контакт ${i}`,
      first_name: `Имя${i}`,
      last_name: `Фамилия${i}`,
      responsible_user_id: 1 + (i % 3),
      group_id: 0,
      created_by: 1,
      updated_by: 1,
      created_at: created,
      updated_at: created + 120,
      closest_task_at: null,
      is_deleted: false,
      is_unsorted: false,
      custom_fields_values: [
        { field_id: 501, field_name: 'Телефон', field_code: 'PHONE', field_type: 'multitext', values: [{ value: `8 (900) ${String(1_000_000 + i).slice(1)}`, enum_id: 5012, enum_code: 'MOB' }] },
        ...(i % 3 === 0 ? [{ field_id: 502, field_name: 'Email', field_code: 'EMAIL', field_type: 'multitext', values: [{ value: `c${i}@example.com`, enum_id: 5021, enum_code: 'WORK' }] }] : []),
      ],
      account_id: 1,
      _embedded: { tags: tagsOf(200, i), companies: company },
    });
  }
  for (let i = 1; i <= size.leads; i++) {
    const created = t(i, 4000);
    const status = i % 4 === 0 ? 142 : i % 4 === 1 ? 143 : 1001;
    c.leads.push({
      id: 40_000 + i,
      name: `Сделка ${i}`,
      price: (i % 10) * 1000,
      responsible_user_id: 1 + (i % 3),
      group_id: 0,
      status_id: status,
      pipeline_id: 100,
      loss_reason_id: status === 143 && i % 3 !== 0 ? 1 + (i % 2) : null,
      created_by: 1,
      updated_by: 1,
      created_at: created,
      updated_at: created + 300,
      closed_at: status === 142 || status === 143 ? created + 300 : null,
      closest_task_at: null,
      is_deleted: false,
      custom_fields_values: i % 2 === 0 ? [{ field_id: 701, field_name: 'Источник', field_code: null, field_type: 'select', values: [{ value: 'Сайт', enum_id: 7011 }] }] : null,
      score: null,
      account_id: 1,
      labor_cost: null,
      _embedded: {
        tags: tagsOf(100, i),
        contacts: size.contacts > 0 ? [{ id: 20_000 + 1 + (i % size.contacts), is_main: true }] : [],
        companies: size.companies > 0 && i % 3 === 0 ? [{ id: 30_000 + 1 + (i % size.companies) }] : [],
      },
    });
  }
  for (let i = 1; i <= size.tasks; i++) {
    const created = t(i, 1000);
    c.tasks.push({
      id: 50_000 + i,
      created_by: 1,
      updated_by: 1,
      created_at: created,
      updated_at: created,
      responsible_user_id: 1 + (i % 3),
      group_id: 0,
      entity_id: size.leads > 0 ? 40_000 + 1 + (i % size.leads) : null,
      entity_type: size.leads > 0 ? 'leads' : null,
      duration: 0,
      is_completed: i % 2 === 0,
      task_type_id: 1,
      text: `Задача ${i}`,
      result: i % 2 === 0 ? { text: 'Готово' } : null,
      complete_till: created + day,
      account_id: 1,
    });
  }
  const perEntity = size.notesPerEntity ?? 0;
  let noteId = 60_000;
  for (const [e, list] of [['leads', c.leads], ['contacts', c.contacts], ['companies', c.companies]] as const) {
    const notes: ApiObject[] = [];
    list.forEach((entity, k) => {
      for (let j = 0; j < perEntity; j++) {
        const created = size.now - ((k * 31 + j * 17) % 365) * day - day / 2; // never near a window edge
        notes.push({ id: ++noteId, entity_id: entity.id, created_by: 1, updated_by: 1, created_at: created, updated_at: created, responsible_user_id: 1, group_id: 0, note_type: 'common', params: { text: `Заметка ${noteId}` }, account_id: 1 });
      }
    });
    c[`${e}_notes`] = notes;
  }
  c.events = c.leads.slice(0, Math.min(c.leads.length, 300)).map((l, k) => ({
    id: `01evt${String(k).padStart(20, '0')}`,
    type: 'lead_added',
    entity_id: l.id,
    entity_type: 'lead',
    created_by: 1,
    created_at: size.now - ((k * 13) % 300) * day - day / 2,
    value_after: [],
    value_before: [],
    account_id: 1,
  }));
  return {
    account: {
      id: 1,
      name: 'Синтетический аккаунт',
      subdomain: 'synthetic',
      created_at: size.now - 1000 * day,
      created_by: 1,
      updated_at: size.now - 10 * day,
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
        task_types: [{ id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' }, { id: 2, name: 'Встреча', color: null, icon_id: null, code: 'MEETING' }],
        users_groups: [{ id: 0, name: 'Отдел продаж' }],
      },
    },
    collections: c,
  };
}
