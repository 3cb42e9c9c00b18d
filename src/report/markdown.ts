// Markdown for PR comments and the GitHub step summary ($GITHUB_STEP_SUMMARY). GitHub refuses a
// comment over 65,536 characters, so the findings table stops early with "… and N more findings"
// and the whole text stays under MAX_MARKDOWN_CHARS.
import { SEVERITIES, RISK_CLASSES, severityRank, type Finding } from '../checks/define.js'
import { isComplianceSection } from './compliance.js'
import type { Report } from './model.js'
import type { RenderContext } from './render.js'
import { printableDeep } from './printable.js'

export const MAX_MARKDOWN_CHARS = 65_000
/** rows of the findings table before it is cut, whatever the length */
export const MAX_FINDING_ROWS = 100

const ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' }

/** A table cell: no pipe, no newline, no HTML; long values cut. */
export function cell(s: string, max = 300): string {
  const flat = s.replace(/\r?\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

const code = (s: string): string => (s.includes('`') ? cell(s) : `\`${cell(s)}\``)

function header(report: Report): string[] {
  const { score, summary } = report
  const partial = report.errors.length > 0
  return [
    `## bulkhead: score ${score.value}/100, grade ${score.grade}`,
    '',
    `Isolation **${score.byRiskClass.isolation}** · Backup **${score.byRiskClass.backup}** · Privilege **${score.byRiskClass.privilege}**` +
      ` — ${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'}, ${report.source.kind} collected ${report.source.collectedAt}` +
      (partial ? ` — ⚠️ **partial scan**: ${report.errors.length} collection error${report.errors.length === 1 ? '' : 's'}` : ''),
    '',
    '| Severity | Open |',
    '|---|---:|',
    ...SEVERITIES.map((s) => `| ${ICON[s]} ${s} | ${summary[s]} |`),
    `| suppressed | ${summary.suppressed} |`,
    `| baselined | ${summary.baselined ?? 0} |`,
    '',
    `${summary.checksRun} checks run, ${summary.checksSkipped} with parts skipped.`,
  ]
}

function row(f: Finding): string {
  const who = f.principal ? `${code(f.principal.arn)} → ` : ''
  return `| ${ICON[f.severity]} ${f.severity} | ${code(f.checkId)} | ${who}${code(f.resource.arn)} | ${f.environment} | ${cell(f.message)} |`
}

function complianceLine(report: Report): string[] {
  if (!isComplianceSection(report.compliance)) return []
  const c = report.compliance
  const failing = c.controls.filter((x) => x.status === 'fail').map((x) => x.id)
  const shown = failing.slice(0, 30).map((id) => `\`${id}\``).join(', ')
  return [
    '',
    `**${c.name} ${c.version}**: ${c.totals.fail} failing, ${c.totals.pass} passing, ${c.totals['not-covered']} not covered` +
      (failing.length ? ` — failing: ${shown}${failing.length > 30 ? `, … (${failing.length - 30} more)` : ''}` : ''),
  ]
}

function tail(report: Report): string[] {
  const out: string[] = [...complianceLine(report)]
  if (report.warnings?.length) out.push('', '**Warnings**', '', ...report.warnings.slice(0, 20).map((w) => `- ${cell(w, 500)}`))
  if (report.errors.length) {
    out.push('', '**Not collected** (the scan is incomplete)', '', ...report.errors.slice(0, 20).map((e) => `- ${cell(`${[e.accountId, e.region].filter(Boolean).join('/')} ${e.operation}: ${e.message}`, 500)}`))
  }
  return out
}

export function render(data: Report, _ctx?: RenderContext): string {
  // read in terminals and diffs too: no escape sequence or line break from the data
  const report = printableDeep(data, { lineBreaks: 'space' })
  const open = report.findings
    .filter((f) => !f.suppressed)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || RISK_CLASSES.indexOf(a.riskClass) - RISK_CLASSES.indexOf(b.riskClass))
  const head = header(report)
  const end = tail(report)
  const lines = [...head]
  if (open.length === 0) {
    lines.push('', '✅ No open findings.')
  } else {
    lines.push('', `### Top findings (${open.length} open)`, '', '| Severity | Check | Resource | Env | Finding |', '|---|---|---|---|---|')
    const footer = (n: number) => `\n_… and ${n} more finding${n === 1 ? '' : 's'} (see the full JSON, SARIF or HTML report)._`
    // room for the longest possible footer and the tail, so adding them never crosses the limit
    let used = lines.join('\n').length + footer(open.length).length + end.join('\n').length + 2
    let shown = 0
    for (const f of open) {
      const r = row(f)
      if (shown >= MAX_FINDING_ROWS || used + r.length + 1 > MAX_MARKDOWN_CHARS) break
      lines.push(r)
      used += r.length + 1
      shown++
    }
    if (shown < open.length) lines.push(footer(open.length - shown))
  }
  return `${[...lines, ...end].join('\n')}\n`
}
