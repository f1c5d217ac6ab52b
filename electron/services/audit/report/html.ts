// runtime: node
/**
 * A print-ready standalone HTML report (no scripts, no external files), structured like the
 * reference audit: overview, users and rights, integrations, general findings, sales analytics,
 * with a recommendation under every finding. Electron prints it with printToPDF; a browser
 * with its print dialog.
 */
import type { AuditLang, AuditReport, AuditSection, FindingSummary } from '../../../../shared/audit/types';
import { int, labels, money, pct, type ReportLabels } from './labels';

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const SECTIONS: AuditSection[] = ['overview', 'users', 'integrations', 'general'];

const CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d9dee7; --crit: #c62828; --warn: #b26a00; --info: #2e6ad1; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 32px 40px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 12px; border-bottom: 2px solid var(--fg); padding-bottom: 4px; break-after: avoid; }
h3 { font-size: 16px; margin: 20px 0 8px; break-after: avoid; }
.meta { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; break-inside: auto; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f4f6f9; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 4px; padding: 10px 14px; margin: 10px 0; break-inside: avoid; }
.finding.critical { border-left-color: var(--crit); }
.finding.warning { border-left-color: var(--warn); }
.finding .head { display: flex; justify-content: space-between; gap: 12px; align-items: baseline; }
.finding .title { font-weight: 600; font-size: 15px; }
.finding .count { font-size: 20px; font-weight: 700; white-space: nowrap; }
.finding .count small { font-size: 13px; font-weight: 400; color: var(--muted); }
.finding .desc { color: var(--muted); font-size: 12.5px; margin: 4px 0; }
.finding .rec { margin: 6px 0 0; }
.finding .evidence { font-size: 12.5px; margin: 4px 0; }
.finding .rec b { font-weight: 600; }
.sev { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.bar { background: #e9edf3; height: 10px; border-radius: 5px; overflow: hidden; min-width: 120px; }
.bar > span { display: block; height: 100%; background: var(--info); }
.id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; color: var(--muted); text-transform: none; letter-spacing: 0; }
@media print {
  main { padding: 0; max-width: none; }
  @page { size: A4; margin: 16mm 14mm; }
  .finding, tr { break-inside: avoid; }
}
`;

const ENTITY_WORD: Record<AuditLang, Record<string, string>> = {
  ru: { leads: 'сделки', contacts: 'контакты', companies: 'компании' },
  en: { leads: 'deals', contacts: 'contacts', companies: 'companies' },
};

/** The facts behind a number, in words: per-field fill rates, pipelines, the split of a count. */
export function evidenceHtml(f: FindingSummary, lang: AuditLang, t: ReportLabels): string {
  const e = f.evidence;
  if (!e) return '';
  const items: string[] = [];
  const fields = Array.isArray(e.fields) ? (e.fields as Record<string, unknown>[]) : [];
  for (const field of fields.slice(0, 12)) {
    const name = `${String(field.name ?? '')}${typeof field.entityType === 'string' ? ` (${ENTITY_WORD[lang][field.entityType] ?? field.entityType})` : ''}`;
    if (typeof field.rate === 'number') {
      const extra = typeof field.filled === 'number' && typeof field.entities === 'number' ? ` (${int(field.filled, lang)} / ${int(field.entities, lang)})` : '';
      items.push(t.fieldLine(name, pct(field.rate, lang), extra));
    } else if (typeof field.values === 'number' && typeof field.distinct === 'number') items.push(t.valuesLine(name, field.values, field.distinct));
  }
  if (fields.length > 12) items.push(`… +${fields.length - 12}`);
  const pipelines = Array.isArray(e.pipelines) ? (e.pipelines as Record<string, unknown>[]) : [];
  for (const p of pipelines) if (typeof p.stages === 'number') items.push(t.stagesLine(String(p.name ?? ''), p.stages));
  const pairs = Object.entries(e)
    .filter(([k, v]) => typeof v === 'number' && t.evidenceKeys[k])
    .map(([k, v]) => `${t.evidenceKeys[k]}: ${k === 'threshold' ? pct(v as number, lang) : int(v as number, lang)}`);
  if (pairs.length > 0) items.push(pairs.join(' · '));
  if (Array.isArray(e.missing) && e.missing.length > 0) items.push(`${t.evidenceKeys.missing}: ${(e.missing as unknown[]).map(String).join(', ')}`);
  if (items.length === 0) return '';
  return `<div class="evidence"><b>${escapeHtml(t.evidence)}:</b> ${items.map((i) => escapeHtml(i)).join('; ')}</div>`;
}

function findingBlock(f: FindingSummary, lang: AuditLang, t: ReportLabels): string {
  const share = f.share !== undefined && f.total !== undefined ? ` <small>${t.total.toLowerCase()} ${int(f.total, lang)} · ${pct(f.share, lang)}</small>` : '';
  const groups = f.groups !== undefined ? ` <small>· ${t.groups.toLowerCase()}: ${int(f.groups, lang)}</small>` : '';
  return `<div class="finding ${f.severity}" data-finding="${escapeHtml(f.id)}">
  <div class="head"><div><div class="sev">${escapeHtml(t.severities[f.severity])} · <span class="id">${escapeHtml(f.id)}</span></div>
  <div class="title">${escapeHtml(f.title[lang])}</div></div>
  <div class="count">${int(f.count, lang)}${groups}${share}</div></div>
  <div class="desc">${escapeHtml(f.description[lang])}</div>
  ${evidenceHtml(f, lang, t)}
  <div class="rec"><b>${escapeHtml(t.recommendation)}:</b> ${escapeHtml(f.recommendation[lang])}</div>
</div>`;
}

function overviewTable(report: AuditReport, lang: AuditLang, t: ReportLabels): string {
  const rows = report.findings
    .filter((f) => f.id.startsWith('account.'))
    .map((f) => `<tr><td>${escapeHtml(f.title[lang])}</td><td class="n">${int(f.count, lang)}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>${t.finding}</th><th class="n">${t.count}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function analyticsSection(report: AuditReport, lang: AuditLang, t: ReportLabels): string {
  const a = report.analytics;
  const years = a.years
    .map(
      (y) =>
        `<tr><td>${y.year}</td><td class="n">${int(y.created, lang)}</td><td class="n">${int(y.won, lang)}</td><td class="n">${money(y.revenue, lang)}</td>` +
        `<td class="n">${pct(y.conversion, lang)}</td><td class="n">${int(y.avgDurationDays, lang)}</td><td class="n">${money(y.avgCheck, lang)}</td></tr>`,
    )
    .join('');
  const loss = a.lossReasons
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.name)}</td><td class="n">${int(r.count, lang)}</td><td class="n">${pct(r.share, lang)}</td>` +
        `<td><div class="bar"><span style="width:${(r.share * 100).toFixed(1)}%"></span></div></td></tr>`,
    )
    .join('');
  const whatIf = a.whatIf
    .map((w) => `<li>${escapeHtml(t.whatIfLine(w.year, pct(w.conversion, lang), pct(w.targetConversion, lang), w.revenueAtTarget === null ? null : money(w.revenueAtTarget, lang), money(w.revenuePerPlusOnePercent, lang)))}</li>`)
    .join('');
  const stages = a.pipelines
    .filter((p) => p.deals > 0)
    .map(
      (p) =>
        `<h3>${t.pipeline}: ${escapeHtml(p.name)} <small>(${t.deals.toLowerCase()}: ${int(p.deals, lang)})</small></h3>` +
        `<table><thead><tr><th>${t.stage}</th><th class="n">${t.reached}</th><th class="n">${t.fromPrevious}</th></tr></thead><tbody>` +
        p.stages
          .map(
            (s) =>
              `<tr><td>${escapeHtml(s.name)}</td><td class="n">${int(s.reached, lang)}</td><td class="n">${s.fromPrevious === null ? '' : pct(s.fromPrevious, lang)}</td></tr>`,
          )
          .join('') +
        '</tbody></table>',
    )
    .join('');
  const managers = a.managers
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.name)}</td><td class="n">${int(m.tasksDone, lang)}</td><td class="n">${int(m.calls, lang)}</td><td class="n">${int(m.meetings, lang)}</td>` +
        `<td class="n">${int(m.deals, lang)}</td><td class="n">${int(m.won, lang)}</td><td class="n">${pct(m.conversion, lang)}</td><td class="n">${money(m.revenue, lang)}</td></tr>`,
    )
    .join('');
  return `<section id="analytics"><h2>${t.analytics}</h2>
<h3>${t.years}</h3>
<table><thead><tr><th>${t.year}</th><th class="n">${t.created}</th><th class="n">${t.won}</th><th class="n">${t.revenue}</th><th class="n">${t.conversion}</th><th class="n">${t.avgDuration}</th><th class="n">${t.avgCheck}</th></tr></thead><tbody>${years}</tbody></table>
<h3>${t.lossReasons}</h3><p class="meta">${t.lossNote}</p>
<table><thead><tr><th>${t.reason}</th><th class="n">${t.count}</th><th class="n">${t.share}</th><th></th></tr></thead><tbody>${loss}</tbody></table>
${whatIf ? `<h3>${t.whatIf}</h3><ul>${whatIf}</ul>` : ''}
<h3>${t.stageConversion}</h3>${stages}
<h3>${t.managers}</h3>
<table><thead><tr><th>${t.manager}</th><th class="n">${t.tasksDone}</th><th class="n">${t.calls}</th><th class="n">${t.meetings}</th><th class="n">${t.deals}</th><th class="n">${t.won}</th><th class="n">${t.conversion}</th><th class="n">${t.revenue}</th></tr></thead><tbody>${managers}</tbody></table>
<h3>${t.retention}</h3><p>${escapeHtml(t.retentionLine(a.retention.clientsWithWon, a.retention.repeatClients, pct(a.retention.rate, lang)))}</p>
</section>`;
}

