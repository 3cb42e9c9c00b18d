// The vocabulary of the per-store destruction semantics (database.ts, bucket.ts, table.ts): a
// store's data is destroyed by one of several ways, each a sequence of permissions all needed in
// order; a recovery point likewise. The analysis turns each permission into a capability of the
// graph and finds, per principal, the best way it holds.
import type { DestroyWay } from '../engine.js'

/** One permission a way needs: any of `actions` on `resource`. */
export interface Need {
  actions: string[]
  resource: string
  /** decided without the resource's own policy (after the way rewrote it) */
  bare?: boolean
  /** the resource policy that governs it (a vault or bucket ARN), when one may */
  policyOf?: string
}

export interface Way {
  how: DestroyWay
  /** in step order; all needed */
  needs: Need[]
  /** true when the steps turn protection (deletion protection, point-in-time recovery) off first */
  protectionOff?: boolean
  /** true when the steps first rewrite or delete the policy that denies the deletion */
  policyRewrite?: boolean
  /** conditional whatever the policies say, and why */
  unproven?: string
}

/** A recovery point's ways (none: nobody can delete it, and why). */
export interface PointWays {
  ways: Way[]
  reason?: string
}
