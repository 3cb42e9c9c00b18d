// Does a resource policy statement deny an action to everyone but break-glass principals? A
// resource policy's Deny overrides every identity policy, so a leaked administrator token still
// cannot act (spec §3: a deny that exempts only break-glass principals still counts as denying).
// One judgement for the backup checks that ask it of a vault policy and of a bucket policy.
import { arnMatches } from '../inventory/environment.js'
import type { Inventory, PolicyPrincipal, PolicyStatement } from '../inventory/types.js'

/** One thing the deny must protect: an action on a set of resources. */
export interface Protected {
  /** the IAM action, e.g. backup:DeleteRecoveryPoint */
  action: string
  /** how reasons name the resources: "all prod recovery points", "the objects of invoices-prod" */
  what: string
  /** a Resource pattern that takes in every one of the resources */
  coveredBy(pattern: string): boolean
  /** a NotResource pattern that leaves at least one of them out */
  excludedBy(pattern: string): boolean
}

const EXEMPTING_OPERATORS = new Set(['arnnotlike', 'arnnotequals', 'stringnotlike', 'stringnotequals'])

/** IAM action match: glob, case-insensitive (spec §2). */
export const actionMatches = (pattern: string, action: string): boolean => arnMatches(pattern.toLowerCase(), action.toLowerCase())

const coversAction = (s: PolicyStatement, action: string): boolean =>
  s.Action ? s.Action.some((a) => actionMatches(a, action)) : !!s.NotAction && !s.NotAction.some((a) => actionMatches(a, action))

/** Everyone: "Principal": "*" or {"AWS": "*"}. */
const isEveryone = (p: PolicyPrincipal | undefined): boolean => p === '*' || (p !== undefined && (p.AWS ?? []).includes('*'))

/** A pattern that names at least one break-glass principal and no other known principal. */
function onlyBreakGlass(inventory: Inventory, pattern: string): boolean {
  const matched = inventory.principals.filter((p) => arnMatches(pattern, p.arn))
  return matched.length > 0 && matched.every((p) => p.breakGlass)
}

/** Resource (or NotResource) takes in every protected resource. */
function coversResources(s: PolicyStatement, target: Protected): boolean {
  if (s.Resource) return s.Resource.some((r) => r === '*' || target.coveredBy(r))
  if (s.NotResource) return !s.NotResource.some((r) => r === '*' || target.excludedBy(r))
  return true
}

/** Why the principals and conditions of a Deny limit it to fewer than all but break-glass, or undefined. */
function whyNotEveryone(inventory: Inventory, s: PolicyStatement): string | undefined {
  if (s.NotPrincipal) {
    const exempt = Object.values(s.NotPrincipal === '*' ? {} : s.NotPrincipal).flat()
    if (s.NotPrincipal === '*' || !exempt.every((arn) => onlyBreakGlass(inventory, arn))) return 'NotPrincipal exempts principals that are not break-glass'
  } else if (!isEveryone(s.Principal)) {
    return 'Principal is not everyone ("*")'
  }
  for (const [operator, block] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      const exemption = EXEMPTING_OPERATORS.has(operator.toLowerCase().replace(/ifexists$/, '')) && key.toLowerCase() === 'aws:principalarn'
      if (!exemption) return `condition ${operator} ${key} limits the deny`
      if (!values.every((v) => onlyBreakGlass(inventory, v))) return `condition ${operator} ${key} exempts principals that are not break-glass`
    }
  }
  return undefined
}

/**
 * Why this statement is not a Deny of every target to all principals but break-glass ones, or
 * undefined when it is.
 */
export function whyNotDenying(inventory: Inventory, s: PolicyStatement, targets: readonly Protected[]): string | undefined {
  if (s.Effect !== 'Deny') return 'Allow statement'
  for (const t of targets) if (!coversAction(s, t.action)) return `does not cover ${t.action}`
  for (const t of targets) if (!coversResources(s, t)) return `Resource does not cover ${t.what}`
  return whyNotEveryone(inventory, s)
}

/**
 * Whether `pattern` (an ARN glob) matches every ARN that starts with `prefix`: it must end in `*`,
 * and what comes before that `*` must match some prefix of `prefix` (then anything may follow).
 */
export function coversEveryArnUnder(pattern: string, prefix: string): boolean {
  if (!pattern.endsWith('*')) return false
  const head = pattern.slice(0, -1)
  for (let i = 0; i <= prefix.length; i++) if (arnMatches(head, prefix.slice(0, i))) return true
  return false
}

/** Whether `pattern` may match some ARN that starts with `prefix` (the text before its first wildcard agrees with it). */
export function mayMatchArnUnder(pattern: string, prefix: string): boolean {
  const literal = pattern.split(/[*?]/, 1)[0]
  if (literal.length === pattern.length) return pattern.startsWith(prefix)
  return literal.startsWith(prefix) || prefix.startsWith(literal)
}
