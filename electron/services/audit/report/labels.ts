// runtime: node
import type { AuditLang, AuditSection, Severity } from '../../../../shared/audit/types';

const L = {
  ru: {
    reportTitle: 'Аудит аккаунта amoCRM',
    account: 'Аккаунт',
    asOf: 'Данные на',
    window: 'Окно анализа',
    months: 'мес.',
    generated: 'Сформирован',
    summary: 'Сводка',
    finding: 'Показатель',
    id: 'Код',
    severity: 'Важность',
    count: 'Число',
    groups: 'Групп',
    total: 'Из',
    share: 'Доля',
    description: 'Как считается',
    recommendation: 'Рекомендация',
    fix: 'Исправление',
    type: 'Тип',
    name: 'Название',
    detail: 'Подробности',
    group: 'Группа',
    sections: {
      overview: '1. Общие показатели',
      users: '2. Пользователи, права и роли',
      integrations: '3. Интеграции',
      general: '4. Общие выводы',
    } as Record<AuditSection, string>,
    analytics: '5. Аналитика по продажам',
    years: 'По годам',
    year: 'Год',
    created: 'Создано сделок',
    won: 'Успешных',
    revenue: 'Выручка',
    conversion: 'Конверсия',
    avgDuration: 'Ср. длительность, дн.',
    avgCheck: 'Средний чек',
    lossReasons: 'Причины отказа',
    lossNote: 'Доли среди проигранных сделок с указанной причиной',
    reason: 'Причина',
    whatIf: 'Что если',
    whatIfLine: (y: number, actual: string, target: string, rev: string | null, plus: string) =>
      rev === null
        ? `${y}: конверсия ${actual} — уже выше цели ${target}; каждый +1 п. п. конверсии = +${plus} в год.`
        : `${y}: конверсия ${actual}; при ${target} выручка составила бы ${rev}; каждый +1 п. п. конверсии = +${plus} в год.`,
    stageConversion: 'Конверсия по этапам',
    pipeline: 'Воронка',
    stage: 'Этап',
    reached: 'Дошли',
    fromPrevious: 'Из предыдущего',
    managers: 'Менеджеры',
    manager: 'Менеджер',
    tasksDone: 'Задач выполнено',
    calls: 'Звонки',
    meetings: 'Встречи',
    deals: 'Сделок',
    retention: 'Повторные продажи',
    retentionLine: (clients: number, repeat: number, rate: string) =>
      `Клиентов с успешными сделками: ${clients}; купили повторно: ${repeat} (${rate}).`,
    severities: { critical: 'Критично', warning: 'Внимание', info: 'Инфо' } as Record<Severity, string>,
    entityTypes: {
      contacts: 'Контакт', companies: 'Компания', leads: 'Сделка', users: 'Пользователь', task_types: 'Тип задачи', pipelines: 'Воронка',
      statuses: 'Этап', tags: 'Тег', custom_fields: 'Поле', notes: 'Примечание', events: 'Событие',
    } as Record<string, string>,
    nothing: 'Не найдено.',
    print: 'Печать / PDF',
    evidence: 'Основание',
    evidenceKeys: {
      contacts: 'контактов', companies: 'компаний', largestGroup: 'самая большая группа', phone: 'по телефону', email: 'по e-mail',
      byEnum: 'тип не МОБ', inOtherField: 'номер в текстовом поле', notes: 'примечаний', events: 'событий', deals: 'сделок',
      working: 'рабочих этапов', system: 'системных этапов', recommendedMax: 'рекомендуется не больше', threshold: 'порог',
      missing: 'поля не найдены',
    } as Record<string, string>,
    fieldLine: (name: string, rate: string, extra: string) => `${name}: заполнено ${rate}${extra}`,
    valuesLine: (name: string, values: number, distinct: number) => `${name}: ${values} значений, ${distinct} различных`,
    stagesLine: (name: string, n: number) => `${name}: ${int(n, 'ru')} ${plural('ru', n, { one: 'рабочий этап', few: 'рабочих этапа', many: 'рабочих этапов', other: 'рабочего этапа' })}`,
  },
  en: {
    reportTitle: 'amoCRM account audit',
    account: 'Account',
    asOf: 'Data as of',
    window: 'Analysis window',
    months: 'months',
    generated: 'Generated',
    summary: 'Summary',
    finding: 'Finding',
    id: 'Id',
    severity: 'Severity',
    count: 'Count',
    groups: 'Groups',
    total: 'Of',
    share: 'Share',
    description: 'How it is computed',
    recommendation: 'Recommendation',
    fix: 'Fix',
    type: 'Type',
    name: 'Name',
    detail: 'Details',
    group: 'Group',
    sections: {
      overview: '1. Account overview',
      users: '2. Users, rights and roles',
      integrations: '3. Integrations',
      general: '4. General findings',
    } as Record<AuditSection, string>,
    analytics: '5. Sales analytics',
    years: 'By year',
    year: 'Year',
    created: 'Deals created',
    won: 'Won',
    revenue: 'Revenue',
    conversion: 'Conversion',
    avgDuration: 'Avg duration, days',
    avgCheck: 'Average check',
    lossReasons: 'Loss reasons',
    lossNote: 'Shares of the lost deals that have a reason',
    reason: 'Reason',
    whatIf: 'What if',
    whatIfLine: (y: number, actual: string, target: string, rev: string | null, plus: string) =>
      rev === null
        ? `${y}: conversion ${actual}, above the ${target} target already; each +1 percentage point of conversion = +${plus} a year.`
        : `${y}: conversion ${actual}; at ${target} revenue would have been ${rev}; each +1 percentage point of conversion = +${plus} a year.`,
    stageConversion: 'Stage conversion',
    pipeline: 'Pipeline',
    stage: 'Stage',
    reached: 'Reached',
    fromPrevious: 'From previous',
    managers: 'Managers',
    manager: 'Manager',
    tasksDone: 'Tasks done',
    calls: 'Calls',
    meetings: 'Meetings',
    deals: 'Deals',
    retention: 'Retention',
    retentionLine: (clients: number, repeat: number, rate: string) =>
      `Clients with won deals: ${clients}; bought again: ${repeat} (${rate}).`,
    severities: { critical: 'Critical', warning: 'Warning', info: 'Info' } as Record<Severity, string>,
    entityTypes: {
      contacts: 'Contact', companies: 'Company', leads: 'Deal', users: 'User', task_types: 'Task type', pipelines: 'Pipeline',
      statuses: 'Stage', tags: 'Tag', custom_fields: 'Field', notes: 'Note', events: 'Event',
    } as Record<string, string>,
    nothing: 'Nothing found.',
    print: 'Print / PDF',
    evidence: 'Evidence',
    evidenceKeys: {
      contacts: 'contacts', companies: 'companies', largestGroup: 'largest group', phone: 'by phone', email: 'by e-mail',
      byEnum: 'enum other than MOB', inOtherField: 'number in a text field', notes: 'notes', events: 'events', deals: 'deals',
      working: 'working stages', system: 'system stages', recommendedMax: 'recommended at most', threshold: 'threshold',
      missing: 'fields not found',
    } as Record<string, string>,
    fieldLine: (name: string, rate: string, extra: string) => `${name}: filled ${rate}${extra}`,
    valuesLine: (name: string, values: number, distinct: number) => `${name}: ${values} values, ${distinct} distinct`,
    stagesLine: (name: string, n: number) => `${name}: ${int(n, 'en')} ${plural('en', n, { one: 'working stage', other: 'working stages' })}`,
  },
};

export type ReportLabels = (typeof L)['ru'];
export const labels = (lang: AuditLang): ReportLabels => L[lang];

/** A share as a percentage in the report's language: "1,8 %" in Russian, "1.8 %" in English (the UI's own format). */
export const pct = (x: number, lang: AuditLang, digits = 1): string =>
  `${new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: digits }).format(x * 100)} %`;

/** The plural form of a word for a count (Intl.PluralRules: ru one/few/many/other, en one/other). */
export function plural(lang: AuditLang, n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  const rule = new Intl.PluralRules(lang === 'ru' ? 'ru-RU' : 'en-US').select(n);
  return forms[rule] ?? forms.other;
}

export function money(x: number, lang: AuditLang): string {
  const abs = Math.abs(x);
  const nf = (v: number, digits: number) => new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
  if (abs >= 1e6) return `${nf(x / 1e6, 1)} ${lang === 'ru' ? 'млн' : 'M'}`;
  if (abs >= 1e3) return `${nf(x / 1e3, 0)} ${lang === 'ru' ? 'тыс.' : 'k'}`;
  return nf(x, 0);
}

export const int = (x: number, lang: AuditLang): string => new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US').format(Math.round(x));
