// Markdown for PR comments and the GitHub step summary ($GITHUB_STEP_SUMMARY). GitHub refuses a
// comment over 65,536 characters, so the findings table stops early with "… and N more findings"
// and the whole text stays under MAX_MARKDOWN_CHARS.
import { SEVERITIES, type Finding } from '../checks/define.js'
import { notAssessed } from '../score/score.js'
import { fixFirstLine, shortName, whereOf } from './plan-text.js'
import { isComplianceSection } from './compliance.js'
import type { Report } from './model.js'
import type { RenderContext } from './render.js'
import { printableDeep } from './printable.js'

export const MAX_MARKDOWN_CHARS = 65_000
/** rows of the findings table before it is cut, whatever the length */
export const MAX_FINDING_ROWS = 100

const ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' }

/** A table cell: no pipe, no newline, no HTML; long values cut at a word, never inside one. */
export function cell(s: string, max = 300): string {
  const flat = s.replace(/\r?\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  // an escape (\| or &lt;) must not be split either: cut before the word that holds it
  return `${(space > max / 2 ? cut.slice(0, space) : cut.replace(/(\\|&[a-z]*)$/, '')).replace(/[\s,;(]+$/, '')} …`
}

const code = (s: string): string => (s.includes('`') ? cell(s) : `\`${cell(s)}\``)

const classScore = (v: number | null) => (v === null ? 'not assessed' : `**${v}**`)

function header(report: Report): string[] {
  const { score, summary } = report
  const partial = report.errors.length > 0
  const missing = notAssessed(score)
  const where = report.source.kind === 'workspace'
    ? `workspace ${(report.source.workspaces ?? []).join(', ')}`
    : `${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'}, ${report.source.kind} collected ${report.source.collectedAt}`
  const grade = score.grade ? `score ${score.value}/100, grade ${score.grade}${missing.length ? ` (${3 - missing.length} of 3 risk classes assessed)` : ''}` : 'not assessed (no check ran)'
  return [
    // after the plan, the score is a section of its own; without one it is the title
    ...(report.plan ? ['', `### ${grade[0].toUpperCase()}${grade.slice(1)}`] : [`## bulkhead: ${grade}`]),
    '',
    `Isolation ${classScore(score.byRiskClass.isolation)} · Backup ${classScore(score.byRiskClass.backup)} · Privilege ${classScore(score.byRiskClass.privilege)}` +
      ` — ${where}` +
      (partial ? ` — ⚠️ **partial scan**: ${report.errors.length} collection error${report.errors.length === 1 ? '' : 's'}` : ''),
    '',
    '| Severity | Open |',
    '|---|---:|',
    ...SEVERITIES.map((s) => `| ${ICON[s]} ${s} | ${summary[s]} |`),
    `| suppressed | ${summary.suppressed} |`,
    `| baselined | ${summary.baselined ?? 0} |`,
    '',
    `${summary.checksRun} checks run, ${summary.checksSkipped} not run` +
      `${summary.checksPartial ? `, ${summary.checksPartial} in part` : ''}${summary.exemptPrincipals ? `, ${summary.exemptPrincipals} break-glass principal${summary.exemptPrincipals === 1 ? '' : 's'} exempt` : ''}.`,
  ]
}

/** `unrecoverable-deletion` orders-prod (by deploy-prod, domain-bot), one per check and resource */
function labels(fs: Finding[]): string[] {
  const groups = new Map<string, { check: string; where: string; who: Set<string> }>()
  for (const f of fs) {
    const key = `${f.checkId}\u0000${whereOf(f)}`
    const g = groups.get(key) ?? { check: f.checkId, where: whereOf(f), who: new Set<string>() }
    if (f.principal && f.principal.arn !== f.resource.arn && !f.resource.arn.startsWith('workspace:')) g.who.add(shortName(f.principal.arn))
    groups.set(key, g)
  }
  return [...groups.values()].map((g) => `${code(g.check)} ${cell(g.where, 120)}${g.who.size ? ` (by ${cell([...g.who].join(', '), 200)})` : ''}`)
}

/** The plan first: each change, and the findings it removes (grouped by check and resource). */
function planLines(report: Report): string[] {
  const plan = report.plan
  if (!plan) return []
  const byFp = new Map(report.findings.map((f) => [f.fingerprint, f]))
  const lines = ['']
  plan.changes.forEach((c, i) => {
    const removed = c.removes.map((fp) => byFp.get(fp)).filter((f): f is Finding => !!f)
    lines.push(`${i + 1}. **${cell(c.title, 300)}** (cost ${c.cost}) — removes ${removed.length}: ${labels(removed).join('; ')}`)
  })
  if (plan.remaining.length) {
    lines.push('', `Not removed by any change of the catalogue: ${plan.remaining.map((r) => { const f = byFp.get(r.fingerprint); return `${code(r.checkId)} ${cell(f ? whereOf(f) : r.resource, 120)}` }).join(', ')}.`)
  }
  if (plan.changes.length) lines.push('', '`bulkhead fix` with the same flags prints each change\'s new policy, AWS CLI commands and JSON patch; `--verify` proves them.')
  return lines
}

function row(f: Finding): string {
  const who = f.principal && f.principal.arn !== f.resource.arn ? `${code(f.principal.arn)} → ` : ''
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
  // the report's one order (severity, then the plan's grouping): the same as every other format
  const open = report.findings.filter((f) => !f.suppressed)
  // it opens with what to fix first, then the score
  const head = report.plan ? [`## bulkhead · ${cell(fixFirstLine(report.plan), 500)}`, ...planLines(report), ...header(report)] : header(report)
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
