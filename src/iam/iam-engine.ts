// The engine behind IamEngine: principals indexed, policies compiled once per principal (managed
// policies once per ARN), SCP chains and resource policies looked up by account and ARN, and
// every answer memoized. The graph questions (destruction, escalation, who may assume a role)
// are answered by one analysis built on first use (analysis.ts).
import type { Group, Inventory, Principal, Tags } from '../inventory/types.js'
import type { AccessDecision, AdminVerdict, Assumer, Assumers, IamEngine, PathTo, StatementView, StoreReach } from './engine.js'
import { compilePolicy, type CompiledPolicy, type CompiledStatement } from './policy.js'
import { compilePrincipal, decide, evaluateSet, substitute, wildcarded, type Caller, type CompiledPrincipalPolicies, type Relevant, type Request, type SetVerdict } from './evaluator.js'
import { IN_ORGANIZATION, type ConditionContext } from './conditions.js'
import { accountOfArn, actionMatches } from './match.js'
import { acceptsResource, allServices, expandAction, serviceActions } from './catalogue.js'
import { StatementIndex } from './action-list.js'
import { adminVerdict } from './admin.js'
import { instantiate } from './graph/abilities.js'
import { Partition, type ClassDecision, type TargetClass, type TargetGroup } from './targets.js'
import { Analysis } from './analysis.js'

let nextId = 1

/** Lower-cased action names, computed once per spelling (the same few dozen are asked millions of times). */
const lowered = new Map<string, string>()
export function lowerAction(action: string): string {
  let a = lowered.get(action)
  if (a === undefined) lowered.set(action, (a = action.toLowerCase()))
  return a
}

/** Condition keys whose value is the caller's own (its ARN, name, type, tags). */
export const callerKey = (key: string): boolean => {
  const k = key.toLowerCase()
  return k === 'aws:principalarn' || k === 'aws:username' || k === 'aws:userid' || k === 'aws:principaltype' ||
    k === 'aws:principalaccount' || k.startsWith('aws:principaltag/')
}

/**
 * Does the statement's answer depend on who asks (a condition on the caller, a policy variable,
 * a Principal block)? Conditions on the request (region, source IP, MFA) read the same for every
 * caller asking about the same resource.
 */
const personalStatement = (s: CompiledStatement): boolean =>
  s.principal !== undefined || s.notPrincipal !== undefined ||
  s.conditions.some((c) => callerKey(c.key) || c.values.some((v) => v.includes('${'))) ||
  (s.resources ?? s.notResources ?? []).some((r) => r.includes('${'))

/**
 * How the resource side of a request is taken:
 * - 'normal': as the inventory has it (resource policies of vaults and recovery points);
 * - 'identity': granting, but not naming the caller (a trust of the caller's account): the
 *   caller's own policies must allow, in its account or across;
 * - 'direct': granting to the caller by name (a same-account trust naming it or anyone).
 * - 'bare': as 'normal' without the resource's own policy (a step before rewrote or deleted it).
 * Trust policies are judged apart (their verdict is the other half of an assumption).
 */
export interface EngineOptions {
  /** principals whose paths are searched before findings keep verdicts without steps (default PATH_BUDGET) */
  pathBudget?: number
}

export type DecisionMode = 'normal' | 'identity' | 'direct' | 'bare'

const RESOURCE_SIDE: CompiledPolicy = { id: '(resource side)', statements: [] }
const grantingSide = (direct: boolean): SetVerdict => ({ allow: 'yes', allowDirect: direct ? 'yes' : 'no', deny: 'no', allowVia: [], denyVia: [], unproven: [] })
const IDENTITY_SIDE = grantingSide(false)
const DIRECT_SIDE = grantingSide(true)

const RESOURCE_TAG = 'aws:resourcetag/'
const S3_ARN = 'arn:aws:s3:::'
/** arn:aws:s3:::name/key → arn:aws:s3:::name */
const bucketOf = (arn: string): string => {
  const slash = arn.indexOf('/', S3_ARN.length)
  return slash === -1 ? arn : arn.slice(0, slash)
}
const NO_STATEMENTS: CompiledStatement[] = []

