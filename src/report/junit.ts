// JUnit XML for CI test tabs (GitLab `artifacts:reports:junit`, Jenkins, Azure): one testsuite per
// check, one testcase per check × resource. A failure is an unsuppressed finding; a testcase whose
// findings are all suppressed or baselined is skipped (accepted, not clean); a check without
// findings is one passing testcase named after it, or skipped when data it needs was not collected
// (spec §2: never "clean" on missing data). Validated against Jenkins' junit-10.xsd in tests.
import { severityRank, type Finding } from '../checks/define.js'
import type { Report } from './model.js'
import { printableDeep } from './printable.js'
import type { CheckMeta, RenderContext } from './render.js'
import { append } from '../group.js'

// XML 1.0 allows only these characters; anything else (e.g. a stray control byte in a resource
// name) would make the whole file unparsable, so it is replaced.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('')

interface Case {
  name: string
  classname: string
  body: string
  outcome: 'pass' | 'failure' | 'skipped'
}

function findingLines(f: Finding): string {
  return [
    `${f.severity.toUpperCase()} ${f.checkId}: ${f.message}`,
    `resource: ${f.resource.arn} (${f.resource.type}, account ${f.accountId}, ${f.region}, ${f.environment})`,
    ...(f.principal ? [`principal: ${f.principal.arn}`] : []),
    `location: ${f.location.file}${f.location.line ? `:${f.location.line}` : ''}`,
    `fingerprint: ${f.fingerprint}`,
    `remediation: ${f.remediation}`,
    ...(f.suppressed ? [`${f.suppressed.kind === 'baseline' ? 'baselined' : 'suppressed'}: ${f.suppressed.reason}${f.suppressed.owner ? ` (owner ${f.suppressed.owner}${f.suppressed.expires ? `, until ${f.suppressed.expires}` : ''})` : ''}`] : []),
  ].join('\n')
}

function resourceCase(checkId: string, arn: string, findings: Finding[]): Case {
  const open = findings.filter((f) => !f.suppressed).sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
  const body = findings.map(findingLines).join('\n\n')
  if (open.length === 0) {
    const why = findings.map((f) => f.suppressed!.reason).filter((r, i, all) => all.indexOf(r) === i).join('; ')
    return { name: arn, classname: checkId, outcome: 'skipped', body: `<skipped${attrs({ message: `accepted: ${why}` })}>${xmlText(body)}</skipped>` }
  }
  const worst = open[0]
  const message = open.length === 1 ? worst.message : `${worst.message} (and ${open.length - 1} more on this resource)`
  return { name: arn, classname: checkId, outcome: 'failure', body: `<failure${attrs({ message, type: worst.severity })}>${xmlText(body)}</failure>` }
}

function checkCases(check: Pick<CheckMeta, 'id' | 'title'>, findings: Finding[], skipReasons: string[]): Case[] {
  if (findings.length === 0) {
    if (skipReasons.length > 0) {
      const body = `<skipped${attrs({ message: `not evaluated: ${skipReasons[0]}${skipReasons.length > 1 ? ` (+${skipReasons.length - 1} more)` : ''}` })}>${xmlText(skipReasons.join('\n'))}</skipped>`
      return [{ name: check.id, classname: check.id, outcome: 'skipped', body }]
    }
    return [{ name: check.id, classname: check.id, outcome: 'pass', body: '' }]
  }
  const byResource = new Map<string, Finding[]>()
  for (const f of findings) append(byResource, f.resource.arn, f)
  return [...byResource.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([arn, fs]) => resourceCase(check.id, arn, fs))
}

/** Skip reasons that mean the check could not look (data not collected), as opposed to choices. */
function notEvaluated(report: Report, checkId: string): string[] {
  return report.skipped.filter((s) => s.checkId === checkId && /\bnot collected\b|no --workspace given/.test(s.reason)).map((s) => s.reason)
}

export function render(data: Report, ctx: RenderContext): string {
  // data from the account or the workspace shows its control characters as escapes, as in text
  const report = printableDeep(data)
  const known = new Map(ctx.checks.map((c) => [c.id, c]))
  for (const f of report.findings) if (!known.has(f.checkId)) known.set(f.checkId, { id: f.checkId, title: f.title } as CheckMeta)
  const suites = [...known.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((check) => {
      const cases = checkCases(check, report.findings.filter((f) => f.checkId === check.id), notEvaluated(report, check.id))
      const count = (o: Case['outcome']) => cases.filter((c) => c.outcome === o).length
      const head = `  <testsuite${attrs({ name: check.id, tests: cases.length, failures: count('failure'), errors: 0, skipped: count('skipped'), time: '0', timestamp: report.generatedAt.replace(/Z$/, ''), package: 'bulkhead' })}>`
      const props = `    <properties>\n      <property${attrs({ name: 'title', value: check.title })}/>\n${check.riskClass ? `      <property${attrs({ name: 'riskClass', value: check.riskClass })}/>\n` : ''}    </properties>`
      const body = cases.map((c) =>
        c.body
          ? `    <testcase${attrs({ name: c.name, classname: c.classname, time: '0' })}>\n      ${c.body}\n    </testcase>`
          : `    <testcase${attrs({ name: c.name, classname: c.classname, time: '0' })}/>`,
      )
      return { xml: [head, props, ...body, '  </testsuite>'].join('\n'), tests: cases.length, failures: count('failure') }
    })
  const total = (k: 'tests' | 'failures') => suites.reduce((n, s) => n + s[k], 0)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'bulkhead', tests: total('tests'), failures: total('failures'), errors: 0, time: '0' })}>`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n')
}
