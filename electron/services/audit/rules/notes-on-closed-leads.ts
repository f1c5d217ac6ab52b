// runtime: node
import type { AuditContext } from '../context';
import { defineRule } from './define';
import { leadEventsAfterClose, leadNotesAfterClose } from '../../snapshot/store';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

export const INCOMING_NOTE_TYPES = ['call_in', 'sms_in'];
export const INCOMING_EVENT_TYPES = ['incoming_call', 'incoming_chat_message', 'incoming_sms', 'incoming_mail'];

/** Incoming requests dated after the deal's closed_at and inside the window, on closed deals. */
export function requestsOnClosedLeads(ctx: AuditContext): { notes: string[]; events: string[]; leads: number[] } {
  const notes = leadNotesAfterClose(ctx.db, INCOMING_NOTE_TYPES, ctx.windowStart, ctx.asOf);
  const events = leadEventsAfterClose(ctx.db, INCOMING_EVENT_TYPES, ctx.windowStart, ctx.asOf);
  const leads = new Set<number>();
  for (const [, lead] of notes) leads.add(lead);
  for (const [, lead] of events) leads.add(lead);
  return {
    notes: notes.map(([id]) => `leads:${id}`),
    events: events.map(([id]) => String(id)),
    leads: [...leads].sort((a, b) => a - b),
  };
}

export const notesOnClosedLeads = defineRule({
  id: 'notes.on_closed_leads',
  section: 'integrations',
  severity: 'critical',
  title: { ru: 'Обращения в закрытые сделки', en: 'Requests on closed deals' },
  description: {
    ru: 'Входящие обращения (примечания входящего звонка и SMS, события входящего звонка, чата, SMS и письма) в закрытой сделке после её закрытия и внутри окна: о них никто не узнаёт. Считаются обращения.',
    en: 'Incoming requests (incoming call and SMS notes; incoming call, chat, SMS and mail events) on a closed deal after it closed and inside the window: nobody is notified. Requests are counted.',
  },
  recommendation: {
    ru: 'Настроить интеграции так, чтобы обращение по закрытой сделке создавало новую сделку или задачу ответственному.',
    en: 'Make integrations open a new deal or a task for the responsible user when a request arrives on a closed deal.',
  },
  fix: { operation: PLAN_REQUEST.tasksCreate, label: { ru: 'Поставить задачи ответственным', en: 'Create tasks for the owners' } },
  run: (ctx) => {
    const r = requestsOnClosedLeads(ctx);
    return {
      count: r.notes.length + r.events.length,
      entities: [
        { entityType: 'leads', ids: r.leads },
        { entityType: 'notes', ids: r.notes },
        { entityType: 'events', ids: r.events },
      ],
      evidence: { notes: r.notes.length, events: r.events.length, deals: r.leads.length },
    };
  },
});
