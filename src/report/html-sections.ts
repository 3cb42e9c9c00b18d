// The parts of the HTML page: score cards, counts, notices, filters, one card per finding,
// the compliance table and the skipped list. Each returns a fragment of markup.
import { RISK_CLASSES, SEVERITIES, type Finding } from '../checks/define.js'
import { gradeOf } from '../score/score.js'
import type { ComplianceSection } from './compliance.js'
import { esc } from './html-escape.js'
import { renderPathSvg } from './html-graph.js'
import type { Report } from './model.js'

const status = (f: Finding): 'open' | 'suppressed' | 'baselined' =>
  !f.suppressed ? 'open' : f.suppressed.kind === 'baseline' ? 'baselined' : 'suppressed'

export function scoreCards(report: Report): string {
  const card = (label: string, value: number, grade: string, main = false) =>
    `<div class="card${main ? ' main' : ''} grade-${grade}"><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="grade">${grade}</div></div>`
  return (
    `<section class="scores">${card('Overall', report.score.value, report.score.grade, true)}` +
    RISK_CLASSES.map((c) => card(c[0].toUpperCase() + c.slice(1), report.score.byRiskClass[c], gradeOf(report.score.byRiskClass[c]))).join('') +
    '</section>'
  )
}

export function countsTable(report: Report): string {
  const s = report.summary
  const cells = [...SEVERITIES.map((sev) => [sev, s[sev]] as const), ['suppressed', s.suppressed] as const, ['baselined', s.baselined ?? 0] as const]
  return (
    '<table class="counts"><tr>' + cells.map(([k]) => `<th class="sev-${k}">${k}</th>`).join('') + '</tr><tr>' +
    cells.map(([, v]) => `<td>${v}</td>`).join('') + `</tr></table><p class="muted">${s.checksRun} checks run, ${s.checksSkipped} with parts skipped.</p>`
  )
}

export function notices(report: Report): string {
  const out: string[] = []
  if (report.errors.length) {
    out.push(
      `<div class="notice error"><strong>Partial scan:</strong> ${report.errors.length} call(s) or file(s) failed, so some checks could not look.<ul>` +
        report.errors.map((e) => `<li>${esc([e.accountId, e.region].filter(Boolean).join('/'))} ${esc(e.operation)}${e.file ? ` (${esc(e.file)})` : ''}: ${esc(e.message)}</li>`).join('') +
        '</ul></div>',
    )
  }
  if (report.warnings?.length) out.push(`<div class="notice warn"><strong>Warnings</strong><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>`)
  return out.join('')
}

const options = (id: string, label: string, values: string[]) =>
  `<label>${label} <select id="${id}"><option value="">all</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join('')}</select></label>`

export function filters(report: Report): string {
  const uniq = (xs: string[]) => [...new Set(xs)].sort()
  const accountName = new Map(report.accounts.map((a) => [a.id, a.name]))
  const accounts = uniq(report.findings.map((f) => f.accountId))
  return (
    '<form class="filters" onsubmit="return false">' +
    options('f-severity', 'Severity', SEVERITIES.filter((s) => report.findings.some((f) => f.severity === s))) +
    options('f-class', 'Risk class', RISK_CLASSES.filter((c) => report.findings.some((f) => f.riskClass === c))) +
    `<label>Account <select id="f-account"><option value="">all</option>${accounts.map((a) => `<option value="${esc(a)}">${esc(accountName.get(a) ? `${a} (${accountName.get(a)})` : a)}</option>`).join('')}</select></label>` +
    options('f-env', 'Environment', uniq(report.findings.map((f) => f.environment))) +
    `<label>Status <select id="f-status"><option value="">all</option><option value="open">open</option><option value="suppressed">suppressed</option><option value="baselined">baselined</option></select></label>` +
    `<span id="shown" class="muted">${report.findings.length} of ${report.findings.length} findings shown</span></form>`
  )
}

