// runtime: common (no node, no DOM, no electron)
/**
 * Why a pushed operation was skipped or ended in conflict, in Russian and English. The push
 * engine records an English sentence in the operation's result (`reason`); each sentence has a
 * stable code here, matched by pattern (parameters captured), so that the Changes screen and the
 * plan export word it in the UI's language. A sentence without a code is shown as it is (a
 * test checks that every literal reason in electron/services/push/ has one).
 */
export type ReasonLang = 'ru' | 'en';

interface ReasonDef {
  code: string;
  pattern: RegExp;
  /** parameter names, in the order of the pattern's groups */
  params?: string[];
  ru: string;
  en: string;
}

const ENTITY_RU: Record<string, string> = { leads: 'сделка', contacts: 'контакт', companies: 'компания', customers: 'покупатель' };

export const PUSH_REASONS: readonly ReasonDef[] = [
  { code: 'noop.loss_reason_set', pattern: /^the deal already has this loss reason$/, ru: 'у сделки уже указана эта причина отказа', en: 'the deal already has this loss reason' },
  { code: 'noop.values_clean', pattern: /^the values are already clean$/, ru: 'значения уже в порядке', en: 'the values are already clean' },
  { code: 'noop.tag_not_attached', pattern: /^the tag is not attached$/, ru: 'тег уже снят', en: 'the tag is not attached' },
  { code: 'noop.as_before', pattern: /^already as before$/, ru: 'значения уже прежние', en: 'already as before' },
  { code: 'noop.survivor_complete', pattern: /^the survivor already holds every value$/, ru: 'в основной карточке уже есть все значения', en: 'the survivor already holds every value' },
  { code: 'noop.task_closed_meanwhile', pattern: /^the task was closed meanwhile$/, ru: 'задачу уже закрыли', en: 'the task was closed meanwhile' },
  { code: 'noop.task_on_survivor', pattern: /^the task is already on the survivor$/, ru: 'задача уже у основной карточки', en: 'the task is already on the survivor' },
  { code: 'noop.task_closed', pattern: /^the task is already closed$/, ru: 'задача уже закрыта', en: 'the task is already closed' },
  { code: 'noop.marked', pattern: /^already marked$/, ru: 'дубль уже помечен', en: 'already marked' },
  { code: 'noop.linked', pattern: /^already linked$/, ru: 'связь уже есть', en: 'already linked' },
  { code: 'noop.unlinked', pattern: /^already unlinked$/, ru: 'связи уже нет', en: 'already unlinked' },
  { code: 'noop.list_value_set', pattern: /^the list field already holds this value$/, ru: 'в поле-списке уже это значение', en: 'the list field already holds this value' },
  { code: 'noop.values_back', pattern: /^the values are already back$/, ru: 'значения уже возвращены', en: 'the values are already back' },
  { code: 'noop.role_no_delete', pattern: /^the role grants no delete right$/, ru: 'у роли нет права удаления', en: 'the role grants no delete right' },
  { code: 'noop.role_gone', pattern: /^the role is already gone$/, ru: 'роли уже нет', en: 'the role is already gone' },
  { code: 'noop.role_exists', pattern: /^a role "(.*)" exists already$/, params: ['name'], ru: 'роль «{{name}}» уже есть', en: 'a role "{{name}}" exists already' },
  { code: 'noop.field_exists', pattern: /^the field exists$/, ru: 'поле уже есть', en: 'the field exists' },
  { code: 'noop.field_gone', pattern: /^the field is already gone$/, ru: 'поля уже нет', en: 'the field is already gone' },
  { code: 'noop.stage_gone', pattern: /^the stage is already gone$/, ru: 'этапа уже нет', en: 'the stage is already gone' },
  { code: 'noop.stage_exists', pattern: /^a stage of this name is in the pipeline$/, ru: 'в воронке уже есть этап с этим названием', en: 'a stage of this name is in the pipeline' },
  { code: 'conflict.not_lost', pattern: /^the deal is no longer lost$/, ru: 'сделка больше не закрыта как проигранная', en: 'the deal is no longer lost' },
  { code: 'conflict.field_not_recreated', pattern: /^the field was not re-created$/, ru: 'поле не было создано заново', en: 'the field was not re-created' },
  { code: 'conflict.role_missing', pattern: /^the role is not in amoCRM \(deleted\?\)$/, ru: 'роли нет в amoCRM (удалена?)', en: 'the role is not in amoCRM (deleted?)' },
  { code: 'conflict.role_renamed', pattern: /^the role was renamed in amoCRM after the push$/, ru: 'роль переименовали в amoCRM после отправки', en: 'the role was renamed in amoCRM after the push' },
  { code: 'conflict.role_rights_changed', pattern: /^the role's rights were changed in amoCRM since the snapshot$/, ru: 'права роли изменили в amoCRM после снимка', en: "the role's rights were changed in amoCRM since the snapshot" },
  { code: 'conflict.role_rights_changed_after', pattern: /^the role's rights were changed in amoCRM after the push$/, ru: 'права роли изменили в amoCRM после отправки', en: "the role's rights were changed in amoCRM after the push" },
  { code: 'conflict.role_has_users', pattern: /^the role has (\d+) users now: not deleted$/, params: ['count'], ru: 'у роли теперь есть пользователи ({{count}}): не удалена', en: 'the role has {{count}} users now: not deleted' },
  { code: 'conflict.not_role_operation', pattern: /^not a role operation: (.+)$/, params: ['kind'], ru: 'это не операция с ролью: {{kind}}', en: 'not a role operation: {{kind}}' },
  { code: 'conflict.text_changed', pattern: /^the text value changed since the snapshot$/, ru: 'текстовое значение изменили после снимка', en: 'the text value changed since the snapshot' },
  { code: 'conflict.no_list_option', pattern: /^the list field has no option "(.*)"$/, params: ['option'], ru: 'в поле-списке нет варианта «{{option}}»', en: 'the list field has no option "{{option}}"' },
  { code: 'conflict.not_found', pattern: /^not found in amoCRM \(deleted\?\)$/, ru: 'нет в amoCRM (удалено?)', en: 'not found in amoCRM (deleted?)' },
  { code: 'conflict.contacts_not_found', pattern: /^not found in amoCRM \(deleted\?\): contacts (.+)$/, params: ['ids'], ru: 'нет в amoCRM (удалены?): контакты {{ids}}', en: 'not found in amoCRM (deleted?): contacts {{ids}}' },
  { code: 'conflict.changed', pattern: /^changed in amoCRM since the snapshot$/, ru: 'изменено в amoCRM после снимка', en: 'changed in amoCRM since the snapshot' },
  { code: 'conflict.contacts_changed', pattern: /^changed in amoCRM since the snapshot: contacts (.+)$/, params: ['ids'], ru: 'изменены в amoCRM после снимка: контакты {{ids}}', en: 'changed in amoCRM since the snapshot: contacts {{ids}}' },
  { code: 'conflict.changed_in_flight', pattern: /^changed in amoCRM while the write was in flight$/, ru: 'изменено в amoCRM во время записи', en: 'changed in amoCRM while the write was in flight' },
  { code: 'conflict.field_changed', pattern: /^the field was changed in amoCRM since the snapshot$/, ru: 'поле изменили в amoCRM после снимка', en: 'the field was changed in amoCRM since the snapshot' },
  { code: 'conflict.stage_not_deletable', pattern: /^amoCRM does not let this stage be deleted$/, ru: 'amoCRM не даёт удалить этот этап', en: 'amoCRM does not let this stage be deleted' },
  { code: 'conflict.stage_has_deal', pattern: /^a deal is in the stage now$/, ru: 'в этапе теперь есть сделка', en: 'a deal is in the stage now' },
  { code: 'conflict.stage_renamed', pattern: /^the stage was renamed in amoCRM since the snapshot$/, ru: 'этап переименовали в amoCRM после снимка', en: 'the stage was renamed in amoCRM since the snapshot' },
  { code: 'conflict.field_not_deletable', pattern: /^amoCRM does not let this field be deleted$/, ru: 'amoCRM не даёт удалить это поле', en: 'amoCRM does not let this field be deleted' },
  { code: 'conflict.field_without_options', pattern: /^a field "(.*)" exists without the options (.+)$/, params: ['name', 'options'], ru: 'поле «{{name}}» уже есть, но без вариантов {{options}}', en: 'a field "{{name}}" exists without the options {{options}}' },
  { code: 'conflict.field_exists_again', pattern: /^a field with this name and type exists again$/, ru: 'поле с таким названием и типом снова есть', en: 'a field with this name and type exists again' },
  { code: 'conflict.field_in_use', pattern: /^kept: (\w+) (\d+) holds a value in it$/, params: ['entity', 'id'], ru: 'оставлено: в нём есть значение ({{entity}} {{id}})', en: 'kept: {{entity}} {{id}} holds a value in it' },
  { code: 'conflict.deal_missing', pattern: /^the deal is not in amoCRM \(deleted\?\)$/, ru: 'сделки нет в amoCRM (удалена?)', en: 'the deal is not in amoCRM (deleted?)' },
  { code: 'conflict.deal_closed', pattern: /^the deal is closed now$/, ru: 'сделка уже закрыта', en: 'the deal is closed now' },
  { code: 'conflict.deal_has_task', pattern: /^the deal has an open task now$/, ru: 'у сделки уже есть открытая задача', en: 'the deal has an open task now' },
  { code: 'skipped.blocked', pattern: /^not sent: (\S+) of (\w+) (\d+) is (\w+)$/, params: ['kind', 'entity', 'id', 'status'], ru: 'не отправлено: операция над «{{entity}} {{id}}», от которой она зависит, в статусе «{{status}}»', en: 'not sent: {{kind}} of {{entity}} {{id}} is {{status}}' },
];

const STATUS_RU: Record<string, string> = { planned: 'запланирована', batched: 'отправляется', applied: 'применена', conflict: 'конфликт', skipped: 'пропущена', failed: 'ошибка', missing: 'нет' };

/** The code and parameters of an engine reason, or null when the sentence has no code. */
export function reasonRef(text: string): { code: string; params: Record<string, string> } | null {
  for (const def of PUSH_REASONS) {
    const m = def.pattern.exec(text);
    if (m) return { code: def.code, params: Object.fromEntries((def.params ?? []).map((p, i) => [p, m[i + 1] ?? ''])) };
  }
  return null;
}

/** An engine reason in the given language; a sentence without a code stays as it is. */
export function wordReason(text: string, lang: ReasonLang): string {
  const ref = reasonRef(text);
  if (!ref) return text;
  const def = PUSH_REASONS.find((d) => d.code === ref.code)!;
  const params = lang === 'ru' ? { ...ref.params, ...(ref.params.entity ? { entity: ENTITY_RU[ref.params.entity] ?? ref.params.entity } : {}), ...(ref.params.status ? { status: STATUS_RU[ref.params.status] ?? ref.params.status } : {}) } : ref.params;
  return def[lang].replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
}

const SOURCE_WORDS: Record<ReasonLang, Record<string, string>> = {
  ru: {
    intent: 'исправление из аудита № {{id}}',
    finding: 'находка аудита',
    merge: 'объединение дублей, основная карточка {{id}}',
    mergeField: 'объединение дублей: служебное поле',
    mergeUndocumented: 'объединение дублей закрытым методом, основная карточка {{id}}',
    revert: 'откат',
    tag: 'тег «{{name}}»',
    selection: 'выбрано вручную',
    roles: 'права ролей',
    notes: ' (по примечаниям сделки)',
  },
  en: {
    intent: 'audit fix no. {{id}}',
    finding: 'audit finding',
    merge: 'duplicate merge, survivor {{id}}',
    mergeField: 'duplicate merge: helper field',
    mergeUndocumented: 'duplicate merge by the undocumented method, survivor {{id}}',
    revert: 'rollback',
    tag: 'tag “{{name}}”',
    selection: 'chosen by hand',
    roles: 'role rights',
    notes: ' (from the deal’s notes)',
  },
};

/**
 * Where an operation came from (`source` of a plan operation: "intent:3:leads.lost_without_reason",
 * "merge:contacts:101", "revert:tasks.create", "tag:name"...), as words; an unknown form stays as it is.
 */
export function wordSource(source: string | null | undefined, lang: ReasonLang): string {
  if (!source) return '';
  const w = SOURCE_WORDS[lang];
  const fill = (text: string, params: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
  const notes = source.endsWith('+notes') ? w.notes : '';
  const s = notes ? source.slice(0, -'+notes'.length) : source;
  let m: RegExpExecArray | null;
  if ((m = /^intent:(\d+):/.exec(s))) return fill(w.intent!, { id: m[1]! }) + notes;
  if (s.startsWith('finding:')) return w.finding! + notes;
  if ((m = /^merge:\w+:(\d+):undocumented$/.exec(s))) return fill(w.mergeUndocumented!, { id: m[1]! });
  if ((m = /^merge:\w+:(\d+)$/.exec(s))) return fill(w.merge!, { id: m[1]! });
  if (/^merge:\w+:field$/.test(s)) return w.mergeField!;
  if (s.startsWith('revert:')) return w.revert!;
  if ((m = /^tag:(.*)$/.exec(s))) return fill(w.tag!, { name: m[1]! });
  if (s === 'selection') return w.selection! + notes;
  if (s === 'roles.delete_rights') return w.roles!;
  return source;
}
