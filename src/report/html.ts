// A self-contained HTML report: one file, inline CSS and JS, no request to anywhere (the CSP
// forbids it), so it can be mailed, attached to a ticket or kept as a CI artifact. Findings are
// filterable by severity, risk class, account, environment and status; every finding whose
// evidence has a `path` of steps (unrecoverable-deletion, privilege-escalation-path, ...) gets
// its path drawn as an SVG graph, laid out here so the picture needs no script to appear.
import { RISK_CLASSES, SEVERITIES, severityRank, type Finding } from '../checks/define.js'
import { gradeOf } from '../score/score.js'
import { isComplianceSection, type ComplianceSection } from './compliance.js'
import type { Report } from './model.js'
import type { RenderContext } from './render.js'

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

// ---------------------------------------------------------------------------------------------
// Path graphs

interface GraphNode { key: string; col: number; row: number }
interface GraphEdge { from: string; to: string; label: string; conditional: boolean }

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)

/**
 * Steps as checks write them: `{ from, action, to | resource, method?, verdict? }` (src/iam/graph.ts
 * Step) form a graph of from → to/resource; plain strings, or objects without `from`, a chain.
 */
export function pathGraph(steps: unknown[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const edges: GraphEdge[] = []
  const order: string[] = []
  const add = (k: string) => { if (!order.includes(k)) order.push(k) }
  let previous: string | undefined
  for (const step of steps) {
    const o = typeof step === 'object' && step !== null ? (step as Record<string, unknown>) : undefined
    const from = o ? str(o.from) : undefined
    const target = o ? str(o.to) ?? str(o.resource) ?? str(o.arn) ?? str(o.principal) : str(step) ?? JSON.stringify(step)
    const action = o ? [str(o.action), str(o.method) && `(${String(o.method)})`].filter(Boolean).join(' ') : ''
    const conditional = o?.verdict === 'conditional'
    if (from && target) {
      add(from); add(target)
      edges.push({ from, to: target, label: action, conditional })
    } else {
      const node = target || (o && (str(o.description) ?? str(o.label) ?? str(o.step))) || action || JSON.stringify(step)
      add(node)
      if (previous) edges.push({ from: previous, to: node, label: action, conditional })
      previous = node
      continue
    }
    previous = target
  }
  const merged = mergeEdges(edges)
  // layered layout: a node's column is its longest distance from a node nothing points to
  const col = new Map(order.map((k) => [k, 0]))
  for (let pass = 0; pass < order.length; pass++) {
    let moved = false
    for (const e of merged) {
      if (e.from === e.to) continue
      const c = col.get(e.from)! + 1
      if (c > col.get(e.to)! && c < order.length) { col.set(e.to, c); moved = true }
    }
    if (!moved) break
  }
  const rows = new Map<number, number>()
  const nodes = order.map((key) => {
    const c = col.get(key)!
    const row = rows.get(c) ?? 0
    rows.set(c, row + 1)
    return { key, col: c, row }
  })
  return { nodes, edges: merged }
}

/**
 * One arrow per pair of nodes: a repeated hop (the same assumption listed for each final action)
 * is drawn once, and two actions on the same target share an arrow with both labels.
 */
function mergeEdges(edges: GraphEdge[]): GraphEdge[] {
  const byPair = new Map<string, { from: string; to: string; labels: string[]; conditional: boolean[] }>()
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`
    const m = byPair.get(key) ?? { from: e.from, to: e.to, labels: [], conditional: [] }
    const label = e.label && e.conditional ? `${e.label} (conditional)` : e.label
    if (!m.labels.includes(label) || !label) { m.labels.push(label); m.conditional.push(e.conditional) }
    byPair.set(key, m)
  }
  return [...byPair.values()].map((m) => ({
    from: m.from, to: m.to, label: m.labels.filter(Boolean).join(' + '), conditional: m.conditional.every(Boolean),
  }))
}

/** `arn:aws:iam::111111111111:role/ci` → `role/ci`; keeps the account for the second line. */
function nodeLabel(key: string): { name: string; sub: string } {
  const parts = key.split(':')
  if (parts[0] === 'arn' && parts.length >= 6) return { name: parts.slice(5).join(':'), sub: [parts[2], parts[4] || 'aws', parts[3]].filter(Boolean).join(' · ') }
  return { name: key, sub: '' }
}

// Top to bottom, one row per hop, so a long path grows down the page instead of off its side.
const NODE_W = 250, NODE_H = 46, ROW_GAP = 56, COL_GAP = 40, PAD = 12, LOOP = 60

export function renderPathSvg(steps: unknown[]): string {
  const { nodes, edges } = pathGraph(steps)
  const rows = Math.max(...nodes.map((n) => n.col)) + 1
  const perRow = Math.max(...nodes.map((n) => n.row)) + 1
  const hasLoop = edges.some((e) => nodes.find((n) => n.key === e.to)!.col <= nodes.find((n) => n.key === e.from)!.col)
  const width = PAD * 2 + perRow * NODE_W + (perRow - 1) * COL_GAP + 160 + (hasLoop ? LOOP : 0)
  const height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP
  const at = new Map(nodes.map((n) => [n.key, { x: PAD + n.row * (NODE_W + COL_GAP), y: PAD + n.col * (NODE_H + ROW_GAP) }]))
  const arrows = edges.map((e) => {
    const a = at.get(e.from)!, b = at.get(e.to)!
    const back = b.y <= a.y // same or earlier row (a cycle): route round the right-hand side
    const x1 = back ? a.x + NODE_W : a.x + NODE_W / 2, y1 = back ? a.y + NODE_H / 2 : a.y + NODE_H
    const x2 = back ? b.x + NODE_W : b.x + NODE_W / 2, y2 = back ? b.y + NODE_H / 2 : b.y
    const right = Math.max(x1, x2) + LOOP
    const d = back ? `M${x1},${y1} C${right},${y1} ${right},${y2} ${x2 + 7},${y2}` : `M${x1},${y1} C${x1},${y1 + ROW_GAP / 2} ${x2},${y2 - ROW_GAP / 2} ${x2},${y2 - 7}`
    const head = back ? `${x2},${y2} ${x2 + 9},${y2 - 5} ${x2 + 9},${y2 + 5}` : `${x2},${y2} ${x2 - 5},${y2 - 9} ${x2 + 5},${y2 - 9}`
    const lx = back ? right + 4 : (x1 + x2) / 2 + 8, ly = (y1 + y2) / 2 + 4
    return (
      `<g class="edge${e.conditional ? ' conditional' : ''}"><title>${esc(`${e.from} → ${e.to}${e.label ? `: ${e.label}` : ''}`)}</title>` +
      `<path d="${d}"/><polygon points="${head}"/>` +
      (e.label ? `<text x="${lx}" y="${ly}">${esc(cut(e.label, 60))}</text>` : '') +
      '</g>'
    )
  })
  const boxes = nodes.map((n, i) => {
    const { x, y } = at.get(n.key)!
    const { name, sub } = nodeLabel(n.key)
    const role = i === 0 ? ' start' : edges.some((e) => e.from === n.key) ? '' : ' end'
    return (
      `<g class="node${role}"><title>${esc(n.key)}</title><rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>` +
      `<text x="${x + 10}" y="${y + (sub ? 19 : 28)}" class="name">${esc(cut(name, 34))}</text>` +
      (sub ? `<text x="${x + 10}" y="${y + 36}" class="sub">${esc(cut(sub, 40))}</text>` : '') +
      '</g>'
    )
  })
  return (
    `<svg class="path-graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="attack path, ${nodes.length} nodes" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${arrows.join('')}${boxes.join('')}</svg>`
  )
}

