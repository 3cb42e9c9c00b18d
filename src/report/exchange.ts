// What the two exchange formats (OCSF, ASFF; spec §11) share: both go to consoles and SIEMs that
// show their strings to people, so every string is made printable and every AWS access key id
// masked; both carry the same finding types, taken from Security Hub's ASFF types taxonomy.
import type { Finding, Framework, RiskClass, Severity } from '../checks/define.js'
import type { Report } from './model.js'
import { printableDeep } from './printable.js'
import type { CheckMeta, RenderContext } from './render.js'

/** Access key ids (long-term AKIA, temporary ASIA) are credentials' names: shown as AKIA…KQD2. */
const ACCESS_KEY_ID = /(?<![A-Z0-9])(A(?:KIA|SIA))[A-Z0-9]{12}([A-Z0-9]{4})(?![A-Z0-9])/g

export function maskAccessKeyIds(s: string): string {
  return s.replace(ACCESS_KEY_ID, '$1…$2')
}

/** A copy of `value` with every string (keys too) printable and its access key ids masked. */
export function safeDeep<T>(value: T): T {
  const masked = (v: unknown): unknown => {
    if (typeof v === 'string') return maskAccessKeyIds(v)
    if (Array.isArray(v)) return v.map(masked)
    if (v === null || typeof v !== 'object') return v
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [maskAccessKeyIds(k), masked(x)]))
  }
  return masked(printableDeep(value)) as T
}

/** At most `max` UTF-16 code units (what the AWS limits count), ending in … when cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s
  let cut = max - 1
  // never split a surrogate pair
  if (cut > 0 && /[\uD800-\uDBFF]/.test(s[cut - 1])) cut -= 1
  return `${s.slice(0, cut)}…`
}

/**
 * ASFF finding types are `namespace/category/classifier`. Every bulkhead finding is a
 * configuration check of AWS best practice; mapped frameworks add the taxonomy's
 * "Industry and Regulatory Standards" classifiers.
 */
export const TYPE_NAMESPACE = 'Software and Configuration Checks'
const RISK_CLASS_TYPE: Readonly<Record<RiskClass, string>> = {
  isolation: 'Environment Isolation',
  backup: 'Backup and Recovery',
  privilege: 'Excessive Privilege',
}
const FRAMEWORK_TYPE: Readonly<Record<Framework, string>> = {
  'cis-aws': 'CIS AWS Foundations Benchmark',
  'nist-800-53': 'NIST 800-53 Controls (USA)',
  soc2: 'SOC 2',
  'iso-27001': 'ISO 27001 Controls',
}

export function findingTypes(f: Finding): string[] {
  return [
    `${TYPE_NAMESPACE}/AWS Security Best Practices/${RISK_CLASS_TYPE[f.riskClass]}`,
    ...mappedFrameworks(f).map((fw) => `${TYPE_NAMESPACE}/Industry and Regulatory Standards/${FRAMEWORK_TYPE[fw]}`),
  ]
}

/** Frameworks the finding maps at least one control of, in the catalogue's order. */
export function mappedFrameworks(f: Finding): Framework[] {
  return (Object.keys(FRAMEWORK_TYPE) as Framework[]).filter((fw) => (f.compliance[fw] ?? []).length > 0)
}

/** The compliance mapping without empty lists: `{ 'nist-800-53': ['CP-9'] }`. */
export function complianceOf(f: Finding): Partial<Record<Framework, string[]>> {
  return Object.fromEntries(mappedFrameworks(f).map((fw) => [fw, [...(f.compliance[fw] ?? [])]]))
}

/** The check's declaration, or what the finding itself knows of it (a check not in ctx). */
export function checkOf(ctx: RenderContext | undefined, f: Finding): Pick<CheckMeta, 'description' | 'references'> {
  const c = ctx?.checks.find((m) => m.id === f.checkId)
  return { description: c?.description ?? f.title, references: c?.references ?? [] }
}

export function accountName(report: Report, accountId: string): string | undefined {
  return report.accounts.find((a) => a.id === accountId)?.name
}

/** "open", or how the finding was accepted: a suppression (reason, owner, expiry) or a baseline. */
export function suppressionText(f: Finding): string | undefined {
  const s = f.suppressed
  if (!s) return undefined
  const detail = [s.owner ? `owner ${s.owner}` : '', s.expires ? `expires ${s.expires}` : ''].filter(Boolean).join(', ')
  return `${s.kind}: ${s.reason}${detail ? ` (${detail})` : ''}`
}

export const SEVERITY_CAPTION: Readonly<Record<Severity, string>> = {
  critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Informational',
}

/** `arn:<partition>:…` → the partition; a workspace file belongs to the commercial one. */
export function partitionOf(arn: string): string {
  const m = /^arn:(aws(?:-cn|-us-gov)?):/.exec(arn)
  return m ? m[1] : 'aws'
}
