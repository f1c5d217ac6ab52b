// runtime: node
import { LOST } from '../context';
import { defineRule } from './define';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

export const leadsLostWithoutReason = defineRule({
  id: 'leads.lost_without_reason',
  section: 'general',
  severity: 'critical',
  title: { ru: 'Проигранные сделки без причины отказа', en: 'Lost deals without a loss reason' },
  description: { ru: 'Сделки на этапе «Закрыто и не реализовано» без причины отказа.', en: 'Deals in the “Closed - lost” stage with no loss reason.' },
  recommendation: {
    ru: 'Сделать причину отказа обязательной (список причин), заполнить её по закрытым сделкам.',
    en: 'Make the loss reason required (a list of reasons) and fill it in on closed deals.',
  },
  fix: { operation: PLAN_REQUEST.fillLossReason, label: { ru: 'Заполнить причину', en: 'Fill in the reason' } },
  run: (ctx) => {
    const lost = ctx.leads().filter((l) => l.statusId === LOST);
    const ids = lost.filter((l) => l.lossReasonId === null).map((l) => l.id);
    return { count: ids.length, total: lost.length, entities: [{ entityType: 'leads', ids }] };
  },
});