export class IamEngineImpl implements IamEngine {
  readonly byArn = new Map<string, Principal>()
  readonly byAccount = new Map<string, Principal[]>()
  private readonly compiledPrincipals = new WeakMap<Principal, CompiledPrincipalPolicies>()
  private readonly ids = new WeakMap<Principal, number>()
  private readonly managedCache = new Map<string, CompiledPolicy | null>()
  private readonly scpByAccount = new Map<string, CompiledStatement[][]>()
  private readonly resourcePolicies = new Map<string, CompiledPolicy>()
  private readonly bucketAccounts = new Map<string, string>()
  private readonly trustPolicies = new Map<string, CompiledPolicy>()
  readonly resourceTags = new Map<string, Tags>()
  private readonly groups = new Map<string, Group>()
  /** decisions by Relevant (or principal, see decideAs), then mode, resource and extra context */
  private readonly memo = new WeakMap<object, Map<string, AccessDecision>>()
  /** assumption decisions by caller id, then role ARN */
  private readonly assumeMemo = new Map<number, Map<string, AccessDecision>>()
  private readonly statementIds = new WeakMap<CompiledStatement, number>()
  private readonly decisionClasses = new WeakMap<Principal, number>()
  private readonly decisionClassByKey = new Map<string, number>()
  /** mayGrant answers shared by principals whose Allow statements name the same actions */
  private readonly grantTables = new Map<string, Map<string, boolean>>()
  private readonly views = new WeakMap<Principal, StatementView[]>()
  private readonly grantsSomething = new WeakMap<Principal, boolean>()
  private analysisCache?: Analysis
  /**
   * Accounts whose principals carry the organization's id (aws:PrincipalOrgID): the organization's
   * account list, or, without one, every account of the inventory.
   */
  private readonly organizationAccounts: Set<string>

  constructor(readonly inventory: Inventory, readonly options: EngineOptions = {}) {
    this.organizationAccounts = new Set(inventory.organizationAccountIds.length ? inventory.organizationAccountIds : [...inventory.accounts.map((a) => a.id), ...inventory.principals.map((p) => p.accountId)])
    for (const g of inventory.groups) this.groups.set(`${g.accountId}/${g.name}`, g)
    for (const p of inventory.principals) {
      this.byArn.set(p.arn, p)
      let list = this.byAccount.get(p.accountId)
      if (!list) this.byAccount.set(p.accountId, (list = []))
      list.push(p)
      this.resourceTags.set(p.arn, p.tags)
    }
    for (const chain of inventory.scpChains) {
      this.scpByAccount.set(
        chain.accountId,
        chain.levels.map((level) =>
          level.policies.flatMap((scp) => compilePolicy(scp.document, `SCP target ${level.targetId}`, scp.arn || scp.id).statements),
        ),
      )
    }
    for (const v of inventory.vaults) {
      this.resourceTags.set(v.arn, {})
      if (v.accessPolicy) this.resourcePolicies.set(v.arn, compilePolicy(v.accessPolicy, `vault ${v.arn}`, `${v.arn}/access-policy`, 'resource'))
    }
    for (const rp of inventory.recoveryPoints) {
      const policy = rp.vaultArn ? this.resourcePolicies.get(rp.vaultArn) : undefined
      if (policy) this.resourcePolicies.set(rp.arn, policy)
    }
    // a bucket policy governs the bucket and its objects (arn:aws:s3:::name/key); bucket ARNs
    // carry no account, so the engine keeps each bucket's
    for (const b of inventory.buckets) {
      this.resourceTags.set(b.arn, b.tags)
      this.bucketAccounts.set(b.arn, b.accountId)
      if (b.policy) this.resourcePolicies.set(b.arn, compilePolicy(b.policy, `bucket ${b.arn}`, `${b.arn}/bucket-policy`, 'resource'))
    }
    for (const t of inventory.tables) this.resourceTags.set(t.arn, t.tags)
    for (const db of inventory.databases) this.resourceTags.set(db.arn, db.tags)
    for (const s of inventory.secrets) this.resourceTags.set(s.arn, {})
    // compile every principal up front: a malformed policy is reported before any check runs
    for (const p of inventory.principals) this.compiled(p)
    for (const p of inventory.principals) this.trustOf(p)
  }