export function findingCard(f: Finding, index: number): string {
  const path = Array.isArray(f.evidence.path) && f.evidence.path.length > 0 ? (f.evidence.path as unknown[]) : undefined
  const compliance = Object.entries(f.compliance).filter(([, ids]) => ids && ids.length).map(([fw, ids]) => `${esc(fw)}: ${esc((ids ?? []).join(', '))}`).join(' · ')
  const st = status(f)
  const loc = `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}`
  return (
    `<article class="finding sev-${f.severity}" id="finding-${index}" data-severity="${f.severity}" data-class="${f.riskClass}" ` +
    `data-account="${esc(f.accountId)}" data-env="${esc(f.environment)}" data-status="${st}">` +
    `<header><span class="badge sev-${f.severity}">${f.severity}</span> <span class="badge class">${f.riskClass}</span> ` +
    (st !== 'open' ? `<span class="badge accepted">${st}</span> ` : '') +
    `<code class="check">${esc(f.checkId)}</code> <span class="title">${esc(f.title)}</span></header>` +
    `<p class="message">${esc(f.message)}</p>` +
    '<dl>' +
    `<dt>Resource</dt><dd><code>${esc(f.resource.arn)}</code> <span class="muted">${esc(f.resource.type)} · account ${esc(f.accountId)} · ${esc(f.region)} · ${esc(f.environment)} (${esc(f.environmentRule)})</span></dd>` +
    (f.principal ? `<dt>Principal</dt><dd><code>${esc(f.principal.arn)}</code></dd>` : '') +
    (f.suppressed ? `<dt>${st === 'baselined' ? 'Baselined' : 'Suppressed'}</dt><dd>${esc(f.suppressed.reason)}${f.suppressed.owner ? ` — owner ${esc(f.suppressed.owner)}` : ''}${f.suppressed.expires ? `, until ${esc(f.suppressed.expires)}` : ''}</dd>` : '') +
    `<dt>Remediation</dt><dd class="remediation">${esc(f.remediation)}</dd>` +
    (compliance ? `<dt>Controls</dt><dd>${compliance}</dd>` : '') +
    `<dt>Location</dt><dd><code>${esc(loc)}</code> <span class="muted">fingerprint ${esc(f.fingerprint)}</span></dd>` +
    '</dl>' +
    (path ? `<div class="graph"><h4>Path (${path.length} step${path.length === 1 ? '' : 's'})</h4>${renderPathSvg(path)}</div>` : '') +
    `<details><summary>Evidence</summary><pre>${esc(JSON.stringify(f.evidence, null, 2))}</pre></details>` +
    '</article>'
  )
}

export function complianceHtml(section: ComplianceSection): string {
  const unmapped = section.controls.filter((c) => c.checks.length === 0)
  return (
    `<section id="compliance"><h2>Compliance: ${esc(section.name)} ${esc(section.version)}</h2>` +
    `<p class="muted">${section.totals.fail} failing, ${section.totals.pass} passing, ${section.totals['not-covered']} not covered. ` +
    'Pass means the mapped bulkhead checks found nothing open; it is evidence, not an attestation. ' +
    `Reference: ${esc(section.reference)}</p>` +
    controlTable(section.controls.filter((c) => c.checks.length > 0)) +
    (unmapped.length
      ? `<details><summary>${unmapped.length} more catalogue control(s) that no selected check maps to (not covered)</summary>${controlTable(unmapped)}</details>`
      : '') +
    '</section>'
  )
}

function controlTable(controls: ComplianceSection['controls']): string {
  return (
    '<table class="controls"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Checks</th><th>Open</th><th>Accepted</th></tr></thead><tbody>' +
    controls
      .map((c) =>
        `<tr class="status-${c.status}"><td><code>${esc(c.id)}</code></td><td>${esc(c.title)}</td><td class="status">${c.status}</td>` +
        `<td>${c.checks.map((id) => `<code${c.checksNotEvaluated.includes(id) ? ' class="not-evaluated" title="could not look: data not collected"' : ''}>${esc(id)}</code>`).join(' ') || '<span class="muted">none selected</span>'}</td>` +
        `<td>${c.openFindings}</td><td>${c.acceptedFindings}</td></tr>`,
      )
      .join('') +
    '</tbody></table>'
  )
}

export function skippedHtml(report: Report): string {
  if (!report.skipped.length) return ''
  return `<section id="skipped"><details><summary>${report.skipped.length} skipped part(s) of checks</summary><ul>${report.skipped.map((s) => `<li><code>${esc(s.checkId)}</code>: ${esc(s.reason)}</li>`).join('')}</ul></details></section>`
}
