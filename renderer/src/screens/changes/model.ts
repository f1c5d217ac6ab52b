// runtime: browser
import type { PlanOperationInfo } from '../../../../shared/api/methods/plan';
import { wordReason, wordSource } from '../../../../shared/messages/push-reasons';

/** Why an operation ended as it did (conflict or error detail), as one line in the UI's language. */
export function resultReason(op: Pick<PlanOperationInfo, 'result'>, lang = 'en'): string {
  const r = op.result;
  if (r === null || typeof r !== 'object') return '';
  const o = r as Record<string, unknown>;
  if (typeof o.reason === 'string') return wordReason(o.reason, lang === 'ru' ? 'ru' : 'en');
  if (typeof o.error === 'string') return o.error;
  return '';
}

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** How a person's CSV words its header and codes (the Changes screen passes its translations). */
export interface CsvWords {
  lang: string;
  header: [string, string, string, string, string, string, string];
  kind: (kind: string) => string;
  entity: (entityType: string) => string;
  status: (status: string) => string;
}

/**
 * The operations as CSV (comma-separated, UTF-8 with BOM so that Excel reads Cyrillic): with
 * `words`, in the UI's language (kinds, entity types, statuses, sources and reasons worded);
 * without, the codes (for scripts).
 */
export function operationsCsv(ops: readonly PlanOperationInfo[], words?: CsvWords): string {
  const head = words?.header ?? ['id', 'kind', 'entity_type', 'entity_id', 'status', 'source', 'reason'];
  const lang = words?.lang === 'ru' ? 'ru' : 'en';
  const rows = ops.map((o) =>
    (words
      ? [o.id, words.kind(o.kind), words.entity(o.entityType), o.entityId, words.status(o.status), wordSource(o.source, lang), resultReason(o, lang)]
      : [o.id, o.kind, o.entityType, o.entityId, o.status, o.source ?? '', resultReason(o)]
    )
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[head.join(','), ...rows].join('\r\n')}\r\n`;
}
