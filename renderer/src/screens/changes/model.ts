// runtime: browser
import type { PlanOperationInfo } from '../../../../shared/api/methods/plan';
import { wordReason } from '../../../../shared/messages/push-reasons';

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

/** The operations as CSV (comma-separated, UTF-8 with BOM so that Excel reads Cyrillic). */
export function operationsCsv(ops: readonly PlanOperationInfo[]): string {
  const head = ['id', 'kind', 'entity_type', 'entity_id', 'status', 'source', 'reason'];
  const rows = ops.map((o) => [o.id, o.kind, o.entityType, o.entityId, o.status, o.source ?? '', resultReason(o)].map(cell).join(','));
  return `\uFEFF${[head.join(','), ...rows].join('\r\n')}\r\n`;
}