// ---------------------------------------------------------------------------------------------
// Sections

const status = (f: Finding): 'open' | 'suppressed' | 'baselined' =>
  !f.suppressed ? 'open' : f.suppressed.kind === 'baseline' ? 'baselined' : 'suppressed'

function scoreCards(report: Report): string {
  const card = (label: string, value: number, grade: string, main = false) =>
    `<div class="card${main ? ' main' : ''} grade-${grade}"><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="grade">${grade}</div></div>`
  return (
    `<section class="scores">${card('Overall', report.score.value, report.score.grade, true)}` +
    RISK_CLASSES.map((c) => card(c[0].toUpperCase() + c.slice(1), report.score.byRiskClass[c], gradeOf(report.score.byRiskClass[c]))).join('') +
    '</section>'
  )
}

function countsTable(report: Report): string {
  const s = report.summary
  const cells = [...SEVERITIES.map((sev) => [sev, s[sev]] as const), ['suppressed', s.suppressed] as const, ['baselined', s.baselined ?? 0] as const]
  return (
    '<table class="counts"><tr>' + cells.map(([k]) => `<th class="sev-${k}">${k}</th>`).join('') + '</tr><tr>' +
    cells.map(([, v]) => `<td>${v}</td>`).join('') + `</tr></table><p class="muted">${s.checksRun} checks run, ${s.checksSkipped} with parts skipped.</p>`
  )
}

