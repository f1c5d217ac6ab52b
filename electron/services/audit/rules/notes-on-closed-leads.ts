// runtime: node
import type { AuditContext } from '../context';
import { defineRule } from './define';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

export const INCOMING_NOTE_TYPES = ['call_in', 'sms_in'];
export const INCOMING_EVENT_TYPES = ['incoming_call', 'incoming_chat_message', 'incoming_sms', 'incoming_mail'];

/** Incoming requests dated after the deal's closed_at and inside the window, on closed deals. */
export function requestsOnClosedLeads(ctx: AuditContext): { notes: string[]; events: string[]; leads: number[] } {
  const notes = ctx.db
    .prepare(
      `SELECT n.id, n.entity_id FROM notes n JOIN leads l ON l.id = n.entity_id
       WHERE n.entity_type IN ('leads', 'lead') AND n.note_type IN (${INCOMING_NOTE_TYPES.map(() => '?').join(',')})
         AND l.is_deleted = 0 AND l.status_id IN (142, 143) AND l.closed_at IS NOT NULL
         AND n.created_at > l.closed_at AND n.created_at > ? AND n.created_at <= ?
       ORDER BY n.id`,
    )
    .raw()
    .all(...INCOMING_NOTE_TYPES, ctx.windowStart, ctx.asOf) as [number, number][];
  const events = ctx.db
    .prepare(
      `SELECT e.id, e.entity_id FROM events e JOIN leads l ON l.id = e.entity_id
       WHERE e.type IN (${INCOMING_EVENT_TYPES.map(() => '?').join(',')}) AND e.entity_type IN ('lead', 'leads')
         AND l.is_deleted = 0 AND l.status_id IN (142, 143) AND l.closed_at IS NOT NULL
         AND e.created_at > l.closed_at AND e.created_at > ? AND e.created_at <= ?
       ORDER BY e.created_at, e.id`,
    )
    .raw()
    .all(...INCOMING_EVENT_TYPES, ctx.windowStart, ctx.asOf) as [string, number][];
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
