// runtime: node
/**
 * The "wild" profile: the reference account made as untidy as real accounts are (issue 12).
 * Applied to the reference profile's objects, deterministic for (scale, seed, asOf):
 *
 * - every custom field type with values: multiselect, date_time, birthday, smart_address,
 *   legal_entity, monetary, radiobutton, streetaddress, file, url, numeric, checkbox, date
 *   (value shapes: doc §8.1 and the official library's value models
 *   [PHP:src/AmoCRM/Models/CustomFieldsValues/ValueModels/*]: legal_entity
 *   `{value:{name, entity_type, vat_id, …}}`, file `{value:{file_uuid, version_uuid, file_name, file_size}}`,
 *   smart_address an enum field (`WithEnumCustomFieldModel`) whose values carry `enum_id`);
 * - contacts with 10 to 14 phones, and 1 000-character comments;
 * - 142 and 143 renamed ("Заказ вручен", "Отказ": accounts rename them, doc §11);
 * - leads in the unsorted stage and their contacts with `is_unsorted: true` ([PHP:src/AmoCRM/Models/ContactModel.php]);
 * - customers enabled (`customers_mode: "segments"`, doc §19) and tasks on customers (`entity_type: "customers"`, doc §12);
 * - trashed leads, contacts and companies (`is_deleted: true`: hidden from lists, doc §4.2 `only_deleted`);
 * - users whose rights have null parts (`status_rights`, `catalog_rights`, `custom_fields_rights`, `role_id`, `group_id`)
 *   and stage rights `{entity_type, pipeline_id, status_id, rights:{view, edit, delete}}` ([third-party code]: real answers);
 * - entities changing and trashed while a snapshot pages: the server switch `churn` (server.ts), on by default for
 *   this profile in the CLI.
 *
 * The truth is recounted from the live (not trashed) objects by truth-count.ts, as for the reference profile.
 */
import { type ApiObject, type FixtureSet } from '../fixture-set';
import { ACCOUNT_ID, link } from './config';
import { Rng } from './prng';

type Entity = 'leads' | 'contacts' | 'companies';

interface WildField {
  id: number;
  name: string;
  type: string;
  enums: { id: number; value: string; sort: number }[] | null;
}

const WORDS = ['клиент', 'просил', 'перезвонить', 'после', 'обеда', 'окна', 'в', 'детскую', 'и', 'на', 'балкон', 'замер', 'согласован', 'с', 'прорабом', 'ждёт', 'скидку', 'сравнивает', 'цены', 'у', 'конкурентов', 'доставка', 'через', 'неделю', 'монтаж', 'в', 'субботу', 'оплата', 'наличными'];

/** A value without digits (so no phone number hides in it), exactly `length` characters. */
function longText(rng: Rng, length: number): string {
  let out = '';
  while (out.length < length) out += `${rng.pick(WORDS)} `;
  return out.slice(0, length);
}

function uuid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

let enumSeq = 1_090_001;
function field(id: number, name: string, type: string, values: readonly string[] | null = null): WildField {
  return { id, name, type, enums: values ? values.map((value, i) => ({ id: enumSeq++, value, sort: (i + 1) * 10 })) : null };
}

