// runtime: node
import type { EntityId, FlaggedEntities } from '../../../../shared/audit/types';
import type { AuditContext, CardComms, CardType } from '../context';
import type { RuleResult } from '../types';
import { defineRule } from './define';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

/**
 * One pool of contacts and companies; a group is a connected component of cards joined
 * by a shared number (address). The count is the number of cards in groups of two or more.
 */
export function duplicateGroups(ctx: AuditContext, pick: (c: CardComms) => string[]): RuleResult {
  const cards: { type: CardType; id: number }[] = [];
  const parent: number[] = [];
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    let j = i;
    while (parent[j] !== r) {
      const next = parent[j]!;
      parent[j] = r;
      j = next;
    }
    return r;
  };
  const firstCardOf = new Map<string, number>();
  const comms = ctx.comms();
  // cards merged away by a push (or ticked "Удалить") wait for the admin's delete: not duplicates any more
  const mergedAway = ctx.mergedAway();
  for (const type of ['contacts', 'companies'] as const) {
    for (const card of ctx.cards(type)) {
      if (mergedAway.has(`${type}:${card.id}`)) continue;
      const c = comms[type].get(card.id);
      if (!c) continue;
      const keys = pick(c);
      if (keys.length === 0) continue;
      const index = cards.length;
      cards.push({ type, id: card.id });
      parent.push(index);
      for (const key of keys) {
        const first = firstCardOf.get(key);
        if (first === undefined) firstCardOf.set(key, index);
        else {
          const a = find(first);
          const b = find(index);
          if (a !== b) parent[b] = a;
        }
      }
    }
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < cards.length; i++) {
    const root = find(i);
    const list = members.get(root);
    if (list) list.push(i);
    else members.set(root, [i]);
  }
  const groupList: string[][] = [];
  const ids: Record<CardType, EntityId[]> = { contacts: [], companies: [] };
  for (const list of members.values()) {
    if (list.length < 2) continue;
    groupList.push(list.map((i) => `${cards[i]!.type}:${cards[i]!.id}`));
    for (const i of list) ids[cards[i]!.type].push(cards[i]!.id);
  }
  const entities: FlaggedEntities[] = [
    { entityType: 'contacts', ids: ids.contacts },
    { entityType: 'companies', ids: ids.companies },
  ];
  return {
    count: ids.contacts.length + ids.companies.length,
    groups: groupList.length,
    total: ctx.contacts().length + ctx.companies().length,
    entities,
    groupList,
    evidence: {
      contacts: ids.contacts.length,
      companies: ids.companies.length,
      largestGroup: groupList.reduce((m, g) => Math.max(m, g.length), 0),
      mergedAway: mergedAway.size,
    },
  };
}

const MERGE = { operation: PLAN_REQUEST.mergeContacts, label: { ru: 'Объединить дубли', en: 'Merge duplicates' } };

export const duplicatesPhone = defineRule({
  id: 'duplicates.phone',
  section: 'overview',
  severity: 'critical',
  title: { ru: 'Дубли по телефону', en: 'Duplicates by phone' },
  description: {
    ru: 'Контакты и компании, чей телефон (в международном формате, российские номера: 8XXX ≡ +7XXX; каждый номер склеенного значения) есть ещё на другой карточке. Группа — связная компонента карточек с общим номером.',
    en: 'Contacts and companies whose phone (E.164, region RU, 8XXX ≡ +7XXX; every number of a stuffed value) is also on another card. A group is a connected component of cards sharing a number.',
  },
  recommendation: {
    ru: 'Объединить дубли, перенести сделки на основную карточку; включить контроль дублей в интеграциях (чат, формы).',
    en: 'Merge the duplicates, move deals to the main card; turn on duplicate control in integrations (chat, forms).',
  },
  fix: MERGE,
  run: (ctx) => duplicateGroups(ctx, (c) => c.phones),
});

export const duplicatesEmail = defineRule({
  id: 'duplicates.email',
  section: 'overview',
  severity: 'warning',
  title: { ru: 'Дубли по e-mail', en: 'Duplicates by e-mail' },
  description: {
    ru: 'Контакты и компании, чей e-mail (без пробелов, в нижнем регистре; только валидные адреса) есть ещё на другой карточке.',
    en: 'Contacts and companies whose e-mail (trimmed, lower-cased; valid addresses only) is also on another card.',
  },
  recommendation: {
    ru: 'Объединить дубли; подключить корпоративные ящики вместо личных.',
    en: 'Merge the duplicates; connect corporate mailboxes instead of personal ones.',
  },
  fix: MERGE,
  run: (ctx) => duplicateGroups(ctx, (c) => c.emails),
});