  // -------------------------------------------------------------------------------------------
  // Compiled policies

  /** A number per principal object: synthetic principals (escalated copies) share ARNs. */
  idOf(principal: Principal): number {
    let id = this.ids.get(principal)
    if (id === undefined) this.ids.set(principal, (id = nextId++))
    return id
  }

  compiled(principal: Principal): CompiledPrincipalPolicies {
    let c = this.compiledPrincipals.get(principal)
    if (!c) {
      c = compilePrincipal(this.inventory, principal, this.managedCache, (p) => this.groupsOf(p))
      // mayGrant looks only at the actions of Allow statements: principals with the same ones share answers
      const grantKey = c.identity
        .filter((s) => s.effect === 'Allow')
        .map((s) => (s.actions ? 'A' + s.actions.join('\u0001') : 'N' + s.notActions!.join('\u0001')))
        .join('\u0002')
      let table = this.grantTables.get(grantKey)
      if (!table) this.grantTables.set(grantKey, (table = c.grants))
      c.grants = table
      this.compiledPrincipals.set(principal, c)
    }
    return c
  }

  private readonly groupCompiled = new Map<Group, CompiledStatement[]>()
  /** A group's own statements (inline and attached), compiled. */
  groupStatements(g: Group): CompiledStatement[] {
    let c = this.groupCompiled.get(g)
    if (!c) {
      const probe: Principal = {
        arn: `${g.arn}/member`, type: 'AWS::IAM::User', accountId: g.accountId, region: 'global', name: g.name, source: g.source,
        environment: { environment: 'unknown', rule: 'default', detail: 'synthetic' }, kind: 'user', path: '/', tags: {},
        inlinePolicies: [], managedPolicyArns: [], groups: [g.name], serviceLinked: false, breakGlass: false,
      }
      this.groupCompiled.set(g, (c = compilePrincipal(this.inventory, probe, this.managedCache, () => [g]).identity))
    }
    return c
  }

  groupsOf(p: Principal): Group[] {
    return p.groups.map((name) => this.groups.get(`${p.accountId}/${name}`)).filter((g): g is Group => g !== undefined)
  }

  trustOf(role: Principal): CompiledPolicy | undefined {
    if (!role.trustPolicy) return undefined
    let t = this.trustPolicies.get(role.arn)
    if (!t) this.trustPolicies.set(role.arn, (t = compilePolicy(role.trustPolicy, role.arn, `${role.arn}/trust-policy`, 'trust')))
    return t
  }

  /** SCP levels governing a principal; service-linked roles are exempt from SCPs (AWS docs). */
  scpsFor(principal: Principal): CompiledStatement[][] | undefined {
    if (principal.serviceLinked) return undefined
    return this.scpByAccount.get(principal.accountId)
  }

  resourcePolicyOf(arn: string): CompiledPolicy | undefined {
    return this.resourcePolicies.get(arn)
  }

  /** The resource policy that governs `action` on `arn`: a vault's for AWS Backup, a bucket's for S3. */
  private policyGoverning(a: string, arn: string): CompiledPolicy | undefined {
    if (a.startsWith('backup:')) return this.resourcePolicies.get(arn)
    if (a.startsWith('s3:') && arn.startsWith(S3_ARN)) return this.resourcePolicies.get(bucketOf(arn))
    return undefined
  }

  /** The account a resource belongs to (a bucket's from the inventory: S3 ARNs name none). */
  accountOfResource(arn: string): string | undefined {
    return accountOfArn(arn) ?? (arn.startsWith(S3_ARN) ? this.bucketAccounts.get(bucketOf(arn)) : undefined)
  }

  unresolvedPolicies(principal: Principal): string[] {
    return this.compiled(principal).unresolved
  }

