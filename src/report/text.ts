// The human report for a terminal: what to fix first (the plan, spec §9) with the findings grouped
// by the change that removes them, then the score, then everything else, one line per check.
// `verbose` gives every finding with its message and every step of its path; `quiet` the summary.
// Colour comes from a Chalk instance built from ctx.color, never from global detection, so
// --no-color, pipes and tests get plain text whatever the environment says.
import { Chalk, type ChalkInstance } from 'chalk'
import { RISK_CLASSES, SEVERITIES, type Finding, type Severity } from '../checks/define.js'
import { changeOf } from '../plan/order.js'
import { notAssessed } from '../score/score.js'
import { isComplianceSection } from './compliance.js'
import type { Grade, Report } from './model.js'
import { fixFirstLine, groupedLabels, shortName, whereOf } from './plan-text.js'
import type { RenderContext } from './render.js'
import { incompleteness } from './verdict.js'
import { pathSteps } from './steps.js'
import { printableDeep } from './printable.js'

type Paint = (s: string) => string

function palette(c: ChalkInstance) {
  const severity: Record<Severity, Paint> = {
    critical: (s) => c.bold.red(s),
    high: (s) => c.red(s),
    medium: (s) => c.yellow(s),
    low: (s) => c.blue(s),
    info: (s) => c.gray(s),
  }
  const grade: Record<NonNullable<Grade['grade']>, Paint> = {
    A: (s) => c.bold.green(s), B: (s) => c.green(s), C: (s) => c.yellow(s), D: (s) => c.red(s), F: (s) => c.bold.red(s),
  }
  return { severity, grade, dim: (s: string) => c.dim(s), bold: (s: string) => c.bold(s), warn: (s: string) => c.yellow(s) }
}
type Palette = ReturnType<typeof palette>

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`

function sourceLine(r: Report): string {
  if (r.source.kind === 'workspace') return `workspace ${(r.source.workspaces ?? []).join(', ')}`
  const source = [r.source.kind, r.source.path].filter(Boolean).join(' ')
  return `${source} · collected ${r.source.collectedAt} · ${plural(r.accounts.length, 'account')}`
}

function scoreLine(r: Report, p: Palette): string {
  const s = r.score
  const classes = RISK_CLASSES.map((c) => `${c} ${s.byRiskClass[c] ?? 'not assessed'}`).join(' · ')
  const missing = notAssessed(s)
  const accepted = r.summary.suppressed + (r.summary.baselined ?? 0)
  const notes = [
    ...(missing.length && s.grade ? [`${RISK_CLASSES.length - missing.length} of ${RISK_CLASSES.length} risk classes assessed`] : []),
    ...(accepted ? [`${plural(accepted, 'accepted finding')} not counted`] : []),
  ]
  const value = s.grade ? p.grade[s.grade](`${s.value}/100 grade ${s.grade}`) : 'not assessed (no check ran)'
  return `Score ${value}${notes.length ? ` (${notes.join('; ')})` : ''}   ${classes}`
}

function countsLine(r: Report, p: Palette): string {
  const m = r.summary
  const checks = [
    `${plural(m.checksRun, 'check')} run`,
    `${m.checksSkipped} not run`,
    ...(m.checksPartial ? [`${m.checksPartial} in part`] : []),
    ...(m.exemptPrincipals ? [`${plural(m.exemptPrincipals, 'principal')} exempt`] : []),
    `${m.suppressed} suppressed`, `${m.baselined ?? 0} baselined`,
  ]
  return SEVERITIES.map((s) => p.severity[s](`${m[s]} ${s}`)).join(' · ') + p.dim(`   ${checks.join(' · ')}`)
}

function complianceLines(r: Report): string[] {
  if (!isComplianceSection(r.compliance)) return []
  const c = r.compliance
  const failing = c.controls.filter((x) => x.status === 'fail').map((x) => x.id)
  return [`${c.name} ${c.version}: ${c.totals.fail} failing, ${c.totals.pass} passing, ${c.totals['not-covered']} not covered` +
    (failing.length ? ` (failing: ${failing.slice(0, 12).join(', ')}${failing.length > 12 ? `, and ${failing.length - 12} more` : ''})` : '')]
}

function title(r: Report, p: Palette): string {
  return p.bold(`bulkhead ${r.tool.version}`) + p.dim(` · ${sourceLine(r)}`)
}

function summary(r: Report, p: Palette): string[] {
  return ['', scoreLine(r, p), countsLine(r, p), ...complianceLines(r)]
}

const open = (r: Report) => r.findings.filter((f) => !f.suppressed)

/** The plan, and under each change the findings it is the first to remove. */
function planSection(r: Report, p: Palette): string[] {
  const plan = r.plan
  if (!plan) return []
  const lines = ['', p.bold(fixFirstLine(plan))]
  const byFp = new Map(open(r).map((f) => [f.fingerprint, f]))
  const first = changeOf(plan)
  plan.changes.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${c.title}`)
    const mine = c.removes.map((fp) => byFp.get(fp)).filter((f): f is Finding => !!f && first.get(f.fingerprint) === i)
    // findings that need another change too, apart from those this one removes alone
    const key = (f: Finding) => (c.with?.[f.fingerprint] ?? []).map((id) => plan.changes.findIndex((x) => x.id === id) + 1).sort().join(', ')
    const parts = new Map<string, Finding[]>()
    for (const f of mine) parts.set(key(f), [...(parts.get(key(f)) ?? []), f])
    for (const [others, fs] of parts) {
      for (const label of groupedLabels(fs)) lines.push(p.severity[fs[0].severity](`       ${label}`) + (others ? p.dim(` (with change ${others})`) : ''))
    }
  })
  if (plan.remaining.length) {
    lines.push('  Not removed by any change of the catalogue:')
    const byReason = new Map<string, Finding[]>()
    for (const rem of plan.remaining) {
      const f = byFp.get(rem.fingerprint)
      if (f) byReason.set(`${f.checkId}\u0000${rem.reason}`, [...(byReason.get(`${f.checkId}\u0000${rem.reason}`) ?? []), f])
    }
    for (const [key, fs] of byReason) {
      const reason = key.split('\u0000')[1]
      lines.push(`       ${fs[0].checkId}  ${[...new Set(fs.map(whereOf))].join(', ')}: ${reason}`)
    }
  }
  if (plan.changes.length) lines.push(p.dim('  bulkhead fix (the same flags) prints each change\'s new policy, AWS CLI commands and JSON patch; --verify proves them'))
  return lines
}

