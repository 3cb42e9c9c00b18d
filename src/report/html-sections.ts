// The parts of the HTML page: score cards, counts, notices, filters, one card per finding,
// the compliance table and the skipped list. Each returns a fragment of markup.
import { RISK_CLASSES, SEVERITIES, type Finding } from '../checks/define.js'
import { gradeOf, notAssessed } from '../score/score.js'
import type { ComplianceSection } from './compliance.js'
import { esc } from './html-escape.js'
import { renderPathSvg, type CutOf } from './html-graph.js'
import { fixFirstLine, groupedLabels, whereOf } from './plan-text.js'
import { changeOf } from '../plan/order.js'
import type { Report } from './model.js'

const status = (f: Finding): 'open' | 'suppressed' | 'baselined' =>
  !f.suppressed ? 'open' : f.suppressed.kind === 'baseline' ? 'baselined' : 'suppressed'

export function scoreCards(report: Report): string {
  const card = (label: string, value: number | null, grade: string | null, main = false) =>
    value === null || grade === null
      ? `<div class="card${main ? ' main' : ''} not-assessed"><div class="label">${esc(label)}</div><div class="value">–</div><div class="grade">not assessed</div></div>`
      : `<div class="card${main ? ' main' : ''} grade-${grade}"><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="grade">${grade}</div></div>`
  const missing = notAssessed(report.score)
  return (
    `<section class="scores">${card('Overall', report.score.value, report.score.grade, true)}` +
    RISK_CLASSES.map((c) => { const v = report.score.byRiskClass[c]; return card(c[0].toUpperCase() + c.slice(1), v, v === null ? null : gradeOf(v)) }).join('') +
    '</section>' +
    (missing.length && report.score.grade ? `<p class="muted">${RISK_CLASSES.length - missing.length} of ${RISK_CLASSES.length} risk classes assessed: no check of ${missing.join(', ')} ran, so the overall score leaves ${missing.length === 1 ? 'it' : 'them'} out.</p>` : '')
  )
}

