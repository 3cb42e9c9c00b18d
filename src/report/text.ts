// The human report for a terminal: the score first, then what to fix, worst first.
// Colour comes from a Chalk instance built from ctx.color, never from global detection, so
// --no-color, pipes and tests get plain text whatever the environment says.
import { Chalk, type ChalkInstance } from 'chalk'
import { RISK_CLASSES, SEVERITIES, type Finding, type Severity } from '../checks/define.js'
import type { Grade, Report } from './model.js'
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
  const grade: Record<Grade['grade'], Paint> = {
    A: (s) => c.bold.green(s), B: (s) => c.green(s), C: (s) => c.yellow(s), D: (s) => c.red(s), F: (s) => c.bold.red(s),
  }
  return { severity, grade, dim: (s: string) => c.dim(s), bold: (s: string) => c.bold(s), warn: (s: string) => c.yellow(s) }
}
type Palette = ReturnType<typeof palette>

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function header(r: Report, p: Palette): string[] {
  const source = [r.source.kind, r.source.path].filter(Boolean).join(' ')
  return [
    p.bold(`bulkhead ${r.tool.version}`) + p.dim(` · ${source} · collected ${r.source.collectedAt} · ${plural(r.accounts.length, 'account')}`),
    '',
    `Score ${p.grade[r.score.grade](`${r.score.value}/100 grade ${r.score.grade}`)}   ` +
      RISK_CLASSES.map((c) => `${c} ${r.score.byRiskClass[c]}`).join(' · '),
    SEVERITIES.map((s) => p.severity[s](`${r.summary[s]} ${s}`)).join(' · ') +
      p.dim(`   ${plural(r.summary.checksRun, 'check')} run · ${r.summary.checksSkipped} skipped · ` +
        `${r.summary.suppressed} suppressed · ${r.summary.baselined} baselined`),
  ]
}

function resourceOf(f: Finding): string {
  return f.location.line && f.resource.arn.startsWith('workspace:') ? `${f.resource.arn}:${f.location.line}` : f.resource.arn
}

function findingLines(f: Finding, p: Palette): string[] {
  const lines = [`    ${p.severity[f.severity](f.checkId)}  ${resourceOf(f)}  ${f.message}`]
  if (f.principal && f.principal.arn !== f.resource.arn) lines.push(p.dim(`      principal ${f.principal.arn}`))
  pathSteps(f).forEach((step, i) => lines.push(p.dim(`      ${i + 1}. ${step}`)))
  return lines
}

function findingsSection(r: Report, p: Palette): string[] {
  const open = r.findings.filter((f) => !f.suppressed)
  if (open.length === 0) return ['', 'No findings.']
  const lines: string[] = []
  for (const s of SEVERITIES) {
    const ofSeverity = open.filter((f) => f.severity === s)
    if (ofSeverity.length === 0) continue
    lines.push('', p.severity[s](`${s.toUpperCase()} (${ofSeverity.length})`))
    for (const c of RISK_CLASSES) {
      const ofClass = ofSeverity.filter((f) => f.riskClass === c)
      if (ofClass.length === 0) continue
      lines.push(`  ${p.bold(c)}`, ...ofClass.flatMap((f) => findingLines(f, p)))
    }
  }
  return lines
}

function tailSections(r: Report, p: Palette): string[] {
  const lines: string[] = []
  const hidden = r.findings.filter((f) => f.suppressed)
  if (hidden.length > 0) {
    const baselined = hidden.filter((f) => f.suppressed?.kind === 'baseline').length
    lines.push('', p.dim(`${hidden.length - baselined} suppressed and ${baselined} baselined finding(s) not shown (see --format json)`))
  }
  if (r.skipped.length > 0) lines.push('', p.bold(`Skipped (${r.skipped.length})`), ...r.skipped.map((s) => `  ${s.checkId}: ${s.reason}`))
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
  return `${[...header(report, p), ...findingsSection(report, p), ...tailSections(report, p)].join('\n')}\n`
}
