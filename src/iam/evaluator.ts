// The permission evaluator: AWS's policy evaluation logic over compiled policies.
// Order (AWS "Policy evaluation logic"): an explicit Deny anywhere wins; then SCPs (every level
// of the chain must allow), the permission boundary, and identity-or-resource policy allows
// (same account: either; cross-account: both). An Allow or Deny that hinges on a condition the
// inventory cannot prove makes the answer 'conditional'.
import type { Group, Inventory, NamedPolicy, PolicyDocument, Principal } from '../inventory/types.js'
import type { AccessDecision } from './engine.js'
import { accountOfArn, resourceMatches } from './match.js'
import { compilePolicy, type CompiledPolicy, type CompiledPrincipal, type CompiledStatement } from './policy.js'
import { evaluateConditions, type ConditionContext } from './conditions.js'

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
/** known by its ARN even when the IAM data does not carry it (spec §7) */
const ADMINISTRATOR_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }],
}

/** Three-valued "does this policy set say so": yes, only under unproven conditions, or no. */
type Level = 'yes' | 'maybe' | 'no'
const rank = { no: 0, maybe: 1, yes: 2 } as const
const maxLevel = (a: Level, b: Level): Level => (rank[a] >= rank[b] ? a : b)
const minLevel = (a: Level, b: Level): Level => (rank[a] <= rank[b] ? a : b)

export interface SetVerdict {
  allow: Level
  /** allows that name the caller itself (its ARN, or anyone), not merely its account */
  allowDirect: Level
  deny: Level
  allowVia: string[]
  denyVia: string[]
  unproven: string[]
}

/** The caller side of a request: who asks, and what the inventory knows about them. */
export interface Caller {
  arn: string
  accountId: string
  principal?: Principal
}

export interface Request {
  action: string // lower-cased
  resource: string
  /** the resource's account when its ARN names none (an S3 bucket's) */
  resourceAccount?: string
  caller: Caller
  context: ConditionContext
}

/**
 * The statements of a principal that name one action (identity, boundary, each SCP level): all a
 * decision about that action reads. An empty boundary or SCP level still denies.
 */
export interface Relevant {
  identity: CompiledStatement[]
  /** only when the principal has a boundary whose policy is known */
  boundary?: CompiledStatement[]
  scp?: CompiledStatement[][]
  /**
   * Principals of one account whose statements about the action are the same compiled statements,
   * with nothing in them that depends on who asks, share one Relevant (and its decisions): `id`
   * numbers it. `personal`: a statement reads the caller (its ARN, name, tags, a policy variable).
   */
  id: number
  personal: boolean
}

/** A principal with its policies compiled once. */
export interface CompiledPrincipalPolicies {
  principal: Principal
  identity: CompiledStatement[]
  /** undefined: no boundary; null: a boundary whose policy is not in the IAM data */
  boundary?: CompiledStatement[] | null
  /** managed policies referenced but absent (spec §7: findings that depend on them say so) */
  unresolved: string[]
  /** mayGrant answers by lower-cased action */
  grants: Map<string, boolean>
}

const VARIABLE = /\$\{([^}]+)\}/g

/** Substitute policy variables the caller defines; undefined when one is unknown. */
export function substitute(pattern: string, context: ConditionContext): string | undefined {
  if (!pattern.includes('${')) return pattern
  let unknown = false
  const out = pattern.replace(VARIABLE, (_, name: string) => {
    const n = name.toLowerCase()
    if (n === '*' || n === '?' || n === '$') return n === '$' ? '$' : '\\' + n
    const v = context.get(n)
    if (v && v.length === 1) return v[0]
    unknown = true
    return '*'
  })
  return unknown ? undefined : out
}

/** A pattern with its unknown policy variables as wildcards: what an unprovable match is tested against. */
export const wildcarded = (pattern: string): string => pattern.replace(VARIABLE, '*')

function resourceApplies(patterns: string[], req: Request): Level {
  let best: Level = 'no'
  for (const p of patterns) {
    const s = substitute(p, req.context)
    if (s !== undefined) {
      if (resourceMatches(s, req.resource)) return 'yes'
    } else if (resourceMatches(wildcarded(p), req.resource)) best = 'maybe'
  }
  return best
}

