// runtime: node
/**
 * Sales analytics of the snapshot: per calendar year (UTC), loss reasons, stage-to-stage
 * conversion per pipeline, managers, retention and the reference's what-if lines.
 */
import type {
  AuditAnalytics,
  LossReasonShare,
  ManagerStats,
  PipelineConversion,
  Retention,
  WhatIf,
  YearStats,
} from '../../../../shared/audit/types';
import { LOST, WON, type AuditContext } from '../context';
import { workingStages } from '../rules/pipelines';
import { callNotesByUser, completedTasksByUser, lossReasonRows } from '../../snapshot/store';

const DAY = 86_400;
const yearOf = (t: number): number => new Date(t * 1000).getUTCFullYear();

export function yearlyStats(ctx: AuditContext): YearStats[] {
  const acc = new Map<number, { created: number; won: number; revenue: number; lost: number; durations: number; durationCount: number }>();
  const get = (y: number) => {
    let a = acc.get(y);
    if (!a) {
      a = { created: 0, won: 0, revenue: 0, lost: 0, durations: 0, durationCount: 0 };
      acc.set(y, a);
    }
    return a;
  };
  for (const l of ctx.leads()) {
    if (l.createdAt !== null) get(yearOf(l.createdAt)).created++;
    if (l.closedAt === null) continue;
    if (l.statusId === WON) {
      const a = get(yearOf(l.closedAt));
      a.won++;
      a.revenue += l.price;
      if (l.createdAt !== null) {
        a.durations += (l.closedAt - l.createdAt) / DAY;
        a.durationCount++;
      }
    } else if (l.statusId === LOST) get(yearOf(l.closedAt)).lost++;
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, a]) => ({
      year,
      created: a.created,
      won: a.won,
      revenue: a.revenue,
      conversion: a.created > 0 ? a.won / a.created : 0,
      avgDurationDays: a.durationCount > 0 ? a.durations / a.durationCount : 0,
      avgCheck: a.won > 0 ? a.revenue / a.won : 0,
      lost: a.lost,
    }));
}

