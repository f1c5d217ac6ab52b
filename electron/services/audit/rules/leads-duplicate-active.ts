// runtime: node
import { defineRule, isActiveStatus } from './define';

/** Clients (any contact or company linked to the deal) with two or more active deals in one pipeline. */
export const leadsDuplicateActive = defineRule({
  id: 'leads.duplicate_active',
  section: 'integrations',
  severity: 'warning',
  title: { ru: 'Клиенты с дублями активных сделок', en: 'Clients with duplicate active deals' },
  description: {
    ru: 'Контакты и компании, связанные с двумя и более активными сделками в одной воронке (считаются клиенты).',
    en: 'Contacts and companies linked to two or more active deals in one pipeline (clients are counted).',
  },
  recommendation: {
    ru: 'Настроить формы сайта так, чтобы заявка клиента с активной сделкой не создавала новую; объединить дубли сделок.',
    en: 'Make website forms attach a request to the client’s active deal instead of creating a new one; merge duplicate deals.',
  },
  fix: { operation: 'leads.mark_duplicates', label: { ru: 'Отметить дубли сделок', en: 'Mark duplicate deals' } },
  run: (ctx) => {
    const leads = ctx.leadById();
    const { contacts, companies } = ctx.leadLinks();
    const flag = (links: [number, number][]): number[] => {
      const perClient = new Map<string, number>();
      for (const [leadId, clientId] of links) {
        const lead = leads.get(leadId);
        if (!lead || !isActiveStatus(lead.statusId)) continue;
        const key = `${clientId}:${lead.pipelineId}`;
        perClient.set(key, (perClient.get(key) ?? 0) + 1);
      }
      const ids = new Set<number>();
      for (const [key, n] of perClient) if (n >= 2) ids.add(Number(key.split(':')[0]));
      return [...ids].sort((a, b) => a - b);
    };
    const contactIds = flag(contacts);
    const companyIds = flag(companies);
    return {
      count: contactIds.length + companyIds.length,
      entities: [
        { entityType: 'contacts', ids: contactIds },
        { entityType: 'companies', ids: companyIds },
      ],
      evidence: { contacts: contactIds.length, companies: companyIds.length },
    };
  },
});
