// runtime: node
import { monthsBefore, type AuditContext } from '../context';
import { defineRule } from './define';
import { eventCounter, leadNotesTwinnedOnContacts, noteCounter, notesAndEventsBetween } from '../../snapshot/store';

/** Call records as amoCRM stores them: call notes, and call events of the events feed. */
export const CALL_NOTE_TYPES = ['call_in', 'call_out'];
export const CALL_EVENT_TYPES = ['incoming_call', 'outgoing_call'];

/** Calls (notes and events) per calendar month of the window, oldest month first. */
export function callsPerMonth(ctx: AuditContext): { from: number; to: number; calls: number }[] {
  const months = ctx.options.windowMonths;
  const notes = noteCounter(ctx.db, CALL_NOTE_TYPES);
  const events = eventCounter(ctx.db, CALL_EVENT_TYPES);
  const out: { from: number; to: number; calls: number }[] = [];
  for (let k = months - 1; k >= 0; k--) {
    const to = Math.floor(monthsBefore(ctx.options.asOf, k).getTime() / 1000);
    const from = Math.floor(monthsBefore(ctx.options.asOf, k + 1).getTime() / 1000);
    const n = notes(from, to) + events(from, to);
    out.push({ from, to, calls: n });
  }
  return out;
}

export const telephonyNoCallRecords = defineRule({
  id: 'telephony.no_call_records',
  section: 'integrations',
  severity: 'warning',
  title: { ru: 'Месяцы без записей звонков', en: 'Months without call records' },
  description: {
    ru: 'Месяцы окна, в которых в сделках, контактах и компаниях нет ни одного примечания о звонке и ни одного события звонка: телефония не передаёт звонки в CRM. Считаются такие месяцы.',
    en: 'Months of the window with no call note and no call event on any deal, contact or company: the telephony does not pass calls to the CRM. Such months are counted.',
  },
  recommendation: {
    ru: 'Проверить интеграцию телефонии: звонки и записи разговоров должны попадать в карточки.',
    en: 'Check the telephony integration: calls and their recordings must reach the cards.',
  },
  run: (ctx) => {
    const months = callsPerMonth(ctx);
    // A snapshot without any note or event in the window (taken with --notes-months 0, or an
    // empty account) cannot tell whether calls arrive: no finding then.
    const activity = { n: notesAndEventsBetween(ctx.db, ctx.windowStart, ctx.asOf) };
    const silent = activity.n === 0 ? [] : months.filter((m) => m.calls === 0);
    return {
      count: silent.length,
      total: months.length,
      entities: [],
      evidence: {
        notesAndEventsInWindow: activity.n,
        callsPerMonth: months.map((m) => ({ from: new Date(m.from * 1000).toISOString().slice(0, 10), to: new Date(m.to * 1000).toISOString().slice(0, 10), calls: m.calls })),
      },
    };
  },
});

/**
 * A call note on a deal whose twin (same kind, same call id — or the same phone — within a
 * minute) sits on a contact of that deal: the callback service attaches every call twice.
 */
export function duplicatedCallNotes(ctx: AuditContext): { notes: string[]; leads: number[] } {
  const rows = leadNotesTwinnedOnContacts(ctx.db, CALL_NOTE_TYPES, ctx.windowStart, ctx.asOf);
  return { notes: rows.map(([id]) => `leads:${id}`), leads: [...new Set(rows.map(([, lead]) => lead))].sort((a, b) => a - b) };
}

export const notesDuplicateCalls = defineRule({
  id: 'notes.duplicate_calls',
  section: 'integrations',
  severity: 'info',
  title: { ru: 'Звонки, записанные дважды', en: 'Calls recorded twice' },
  description: {
    ru: 'Примечания о звонке в сделке, у которых есть такое же примечание (тот же звонок в пределах минуты) в контакте этой сделки: сервис обратного звонка прикрепляет звонок и к контакту, и к сделке. Считаются примечания в сделках внутри окна.',
    en: 'Call notes on a deal with a twin note (the same call within a minute) on a contact of that deal: the callback service attaches the call to both the contact and the deal. Deal notes inside the window are counted.',
  },
  recommendation: {
    ru: 'Настроить сервис обратного звонка так, чтобы звонок прикреплялся один раз (к сделке, если она есть).',
    en: 'Set the callback service to attach each call once (to the deal when there is one).',
  },
  run: (ctx) => {
    const r = duplicatedCallNotes(ctx);
    return {
      count: r.notes.length,
      entities: [
        { entityType: 'leads', ids: r.leads },
        { entityType: 'notes', ids: r.notes },
      ],
      evidence: { notes: r.notes.length, deals: r.leads.length },
    };
  },
});
