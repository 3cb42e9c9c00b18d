// What each kind of change costs, and why: the solver minimizes the sum. The order is the point:
// a guardrail on the data that breaks nobody's job is cheapest; taking destructive actions away
// from a job costs more; taking a job's other permissions, its credentials or its trust away
// costs more still; declaring a principal allowed to destroy prod is the last resort. Whole
// numbers, so an optimum is exact and a brute force agrees with it to the unit.
import type { ChangeKind } from './types.js'

export interface CostEntry {
  cost: number
  reason: string
}

export const COSTS: Readonly<Record<ChangeKind, CostEntry>> = {
  'vault-deny': {
    cost: 1,
    reason: 'breaks nobody\'s job: AWS Backup expires recovery points by their lifecycle without anyone holding backup:DeleteRecoveryPoint',
  },
  'bucket-deny': {
    cost: 1,
    reason: 'breaks nobody\'s job: applications write and delete current objects as before; only deleting versions for good, lifecycle rules and policy rewrites are denied',
  },
  'deletion-protection': {
    cost: 1,
    reason: 'deletion protection (versioning for a bucket) changes no day-to-day call; each principal that loses the modify permission with it adds to the cost',
  },
  'narrow-statement': {
    cost: 2,
    reason: 'the statement keeps every action of the job but the destructive ones (src/iam/destructive.ts); a job that really deletes prod data moves that to a break-glass role',
  },
  'remove-trust-principal': {
    cost: 2,
    reason: 'the principal loses its way into the role: whatever it did with the role needs a principal of the role\'s own environment',
  },
  'remove-workspace-secret': {
    cost: 1,
    reason: 'the file loads the credential at run time from a secret store instead of holding it',
  },
  'deactivate-key': {
    cost: 3,
    reason: 'whatever signs with this key stops working until it gets a credential of its own',
  },
  'vault-lock': {
    cost: 3,
    reason: 'irreversible once its grace period ends: nobody, the root user included, deletes a recovery point before its retention ends, and the retention is paid for',
  },
  'remove-statement': {
    cost: 4,
    reason: 'takes every action of the statement away, the job\'s own included',
  },
  'break-glass': {
    cost: 6,
    reason: 'declares the principal meant to destroy prod: only for an emergency role used under two-person control, whose every use raises an alarm',
  },
}

/** The cost of a change that also adds a Deny (of the modify permission) to `extra` policies or principals. */
export const PER_EXTRA_DENY = 2