const ROOT_PREFIX = 'arn:aws:iam::'
const ROOT_SUFFIX = ':root'
/** `v === arn:aws:iam::<accountId>:root`, without building the string (asked for every trust statement) */
const isRootOf = (v: string, accountId: string): boolean =>
  v.length === ROOT_PREFIX.length + accountId.length + ROOT_SUFFIX.length &&
  v.startsWith(ROOT_PREFIX) && v.startsWith(accountId, ROOT_PREFIX.length) && v.endsWith(ROOT_SUFFIX)

/**
 * Does a Principal block name the caller? 'direct' when it names the caller's ARN (or anyone);
 * 'account' when it names the caller's account (id or `:root`), which only delegates to that
 * account's own IAM policies: the caller still needs an identity-policy allow.
 */
export function principalMatch(p: CompiledPrincipal, caller: Caller): 'direct' | 'account' | 'none' {
  if (p === '*') return 'direct'
  let found: 'direct' | 'account' | 'none' = 'none'
  for (const v of p.aws) {
    if (v === '*' || v === caller.arn) return 'direct'
    if (v.includes('*') && resourceMatches(v, caller.arn)) return 'direct'
    if (v === caller.accountId || isRootOf(v, caller.accountId)) found = 'account'
  }
  return found
}

export const principalNames = (p: CompiledPrincipal, caller: Caller): boolean => principalMatch(p, caller) !== 'none'

function statementApplies(s: CompiledStatement, req: Request, unproven: string[], direct?: { value: boolean }): Level {
  if (!s.coversAction(req.action)) return 'no'
  let level: Level = 'yes'
  if (s.resources) level = resourceApplies(s.resources, req)
  else if (s.notResources) {
    const hit = resourceApplies(s.notResources, req)
    level = hit === 'yes' ? 'no' : hit === 'maybe' ? 'maybe' : 'yes'
  }
  if (level === 'no') return 'no'
  if (s.principal) {
    const m = principalMatch(s.principal, req.caller)
    if (m === 'none') return 'no'
    if (m === 'account' && direct) direct.value = false
  }
  if (s.notPrincipal && principalNames(s.notPrincipal, req.caller)) return 'no'
  if (s.conditions.length) {
    const c = evaluateConditions(s.conditions, req.context)
    if (c.result === 'false') return 'no'
    if (c.result === 'unknown') {
      unproven.push(...c.unproven.map((u) => `${s.path}: ${u}`))
      return 'maybe'
    }
  }
  return level
}

export function evaluateSet(statements: CompiledStatement[], req: Request): SetVerdict {
  const v: SetVerdict = { allow: 'no', allowDirect: 'no', deny: 'no', allowVia: [], denyVia: [], unproven: [] }
  for (const s of statements) {
    // most statements do not name the action at all: decide that before allocating anything
    if (!s.coversAction(req.action)) continue
    const direct = { value: true }
    const hit = statementApplies(s, req, v.unproven, direct)
    if (hit === 'no') continue
    if (s.effect === 'Deny') {
      v.deny = maxLevel(v.deny, hit)
      v.denyVia.push(s.path)
    } else {
      v.allow = maxLevel(v.allow, hit)
      if (direct.value) v.allowDirect = maxLevel(v.allowDirect, hit)
      v.allowVia.push(s.path)
    }
  }
  return v
}

export interface ResourcePolicyLookup {
  /** the resource-based policy governing `resource` for `action`, or undefined for none */
  (resource: string, action: string): CompiledPolicy | undefined
}

export interface Evaluation {
  principal: CompiledPrincipalPolicies
  /** the principal's statements about this request's action, when the caller has them at hand */
  relevant?: Relevant
  scp?: CompiledStatement[][]
  resourcePolicy?: CompiledPolicy
  /** the resource policy's verdict for this very request, when the caller already evaluated it */
  resourceVerdict?: SetVerdict
}

const NO_SCPS: readonly SetVerdict[] = []