  grantedOnEveryResource(principal: Principal, actions: readonly string[]): { action: string; via: string[] }[] {
    const out: { action: string; via: string[] }[] = []
    if (!this.compiled(principal).identity.some((s) => s.effect === 'Allow' && s.resources?.includes('*'))) return out
    for (const action of actions) {
      const a = lowerAction(action)
      if (!this.mayGrant(principal, a)) continue
      const granting = this.relevant(principal, a).identity.filter((s) => s.effect === 'Allow' && (s.resources?.includes('*') ?? false))
      if (!granting.length || this.can(principal, a, '*').verdict === 'denied') continue
      out.push({ action, via: granting.map((s) => s.path) })
    }
    return out
  }

  identityStatements(principal: Principal): readonly StatementView[] {
    let v = this.views.get(principal)
    if (!v) {
      v = this.compiled(principal).identity.map((s) => ({
        path: s.path, effect: s.effect, actions: s.actions, notActions: s.notActions, resources: s.resources, notResources: s.notResources,
        conditional: s.conditions.length > 0, covers: (action: string) => s.coversAction(lowerAction(action)),
      }))
      this.views.set(principal, v)
    }
    return v
  }

  private readonly relevantCache = new WeakMap<CompiledPrincipalPolicies, Map<string, Relevant>>()
  private readonly scpRelevant = new WeakMap<CompiledStatement[][], Map<string, CompiledStatement[][]>>()
  private readonly relevantByKey = new Map<string, Relevant>()
  private readonly statementIndexes = new WeakMap<CompiledStatement[], StatementIndex<CompiledStatement>>()
  private readonly nothingRelevant = new Map<string, Relevant>()
  private indexOf(list: CompiledStatement[]): StatementIndex<CompiledStatement> {
    let index = this.statementIndexes.get(list)
    if (!index) this.statementIndexes.set(list, (index = new StatementIndex(list)))
    return index
  }
  /**
   * The principal's statements about one (lower-cased) action, indexed once per action, and
   * shared by every principal of the account whose statements about it are the same (see Relevant).
   */
  relevant(principal: Principal, a: string): Relevant {
    const c = this.compiled(principal)
    let byAction = this.relevantCache.get(c)
    if (!byAction) this.relevantCache.set(c, (byAction = new Map()))
    let r = byAction.get(a)
    if (r) return r
    let personal = false
    const covering = (list: CompiledStatement[]) => {
      const out = this.indexOf(list).covering(a)
      if (out.length === 0) return NO_STATEMENTS
      if (out.some(personalStatement)) personal = true
      return out
    }
    const levels = this.scpsFor(principal)
    let scp: CompiledStatement[][] | undefined
    if (levels) {
      let cache = this.scpRelevant.get(levels)
      if (!cache) this.scpRelevant.set(levels, (cache = new Map()))
      scp = cache.get(a)
      if (!scp) cache.set(a, (scp = levels.map(covering)))
      else if (scp.some((l) => l.some(personalStatement))) personal = true
    }
    const identity = covering(c.identity)
    const boundary = c.boundary ? covering(c.boundary) : undefined
    if (identity === NO_STATEMENTS && c.boundary === undefined && !scp) {
      // nothing of the principal's names the action: one shared answer per account
      const key = `${principal.accountId}|${principal.serviceLinked ? 'slr' : ''}|${a}`
      r = this.nothingRelevant.get(key)
      if (!r) this.nothingRelevant.set(key, (r = { identity, id: nextId++, personal: false }))
      byAction.set(a, r)
      return r
    }
    const ids = (l: CompiledStatement[]) => l.map((s) => this.statementId(s)).join(',')
    const key = personal ? undefined : [
      principal.accountId, principal.serviceLinked ? 'slr' : '', a, ids(identity),
      c.boundary === undefined ? '-' : c.boundary === null ? 'null' : ids(boundary!), ...(scp ?? []).map(ids),
    ].join('|')
    r = key === undefined ? undefined : this.relevantByKey.get(key)
    if (!r) {
      r = { identity, ...(boundary ? { boundary } : {}), ...(scp ? { scp } : {}), id: nextId++, personal }
      if (key !== undefined) this.relevantByKey.set(key, r)
    }
    byAction.set(a, r)
    return r
  }

  // -------------------------------------------------------------------------------------------
  // Single decisions

