// runtime: node
import type { AuditContext, PipelineDef, StatusDef } from '../context';
import { LOST, WON } from '../context';
import { defineRule } from './define';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

/** Working stages: type 0, other than 142 and 143 (the unsorted stage is type 1). */
export const workingStages = (p: PipelineDef): StatusDef[] => p.statuses.filter((s) => s.type === 0 && s.id !== WON && s.id !== LOST);

export const pipelinesOverloaded = defineRule({
  id: 'pipelines.overloaded',
  section: 'general',
  severity: 'warning',
  title: { ru: 'Перегруженные воронки', en: 'Overloaded pipelines' },
  description: {
    ru: 'Воронки, где больше 10 рабочих этапов (тип 0, кроме 142 и 143).',
    en: 'Pipelines with more than 10 working stages (type 0, other than 142 and 143).',
  },
  recommendation: {
    ru: 'Сократить этапы: этапы-действия («Отправить КП») заменить задачами; вынести квалификацию в отдельную воронку «Входящие заявки».',
    en: 'Cut the stages: replace action stages ("Send an offer") with tasks; move qualification to a separate "Incoming requests" pipeline.',
  },
  run: (ctx) => {
    const max = ctx.options.maxWorkingStages;
    const over = ctx.pipelines().filter((p) => workingStages(p).length > max);
    return {
      count: over.length,
      total: ctx.pipelines().length,
      entities: [{ entityType: 'pipelines', ids: over.map((p) => p.id) }],
      evidence: { max, pipelines: over.map((p) => ({ id: p.id, name: p.name, stages: workingStages(p).length })) },
    };
  },
});

/** "pipelineId:statusId" of every stage a deal entered inside the window (status change into it, or created in it). */
export function stagesEnteredInWindow(ctx: AuditContext): Set<string> {
  const entered = new Set<string>();
  const firstChange = new Map<number, { pipelineId: number; statusId: number } | null>();
  for (const ch of ctx.statusChanges()) {
    if (!firstChange.has(ch.leadId)) firstChange.set(ch.leadId, ch.from);
    if (ch.to && ctx.inWindow(ch.at)) entered.add(`${ch.to.pipelineId}:${ch.to.statusId}`);
  }
  for (const lead of ctx.leads()) {
    if (!ctx.inWindow(lead.createdAt)) continue;
    const initial = firstChange.has(lead.id) ? firstChange.get(lead.id) : { pipelineId: lead.pipelineId, statusId: lead.statusId };
    if (initial) entered.add(`${initial.pipelineId}:${initial.statusId}`);
  }
  return entered;
}

export const pipelinesUnusedStages = defineRule({
  id: 'pipelines.unused_stages',
  section: 'general',
  severity: 'info',
  title: { ru: 'Неиспользуемые этапы', en: 'Unused stages' },
  description: {
    ru: 'Этапы (все статусы воронки), в которые за окно (6 месяцев до даты снимка) не перешла ни одна сделка и в которых не создано ни одной сделки.',
    en: 'Stages (every status of a pipeline) that no deal entered by a status change, and no deal was created in, inside the window (6 months up to the snapshot).',
  },
  recommendation: { ru: 'Удалить или объединить неиспользуемые этапы.', en: 'Delete or merge the unused stages.' },
  // the change plan deletes only the flagged working stages no deal is in (stages.delete)
  fix: { operation: PLAN_REQUEST.stagesDelete, label: { ru: 'Удалить пустые этапы', en: 'Delete the empty stages' } },
  run: (ctx) => {
    const entered = stagesEnteredInWindow(ctx);
    const ids: string[] = [];
    let total = 0;
    let system = 0;
    for (const p of ctx.pipelines()) {
      for (const s of p.statuses) {
        total++;
        const key = `${p.id}:${s.id}`;
        if (entered.has(key)) continue;
        ids.push(key);
        if (s.type !== 0 || s.id === WON || s.id === LOST) system++;
      }
    }
    return { count: ids.length, total, entities: [{ entityType: 'statuses', ids }], evidence: { working: ids.length - system, system } };
  },
});
