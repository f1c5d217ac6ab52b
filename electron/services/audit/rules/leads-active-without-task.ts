// runtime: node
import { defineRule, isActiveStatus } from './define';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

export const leadsActiveWithoutTask = defineRule({
  id: 'leads.active_without_task',
  section: 'general',
  severity: 'critical',
  title: { ru: 'Активные сделки без задачи', en: 'Active deals without a task' },
  description: {
    ru: 'Сделки не в 142/143 (включая «Неразобранное»), у которых нет ни одной открытой задачи на самой сделке.',
    en: 'Deals not in 142/143 (the unsorted stage included) with no open task on the deal itself.',
  },
  recommendation: {
    ru: 'Поставить задачу по каждой активной сделке; включить правило «у сделки всегда есть задача» и контролировать его.',
    en: 'Set a task on every active deal; adopt the rule "every deal has a task" and check it.',
  },
  fix: { operation: PLAN_REQUEST.tasksCreate, label: { ru: 'Поставить задачи', en: 'Create tasks' } },
  run: (ctx) => {
    const withTask = ctx.leadsWithOpenTask();
    const active = ctx.leads().filter((l) => isActiveStatus(l.statusId));
    const ids = active.filter((l) => !withTask.has(l.id)).map((l) => l.id);
    return { count: ids.length, total: active.length, entities: [{ entityType: 'leads', ids }] };
  },
});