  /** Quick filter: does any identity Allow of the principal name this action at all? */
  mayGrant(principal: Principal, action: string): boolean {
    const a = lowerAction(action)
    const c = this.compiled(principal)
    let g = c.grants.get(a)
    if (g === undefined) {
      g = this.indexOf(c.identity).covering(a).some((s) => s.effect === 'Allow')
      c.grants.set(a, g)
    }
    return g
  }

  private statementId(s: CompiledStatement): number {
    let id = this.statementIds.get(s)
    if (id === undefined) this.statementIds.set(s, (id = nextId++))
    return id
  }

  /**
   * Principals whose decisions are the same for every identity-side question: the same compiled
   * statements (managed policies are compiled once per ARN, so principals attaching the same
   * ones share them; inline statements are compiled per principal and never shared), the same
   * boundary, account and SCPs, and nothing that depends on who asks (conditions, policy
   * variables). Anyone else is a class of one.
   */
  classKey(principal: Principal): number {
    return this.decisionClass(principal)
  }

  private decisionClass(principal: Principal): number {
    let id = this.decisionClasses.get(principal)
    if (id !== undefined) return id
    const c = this.compiled(principal)
    const scps = this.scpsFor(principal)
    const personal = c.identity.some(personalStatement) || (c.boundary?.some(personalStatement) ?? false) ||
      (scps?.some((level) => level.some(personalStatement)) ?? false)
    if (personal) id = this.idOf(principal)
    else {
      const key = [
        principal.accountId, principal.serviceLinked ? 'slr' : '', c.identity.map((s) => this.statementId(s)).join(','),
        c.boundary === undefined ? '-' : c.boundary === null ? 'null' : c.boundary.map((s) => this.statementId(s)).join(','),
      ].join('|')
      id = this.decisionClassByKey.get(key)
      if (id === undefined) this.decisionClassByKey.set(key, (id = this.idOf(principal)))
    }
    this.decisionClasses.set(principal, id)
    return id
  }

  /**
   * A key shared by principals that decide one action alike (see Relevant): its relevant
   * statements' number, or the principal's own when they read who asks.
   */
  actionClass(principal: Principal, action: string): string {
    const r = this.relevant(principal, lowerAction(action))
    return r.personal ? `#${this.idOf(principal)}` : `r${r.id}`
  }

  private caller(principal: Principal): Caller {
    return { arn: principal.arn, accountId: principal.accountId, principal }
  }

  /** What the inventory can prove about a request's condition keys. */
  contextFor(principal: Principal, resource: string): ConditionContext {
    // built for every decision but read only by conditions and policy variables: nothing is
    // looked up or split until a key is asked for
    const tags = principal.tags
    const resourceTagsOf = this.resourceTags
    const orgAccounts = this.organizationAccounts
    const accountOf = (arn: string) => this.accountOfResource(arn)
    return {
      get(key: string) {
        switch (key) {
          case 'aws:principalarn': return [principal.arn]
          case 'aws:principalaccount': return [principal.accountId]
          case 'aws:username': return principal.kind === 'user' ? [principal.name] : null
          case 'aws:principaltype': return [principal.kind === 'user' ? 'User' : principal.kind === 'root' ? 'Account' : 'AssumedRole']
          case 'aws:principalisawsservice': return ['false']
          case 'aws:resourceaccount': { const account = accountOf(resource); return account ? [account] : undefined }
          case 'aws:requestedregion': { const region = resource.split(':')[3]; return region ? [region] : undefined }
          case 'aws:securetransport': return ['true']
          case 'aws:principalorgid': return orgAccounts.has(principal.accountId) ? [IN_ORGANIZATION] : null
        }
        if (key.startsWith('aws:principaltag/')) {
          const want = key.slice('aws:principaltag/'.length)
          const hit = Object.entries(tags).find(([k]) => k.toLowerCase() === want)
          return hit ? [hit[1]] : null
        }
        const resourceTags = key.startsWith(RESOURCE_TAG) ? resourceTagsOf.get(resource) : undefined
        if (resourceTags) {
          const want = key.slice(RESOURCE_TAG.length)
          const hit = Object.entries(resourceTags).find(([k]) => k.toLowerCase() === want)
          return hit ? [hit[1]] : null
        }
        return undefined
      },
    }
  }

