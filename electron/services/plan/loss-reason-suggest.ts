// runtime: node
/**
 * Suggests a loss reason for lost deals from what their notes and completed tasks say
 * ("Просит скидку 10%" → a reason like "Дорого"; "Клиент не ответил" → "Не дозвонились").
 * Only the account's own reasons are suggested. A deal gets a suggestion when exactly one
 * reason wins; ties and silence give none, so the admin's default reason (or nothing) applies.
 * Every suggestion carries the text that led to it, for review before anything is planned.
 */
import type { LossReasonInfo, LossReasonSuggestion, LossReasonSuggestions } from '../../../shared/api/methods/plan';
import type { SqliteDb } from '../db/open';
import { leadNameLookup, leadNoteStream, leadTaskResultStream, lossReasonsInOrder } from '../snapshot/store';

export type { LossReasonSuggestion };

/** The account's loss reasons, in amoCRM's order. */
export function accountLossReasons(db: SqliteDb): LossReasonInfo[] {
  return lossReasonsInOrder(db);
}

/**
 * What clients say, grouped by the kind of reason it points to; `reason` finds that kind among
 * the account's own reason names. Word stems, case-insensitive, Russian and English.
 */
const SIGNALS: readonly { reason: RegExp; said: RegExp }[] = [
  { reason: /дорог|цен[аыуе]|бюджет|expensive|price/iu, said: /дорог|цен[аыуе](?!\p{L})|бюджет|скидк|дешевле|expensive|price|discount/iu },
  { reason: /дозвон|не\s*отвеч|недоступ|не\s*выходит\s+на\s+связь|unreachable|no\s+answer/iu, said: /не\s*дозвон|не\s*отвеч|не\s*ответил|не\s*бер[её]т|недоступ|сбрасывает|no\s+answer|unreachable/iu },
  { reason: /поставщ|конкурент|competitor|another\s+(supplier|vendor)/iu, said: /конкурент|друг(ого|ой|им|ую)\s+(поставщ|компан|фирм|подрядч)|купил[аи]?\s+у(?!\p{L})|выбрал[аи]?\s+друг|competitor|another\s+(supplier|vendor)/iu },
  { reason: /отлож|позже|не\s+сейчас|передума|postpone|later/iu, said: /отлож|позже|не\s+сейчас|думает|подума|следующ(ем|ий|ей)\s+(год|сезон|месяц|недел)|postpone|later|thinking/iu },
  { reason: /услови|доставк|срок|материал|terms|delivery/iu, said: /доставк|срок[иа]?(?!\p{L})|материал|монтаж|услови|delivery|terms/iu },
];

const clip = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
};

function noteText(raw: string): string | null {
  try {
    const note = JSON.parse(raw) as { params?: { text?: unknown } };
    return typeof note.params?.text === 'string' && note.params.text.trim() ? note.params.text : null;
  } catch {
    return null;
  }
}

/** Suggestions for the given lost deals (ids), newest evidence first within a deal. */
export function suggestLossReasons(db: SqliteDb, leadIds: readonly number[]): LossReasonSuggestion[] {
  const reasons = accountLossReasons(db);
  // each signal points to at most one of the account's reasons (the first whose name matches)
  const targets = SIGNALS.map((s) => ({ said: s.said, reason: reasons.find((r) => s.reason.test(r.name)) ?? null })).filter((t) => t.reason !== null);
  const wanted = new Set(leadIds);
  const texts = new Map<number, { at: number; text: string }[]>();
  const add = (id: number, at: number | null, text: string | null) => {
    if (!text || !wanted.has(id)) return;
    const list = texts.get(id);
    const item = { at: at ?? 0, text };
    if (list) list.push(item);
    else texts.set(id, [item]);
  };
  for (const [id, at, raw] of leadNoteStream(db)) {
    if (wanted.has(id)) add(id, at, noteText(raw)); // parse only the notes of the deals asked about
  }
  for (const [id, at, text] of leadTaskResultStream(db)) {
    add(id, at, text);
  }
  const nameOf = leadNameLookup(db);
  const out: LossReasonSuggestion[] = [];
  for (const leadId of leadIds) {
    const said = (texts.get(leadId) ?? []).sort((a, b) => b.at - a.at);
    const votes = new Map<number, { count: number; evidence: string }>();
    for (const { text } of said) {
      for (const target of targets) {
        if (!target.said.test(text)) continue;
        const v = votes.get(target.reason!.id);
        if (v) v.count++;
        else votes.set(target.reason!.id, { count: 1, evidence: clip(text) });
      }
    }
    const ranked = [...votes.entries()].sort((a, b) => b[1].count - a[1].count);
    const [best, second] = ranked;
    const winner = best && (!second || second[1].count < best[1].count) ? best : null;
    const reason = winner ? reasons.find((r) => r.id === winner[0]) ?? null : null;
    out.push({ leadId, leadName: String(nameOf(leadId) ?? ''), reasonId: reason?.id ?? null, reasonName: reason?.name ?? null, evidence: winner ? winner[1].evidence : null });
  }
  return out;
}

/** The review list: of the given lost deals, those with a suggestion (the first `limit`), and the counts. */
export function lossReasonSuggestions(db: SqliteDb, leadIds: readonly number[], limit = Number.POSITIVE_INFINITY): LossReasonSuggestions {
  const suggested = suggestLossReasons(db, leadIds).filter((s) => s.reasonId !== null);
  return { deals: leadIds.length, suggested: suggested.length, items: suggested.slice(0, limit) };
}
