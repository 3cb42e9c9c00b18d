// CSV for auditors' spreadsheets (RFC 4180: CRLF line ends, a field with a comma, quote or line
// break is quoted and its quotes doubled). A field that a spreadsheet would run as a formula
// (leading = + - @ or a tab/CR) gets a leading apostrophe (OWASP "CSV injection"). Control
// characters (an escape sequence in a file name) become visible escapes as in text: the CSV is
// printed on a terminal as often as it is opened in a spreadsheet.
import { FRAMEWORKS } from '../checks/define.js'
import { isComplianceSection, type ComplianceSection } from './compliance.js'
import type { Report } from './model.js'
import { printable } from './printable.js'
import type { RenderContext } from './render.js'

export function csvField(value: string | number | undefined): string {
  let s = value === undefined ? '' : printable(String(value))
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(rows: (string | number | undefined)[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

const FINDING_COLUMNS = [
  'severity', 'checkId', 'title', 'riskClass', 'accountId', 'region', 'environment', 'resourceArn', 'resourceType',
  'principalArn', 'message', 'remediation', 'status', 'suppressionReason', 'suppressionOwner', 'suppressionExpires',
  'location', 'fingerprint', ...FRAMEWORKS.map((f) => `compliance:${f}`),
]

/**
 * One row per finding, suppressed and baselined ones included and marked. With --compliance, two
 * columns more: the framework, and the controls of it the finding fails.
 */
export function findingsCsv(report: Report): string {
  const section = isComplianceSection(report.compliance) ? report.compliance : undefined
  const failing = (checkId: string) => section?.controls.filter((c) => c.status === 'fail' && c.checks.includes(checkId)).map((c) => c.id).join(' ') ?? ''
  return toCsv([
    [...FINDING_COLUMNS, ...(section ? ['framework', 'controls'] : [])],
    ...report.findings.map((f) => [
      f.severity, f.checkId, f.title, f.riskClass, f.accountId, f.region, f.environment, f.resource.arn, f.resource.type,
      f.principal?.arn, f.message, f.remediation,
      f.suppressed ? (f.suppressed.kind === 'baseline' ? 'baselined' : 'suppressed') : 'open',
      f.suppressed?.reason, f.suppressed?.owner, f.suppressed?.expires,
      `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}`, f.fingerprint,
      ...FRAMEWORKS.map((fw) => (f.compliance[fw] ?? []).join(' ')),
      ...(section ? [`${section.name} ${section.version}`, failing(f.checkId)] : []),
    ]),
  ])
}

/** One row per control of a --compliance section. */
export function complianceCsv(section: ComplianceSection): string {
  return toCsv([
    ['framework', 'version', 'controlId', 'title', 'status', 'checks', 'checksNotEvaluated', 'openFindings', 'acceptedFindings'],
    ...section.controls.map((c) => [
      section.name, section.version, c.id, c.title, c.status, c.checks.join(' '), c.checksNotEvaluated.join(' '), c.openFindings, c.acceptedFindings,
    ]),
  ])
}

export function render(report: Report, _ctx?: RenderContext): string {
  return findingsCsv(report)
}