function wildFields(): Record<Entity, WildField[]> {
  enumSeq = 1_090_001;
  return {
    contacts: [
      field(711_001, 'Интересы', 'multiselect', ['Окна', 'Двери', 'Балконы', 'Жалюзи', 'Сетки']),
      field(711_003, 'Последний визит', 'date_time'),
      field(711_005, 'Адрес доставки', 'smart_address', ['address_line_1', 'address_line_2', 'city', 'state', 'zip', 'country']),
      field(711_007, 'Реквизиты', 'legal_entity'),
      field(711_009, 'Бюджет', 'monetary'),
      field(711_011, 'Канал связи', 'radiobutton', ['Телефон', 'Мессенджер', 'Почта']),
      field(711_013, 'Улица', 'streetaddress'),
      field(711_015, 'Скан паспорта', 'file'),
      field(711_017, 'Страница в соцсети', 'url'),
      field(711_019, 'Дата первого звонка', 'date'),
      field(711_021, 'Дата рождения ребёнка', 'birthday'),
    ],
    companies: [
      field(713_001, 'Юр. лицо', 'legal_entity'),
      field(713_003, 'Адрес (умный)', 'smart_address', ['address_line_1', 'city', 'zip', 'country']),
      field(713_005, 'Договор (скан)', 'file'),
      field(713_007, 'Оборот', 'monetary'),
      field(713_009, 'Услуги', 'multiselect', ['Поставка', 'Монтаж', 'Сервис']),
    ],
    leads: [
      field(712_101, 'Комплектация', 'multiselect', ['Стеклопакет', 'Фурнитура', 'Откосы', 'Подоконник', 'Отлив']),
      field(712_103, 'Время замера', 'date_time'),
      field(712_105, 'Сумма предоплаты', 'monetary'),
      field(712_107, 'Срочность', 'radiobutton', ['Обычная', 'Срочно', 'Очень срочно']),
      field(712_109, 'Смета', 'file'),
      field(712_111, 'Адрес объекта', 'streetaddress'),
      field(712_113, 'Гарантия до', 'date'),
      field(712_115, 'Подписан акт', 'checkbox'),
    ],
  };
}

function fieldObject(entity: Entity, f: WildField, sort: number): ApiObject {
  return {
    id: f.id,
    name: f.name,
    type: f.type,
    account_id: ACCOUNT_ID,
    code: null,
    sort,
    is_api_only: false,
    enums: f.enums,
    group_id: null,
    required_statuses: [],
    is_deletable: true,
    is_predefined: false,
    entity_type: entity,
    remind: f.type === 'birthday' ? 'never' : null,
    currency: null,
    hidden_statuses: [],
    triggers: [],
    tracking_callback: null,
    chained_lists: null,
    _links: link(`${entity}/custom_fields/${f.id}`),
  };
}

function valueOf(rng: Rng, f: WildField, t0: number, asOf: number): ApiObject[] {
  const cf = (values: ApiObject[]): ApiObject[] => values;
  const enumPick = () => rng.pick(f.enums ?? []);
  switch (f.type) {
    case 'multiselect': {
      const picked = (f.enums ?? []).filter(() => rng.chance(0.5));
      const list = picked.length > 0 ? picked : [enumPick()];
      return cf(list.map((e) => ({ value: e.value, enum_id: e.id })));
    }
    case 'radiobutton': {
      const e = enumPick();
      return [{ value: e.value, enum_id: e.id }];
    }
    case 'smart_address': {
      const parts = ['ул. Ленина, д. 1', 'Казань', '420000', 'Россия'];
      return (f.enums ?? []).slice(0, parts.length).map((e, i) => ({ value: parts[i] as string, enum_id: e.id }));
    }
    case 'legal_entity':
      return [
        {
          value: {
            name: rng.pick(['ООО «Ромашка»', 'ИП Сидоров', 'АО «Стройдом»']),
            entity_type: rng.pick([1, 2]),
            vat_id: null,
            tax_registration_reason_code: null,
            address: 'г. Москва, ул. Тверская',
            kpp: null,
            bank_code: null,
            external_uid: null,
            UNP: null,
            real_address: null,
            BIN: null,
            EGRPOU: null,
          },
        },
      ];
    case 'file':
      return [{ value: { file_uuid: uuid(rng), version_uuid: uuid(rng), file_name: rng.pick(['скан.pdf', 'смета.xlsx', 'фото объекта.jpg']), file_size: rng.int(10_000, 5_000_000) } }];
    case 'monetary':
      return [{ value: String(rng.int(1, 500) * 1000) }];
    case 'date_time':
    case 'date':
    case 'birthday':
      return [{ value: rng.int(t0, asOf) }];
    case 'checkbox':
      return [{ value: rng.chance(0.5) }];
    case 'url':
      return [{ value: `https://vk.com/id${rng.int(1000, 9_999_999)}` }];
    default:
      return [{ value: longText(rng, rng.int(5, 60)) }];
  }
}

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const embeddedIds = (o: ApiObject, key: string): number[] => {
  const e = isObj(o._embedded) ? (o._embedded[key] as unknown) : undefined;
  return Array.isArray(e) ? e.filter(isObj).map((x) => x.id as number) : [];
};

