// runtime: node
import { type Truth } from '../truth';
import { REFERENCE, targetsFor } from './generate';

/** The finding ids whose reference figure the "reference" profile reproduces exactly (scaled). */
export function expectedCounts(scale: number): Record<string, number> {
  const t = targetsFor(scale);
  return {
    'account.contacts': t.contacts,
    'account.companies': t.companies,
    'account.leads': t.leads,
    'account.leads.active': t.active,
    'account.leads.won': t.won,
    'account.leads.lost': t.lost,
    'account.users': REFERENCE.users,
    'users.admins': REFERENCE.admins,
    'duplicates.phone': t.dupPhoneCards,
    'duplicates.email': t.dupEmailCards,
    'stuffed.phone': t.stuffedPhone,
    'stuffed.email': t.stuffedEmail,
    'noname.contacts': t.nonameContacts,
    'noname.companies': t.nonameCompanies,
    'nophone.contacts': t.nophoneContacts,
    'invalid.contacts': t.invalidContacts,
    'nodeals.contacts': t.nodealsContacts,
    'nodeals.companies': t.nodealsCompanies,
    'leads.active_without_task': t.activeWithoutTask,
    'leads.lost_without_reason': t.lostWithoutReason,
    'task_types.unused': REFERENCE.unusedTaskTypes,
    'tags.unused.leads': REFERENCE.unusedLeadTags,
    'notes.on_closed_leads': t.incomingNotesOnClosed + t.incomingEventsOnClosed,
  };
}

/** Differences between a truth and the reference figures; empty when everything holds. */
export function referenceMismatches(truth: Truth, scale: number): string[] {
  const out: string[] = [];
  for (const [id, want] of Object.entries(expectedCounts(scale))) {
    const got = truth.counts[id];
    if (got !== want) out.push(`${id}: ${String(got)} ≠ ${want}`);
  }
  const t = targetsFor(scale);
  truth.analytics.years.forEach((y, i) => {
    const want = t.years[i];
    if (!want) return;
    if (y.created !== want.created) out.push(`${y.year} created ${y.created} ≠ ${want.created}`);
    if (y.won !== want.won) out.push(`${y.year} won ${y.won} ≠ ${want.won}`);
    if (y.revenue !== want.revenue) out.push(`${y.year} revenue ${y.revenue} ≠ ${want.revenue}`);
    if (want.won > 20 && Math.abs(y.avgDurationDays - want.avgDurationDays) > 1) out.push(`${y.year} avg duration ${y.avgDurationDays} ≉ ${want.avgDurationDays}`);
  });
  const shares: Record<string, number> = { Дорого: 0.28, 'Не дозвонились до клиента': 0.18, 'Выбрал другого поставщика': 0.16, 'Отложил покупку': 0.16, 'Другие условия (доставка, материалы, сроки)': 0.22 };
  // quotas are rounded by largest remainder: a share is off by at most one deal
  const withReason = (truth.counts['account.leads.lost'] ?? 0) - (truth.counts['leads.lost_without_reason'] ?? 0);
  const tolerance = Math.max(0.005, 1 / Math.max(1, withReason));
  for (const r of truth.analytics.lossReasons) {
    const want = shares[r.name];
    if (want === undefined || Math.abs(r.share - want) > tolerance) out.push(`loss reason ${r.name} share ${r.share}`);
  }
  return out;
}
