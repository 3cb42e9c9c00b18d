// The one IAM engine every permission question goes through (spec §4). The interface is the
// contract for checks; the implementation lives beside it in src/iam/.
import type { Principal } from '../inventory/types.js'

export type AccessVerdict = 'allowed' | 'denied' | 'conditional'

export interface AccessDecision {
  verdict: AccessVerdict
  /** the statements that decided it, as `<policy id>#Statement[i]` paths */
  via: string[]
  /** conditions that could not be proven from the inventory (verdict 'conditional') */
  unprovenConditions?: string[]
  /** what blocked it, when denied: explicit deny, boundary, scp, resource policy, implicit */
  blockedBy?: ('explicit-deny' | 'boundary' | 'scp' | 'resource-policy' | 'implicit')[]
}

export interface IamEngine {
  /** can this principal call `action` on `resourceArn` with its own credentials? */
  can(principal: Principal, action: string, resourceArn: string): AccessDecision
}
