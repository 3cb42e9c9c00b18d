// One reporter per format, each a pure `render(report, ctx) => string`, loaded lazily so
// `bulkhead --help` and a JSON scan never load the HTML template. A new format = one line here.
import type { CheckDeclaration } from '../checks/define.js'
import type { Report } from './model.js'

/** What a reporter may know about a check: its declaration without `run`, `needs` or options. */
export type CheckMeta = Pick<
  CheckDeclaration,
  'id' | 'title' | 'riskClass' | 'severity' | 'description' | 'remediation' | 'references' | 'compliance'
>

export interface RenderContext {
  /** ANSI colours (text only); false means not a single escape code */
  color: boolean
  /** every check of the catalogue that was selected, for rule metadata (SARIF, JUnit, ...) */
  checks: CheckMeta[]
}

export type Reporter = (report: Report, ctx: RenderContext) => string

export const REPORTERS = {
  text: () => import('./text.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  junit: () => import('./junit.js'),
  markdown: () => import('./markdown.js'),
  html: () => import('./html.js'),
  csv: () => import('./csv.js'),
  ocsf: () => import('./ocsf.js'),
  asff: () => import('./asff.js'),
} satisfies Record<string, () => Promise<{ render: Reporter }>>

export type ReportFormat = keyof typeof REPORTERS

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(REPORTERS, name)
}

export async function loadReporter(format: ReportFormat): Promise<Reporter> {
  return (await REPORTERS[format]()).render
}

export function toCheckMeta(c: CheckMeta): CheckMeta {
  const { id, title, riskClass, severity, description, remediation, references, compliance } = c
  return { id, title, riskClass, severity, description, remediation, references, compliance }
}
