// Suppressions: accepted risks written in the config, each with a reason, an owner and an expiry,
// so an exception is a decision someone signs and revisits, never a silent mute. A suppressed
// finding stays in the report (flagged) but counts for neither --fail-on nor the score.
import type { Finding } from '../checks/define.js'
import { arnMatches } from '../inventory/environment.js'

export interface SuppressionRule {
  /** check id; at least one of check, resource, principal */
  check?: string
  /** ARN glob (`*` any run of characters, `?` one character) matched against resource.arn */
  resource?: string
  /** ARN glob matched against principal.arn; a finding without a principal never matches */
  principal?: string
  reason: string
  owner: string
  /** last day the rule applies, YYYY-MM-DD; from the next day on it stops and warns */
  expires: string
}

export interface SuppressionResult {
  findings: Finding[]
  warnings: string[]
}

const DATE = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$'

/** JSON Schema fragment for the config's `suppressions` key. */
export const suppressionsConfigSchema = {
  type: 'array',
  description: 'accepted risks: findings matched here stay in the report, flagged, but do not fail the build or lower the score',
  items: {
    type: 'object',
    required: ['reason', 'owner', 'expires'],
    anyOf: [{ required: ['check'] }, { required: ['resource'] }, { required: ['principal'] }],
    additionalProperties: false,
    properties: {
      check: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'check id' },
      resource: { type: 'string', minLength: 1, description: 'ARN glob of the resource (* and ?)' },
      principal: { type: 'string', minLength: 1, description: 'ARN glob of the principal (* and ?)' },
      reason: { type: 'string', minLength: 1, description: 'why this risk is accepted' },
      owner: { type: 'string', minLength: 1, description: 'who answers for it' },
      // the pattern says the shape, the format that the day exists (2030-02-31 does not)
      expires: { type: 'string', pattern: DATE, format: 'date', description: 'last day it applies (YYYY-MM-DD)' },
    },
  },
} as const

export function describeRule(rule: SuppressionRule, index: number): string {
  const what = (['check', 'resource', 'principal'] as const)
    .filter((k) => rule[k] !== undefined)
    .map((k) => `${k}=${rule[k]}`)
    .join(', ')
  return `suppression #${index + 1} (${what || 'no matcher'}; owner ${rule.owner})`
}

export function ruleMatches(rule: SuppressionRule, finding: Finding): boolean {
  if (rule.check === undefined && rule.resource === undefined && rule.principal === undefined) return false
  if (rule.check !== undefined && rule.check !== finding.checkId) return false
  if (rule.resource !== undefined && !arnMatches(rule.resource, finding.resource.arn)) return false
  if (rule.principal !== undefined && !(finding.principal && arnMatches(rule.principal, finding.principal.arn))) return false
  return true
}

/** A rule applies through its `expires` day inclusive; dates compare as YYYY-MM-DD strings. */
export function isExpired(rule: SuppressionRule, today: string): boolean {
  return today.slice(0, 10) > rule.expires
}

/**
 * Flags the findings the rules match; the first matching rule's reason, owner and expiry are kept.
 * `today` is the report's collectedAt (a snapshot always gives the same report), never the clock.
 * A suppression replaces a baseline flag (it is the signed, expiring decision, and so it stays out
 * of the next baseline), whichever was applied first. With `checksRun`, a rule
 * naming a check that was not selected this time is not called stale either; with `knownChecks`
 * (every check id), a rule naming an id that is none of them is warned about.
 */
export function applySuppressions(
  findings: Finding[],
  rules: SuppressionRule[],
  today: string,
  opts: { checksRun?: readonly string[]; knownChecks?: readonly string[] } = {},
): SuppressionResult {
  const warnings: string[] = []
  const live = rules.map((rule, index) => ({ rule, index, hits: 0 })).filter(({ rule, index }) => {
    if (rule.check === undefined && rule.resource === undefined && rule.principal === undefined) {
      warnings.push(`${describeRule(rule, index)} names no check, resource or principal and is ignored`)
      return false
    }
    // a typo in a check id would otherwise be a rule that silently never applies
    if (rule.check !== undefined && opts.knownChecks !== undefined && !opts.knownChecks.includes(rule.check)) {
      warnings.push(`${describeRule(rule, index)} names check '${rule.check}', which is no bulkhead check (see 'bulkhead checks'): it matches nothing`)
      return false
    }
    if (!isExpired(rule, today)) return true
    warnings.push(`${describeRule(rule, index)} expired on ${rule.expires}: its findings count again; renew it or fix them`)
    return false
  })
  const out = findings.map((finding) => {
    let flagged = finding
    for (const entry of live) {
      if (!ruleMatches(entry.rule, finding)) continue
      entry.hits++
      if (flagged.suppressed?.kind !== 'suppression') {
        const { reason, owner, expires } = entry.rule
        flagged = { ...finding, suppressed: { kind: 'suppression', reason, owner, expires } }
      }
    }
    return flagged
  })
  for (const { rule, index, hits } of live) {
    const notRun = rule.check !== undefined && opts.checksRun !== undefined && !opts.checksRun.includes(rule.check)
    if (hits === 0 && !notRun) warnings.push(`stale suppression: ${describeRule(rule, index)} matched no finding; remove it`)
  }
  return { findings: out, warnings }
}