function resourceOf(f: Finding): string {
  return f.location.line && f.resource.arn.startsWith('workspace:') ? `${f.resource.arn}:${f.location.line}` : f.resource.arn
}

function findingLines(f: Finding, p: Palette, change: number | undefined): string[] {
  const tag = change !== undefined ? p.dim(`  [fix ${change + 1}]`) : ''
  const lines = [`    ${p.severity[f.severity](f.checkId)}  ${resourceOf(f)}  ${f.message}${tag}`]
  if (f.principal && f.principal.arn !== f.resource.arn) lines.push(p.dim(`      principal ${f.principal.arn}`))
  pathSteps(f).forEach((step, i) => lines.push(p.dim(`      ${i + 1}. ${step}`)))
  return lines
}

/** verbose: every finding in the report's one order, with its message and path. */
function everyFinding(r: Report, p: Palette): string[] {
  const fs = open(r)
  if (fs.length === 0) return ['', 'No findings.']
  const change = changeOf(r.plan)
  const lines: string[] = []
  for (const s of SEVERITIES) {
    const of = fs.filter((f) => f.severity === s)
    if (of.length === 0) continue
    lines.push('', p.severity[s](`${s.toUpperCase()} (${of.length})`), ...of.flatMap((f) => findingLines(f, p, change.get(f.fingerprint))))
  }
  return lines
}

/** default: the severities the plan does not list, one line per check with the resources it names. */
function briefFindings(r: Report, p: Palette): string[] {
  const fs = open(r)
  if (fs.length === 0) return ['', 'No findings.']
  const listed = new Set([...(r.plan?.changes.flatMap((c) => c.removes) ?? []), ...(r.plan?.remaining.map((x) => x.fingerprint) ?? [])])
  const lines: string[] = []
  for (const s of SEVERITIES) {
    const of = fs.filter((f) => f.severity === s && !listed.has(f.fingerprint))
    if (of.length === 0) continue
    lines.push('', p.severity[s](`${s.toUpperCase()} (${of.length})`))
    const byCheck = new Map<string, Finding[]>()
    for (const f of of) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f])
    for (const [id, group] of byCheck) {
      const where = [...new Set(group.map(whereOf))]
      const who = [...new Set(group.flatMap((f) => (f.principal && f.principal.arn !== f.resource.arn && !f.resource.arn.startsWith('workspace:') ? [shortName(f.principal.arn)] : [])))]
      lines.push(`  ${p.severity[s](id)}${group.length > 1 ? ` (${group.length})` : ''}  ${where.join(', ')}${who.length ? `  by ${who.join(', ')}` : ''}`)
    }
  }
  return lines
}