export function renderAuditHtml(report: AuditReport, lang: AuditLang): string {
  const t = labels(lang);
  const account = report.account.name ?? report.account.subdomain ?? '—';
  const sections = SECTIONS.map((section) => {
    const findings = report.findings.filter((f) => f.section === section && !f.id.startsWith('account.'));
    const intro = section === 'overview' ? overviewTable(report, lang, t) : '';
    const body = findings.length > 0 ? findings.map((f) => findingBlock(f, lang, t)).join('\n') : `<p>${t.nothing}</p>`;
    return `<section id="${section}"><h2>${t.sections[section]}</h2>${intro}${body}</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.reportTitle)} — ${escapeHtml(account)}</title><style>${CSS}</style></head>
<body><main>
<h1>${escapeHtml(t.reportTitle)}</h1>
<p class="meta">${t.account}: <b>${escapeHtml(account)}</b>${report.account.subdomain ? ` (${escapeHtml(report.account.subdomain)})` : ''} · ${t.asOf}: ${report.asOf.slice(0, 10)} · ${t.window}: ${report.windowMonths} ${t.months} · ${t.generated}: ${report.generatedAt.slice(0, 16).replace('T', ' ')}</p>
${sections}
${analyticsSection(report, lang, t)}
</main></body></html>
`;
}