  /**
   * `extra` adds request context the caller knows (lower-cased keys), e.g. iam:PassedToService
   * for a PassRole to a given service.
   */
  can(principal: Principal, action: string, resourceArn: string, extra?: Record<string, string[]>): AccessDecision {
    return this.decideAs(principal, action, resourceArn, 'normal', extra)
  }

  /** A decision with the resource side taken as `mode` says (see DecisionMode). */
  decideAs(principal: Principal, action: string, resourceArn: string, mode: DecisionMode, extra?: Record<string, string[]>): AccessDecision {
    const a = lowerAction(action)
    const resourcePolicy = mode === 'normal' ? this.policyGoverning(a, resourceArn) : undefined
    const relevant = this.relevant(principal, a)
    // decisions are shared by the principals of one Relevant; a resource policy may name the
    // caller, and a personal statement reads it: then they are the caller's own
    const owner: object = resourcePolicy || relevant.personal ? principal : relevant
    let byResource = this.memo.get(owner)
    if (!byResource) this.memo.set(owner, (byResource = new Map()))
    // a principal's map holds every action; a Relevant's one action, named all the same
    const key = `${a}\u0000${mode === 'normal' ? '' : mode}\u0000${resourceArn}${extra ? `\u0000${extraKey(extra)}` : ''}`
    let d = byResource.get(key)
    if (d) return d
    if (!acceptsResource(a, resourceArn)) {
      // the action never applies to this kind of resource: no statement can grant it
      d = { verdict: 'denied', via: [], blockedBy: ['implicit'] }
      byResource.set(key, d)
      return d
    }
    const base = this.contextFor(principal, resourceArn)
    const context: ConditionContext = extra ? { get: (k) => extra[k] ?? base.get(k) } : base
    const req: Request = { action: a, resource: resourceArn, resourceAccount: this.accountOfResource(resourceArn), caller: this.caller(principal), context }
    d = mode === 'normal' || mode === 'bare'
      ? decide({ principal: this.compiled(principal), relevant, resourcePolicy }, req)
      : decide({ principal: this.compiled(principal), relevant, resourcePolicy: RESOURCE_SIDE, resourceVerdict: mode === 'direct' ? DIRECT_SIDE : IDENTITY_SIDE }, req)
    byResource.set(key, d)
    return d
  }

  /**
   * Can `caller` assume `role`? The trust policy must admit it (a trust naming the caller's ARN
   * admits it by itself in the same account; one naming the caller's account only delegates to
   * the caller's own sts:AssumeRole permission, which cross-account calls always need), and no
   * Deny, boundary or SCP of the caller may stop it.
   */
  canAssume(caller: Principal, role: Principal): AccessDecision {
    let byRole = this.assumeMemo.get(this.idOf(caller))
    if (!byRole) this.assumeMemo.set(this.idOf(caller), (byRole = new Map()))
    let d = byRole.get(role.arn)
    if (d) return d
    const trust = this.trustOf(role)
    if (!trust || role.kind !== 'role') {
      d = { verdict: 'denied', via: [], blockedBy: ['resource-policy'] }
    } else {
      const trustVerdict = this.trustVerdict(caller, role, trust)
      if (trustVerdict.allow === 'no' || trustVerdict.deny === 'yes') {
        d = { verdict: 'denied', via: trustVerdict.denyVia, blockedBy: ['resource-policy'] }
      } else {
        const req: Request = { action: 'sts:assumerole', resource: role.arn, caller: this.caller(caller), context: this.contextFor(caller, role.arn) }
        d = decide({ principal: this.compiled(caller), relevant: this.relevant(caller, 'sts:assumerole'), resourcePolicy: trust, resourceVerdict: trustVerdict }, req)
        // unlike other resource policies, a trust policy must itself admit the caller even when it
        // only delegates to the caller's account: its unproven conditions stay in the answer
        if (d.verdict === 'allowed' && (trustVerdict.allow === 'maybe' || trustVerdict.deny === 'maybe')) {
          d = { verdict: 'conditional', via: d.via, unprovenConditions: trustVerdict.unproven }
        }
      }
    }
    byRole.set(role.arn, d)
    return d
  }