/** Applies the wild profile to a generated reference account, in place. */
export function wildify(fx: FixtureSet, opts: { seed: number; asOf: Date; t0: number }): void {
  const rng = new Rng(opts.seed, 9);
  const asOf = Math.floor(opts.asOf.getTime() / 1000) - 86_400;
  const col = fx.collections;
  const fields = wildFields();

  // ---- every field type, with values
  for (const entity of ['leads', 'contacts', 'companies'] as const) {
    const defs = col[`${entity}_custom_fields`];
    const start = defs.length;
    fields[entity].forEach((f, i) => defs.push(fieldObject(entity, f, (start + i + 1) * 10)));
    for (const o of col[entity]) {
      const values: ApiObject[] = Array.isArray(o.custom_fields_values) ? [...(o.custom_fields_values as ApiObject[])] : [];
      for (const f of fields[entity]) {
        if (!rng.chance(0.4)) continue;
        values.push({ field_id: f.id, field_name: f.name, field_code: null, field_type: f.type, values: valueOf(rng, f, opts.t0, asOf) });
      }
      o.custom_fields_values = values.length > 0 ? values : null;
    }
  }

  // ---- contacts with 10+ phones and 1 000-character comments
  const phoneField = col.contacts_custom_fields.find((f) => f.code === 'PHONE');
  const commentField = col.contacts_custom_fields.find((f) => f.type === 'textarea');
  const mob = (phoneField?.enums as { id: number; value: string }[] | null)?.find((e) => e.value === 'MOB');
  const manyPhones = Math.max(2, Math.round(col.contacts.length * 0.01));
  for (let k = 0; k < manyPhones && k < col.contacts.length; k++) {
    const c = col.contacts[k * Math.max(1, Math.floor(col.contacts.length / manyPhones))] as ApiObject;
    const values = (Array.isArray(c.custom_fields_values) ? (c.custom_fields_values as ApiObject[]) : []).filter((v) => v.field_id !== phoneField?.id);
    const n = rng.int(10, 14);
    // +7 958 … is a block the reference allocator does not use; the contact id keeps numbers unique
    const phones = Array.from({ length: n }, (_, j) => ({ value: `+7958${String(((c.id as number) * 16 + j) % 10_000_000).padStart(7, '0')}`, enum_id: mob?.id ?? null, enum_code: 'MOB' }));
    if (phoneField) values.push({ field_id: phoneField.id, field_name: phoneField.name, field_code: 'PHONE', field_type: 'multitext', values: phones });
    c.custom_fields_values = values;
  }
  if (commentField) {
    for (const c of col.contacts) {
      if (!rng.chance(0.03)) continue;
      const values = (Array.isArray(c.custom_fields_values) ? (c.custom_fields_values as ApiObject[]) : []).filter((v) => v.field_id !== commentField.id);
      values.push({ field_id: commentField.id, field_name: commentField.name, field_code: null, field_type: 'textarea', values: [{ value: longText(rng, 1000) }] });
      c.custom_fields_values = values;
    }
  }

  // ---- 142 and 143 renamed
  for (const p of col.leads_pipelines) {
    const statuses = isObj(p._embedded) && Array.isArray(p._embedded.statuses) ? (p._embedded.statuses as ApiObject[]) : [];
    for (const s of statuses) {
      if (s.id === 142) s.name = 'Заказ вручен';
      if (s.id === 143) s.name = 'Отказ';
    }
  }

  // ---- unsorted leads (and their contacts flagged is_unsorted)
  const unsortedOf = new Map<number, number>();
  for (const p of col.leads_pipelines) {
    const statuses = isObj(p._embedded) && Array.isArray(p._embedded.statuses) ? (p._embedded.statuses as ApiObject[]) : [];
    const u = statuses.find((s) => s.type === 1);
    if (u && p.is_archive !== true) unsortedOf.set(p.id as number, u.id as number);
  }
  const contactsById = new Map(col.contacts.map((c) => [c.id as number, c]));
  for (const l of col.leads) {
    const unsorted = unsortedOf.get(l.pipeline_id as number);
    if (unsorted === undefined || l.status_id === 142 || l.status_id === 143 || !rng.chance(0.03)) continue;
    l.status_id = unsorted;
    for (const cid of embeddedIds(l, 'contacts')) {
      const c = contactsById.get(cid);
      if (c) c.is_unsorted = true;
    }
  }

  // ---- customers enabled, tasks on customers
  fx.account.customers_mode = 'segments';
  const users = col.users;
  const taskIds = col.tasks.map((t) => t.id as number);
  let taskId = (taskIds.length ? Math.max(...taskIds) : 0) + 1;
  for (let i = 0; i < Math.max(2, Math.round(col.tasks.length * 0.005)); i++) {
    const who = (users[i % Math.max(1, users.length)]?.id as number | undefined) ?? 0;
    const created = rng.int(opts.t0, asOf);
    col.tasks.push({
      id: taskId++, created_by: who, updated_by: who, created_at: created, updated_at: created, responsible_user_id: who, group_id: 0,
      entity_id: 9_000_000 + i, entity_type: 'customers', duration: 0, is_completed: true, task_type_id: 1, text: 'Напомнить о повторной покупке',
      result: { text: 'Напомнили' }, complete_till: created + 86_400, account_id: ACCOUNT_ID, _links: link(`tasks/${taskId - 1}`),
    });
  }

  // ---- customers (the ones the tasks above point at, and more) and catalogs with elements: served by the fake's extra
  // routes (server/extra-routes.ts); shapes of the official library's CustomerModel, CatalogModel, CatalogElementModel
  // [PHP:src/AmoCRM/Models/Customers/CustomerModel.php, CatalogModel.php, CatalogElementModel.php]
  const customerCount = Math.max(3, Math.round(col.contacts.length * 0.02));
  const customers: ApiObject[] = [];
  for (let i = 0; i < customerCount; i++) {
    const who = (users[i % Math.max(1, users.length)]?.id as number | undefined) ?? 0;
    const created = rng.int(opts.t0, asOf);
    const purchases = rng.int(0, 12);
    const average = rng.int(500, 50_000);
    customers.push({
      id: 9_000_000 + i, name: `Покупатель ${i + 1}`, next_price: average, next_date: asOf + rng.int(1, 60) * 86_400, responsible_user_id: who,
      status_id: null, periodicity: 30, created_by: who, updated_by: who, created_at: created, updated_at: created, closest_task_at: null,
      is_deleted: false, custom_fields_values: null, ltv: purchases * average, purchases_count: purchases, average_check: average, account_id: ACCOUNT_ID,
      _links: link(`customers/${9_000_000 + i}`), _embedded: { tags: [], segments: [] },
    });
  }
  const catalogs: ApiObject[] = [
    { id: 7001, name: 'Товары', type: 'products', sort: 10 },
    { id: 7002, name: 'Счета', type: 'invoices', sort: 20 },
  ].map((c) => ({
    ...c, created_by: users[0]?.id ?? 0, updated_by: users[0]?.id ?? 0, created_at: opts.t0, updated_at: opts.t0, can_add_elements: true,
    can_show_in_cards: c.type === 'products', can_link_multiple: true, can_be_deleted: c.type !== 'invoices', sdk_widget_code: null, account_id: ACCOUNT_ID,
  }));
  const elements: ApiObject[] = [];
  let elementId = 8_000_001;
  for (const cat of catalogs) {
    const n = Math.max(5, Math.round(col.leads.length * (cat.type === 'products' ? 0.05 : 0.02)));
    for (let i = 0; i < n; i++) {
      const created = rng.int(opts.t0, asOf);
      elements.push({
        id: elementId++, name: cat.type === 'products' ? `Товар ${i + 1}` : `Счёт №${i + 1}`, created_by: users[0]?.id ?? 0, updated_by: users[0]?.id ?? 0,
        created_at: created, updated_at: created, is_deleted: false, custom_fields_values: null, catalog_id: cat.id, account_id: ACCOUNT_ID,
      });
    }
  }
  fx.extras = { ...(fx.extras ?? {}), customers, catalogs, catalogs_elements: elements };

  // ---- trashed entities: contacts and companies without links, closed deals
  const linkedContacts = new Set<number>();
  const linkedCompanies = new Set<number>();
  for (const l of col.leads) {
    for (const id of embeddedIds(l, 'contacts')) linkedContacts.add(id);
    for (const id of embeddedIds(l, 'companies')) linkedCompanies.add(id);
  }
  for (const c of col.contacts) for (const id of embeddedIds(c, 'companies')) linkedCompanies.add(id);
  const trash = (list: ApiObject[], linked: (o: ApiObject) => boolean, share: number): void => {
    for (const o of list) if (!linked(o) && rng.chance(share)) o.is_deleted = true;
  };
  trash(col.contacts, (c) => linkedContacts.has(c.id as number) || embeddedIds(c, 'companies').length > 0 || contactsWithTasks(col).has(c.id as number), 0.05);
  trash(col.companies, (c) => linkedCompanies.has(c.id as number), 0.05);
  // closed deals go to the trash with their links (the server no longer lists them, nor links to them)
  trash(col.leads, (l) => l.status_id !== 142 && l.status_id !== 143, 0.03);

  // ---- users with null rights parts and stage rights
  const firstPipeline = col.leads_pipelines[0];
  const firstStatus = isObj(firstPipeline?._embedded) ? ((firstPipeline._embedded.statuses as ApiObject[])[1] ?? null) : null;
  users.forEach((u, i) => {
    const rights = isObj(u.rights) ? u.rights : null;
    if (!rights) return;
    if (i % 3 === 0) {
      rights.status_rights = null;
      rights.catalog_rights = null;
      rights.custom_fields_rights = null;
      rights.role_id = null;
      rights.group_id = null;
    } else if (i % 3 === 1 && firstPipeline && firstStatus) {
      rights.status_rights = [{ entity_type: 'leads', pipeline_id: firstPipeline.id, status_id: firstStatus.id, rights: { view: 'A', edit: 'A', delete: 'D' } }];
    }
  });
}

let tasksCache: { tasks: ApiObject[]; ids: Set<number> } | null = null;
function contactsWithTasks(col: FixtureSet['collections']): Set<number> {
  if (tasksCache?.tasks === col.tasks) return tasksCache.ids;
  const ids = new Set<number>();
  for (const t of col.tasks) if (t.entity_type === 'contacts' && typeof t.entity_id === 'number') ids.add(t.entity_id);
  tasksCache = { tasks: col.tasks, ids };
  return ids;
}

/** The live account: trashed entities removed, as the audit of a snapshot sees it. */
export function liveView(fx: FixtureSet): FixtureSet {
  const col = fx.collections;
  const live = (list: ApiObject[]) => list.filter((o) => o.is_deleted !== true);
  return { account: fx.account, collections: { ...col, leads: live(col.leads), contacts: live(col.contacts), companies: live(col.companies) }, ...(fx.extras ? { extras: fx.extras } : {}) };
}
