// The one IAM engine every permission question goes through (spec §4). This interface is the
// whole contract checks use: single decisions, role assumption, administrator access, and the
// graph questions (what a principal can destroy or become, who can assume a role). The
// implementation lives beside it in src/iam/ and is not exported.
import type { AnyRecoveryPointKind, DataStore, Principal } from '../inventory/types.js'
import type { VaultLockState } from '../inventory/recovery.js'

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

export type StepVerdict = 'allowed' | 'conditional'

/** One step of a path: `from` calls `action` to become `to`, or on `resource`. */
export interface Step {
  /** the node taking the step: a principal ARN, or the ARN with what was done to it */
  from: string
  action: string
  to?: string
  resource?: string
  /** escalation method id (escalation.ts), absent for plain role assumption and final actions */
  method?: string
  verdict: StepVerdict
  /** statements that allowed it */
  via: string[]
  /** stands for a path whose steps were not computed (the analysis's path budget was reached) */
  omitted?: true
}

export interface PathTo {
  verdict: StepVerdict
  steps: Step[]
  /** the steps were not computed (the analysis's path budget was reached); the verdict stands */
  omitted?: boolean
}

/** Effective `*:*` on `*` after Deny statements, the permission boundary and SCPs. */
export interface AdminVerdict {
  admin: boolean
  verdict?: StepVerdict
  /** statements granting all actions */
  via: string[]
  /** probes that a Deny, boundary or SCP blocks (when not admin) */
  blocked: { action: string; decision: AccessDecision }[]
}

/**
 * What a principal can destroy of one prod data store. These are facts about reach, not
 * findings: checks decide what each means.
 * - 'delete-data': it can destroy the store's data (delete the database or table, after turning
 *   deletion protection off if on; destroy every object or version of the bucket; or, for a
 *   database, log in as its master user and drop it over SQL);
 * - 'delete-recovery': it can delete at least one recovery point that would survive that;
 * - 'delete-everything': both, and every surviving recovery point.
 */
export type Destruction = 'delete-data' | 'delete-recovery' | 'delete-everything'

/**
 * How the data goes (src/iam/stores/): a delete call; for a database also over SQL, as its master
 * user (its secret read, its password reset, or an IAM auth token); for a bucket deleting every
 * object (versioning off) or every version, or a lifecycle rule that expires them.
 */
export type DestroyWay = 'delete' | 'master-secret' | 'reset-password' | 'iam-connect' | 'delete-objects' | 'delete-versions' | 'lifecycle-expiration'

export interface RecoveryPointReach {
  arn: string
  kind: AnyRecoveryPointKind
  vaultArn?: string
  lock?: VaultLockState
  /** present when the principal can delete it */
  path?: PathTo
  /** why it cannot, when it cannot */
  reason?: string
}

export interface DestroyPath extends PathTo {
  way: DestroyWay
  /** its steps turn deletion protection (or point-in-time recovery) off first */
  protectionOff: boolean
  /** its steps first rewrite the bucket policy that denies the deletion */
  policyRewrite: boolean
  /** why the way is conditional whatever the policies say (a login needs the database reachable) */
  unproven?: string
}

export interface StoreReach {
  store: DataStore
  /** what it reaches, in the order of `Destruction` */
  reaches: Destruction[]
  /** destroying the data: the best way it has (allowed before conditional, then fewest steps) */
  destroy?: DestroyPath
  /** every way it has to destroy the data, best first (what a containment must take away) */
  destroyWays: DestroyPath[]
  /** modifying it: a database's ModifyDBInstance/ModifyDBCluster (protection, retention, master password), a table's UpdateTable */
  modify?: PathTo
  recoveryPoints: RecoveryPointReach[]
  /** 'conditional' when any step of what it reaches hinges on an unproven condition */
  verdict?: StepVerdict
  /** managed policies of the principal that are not in the IAM data */
  unresolvedPolicies: string[]
}

/**
 * A caller able to assume a role. 'principal': an inventory principal the trust policy admits AND
 * whose own policies allow the call. 'administered': a principal of another account that the
 * trust admits and that account's administrators control (its root, or a principal they can
 * create or take over: one the trust names by ARN, pattern or aws:PrincipalArn condition), so
 * whoever administers that account can assume the role.
 */
export interface Assumer {
  kind: 'principal' | 'administered'
  arn: string
  accountId: string
  /** the inventory principal with that ARN, when there is one */
  principal?: Principal
  verdict: StepVerdict
}

export interface Assumers {
  /** how many callers the filter kept */
  count: number
  /** the first of them (inventory order, account roots first), at most the limit asked for */
  callers: Assumer[]
}

/** A statement of a principal's own identity policies, as checks may read it. */
export interface StatementView {
  path: string
  effect: 'Allow' | 'Deny'
  /** lower-cased action patterns (exactly one of actions / notActions) */
  actions?: readonly string[]
  notActions?: readonly string[]
  resources?: readonly string[]
  notResources?: readonly string[]
  conditional: boolean
  /** does Action/NotAction cover this action (any case)? */
  covers(action: string): boolean
}

export interface IamEngine {
  /** can this principal call `action` on `resourceArn` with its own credentials? */
  can(principal: Principal, action: string, resourceArn: string): AccessDecision
  /** quick filter: does any identity Allow of the principal name this action at all? */
  mayGrant(principal: Principal, action: string): boolean
  /** can `caller` assume `role`: its trust policy admits the caller AND the caller's own policies allow it */
  canAssume(caller: Principal, role: Principal): AccessDecision
  /** effective administrator access (spec §4 admin-principal) */
  admin(principal: Principal): AdminVerdict
  /** does any identity Allow of the principal survive its Deny statements, boundary and SCPs for some action? */
  grantsAnything(principal: Principal): boolean
  /**
   * Which of `actions` the principal may call on every resource (Resource "*", after its Denies,
   * boundary and SCPs), each with the identity statements granting it on "*".
   */
  grantedOnEveryResource(principal: Principal, actions: readonly string[]): { action: string; via: string[] }[]
  /** the principal's identity statements (inline, attached managed, groups), compiled */
  identityStatements(principal: Principal): readonly StatementView[]
  /** managed policies the principal references that are not in the IAM data */
  unresolvedPolicies(principal: Principal): string[]
  /** every prod data store it can destroy something of, directly, by assumption or by escalation */
  destructionReach(principal: Principal): StoreReach[]
  /** the accounts it can become administrator of, each with its path */
  adminReach(principal: Principal): { accountId: string; path: PathTo }[]
  /**
   * Who can assume `role` among the callers `include` keeps (the same function object each call:
   * answers are shared by every role it is asked for), with the first `limit` of them.
   */
  assumersOf(role: Principal, include: (caller: Assumer) => boolean, limit: number): Assumers
  /** what the engine left out to stay within its budgets (for the report's warnings) */
  notes(): string[]
}