export function lossReasonShares(ctx: AuditContext): { reasons: LossReasonShare[]; withReason: number; withoutReason: number } {
  const names = new Map(
    lossReasonRows(ctx.db).map((r) => [r.id, r.name]),
  );
  const counts = new Map<number, number>();
  let withReason = 0;
  let withoutReason = 0;
  for (const l of ctx.leads()) {
    if (l.statusId !== LOST) continue;
    if (l.lossReasonId === null) {
      withoutReason++;
      continue;
    }
    withReason++;
    counts.set(l.lossReasonId, (counts.get(l.lossReasonId) ?? 0) + 1);
  }
  const reasons = [...counts.entries()]
    .map(([id, count]) => ({ id, name: names.get(id) ?? `#${id}`, count, share: withReason > 0 ? count / withReason : 0 }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { reasons, withReason, withoutReason };
}

/**
 * Per pipeline: how many deals reached each working stage or a later one (won is the last
 * step). What a deal reached is the furthest stage among its current status and every
 * lead_status_changed event of it inside that pipeline.
 */
export function stageConversion(ctx: AuditContext): PipelineConversion[] {
  const pipelines = ctx.pipelines();
  const indexOf = new Map<string, number>();
  const lengths = new Map<number, number>();
  for (const p of pipelines) {
    const stages = workingStages(p);
    stages.forEach((s, i) => indexOf.set(`${p.id}:${s.id}`, i));
    indexOf.set(`${p.id}:${WON}`, stages.length);
    lengths.set(p.id, stages.length);
  }
  const reachedOf = new Map<number, number>();
  const consider = (leadId: number, pipelineId: number, statusId: number) => {
    const i = indexOf.get(`${pipelineId}:${statusId}`);
    if (i === undefined) return;
    const prev = reachedOf.get(leadId);
    if (prev === undefined || i > prev) reachedOf.set(leadId, i);
  };
  const leadById = ctx.leadById();
  for (const ch of ctx.statusChanges()) {
    const lead = leadById.get(ch.leadId);
    if (!lead) continue;
    if (ch.from && ch.from.pipelineId === lead.pipelineId) consider(lead.id, ch.from.pipelineId, ch.from.statusId);
    if (ch.to && ch.to.pipelineId === lead.pipelineId) consider(lead.id, ch.to.pipelineId, ch.to.statusId);
  }
  const result = new Map<number, { deals: number; won: number; reached: number[] }>();
  for (const p of pipelines) result.set(p.id, { deals: 0, won: 0, reached: new Array<number>((lengths.get(p.id) ?? 0) + 1).fill(0) });
  for (const lead of ctx.leads()) {
    const r = result.get(lead.pipelineId);
    if (!r) continue;
    consider(lead.id, lead.pipelineId, lead.statusId);
    r.deals++;
    if (lead.statusId === WON) r.won++;
    const reached = reachedOf.get(lead.id) ?? 0;
    for (let i = 0; i <= reached && i < r.reached.length; i++) r.reached[i]!++;
  }
  return pipelines.map((p) => {
    const r = result.get(p.id)!;
    const stages = workingStages(p);
    const wonName = p.statuses.find((s) => s.id === WON)?.name || 'Успешно реализовано';
    const steps = [...stages.map((s) => ({ statusId: s.id, name: s.name })), { statusId: WON, name: wonName }];
    return {
      pipelineId: p.id,
      name: p.name,
      deals: r.deals,
      won: r.won,
      stages: steps.map((s, i) => {
        const reached = r.reached[i] ?? 0;
        const before = i > 0 ? (r.reached[i - 1] ?? 0) : null;
        return { statusId: s.statusId, name: s.name, reached, fromPrevious: before === null ? null : before > 0 ? reached / before : 0 };
      }),
    };
  });
}

export function managerStats(ctx: AuditContext): ManagerStats[] {
  const tasks = completedTasksByUser(ctx.db);
  const callNotes = callNotesByUser(ctx.db);
  const byUser = new Map<number, ManagerStats>();
  const names = ctx.userNames();
  const get = (id: number): ManagerStats => {
    let m = byUser.get(id);
    if (!m) {
      const user = ctx.users().find((u) => u.id === id);
      m = { userId: id, name: names.get(id) ?? `#${id}`, isActive: user?.isActive ?? false, tasksDone: 0, calls: 0, meetings: 0, deals: 0, won: 0, lost: 0, conversion: 0, revenue: 0 };
      byUser.set(id, m);
    }
    return m;
  };
  for (const u of ctx.users()) get(u.id);
  for (const [id, done, calls, meetings] of tasks) {
    const m = get(id);
    m.tasksDone += done;
    m.calls += calls ?? 0;
    m.meetings += meetings ?? 0;
  }
  for (const [id, n] of callNotes) if (id !== null) get(id).calls += n;
  for (const l of ctx.leads()) {
    if (l.responsibleUserId === null) continue;
    const m = get(l.responsibleUserId);
    m.deals++;
    if (l.statusId === WON) {
      m.won++;
      m.revenue += l.price;
    } else if (l.statusId === LOST) m.lost++;
  }
  for (const m of byUser.values()) m.conversion = m.deals > 0 ? m.won / m.deals : 0;
  return [...byUser.values()].filter((m) => m.deals > 0 || m.tasksDone > 0 || m.calls > 0).sort((a, b) => b.won - a.won || a.userId - b.userId);
}

export function retention(ctx: AuditContext): Retention {
  const leads = ctx.leadById();
  const wonPerClient = new Map<string, number>();
  const { contacts, companies } = ctx.leadLinks();
  const add = (prefix: string, links: [number, number][]) => {
    for (const [leadId, clientId] of links) {
      if (leads.get(leadId)?.statusId !== WON) continue;
      const key = `${prefix}${clientId}`;
      wonPerClient.set(key, (wonPerClient.get(key) ?? 0) + 1);
    }
  };
  add('c', contacts);
  add('k', companies);
  let repeat = 0;
  for (const n of wonPerClient.values()) if (n >= 2) repeat++;
  const clientsWithWon = wonPerClient.size;
  return { clientsWithWon, repeatClients: repeat, rate: clientsWithWon > 0 ? repeat / clientsWithWon : 0 };
}

export function whatIf(years: YearStats[], target: number): WhatIf[] {
  return years
    .filter((y) => y.created > 0 && y.won > 0)
    .map((y) => ({
      year: y.year,
      conversion: y.conversion,
      targetConversion: target,
      revenueAtTarget: target > y.conversion ? y.created * target * y.avgCheck : null,
      revenuePerPlusOnePercent: y.created * 0.01 * y.avgCheck,
    }));
}

export function computeAnalytics(ctx: AuditContext): AuditAnalytics {
  const years = yearlyStats(ctx);
  const loss = lossReasonShares(ctx);
  return {
    years,
    lossReasons: loss.reasons,
    lostWithReason: loss.withReason,
    lostWithoutReason: loss.withoutReason,
    pipelines: stageConversion(ctx),
    managers: managerStats(ctx),
    retention: retention(ctx),
    whatIf: whatIf(years, ctx.options.targetConversion),
  };
}
