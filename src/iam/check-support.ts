// Shared by the IAM-based checks: which principals they judge, and how a path reads in a message.
import type { Principal } from '../inventory/types.js'
import type { Step } from './graph.js'

/**
 * Principals a privilege check judges: service-linked roles are AWS's own and never findings;
 * break-glass principals are expected to hold destructive power and are skipped, saying so.
 */
export function judgedPrincipals(principals: Principal[], skip: (reason: string) => void, skipBreakGlass = true): Principal[] {
  return principals.filter((p) => {
    if (p.serviceLinked || p.kind === 'root') return false
    if (skipBreakGlass && p.breakGlass) {
      skip(`${p.arn} is a break-glass principal: expected to hold destructive power`)
      return false
    }
    return true
  })
}

/** "directly" or "through 2 steps (sts:AssumeRole → arn:...)" */
export function describePath(steps: Step[]): string {
  const hops = steps.filter((s) => s.to !== undefined)
  if (!hops.length) return 'directly'
  return `through ${hops.map((s) => `${s.action} → ${s.to}`).join(', ')}`
}

/** Evidence form of a path: plain objects with from, action, to/resource. */
export function pathEvidence(steps: Step[]): Record<string, unknown>[] {
  return steps.map((s) => ({
    from: s.from,
    action: s.action,
    ...(s.to ? { to: s.to } : {}),
    ...(s.resource ? { resource: s.resource } : {}),
    ...(s.method ? { method: s.method } : {}),
    verdict: s.verdict,
    via: s.via,
  }))
}

/** Steps without repeats (several recovery points are often reached through the same hop). */
export function uniqueSteps(steps: Step[]): Step[] {
  const seen = new Set<string>()
  return steps.filter((s) => {
    const key = `${s.from}\u0000${s.action}\u0000${s.to ?? ''}\u0000${s.resource ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
