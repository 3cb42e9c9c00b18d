// A check is data + one pure function (ESLint's meta + create). defineCheck fills what the
// declaration knows into every finding, as typescript-eslint's createRule fills the docs URL.
import { createHash } from 'node:crypto'
import type { EnvironmentDecision, Inventory, Principal, ResourceRef } from '../inventory/types.js'
import type { IamEngine } from '../iam/engine.js'
import { describeDecision } from '../inventory/environment.js'

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]
export const RISK_CLASSES = ['isolation', 'backup', 'privilege'] as const
export type RiskClass = (typeof RISK_CLASSES)[number]
export const FRAMEWORKS = ['cis-aws', 'nist-800-53', 'soc2', 'iso-27001'] as const
export type Framework = (typeof FRAMEWORKS)[number]

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s) // critical 5 … info 1
}

// ---------------------------------------------------------------------------------------------
// Options: one place per threshold; feeds `bulkhead schema config` and the evidence.

export interface OptionSpec<T> {
  kind: 'integer' | 'string' | 'stringList'
  default: T
  doc: string
  min?: number
  max?: number
  /** JSON Schema fragment for the config schema */
  schema: Record<string, unknown>
}

export function integer(o: { default: number; doc: string; min?: number; max?: number }): OptionSpec<number> {
  return { kind: 'integer', ...o, schema: { type: 'integer', minimum: o.min, maximum: o.max, default: o.default, description: o.doc } }
}
export function stringList(o: { default: string[]; doc: string }): OptionSpec<string[]> {
  return { kind: 'stringList', ...o, schema: { type: 'array', items: { type: 'string' }, default: o.default, description: o.doc } }
}

type OptionSpecs = Record<string, OptionSpec<unknown>>
type OptionValues<O extends OptionSpecs> = { [K in keyof O]: O[K]['default'] }

// ---------------------------------------------------------------------------------------------
// Findings

export interface FindingLocation {
  /** path of the file: snapshot-relative for cloud resources, workspace path for tokens */
  file: string
  line?: number
}

export interface Suppression {
  kind: 'suppression' | 'baseline'
  reason: string
  owner?: string
  expires?: string
}

export interface Finding {
  fingerprint: string
  checkId: string
  title: string
  severity: Severity
  riskClass: RiskClass
  accountId: string
  region: string
  environment: string
  /** the spec §3 rule that classified the resource, e.g. "tag Environment=staging" */
  environmentRule: string
  resource: { arn: string; type: string }
  principal?: { arn: string }
  message: string
  evidence: Record<string, unknown>
  remediation: string
  compliance: Partial<Record<Framework, string[]>>
  location: FindingLocation
  suppressed?: Suppression
}

export interface FindingInput {
  resource: ResourceRef | { arn: string; type: string; accountId: string; region: string; environment: EnvironmentDecision; source: string }
  principal?: Principal | { arn: string }
  /** overrides the check's default severity; say why in the message */
  severity?: Severity
  message: string
  evidence?: Record<string, unknown>
  location?: FindingLocation
  /**
   * Tells apart several findings of one check on one resource (two tokens in one file): joins
   * the fingerprint, since the executor keeps one finding per fingerprint. Never a secret.
   */
  key?: string
}

export function fingerprintOf(checkId: string, resourceArn: string, principalArn?: string, key?: string): string {
  return createHash('sha256')
    .update(`${checkId}\u0000${resourceArn}\u0000${principalArn ?? ''}${key === undefined ? '' : `\u0000${key}`}`)
    .digest('hex')
    .slice(0, 32)
}

// ---------------------------------------------------------------------------------------------
// Check declarations

export interface CheckContext<O extends OptionSpecs> {
  inventory: Inventory
  options: OptionValues<O>
  /** the shared IAM engine of this scan, built once on first use */
  readonly iam: IamEngine
  finding(input: FindingInput): Finding
  /**
   * Record that part of this check could not be evaluated; `exempt` names a principal the check
   * does not judge by design (break-glass), which reports count once however many checks skip it.
   */
  skip(reason: string, exempt?: string): void
}

export interface CheckDeclaration<O extends OptionSpecs = OptionSpecs> {
  id: string
  /** old ids that still select this check (a rename keeps them working) */
  aliases?: string[]
  title: string
  riskClass: RiskClass
  severity: Severity
  description: string
  remediation: string
  references: string[]
  compliance: Partial<Record<Framework, string[]>>
  needs: import('../inventory/types.js').InventoryPart[]
  options?: O
  run(ctx: CheckContext<O>): Finding[]
}

export type Check = CheckDeclaration<OptionSpecs>

export function defineCheck<O extends OptionSpecs = Record<string, never>>(decl: CheckDeclaration<O>): Check {
  return decl as unknown as Check
}

/** Build the finding() helper for one check. */
export function findingFactory(check: Check): (input: FindingInput) => Finding {
  return (input) => {
    const r = input.resource
    const principalArn = input.principal?.arn
    return {
      fingerprint: fingerprintOf(check.id, r.arn, principalArn, input.key),
      checkId: check.id,
      title: check.title,
      severity: input.severity ?? check.severity,
      riskClass: check.riskClass,
      accountId: r.accountId,
      region: r.region,
      environment: r.environment.environment,
      environmentRule: describeDecision(r.environment),
      resource: { arn: r.arn, type: r.type },
      ...(principalArn ? { principal: { arn: principalArn } } : {}),
      message: input.message,
      evidence: input.evidence ?? {},
      remediation: check.remediation,
      compliance: check.compliance,
      location: input.location ?? { file: r.source },
    }
  }
}