/** The decision for one request given every policy set that governs it. */
export function decide(e: Evaluation, req: Request): AccessDecision {
  const identity = evaluateSet(e.relevant?.identity ?? e.principal.identity, req)
  const resourceAccount = req.resourceAccount ?? accountOfArn(req.resource)
  const crossAccount = resourceAccount !== undefined && resourceAccount !== req.caller.accountId
  const resource = e.resourcePolicy ? (e.resourceVerdict ?? evaluateSet(e.resourcePolicy.statements, req)) : undefined
  const boundary =
    e.principal.boundary === undefined ? undefined
      : e.principal.boundary === null ? ({ allow: 'maybe', allowDirect: 'maybe', deny: 'no', allowVia: [], denyVia: [], unproven: ['permission boundary policy not in the IAM data'] } satisfies SetVerdict)
        : evaluateSet(e.relevant?.boundary ?? e.principal.boundary, req)
  const levels = e.relevant ? e.relevant.scp : e.scp
  const scps = levels ? levels.map((level) => evaluateSet(level, req)) : NO_SCPS

  // gathered only for a conditional answer (most answers are plain allowed or denied)
  const unproven = () => [...identity.unproven, ...(resource?.unproven ?? []), ...(boundary?.unproven ?? []), ...scps.flatMap((s) => s.unproven)]
  const blockedBy: NonNullable<AccessDecision['blockedBy']> = []
  const denyVia: string[] = []
  let maybeDenied = false
  const deny = (v: SetVerdict | undefined, why: 'explicit-deny' | 'scp' | 'resource-policy') => {
    if (!v || v.deny === 'no') return
    if (v.deny === 'yes') {
      if (!blockedBy.includes(why)) blockedBy.push(why)
      denyVia.push(...v.denyVia)
    } else maybeDenied = true
  }
  deny(identity, 'explicit-deny')
  deny(boundary, 'explicit-deny')
  deny(resource, 'resource-policy')
  for (const s of scps) deny(s, 'scp')
  if (blockedBy.length) return { verdict: 'denied', via: denyVia, blockedBy }

  const grant = crossAccount
    ? minLevel(identity.allow, resource?.allow ?? 'no')
    : maxLevel(identity.allow, resource?.allowDirect ?? 'no')
  if (grant === 'no') {
    const why = crossAccount && identity.allow !== 'no' ? 'resource-policy' : 'implicit'
    return { verdict: 'denied', via: [], blockedBy: [why] }
  }
  let level: Level = grant
  if (boundary) {
    if (boundary.allow === 'no') return { verdict: 'denied', via: [], blockedBy: ['boundary'] }
    level = minLevel(level, boundary.allow)
  }
  for (const s of scps) {
    if (s.allow === 'no') return { verdict: 'denied', via: [], blockedBy: ['scp'] }
    level = minLevel(level, s.allow)
  }
  const via = [...identity.allowVia, ...(resource?.allowVia ?? [])]
  if (level === 'maybe' || maybeDenied) return { verdict: 'conditional', via, unprovenConditions: unproven() }
  return { verdict: 'allowed', via }
}

/**
 * Inline policies compiled once per policy object: a group's for all its members, a principal's
 * for the escalated copies the graph makes of it (so they share decisions too).
 */
const inlineCache = new WeakMap<NamedPolicy, CompiledPolicy>()
function inline(p: NamedPolicy, owner: string): CompiledPolicy {
  let c = inlineCache.get(p)
  if (!c) inlineCache.set(p, (c = compilePolicy(p.document, owner, p.id)))
  return c
}

/** Compile everything that governs a principal's own calls. Throws PolicyError on a malformed policy. */
export function compilePrincipal(
  inventory: Inventory,
  principal: Principal,
  policyCache: Map<string, CompiledPolicy | null>,
  groupsOf: (p: Principal) => Group[],
): CompiledPrincipalPolicies {
  const unresolved: string[] = []
  const managed = (arn: string): CompiledPolicy | null => {
    let c = policyCache.get(arn)
    if (c === undefined) {
      const doc = inventory.managedPolicies.get(arn)?.document ?? (arn === ADMINISTRATOR_ACCESS_ARN ? ADMINISTRATOR_ACCESS : undefined)
      c = doc ? compilePolicy(doc, principal.arn, arn) : null
      policyCache.set(arn, c)
    }
    if (c === null) unresolved.push(arn)
    return c
  }
  const identity: CompiledStatement[] = []
  for (const p of principal.inlinePolicies) identity.push(...inline(p, principal.arn).statements)
  for (const arn of principal.managedPolicyArns) identity.push(...(managed(arn)?.statements ?? []))
  for (const group of groupsOf(principal)) {
    for (const p of group.inlinePolicies) identity.push(...inline(p, `group ${group.arn}`).statements)
    for (const arn of group.managedPolicyArns) identity.push(...(managed(arn)?.statements ?? []))
  }
  let boundary: CompiledStatement[] | null | undefined
  if (principal.permissionsBoundaryArn) {
    const b = managed(principal.permissionsBoundaryArn)
    boundary = b ? b.statements : null
  }
  return { principal, identity, boundary, unresolved, grants: new Map() }
}
