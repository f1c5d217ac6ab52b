// runtime: node
import fs from 'node:fs';
import type { AuditLang, AuditReport } from '../../../shared/audit/types';
import { renderAuditHtml } from './report/html';

export function writeAuditHtmlFile(report: AuditReport, lang: AuditLang, file: string): void {
  fs.writeFileSync(file, renderAuditHtml(report, lang), 'utf8');
}
