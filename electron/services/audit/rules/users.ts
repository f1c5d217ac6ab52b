// runtime: node
import type { UserRow } from '../context';
import { defineRule } from './define';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

export const canDelete = (u: UserRow): boolean =>
  !u.isAdmin && [u.rightsDelete.leads, u.rightsDelete.contacts, u.rightsDelete.companies].some((r) => r !== null && r.trim() !== '' && r.trim().toUpperCase() !== 'D');

export const usersAdmins = defineRule({
  id: 'users.admins',
  section: 'users',
  severity: 'warning',
  title: { ru: 'Администраторы', en: 'Administrators' },
  description: {
    ru: 'Пользователи с правами администратора (включая отключённых). Рекомендуется не больше 2.',
    en: 'Users with administrator rights (deactivated ones included). At most 2 are recommended.',
  },
  recommendation: {
    ru: 'Оставить 2 администраторов: рабочего и технического, на котором подключены все интеграции и который не используется в работе.',
    en: 'Keep 2 administrators: one working user and one technical user that owns every integration and is not used for daily work.',
  },
  run: (ctx) => {
    const ids = ctx.users().filter((u) => u.isAdmin).map((u) => u.id);
    return { count: ids.length, total: ctx.users().length, entities: [{ entityType: 'users', ids }], evidence: { recommendedMax: 2 } };
  },
});

export const usersCanDelete = defineRule({
  id: 'users.can_delete',
  section: 'users',
  severity: 'critical',
  title: { ru: 'Не-администраторы с правом удаления', en: 'Non-admins who can delete' },
  description: {
    ru: 'Пользователи без прав администратора, у которых право удаления сделок, контактов или компаний не «D» (запрещено).',
    en: 'Non-admin users whose delete right on deals, contacts or companies is anything other than D (denied).',
  },
  recommendation: {
    ru: 'Забрать право удаления; добавить в карточки контакта и компании флажок «Удалить», чтобы удалял администратор после проверки. Завести роли с готовыми правами («Менеджер опта», «Менеджер розницы», «Оператор колл-центра»).',
    en: 'Take the delete right away; add a "Delete" checkbox to contact and company cards so an admin deletes after review. Add roles with preset rights ("Wholesale manager", "Retail manager", "Call-centre operator").',
  },
  fix: { operation: PLAN_REQUEST.rolesCreate, label: { ru: 'Создать роли без удаления', en: 'Create roles without delete' } },
  run: (ctx) => {
    const ids = ctx.users().filter(canDelete).map((u) => u.id);
    return { count: ids.length, total: ctx.users().length, entities: [{ entityType: 'users', ids }] };
  },
});

export const usersInactive = defineRule({
  id: 'users.inactive',
  section: 'users',
  severity: 'info',
  title: { ru: 'Отключённые пользователи', en: 'Deactivated users' },
  description: { ru: 'Отключённые (неактивные) пользователи.', en: 'Deactivated (inactive) users.' },
  recommendation: {
    ru: 'Передать их сделки, контакты и задачи действующим сотрудникам.',
    en: 'Hand their deals, contacts and tasks over to active staff.',
  },
  run: (ctx) => {
    const ids = ctx.users().filter((u) => !u.isActive).map((u) => u.id);
    return { count: ids.length, total: ctx.users().length, entities: [{ entityType: 'users', ids }] };
  },
});
