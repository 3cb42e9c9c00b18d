// Condition evaluation against what the inventory can prove. A key the inventory knows
// (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalTag/*, aws:ResourceAccount, ...) is
// decided; any other key or operator is 'unknown', which makes an Allow 'conditional' (spec §4:
// lower confidence, never dropped, never unconditional).
import type { CompiledCondition } from './policy.js'
import { globMatches } from './match.js'

export type Tri = 'true' | 'false' | 'unknown'

/**
 * Request context: lower-cased key → values. A key mapped to `null` is known to be absent from the
 * request; a key not in the map is unknown.
 */
export interface ConditionContext {
  /** values of a lower-cased key; null = known absent; undefined = the inventory cannot tell */
  get(key: string): string[] | null | undefined
}

/**
 * The value of aws:PrincipalOrgID for a caller in the scanned organization. The inventory does not
 * hold the organization's id, so a condition naming an organization is taken to name this one:
 * its accounts, non-prod ones included, match; accounts outside it do not.
 */
export const IN_ORGANIZATION = '\u0000organization'

type Matcher = (pattern: string, value: string) => boolean
const MATCHERS: Record<string, { match: Matcher; negated: boolean }> = {
  stringequals: { match: (p, v) => p === v, negated: false },
  stringnotequals: { match: (p, v) => p === v, negated: true },
  stringequalsignorecase: { match: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
  stringnotequalsignorecase: { match: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: true },
  stringlike: { match: (p, v) => globMatches(p, v), negated: false },
  stringnotlike: { match: (p, v) => globMatches(p, v), negated: true },
  arnequals: { match: (p, v) => globMatches(p, v), negated: false },
  arnlike: { match: (p, v) => globMatches(p, v), negated: false },
  arnnotequals: { match: (p, v) => globMatches(p, v), negated: true },
  arnnotlike: { match: (p, v) => globMatches(p, v), negated: true },
  bool: { match: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
}

export function evaluateCondition(c: CompiledCondition, ctx: ConditionContext): Tri {
  let op = c.operator.toLowerCase()
  let setOp: 'any' | 'all' | undefined
  if (op.startsWith('foranyvalue:')) { setOp = 'any'; op = op.slice('foranyvalue:'.length) }
  else if (op.startsWith('forallvalues:')) { setOp = 'all'; op = op.slice('forallvalues:'.length) }
  const ifExists = op.endsWith('ifexists')
  if (ifExists) op = op.slice(0, -'ifexists'.length)
  const key = c.key.toLowerCase()
  // spec §4: an ExternalId travels with the token it protects, so it never stops an attacker
  if (key === 'sts:externalid' && !MATCHERS[op]?.negated && op !== 'null') return 'true'
  const known = ctx.get(key)
  if (known === undefined) return 'unknown'
  const values = known
  if (op === 'null') {
    const wantAbsent = c.values.some((v) => v.toLowerCase() === 'true')
    return (values === null) === wantAbsent ? 'true' : 'false'
  }
  const m = MATCHERS[op]
  if (!m) return 'unknown'
  if (c.values.some((v) => v.includes('${'))) return 'unknown'
  if (values === null || values.length === 0) {
    if (setOp === 'all') return 'true' // ForAllValues over an empty set is vacuously true
    if (ifExists || m.negated) return 'true'
    return 'false'
  }
  const hit = (v: string) => v === IN_ORGANIZATION || c.values.some((p) => m.match(p, v))
  let result: boolean
  if (setOp === 'all') result = values.every((v) => (m.negated ? !hit(v) : hit(v)))
  else if (setOp === 'any') result = values.some((v) => (m.negated ? !hit(v) : hit(v)))
  else result = m.negated ? !values.some(hit) : values.some(hit)
  return result ? 'true' : 'false'
}

/** All conditions of a statement (AND): false if any is false, unknown if any is unknown. */
export function evaluateConditions(conditions: CompiledCondition[], ctx: ConditionContext): { result: Tri; unproven: string[] } {
  const unproven: string[] = []
  for (const c of conditions) {
    const r = evaluateCondition(c, ctx)
    if (r === 'false') return { result: 'false', unproven: [] }
    if (r === 'unknown') unproven.push(`${c.operator} ${c.key} ${JSON.stringify(c.values)}`)
  }
  return { result: unproven.length ? 'unknown' : 'true', unproven }
}