function skippedSections(r: Report, p: Palette, verbose: boolean): string[] {
  const lines: string[] = []
  const notRun = r.skipped.filter((s) => s.kind === 'not-run')
  const partial = r.skipped.filter((s) => (s.kind ?? 'partial') === 'partial' && !notRun.some((n) => n.checkId === s.checkId))
  const exempt = r.skipped.filter((s) => s.kind === 'exempt')
  if (notRun.length) {
    const byReason = new Map<string, string[]>()
    for (const s of notRun) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.checkId])
    lines.push('', p.bold(`Not run (${new Set(notRun.map((s) => s.checkId)).size})`), ...[...byReason].map(([reason, ids]) => `  ${[...new Set(ids)].join(', ')}: ${reason}`))
  }
  if (partial.length) {
    const byCheck = new Map<string, string[]>()
    for (const s of partial) byCheck.set(s.checkId, [...(byCheck.get(s.checkId) ?? []), s.reason])
    lines.push('', p.bold(`Run in part (${byCheck.size})`))
    for (const [id, reasons] of byCheck) {
      const shown = verbose ? reasons : reasons.slice(0, 1)
      lines.push(...shown.map((reason) => `  ${id}: ${reason}`), ...(reasons.length > shown.length ? [p.dim(`  ${id}: and ${reasons.length - shown.length} more (--verbose)`)] : []))
    }
  }
  if (exempt.length) {
    const byPrincipal = new Map<string, Set<string>>()
    for (const s of exempt) {
      const who = s.principal ?? s.reason
      byPrincipal.set(who, (byPrincipal.get(who) ?? new Set()).add(s.checkId))
    }
    lines.push('', p.bold(`Exempt (${plural(byPrincipal.size, 'break-glass principal')}, expected to hold destructive power)`))
    for (const [who, ids] of byPrincipal) lines.push(`  ${who}: not judged by ${verbose ? [...ids].join(', ') : plural(ids.size, 'check')}`)
  }
  return lines
}

function tailSections(r: Report, p: Palette, verbose: boolean): string[] {
  const lines: string[] = []
  const hidden = r.findings.filter((f) => f.suppressed)
  if (hidden.length > 0) {
    const baselined = hidden.filter((f) => f.suppressed?.kind === 'baseline').length
    lines.push('', p.dim(`${hidden.length - baselined} suppressed and ${baselined} baselined finding(s) not shown (see --format json)`))
  }
  lines.push(...skippedSections(r, p, verbose), ...errorSections(r, p))
  return lines
}

function errorSections(r: Report, p: Palette): string[] {
  const lines: string[] = []
  if (r.errors.length > 0) {
    lines.push('', p.warn(`Errors (${r.errors.length})`))
    for (const e of r.errors) {
      const where = [e.accountId, e.region].filter(Boolean).join('/')
      lines.push(`  ${where ? `${where} ` : ''}${e.operation}${e.file ? ` (${e.file})` : ''}: ${e.message}`)
    }
  }
  if (r.warnings && r.warnings.length > 0) lines.push('', p.warn(`Warnings (${r.warnings.length})`), ...r.warnings.map((w) => `  ${w}`))
  const gaps = incompleteness(r).length
  if (gaps > 0) lines.push('', p.warn(`The scan is incomplete (${plural(gaps, 'gap')}): a clean result here is not a clean account.`))
  return lines
}

export function render(data: Report, ctx: RenderContext): string {
  const p = palette(new Chalk({ level: ctx.color ? 1 : 0 }))
  // the only control characters on the terminal are ours: colours and line breaks
  const report = printableDeep(data)
  // the report opens with what to fix first; the score and counts follow it
  if (ctx.quiet) {
    const headline = report.plan ? ['', p.bold(fixFirstLine(report.plan))] : []
    return `${[title(report, p), ...headline, ...summary(report, p), ...errorSections(report, p)].join('\n')}\n`
  }
  const body = ctx.verbose ? everyFinding(report, p) : briefFindings(report, p)
  return `${[title(report, p), ...planSection(report, p), ...summary(report, p), ...body, ...tailSections(report, p, !!ctx.verbose)].join('\n')}\n`
}