function notices(report: Report): string {
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

function filters(report: Report): string {
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

function findingCard(f: Finding, index: number): string {
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

function complianceHtml(section: ComplianceSection): string {
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

function skippedHtml(report: Report): string {
  if (!report.skipped.length) return ''
  return `<section id="skipped"><details><summary>${report.skipped.length} skipped part(s) of checks</summary><ul>${report.skipped.map((s) => `<li><code>${esc(s.checkId)}</code>: ${esc(s.reason)}</li>`).join('')}</ul></details></section>`
}

// ---------------------------------------------------------------------------------------------

const CSS = `
:root{--crit:#b3001b;--high:#d9480f;--med:#b08800;--low:#1864ab;--info:#666;--bg:#f6f7f9;--fg:#1d2127;--line:#d8dde3}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:1200px;margin:0 auto;padding:24px}h1{margin:0 0 4px;font-size:24px}h2{margin-top:32px}
.muted{color:#5c6670}code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.scores{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:140px}
.card .label{font-size:12px;text-transform:uppercase;color:#5c6670}.card .value{font-size:30px;font-weight:700}.card .grade{font-size:18px;font-weight:700}
.card.main{border-width:2px}.grade-A .grade,.grade-B .grade{color:#2b8a3e}.grade-C .grade{color:var(--med)}.grade-D .grade{color:var(--high)}.grade-F .grade{color:var(--crit)}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
.counts td{text-align:center;font-weight:600}
.notice{border-radius:6px;padding:10px 14px;margin:12px 0}.notice.error{background:#fff0f0;border:1px solid #f1a9a9}.notice.warn{background:#fff9e6;border:1px solid #f0d67a}
.filters{position:sticky;top:0;z-index:2;display:flex;gap:14px;flex-wrap:wrap;align-items:center;background:var(--bg);padding:10px 0;border-bottom:1px solid var(--line)}
select{font:inherit;padding:2px 4px}
.finding{background:#fff;border:1px solid var(--line);border-left:5px solid var(--info);border-radius:6px;padding:10px 14px;margin:12px 0}
.finding.sev-critical{border-left-color:var(--crit)}.finding.sev-high{border-left-color:var(--high)}.finding.sev-medium{border-left-color:var(--med)}.finding.sev-low{border-left-color:var(--low)}
.finding[data-status="suppressed"],.finding[data-status="baselined"]{opacity:.75}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:11px;font-weight:700;text-transform:uppercase;color:#fff;background:var(--info)}
.badge.sev-critical{background:var(--crit)}.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--med)}.badge.sev-low{background:var(--low)}
.badge.class{background:#495057}.badge.accepted{background:#868e96}.title{font-weight:600}.message{margin:6px 0}
dl{display:grid;grid-template-columns:110px 1fr;gap:2px 10px;margin:6px 0}dt{color:#5c6670}dd{margin:0}.remediation{white-space:pre-wrap}
pre{background:#f1f3f5;padding:8px;overflow:auto;max-height:360px;font-size:12px}
.graph{overflow-x:auto;margin:8px 0}.graph h4{margin:4px 0}
.path-graph .node rect{fill:#eef3ff;stroke:#4c6ef5;stroke-width:1.5}.path-graph .node.start rect{fill:#fff4e6;stroke:var(--high)}.path-graph .node.end rect{fill:#fff0f0;stroke:var(--crit)}
.path-graph text{font:12px system-ui,sans-serif;fill:#1d2127}.path-graph .sub{font-size:10px;fill:#5c6670}.path-graph .name{font-weight:600}
.path-graph .edge path{fill:none;stroke:#495057;stroke-width:1.5}.path-graph .edge polygon{fill:#495057}.path-graph .edge.conditional path{stroke-dasharray:5 4}
.path-graph .edge text{font-size:11px;fill:#343a40}
.controls .status{white-space:nowrap}.controls .status-fail .status{color:var(--crit);font-weight:700}.controls .status-pass .status{color:#2b8a3e;font-weight:700}.controls .status-not-covered .status{color:#5c6670}
code.not-evaluated{text-decoration:line-through}
.hidden{display:none}
`

const JS = `
(function () {
  var ids = ['f-severity', 'f-class', 'f-account', 'f-env', 'f-status'];
  var keys = ['severity', 'class', 'account', 'env', 'status'];
  var cards = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var shown = document.getElementById('shown');
  function apply() {
    var want = ids.map(function (id) { var el = document.getElementById(id); return el ? el.value : ''; });
    var n = 0;
    cards.forEach(function (card) {
      var ok = keys.every(function (k, i) { return !want[i] || card.dataset[k] === want[i]; });
      card.classList.toggle('hidden', !ok);
      if (ok) n++;
    });
    if (shown) shown.textContent = n + ' of ' + cards.length + ' findings shown';
  }
  ids.forEach(function (id) { var el = document.getElementById(id); if (el) el.addEventListener('change', apply); });
  apply();
})();
`

export function render(report: Report, _ctx?: RenderContext): string {
  const findings = [...report.findings].sort(
    (a, b) => (a.suppressed ? 1 : 0) - (b.suppressed ? 1 : 0) || severityRank(b.severity) - severityRank(a.severity),
  )
  const compliance = isComplianceSection(report.compliance) ? complianceHtml(report.compliance) : ''
  const accounts = report.accounts.map((a) => `${esc(a.name)} (${esc(a.id)}, ${esc(a.environment)})`).join(', ')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bulkhead report: ${report.score.value}/100 (${report.score.grade})</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>bulkhead report</h1>
<p class="muted">${esc(report.source.kind)}${report.source.path ? ` ${esc(report.source.path)}` : ''} collected ${esc(report.source.collectedAt)} · generated ${esc(report.generatedAt)} by bulkhead ${esc(report.tool.version)}<br>Accounts: ${accounts || 'none'}</p>
${scoreCards(report)}
${countsTable(report)}
${notices(report)}
<h2>Findings</h2>
${findings.length ? filters(report) + findings.map(findingCard).join('\n') : '<p>No findings.</p>'}
${compliance}
${skippedHtml(report)}
</main>
<script>${JS}</script>
</body>
</html>
`
}