export function countsTable(report: Report): string {
  const s = report.summary
  const cells = [...SEVERITIES.map((sev) => [sev, s[sev]] as const), ['suppressed', s.suppressed] as const, ['baselined', s.baselined ?? 0] as const]
  return (
    '<table class="counts"><tr>' + cells.map(([k]) => `<th class="sev-${k}">${k}</th>`).join('') + '</tr><tr>' +
    cells.map(([, v]) => `<td>${v}</td>`).join('') + `</tr></table><p class="muted">${s.checksRun} checks run, ${s.checksSkipped} not run` +
    `${s.checksPartial ? `, ${s.checksPartial} in part` : ''}${s.exemptPrincipals ? `, ${s.exemptPrincipals} break-glass principal${s.exemptPrincipals === 1 ? '' : 's'} exempt` : ''}.</p>`
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

export function findingCard(f: Finding, index: number, cutOf?: CutOf, fix?: number): string {
  const path = Array.isArray(f.evidence.path) && f.evidence.path.length > 0 ? (f.evidence.path as unknown[]) : undefined
  const compliance = Object.entries(f.compliance).filter(([, ids]) => ids && ids.length).map(([fw, ids]) => `${esc(fw)}: ${esc((ids ?? []).join(', '))}`).join(' · ')
  const st = status(f)
  const loc = `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}`
  return (
    `<article class="finding sev-${f.severity}" id="finding-${index}" data-severity="${f.severity}" data-class="${f.riskClass}" ` +
    `data-account="${esc(f.accountId)}" data-env="${esc(f.environment)}" data-status="${st}" data-fingerprint="${esc(f.fingerprint)}">` +
    `<header><span class="badge sev-${f.severity}">${f.severity}</span> <span class="badge class">${f.riskClass}</span> ` +
    (st !== 'open' ? `<span class="badge accepted">${st}</span> ` : '') +
    `<code class="check">${esc(f.checkId)}</code> <span class="title">${esc(f.title)}</span>` +
    (fix !== undefined ? ` <a class="badge fix" href="#fix-${fix + 1}">fix ${fix + 1}</a>` : '') + '</header>' +
    `<p class="message">${esc(f.message)}</p>` +
    '<dl>' +
    `<dt>Resource</dt><dd><code>${esc(f.resource.arn)}</code> <span class="muted">${esc(f.resource.type)} · account ${esc(f.accountId)} · ${esc(f.region)} · ${esc(f.environment)} (${esc(f.environmentRule)})</span></dd>` +
    (f.principal ? `<dt>Principal</dt><dd><code>${esc(f.principal.arn)}</code></dd>` : '') +
    (f.suppressed ? `<dt>${st === 'baselined' ? 'Baselined' : 'Suppressed'}</dt><dd>${esc(f.suppressed.reason)}${f.suppressed.owner ? ` — owner ${esc(f.suppressed.owner)}` : ''}${f.suppressed.expires ? `, until ${esc(f.suppressed.expires)}` : ''}</dd>` : '') +
    `<dt>Remediation</dt><dd class="remediation">${esc(f.remediation)}</dd>` +
    (compliance ? `<dt>Controls</dt><dd>${compliance}</dd>` : '') +
    `<dt>Location</dt><dd><code>${esc(loc)}</code> <span class="muted">fingerprint ${esc(f.fingerprint)}</span></dd>` +
    '</dl>' +
    (path ? `<div class="graph"><h4>Path (${path.length} step${path.length === 1 ? '' : 's'})${fix !== undefined ? `, cut by change ${fix + 1} of Fix first` : ''}</h4>${renderPathSvg(path, cutOf)}</div>` : '') +
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

/** The cut of the plan: for a path step, the numbers of the changes that break it. */
export function cutsOf(report: Report): CutOf {
  const byStep = new Map<string, number[]>()
  report.plan?.changes.forEach((c, i) => {
    for (const s of c.cuts ?? []) {
      const key = `${s.from}\u0000${s.action}\u0000${s.to ?? s.resource ?? ''}`
      byStep.set(key, [...(byStep.get(key) ?? []), i + 1])
    }
  })
  return (o) => {
    const targets = Array.isArray(o.resources) ? (o.resources as unknown[]).map(String) : [String(o.to ?? o.resource ?? '')]
    return [...new Set(targets.flatMap((t) => byStep.get(`${String(o.from)}\u0000${String(o.action)}\u0000${t}`) ?? []))]
  }
}

/** Fix first: the plan's changes, each with the findings it removes (linked to their cards), and the cut on one graph. */
export function planHtml(report: Report, cardIndex: Map<string, number>): string {
  const plan = report.plan
  if (!plan) return ''
  const byFp = new Map(report.findings.map((f) => [f.fingerprint, f]))
  const items = plan.changes.map((c, i) => {
    const removed = c.removes.map((fp) => byFp.get(fp)).filter((f): f is Finding => !!f)
    const links = removed.map((f) => `<li><a href="#finding-${cardIndex.get(f.fingerprint)}">${esc(groupedLabels([f])[0])}</a></li>`).join('')
    return `<li id="fix-${i + 1}"><strong>${esc(c.title)}</strong> <span class="cost">cost ${c.cost} · ${esc(c.kind)}</span><br><span class="muted">${esc(c.reason)}</span><ul>${links}</ul></li>`
  })
  const remaining = plan.remaining.length
    ? `<p>Not removed by any change of the catalogue: ${plan.remaining.map((r) => { const f = byFp.get(r.fingerprint); return `<code>${esc(r.checkId)}</code> ${esc(f ? whereOf(f) : r.resource)} <span class="muted">(${esc(r.reason)})</span>` }).join('; ')}</p>`
    : ''
  const graph = cutGraph(report)
  return `<section id="plan"><h2>${esc(fixFirstLine(plan))}</h2><ol>${items.join('')}</ol>${remaining}${graph}` +
    '<p class="muted"><code>bulkhead fix</code> with the same flags prints each change\'s new policy, AWS CLI commands and JSON patch; <code>--verify</code> proves them.</p></section>'
}

/** Every path of the findings the plan removes on one graph, the steps it breaks drawn as the cut. */
function cutGraph(report: Report): string {
  const fix = changeOf(report.plan)
  const steps = report.findings.filter((f) => fix.has(f.fingerprint) && Array.isArray(f.evidence.path)).flatMap((f) => f.evidence.path as unknown[])
  if (!steps.length) return ''
  const nodes = new Set(steps.flatMap((s) => { const o = s as Record<string, unknown>; return [String(o.from), String(o.to ?? o.resource)] }))
  if (nodes.size > 60) return `<p class="muted">The attack paths have ${nodes.size} nodes: each finding below draws its own, with the cut.</p>`
  return `<div class="graph"><h4>The attack paths the plan cuts (✂: a step a change breaks)</h4>${renderPathSvg(steps, cutsOf(report))}</div>`
}
