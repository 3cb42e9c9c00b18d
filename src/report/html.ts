// A self-contained HTML report: one file, inline CSS and JS, no request to anywhere (the CSP
// forbids it), so it can be mailed, attached to a ticket or kept as a CI artifact. Findings are
// filterable by severity, risk class, account, environment and status; every finding whose
// evidence has a `path` of steps (unrecoverable-deletion, privilege-escalation-path, ...) gets
// its path drawn as an SVG graph, laid out at render time so the picture needs no script.
//
// This file is the entry point and the page skeleton; the rest is split by concern:
// html-sections.ts (score cards, filters, finding cards, compliance table), html-graph.ts (the
// path SVG), html-assets.ts (inline CSS and script), html-escape.ts (escaping).
import { isComplianceSection } from './compliance.js'
import { CSS, JS } from './html-assets.js'
import { esc } from './html-escape.js'
import { complianceHtml, countsTable, cutsOf, filters, findingCard, notices, planHtml, scoreCards, skippedHtml } from './html-sections.js'
import { changeOf } from '../plan/order.js'
import type { Report } from './model.js'
import type { RenderContext } from './render.js'

export { esc } from './html-escape.js'
export { pathGraph, renderPathSvg } from './html-graph.js'

export function render(report: Report, _ctx?: RenderContext): string {
  // the report's one order (suppressed last, severity, then the plan's grouping): as every format
  const findings = report.findings
  const fix = changeOf(report.plan)
  const cutOf = cutsOf(report)
  const cardIndex = new Map(findings.map((f, i) => [f.fingerprint, i]))
  const compliance = isComplianceSection(report.compliance) ? complianceHtml(report.compliance) : ''
  const accounts = report.accounts.map((a) => `${esc(a.name)} (${esc(a.id)}, ${esc(a.environment)})`).join(', ')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bulkhead report: ${report.score.grade ? `${report.score.value}/100 (${report.score.grade})` : 'not assessed'}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>bulkhead report</h1>
<p class="muted">${esc(report.source.kind)}${report.source.path ? ` ${esc(report.source.path)}` : ''} collected ${esc(report.source.collectedAt)} · generated ${esc(report.generatedAt)} by bulkhead ${esc(report.tool.version)}<br>Accounts: ${accounts || 'none'}</p>
${planHtml(report, cardIndex)}
${notices(report)}
${scoreCards(report)}
${countsTable(report)}
<h2>Findings</h2>
${findings.length ? filters(report) + findings.map((f, i) => findingCard(f, i, cutOf, fix.get(f.fingerprint))).join('\n') : '<p>No findings.</p>'}
${compliance}
${skippedHtml(report)}
</main>
<script>${JS}</script>
</body>
</html>
`
}