  /** The trust policy's own verdict for a caller (who it admits, under which conditions). */
  trustVerdict(caller: Principal, role: Principal, trust = this.trustOf(role)): SetVerdict {
    const req: Request = { action: 'sts:assumerole', resource: role.arn, caller: this.caller(caller), context: this.contextFor(caller, role.arn) }
    return evaluateSet(trust?.statements ?? [], req)
  }

  // -------------------------------------------------------------------------------------------
  // Decisions over a group of targets

  /**
   * The principal's decision for `action` on every member of `group`, one per class of members
   * its statements cannot tell apart (see targets.ts). Only classes it is not denied are returned.
   */
  classify(principal: Principal, action: string, group: TargetGroup, mode: DecisionMode, extra?: Record<string, string[]>): ClassDecision[] {
    const a = lowerAction(action)
    if (group.size === 0) return []
    const resourcePolicy = mode === 'normal' ? group.resourcePolicy : undefined
    const resourceGrants = resourcePolicy?.statements.some((s) => s.effect === 'Allow' && s.coversAction(a)) ?? false
    // nothing on the identity side names the action and the resource side grants nothing
    if (mode !== 'direct' && !resourceGrants && !this.mayGrant(principal, a)) return []
    const acceptance = group.acceptance(a, acceptsResource)
    if (acceptance === false) return []
    const context = this.contextFor(principal, '')
    const lists = new Map<string, string[]>()
    const tagKeys = new Set<string>()
    // partial Allows of the identity policies only add to what the others decide for every member
    let additive = true
    const consider = (s: CompiledStatement, identity: boolean) => {
      if (!s.coversAction(a)) return
      for (const cond of s.conditions) {
        const k = cond.key.toLowerCase()
        if (k.startsWith(RESOURCE_TAG)) tagKeys.add(k.slice(RESOURCE_TAG.length))
      }
      const patterns = s.resources ?? s.notResources
      if (!patterns || patterns.includes('*')) return
      // policy variables are the caller's (one caller here): substituted, or wildcards when unknown
      const resolved = patterns.map((p) => substitute(p, context) ?? wildcarded(p))
      lists.set(resolved.join('\u0000'), resolved)
      if (!identity || s.effect !== 'Allow' || !s.resources) additive = false
    }
    const rel = this.relevant(principal, a)
    for (const s of rel.identity) consider(s, true)
    for (const s of rel.boundary ?? []) consider(s, false)
    for (const level of rel.scp ?? []) for (const s of level) consider(s, false)
    for (const s of resourcePolicy?.statements ?? []) consider(s, false)
    const decideFor = (i: number) => this.decideAs(principal, a, group.members[i].arn, mode, extra)
    const everyone = (): TargetClass => ({ key: `${group.id}|*`, rep: 0, size: group.size, members: () => group.allMembers() })
    const out: ClassDecision[] = []
    if (lists.size === 0 && tagKeys.size === 0 && acceptance === true) {
      const d = decideFor(0)
      if (d.verdict !== 'denied') out.push({ cls: everyone(), decision: d })
      return out
    }
    const listKeys = [...lists.keys()].sort()
    const tags = [...tagKeys].sort()
    const mask = acceptance === true ? undefined : acceptance
    const signature = `${listKeys.join('\u0001')}\u0002${tags.join('\u0001')}\u0002${mask ? 'accept' : ''}`
    let partition = group.partitions.get(signature)
    if (!partition) group.partitions.set(signature, (partition = new Partition(group, signature, listKeys.map((k) => lists.get(k)!), tags, mask)))
    additive &&= tagKeys.size === 0 && !mask
    for (const cls of partition.classes) {
      if (additive && cls === partition.rest) continue
      const d = decideFor(cls.rep)
      if (d.verdict !== 'denied') out.push({ cls, decision: d, partition })
    }
    if (additive && partition.rest) {
      // what every member gets at least: the decision of a member no partial Allow names. The
      // classes above (asked first) say where a partial Allow adds to it; the rest class of
      // every principal is then the same class, shared.
      const d = decideFor(partition.rest.rep)
      if (d.verdict !== 'denied') out.push({ cls: { ...everyone(), rep: partition.rest.rep }, decision: d })
    }
    return out
  }

