// runtime: node
/**
 * The words of the plan export (RU/EN) for operation kinds, statuses, entity types and the fixed
 * attributes of the before/after columns. The same words as the Changes screen's locale files
 * (renderer/src/i18n/locales/<lang>/changes.json: kinds, status, opStatus, entities, fields); a test
 * keeps them equal.
 */
export const EXPORT_WORDS = {
  "ru": {
    "kinds": {
      "fill.loss_reason": "Указать причину отказа",
      "normalize.phones": "Привести телефоны к формату",
      "split.stuffed": "Разделить значения",
      "tags.detach": "Снять тег",
      "tasks.create": "Поставить задачу",
      "fields.delete": "Удалить поле",
      "fields.ensure": "Создать поле (если его нет)",
      "fields.to_list": "Перенести значение в поле-список",
      "merge.survivor": "Объединение: обновить основную карточку",
      "merge.link": "Объединение: привязать к основной",
      "merge.unlink": "Объединение: отвязать от дубля",
      "merge.task": "Объединение: перенести задачу",
      "merge.note": "Объединение: сводное примечание",
      "merge.mark": "Объединение: пометить дубль",
      "merge.undocumented": "Объединение (НЕДОКУМЕНТИРОВАННОЕ, НЕОБРАТИМОЕ): закрытый метод amoCRM, отката нет",
      "revert.patch": "Откат: вернуть значения",
      "revert.task": "Откат: закрыть созданную задачу",
      "revert.field": "Откат: создать поле заново",
      "revert.values": "Откат: вернуть сохранённые значения",
      "revert.link": "Откат: привязать обратно",
      "revert.unlink": "Откат: отвязать",
      "revert.drop_field": "Отмена: удалить созданное поле (если оно больше нигде не заполнено)",
      "roles.create": "Создать роль",
      "rights.revoke_delete": "Снять у роли право удаления",
      "revert.role": "Откат: вернуть права роли",
      "revert.drop_role": "Откат: удалить созданную роль",
      "stages.delete": "Удалить пустой этап воронки",
      "revert.stage": "Откат: создать этап заново (сделок в нём не было)"
    },
    "status": {
      "open": "открыт",
      "running": "выполняется",
      "done": "выполнен",
      "failed": "остановлен",
      "cancelled": "отменён"
    },
    "opStatus": {
      "planned": "запланирована",
      "batched": "отправляется",
      "applied": "применена",
      "conflict": "конфликт",
      "skipped": "уже в порядке",
      "failed": "ошибка"
    },
    "entities": {
      "leads": "Сделка",
      "contacts": "Контакт",
      "companies": "Компания",
      "tasks": "Задача",
      "custom_fields": "Поле",
      "roles": "Роль"
    },
    "fields": {
      "name": "Название",
      "responsible": "Ответственный",
      "loss_reason": "Причина отказа",
      "status": "Этап",
      "tags": "Теги",
      "card": "Карточка",
      "task": "Задача",
      "note": "Примечание",
      "field": "Поле",
      "link_leads": "Связь со сделкой",
      "link_contacts": "Связь с контактом",
      "link_companies": "Связь с компанией",
      "closed": "Выполнена"
    }
  },
  "en": {
    "kinds": {
      "fill.loss_reason": "Fill the loss reason",
      "normalize.phones": "Normalize phones",
      "split.stuffed": "Split stuffed values",
      "tags.detach": "Detach a tag",
      "tasks.create": "Create a follow-up task",
      "fields.delete": "Delete a field",
      "fields.ensure": "Create a field (unless it exists)",
      "fields.to_list": "Copy a text value into the list field",
      "merge.survivor": "Merge: update the survivor",
      "merge.link": "Merge: link to the survivor",
      "merge.unlink": "Merge: unlink from the duplicate",
      "merge.task": "Merge: move a task",
      "merge.note": "Merge: summary note",
      "merge.mark": "Merge: mark the duplicate",
      "merge.undocumented": "Merge (UNDOCUMENTED, IRREVERSIBLE): amoCRM private merge endpoint, no rollback",
      "revert.patch": "Undo: restore values",
      "revert.task": "Undo: close the created task",
      "revert.field": "Undo: recreate the field",
      "revert.values": "Undo: write the saved values back",
      "revert.link": "Undo: link back",
      "revert.unlink": "Undo: unlink",
      "revert.drop_field": "Undo: delete the created field (if nothing else uses it)",
      "roles.create": "Create a role",
      "rights.revoke_delete": "Revoke a role's delete rights",
      "revert.role": "Undo: restore the role's rights",
      "revert.drop_role": "Undo: delete the created role",
      "stages.delete": "Delete an empty pipeline stage",
      "revert.stage": "Undo: re-create the stage (no deal was in it)"
    },
    "status": {
      "open": "open",
      "running": "running",
      "done": "done",
      "failed": "stopped",
      "cancelled": "cancelled"
    },
    "opStatus": {
      "planned": "planned",
      "batched": "in flight",
      "applied": "applied",
      "conflict": "conflict",
      "skipped": "already clean",
      "failed": "failed"
    },
    "entities": {
      "leads": "Deal",
      "contacts": "Contact",
      "companies": "Company",
      "tasks": "Task",
      "custom_fields": "Field",
      "roles": "Role"
    },
    "fields": {
      "name": "Name",
      "responsible": "Responsible user",
      "loss_reason": "Loss reason",
      "status": "Stage",
      "tags": "Tags",
      "card": "Card",
      "task": "Task",
      "note": "Note",
      "field": "Field",
      "link_leads": "Linked deal",
      "link_contacts": "Linked contact",
      "link_companies": "Linked company",
      "closed": "Completed"
    }
  }
} as const;