  // -------------------------------------------------------------------------------------------
  // What a principal holds

  admin(principal: Principal): AdminVerdict {
    return adminVerdict(this, principal)
  }

  /**
   * Does some identity Allow survive every Deny, the boundary and the SCPs for at least one
   * action? (A role quarantined by an attached `Deny *` grants nothing.) An action counts as
   * taken away only by what takes it away on every resource whatever the conditions: a Deny
   * without conditions on "*", a boundary or an SCP level that allows it nowhere.
   */
  grantsAnything(principal: Principal): boolean {
    let g = this.grantsSomething.get(principal)
    if (g !== undefined) return g
    const c = this.compiled(principal)
    const scps = this.scpsFor(principal) ?? []
    const allows = c.identity.filter((s) => s.effect === 'Allow')
    const denies = [...c.identity, ...(c.boundary ?? [])].filter((s) => s.effect === 'Deny' && s.conditions.length === 0 && (s.resources?.includes('*') ?? false))
    const restricted = denies.length > 0 || (c.boundary !== undefined && c.boundary !== null) || scps.length > 0
    if (!restricted) g = allows.length > 0
    else {
      const survives = (a: string): boolean =>
        !denies.some((d) => d.coversAction(a)) &&
        (!c.boundary || c.boundary.some((s) => s.effect === 'Allow' && s.coversAction(a))) &&
        scps.every((level) => level.some((s) => s.effect === 'Allow' && s.coversAction(a)) && !level.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && s.coversAction(a) && (s.resources?.includes('*') ?? false)))
      g = false
      let budget = 20_000 // NotAction statements denied again action by action are not worth more
      outer: for (const s of allows) {
        // a pattern nothing takes away whole survives without looking up what it expands to
        if (s.actions?.some((a) => survives(a))) { g = true; break }
        for (const a of candidateActions(s)) {
          if (--budget < 0 || survives(a.toLowerCase())) { g = true; break outer }
        }
      }
    }
    this.grantsSomething.set(principal, g)
    return g
  }

  // -------------------------------------------------------------------------------------------
  // Graph questions

  private analysis(): Analysis {
    return (this.analysisCache ??= new Analysis(this))
  }

  destructionReach(principal: Principal): StoreReach[] {
    return this.analysis().destructionReach(principal)
  }

  adminReach(principal: Principal): { accountId: string; path: PathTo }[] {
    return this.analysis().adminReach(principal)
  }

  assumersOf(role: Principal, include: (caller: Assumer) => boolean, limit: number): Assumers {
    return this.analysis().assumersOf(role, include, limit)
  }

  notes(): string[] {
    return this.analysisCache?.notes() ?? []
  }
}


/** Actions to try first for a NotAction statement before walking the whole catalogue. */
const COMMON_ACTIONS = ['s3:getobject', 'ec2:describeinstances', 'sts:getcalleridentity', 'logs:putlogevents', 'rds:describedbinstances', 'dynamodb:getitem', 'lambda:invokefunction', 'iam:getrole', 'kms:decrypt', 'sqs:sendmessage']

/** Catalogue actions an Allow statement may grant, in catalogue order (names it lists first). */
function* candidateActions(s: CompiledStatement): Generator<string> {
  if (s.notActions) for (const a of COMMON_ACTIONS) if (s.coversAction(a)) yield a
  if (s.actions) {
    for (const p of s.actions) {
      const expanded = expandAction(p)
      if (expanded.length) yield* expanded
      else if (!/[*?]/.test(p)) yield p
    }
    return
  }
  for (const service of allServices()) {
    for (const a of serviceActions(service).values()) if (!s.notActions!.some((n) => actionMatches(n, a.name))) yield a.name
  }
}

const extraKeys = new WeakMap<object, string>()
/** The memo key of some extra request context (the same object is asked about many times). */
function extraKey(extra: Record<string, string[]>): string {
  let k = extraKeys.get(extra)
  if (k === undefined) extraKeys.set(extra, (k = JSON.stringify(extra)))
  return k
}
