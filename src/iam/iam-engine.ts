// The engine behind IamEngine: principals indexed, policies compiled once per principal (managed
// policies once per ARN), SCP chains and resource policies looked up by account and ARN, and
// every answer memoized, because the assumption graph asks the same questions many times.
import type { Group, Inventory, Principal, Tags } from '../inventory/types.js'
import type { AccessDecision, IamEngine } from './engine.js'
import { compilePolicy, type CompiledPolicy, type CompiledStatement } from './policy.js'
import { compilePrincipal, decide, evaluateSet, type Caller, type CompiledPrincipalPolicies, type Request } from './evaluator.js'
import type { ConditionContext } from './conditions.js'
import { accountOfArn, actionMatches, resourceMatches } from './match.js'
import { acceptsResource } from './catalogue.js'


let nextId = 1

/** Lower-cased action names, computed once per spelling (the same few dozen are asked millions of times). */
const lowered = new Map<string, string>()
function lowerAction(action: string): string {
  let a = lowered.get(action)
  if (a === undefined) lowered.set(action, (a = action.toLowerCase()))
  return a
}

/** Does the statement's answer depend on who asks (conditions, policy variables, a Principal block)? */
const personalStatement = (s: CompiledStatement): boolean =>
  s.conditions.length > 0 || s.principal !== undefined || s.notPrincipal !== undefined ||
  (s.resources ?? s.notResources ?? []).some((r) => r.includes('${'))

export class IamEngineImpl implements IamEngine {
  readonly byArn = new Map<string, Principal>()
  readonly byAccount = new Map<string, Principal[]>()
  private readonly compiledPrincipals = new WeakMap<Principal, CompiledPrincipalPolicies>()
  private readonly ids = new WeakMap<Principal, number>()
  private readonly managedCache = new Map<string, CompiledPolicy | null>()
  private readonly scpByAccount = new Map<string, CompiledStatement[][]>()
  private readonly resourcePolicies = new Map<string, CompiledPolicy>()
  private readonly trustPolicies = new Map<string, CompiledPolicy>()
  private readonly resourceTags = new Map<string, Tags>()
  private readonly groups = new Map<string, Group>()
  /** decisions by decision class, then lower-cased action, then resource (and extra context) */
  private readonly memo = new Map<number, Map<string, Map<string, AccessDecision>>>()
  /** assumption decisions by caller id, then role ARN */
  private readonly assumeMemo = new Map<number, Map<string, AccessDecision>>()
  private readonly statementIds = new WeakMap<CompiledStatement, number>()
  private readonly decisionClasses = new WeakMap<Principal, number>()
  private readonly decisionClassByKey = new Map<string, number>()
  /** mayGrant answers shared by principals whose Allow statements name the same actions */
  private readonly grantTables = new Map<string, Map<string, boolean>>()

  constructor(readonly inventory: Inventory) {
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
    for (const db of inventory.databases) this.resourceTags.set(db.arn, db.tags)
    for (const s of inventory.secrets) this.resourceTags.set(s.arn, {})
    // compile every principal up front: a malformed policy is reported before any check runs
    for (const p of inventory.principals) this.compiled(p)
  }

  /** A number per principal object: synthetic principals (escalated copies) share ARNs. */
  idOf(principal: Principal): number {
    let id = this.ids.get(principal)
    if (id === undefined) this.ids.set(principal, (id = nextId++))
    return id
  }

  /** Quick filter: does any identity Allow of the principal name this action at all? */
  mayGrant(principal: Principal, action: string): boolean {
    const a = lowerAction(action)
    const c = this.compiled(principal)
    let g = c.grants.get(a)
    if (g === undefined) {
      g = c.identity.some((s) => s.effect === 'Allow' && s.coversAction(a))
      c.grants.set(a, g)
    }
    return g
  }

  /**
   * Quick filter: could an identity Allow of the principal cover this action on this resource
   * (conditions and policy variables aside)? Never false when `can` would allow.
   */
  identityMayAllow(principal: Principal, action: string, resource: string): boolean {
    const a = lowerAction(action)
    return this.compiled(principal).identity.some((s) => {
      if (s.effect !== 'Allow') return false
      if (!s.coversAction(a)) return false
      if (s.resources) return s.resources.some((p) => p.includes('${') || resourceMatches(p, resource))
      return true
    })
  }

  compiled(principal: Principal): CompiledPrincipalPolicies {
    let c = this.compiledPrincipals.get(principal)
    if (!c) {
      c = compilePrincipal(this.inventory, principal, this.managedCache, (p) =>
        p.groups.map((name) => this.groups.get(`${p.accountId}/${name}`)).filter((g): g is Group => g !== undefined),
      )
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

  private caller(principal: Principal): Caller {
    return { arn: principal.arn, accountId: principal.accountId, principal }
  }

  /** What the inventory can prove about a request's condition keys. */
  contextFor(principal: Principal, resource: string): ConditionContext {
    // built for every decision but read only by conditions and policy variables: nothing is
    // looked up or split until a key is asked for
    const tags = principal.tags
    const resourceTagsOf = this.resourceTags
    return {
      get(key: string) {
        switch (key) {
          case 'aws:principalarn': return [principal.arn]
          case 'aws:principalaccount': return [principal.accountId]
          case 'aws:username': return principal.kind === 'user' ? [principal.name] : null
          case 'aws:principaltype': return [principal.kind === 'user' ? 'User' : principal.kind === 'root' ? 'Account' : 'AssumedRole']
          case 'aws:principalisawsservice': return ['false']
          case 'aws:resourceaccount': { const account = accountOfArn(resource); return account ? [account] : undefined }
          case 'aws:requestedregion': { const region = resource.split(':')[3]; return region ? [region] : undefined }
          case 'aws:securetransport': return ['true']
        }
        if (key.startsWith('aws:principaltag/')) {
          const want = key.slice('aws:principaltag/'.length)
          const hit = Object.entries(tags).find(([k]) => k.toLowerCase() === want)
          return hit ? [hit[1]] : null
        }
        const resourceTags = key.startsWith('aws:resourcetag/') ? resourceTagsOf.get(resource) : undefined
        if (resourceTags) {
          const want = key.slice('aws:resourcetag/'.length)
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
    const a = lowerAction(action)
    const resourcePolicy = a.startsWith('backup:') ? this.resourcePolicies.get(resourceArn) : undefined
    // a resource policy may name the caller: its decisions are the caller's own
    const cls = resourcePolicy ? this.idOf(principal) : this.decisionClass(principal)
    let byAction = this.memo.get(cls)
    if (!byAction) this.memo.set(cls, (byAction = new Map()))
    let byResource = byAction.get(a)
    if (!byResource) byAction.set(a, (byResource = new Map()))
    const key = extra ? `${resourceArn}\u0000${JSON.stringify(extra)}` : resourceArn
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
    const req: Request = { action: a, resource: resourceArn, caller: this.caller(principal), context }
    d = decide({ principal: this.compiled(principal), scp: this.scpsFor(principal), resourcePolicy }, req)
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
      const req: Request = { action: 'sts:assumerole', resource: role.arn, caller: this.caller(caller), context: this.contextFor(caller, role.arn) }
      const trustVerdict = evaluateSet(trust.statements, req)
      if (trustVerdict.allow === 'no' || trustVerdict.deny === 'yes') {
        d = { verdict: 'denied', via: trustVerdict.denyVia, blockedBy: ['resource-policy'] }
      } else {
        d = decide({ principal: this.compiled(caller), scp: this.scpsFor(caller), resourcePolicy: trust, resourceVerdict: trustVerdict }, req)
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

  /** Roles whose trust policy admits an AWS service (lambda.amazonaws.com, ...): PassRole targets. */
  private serviceRoles?: Map<string, Principal[]>
  rolesTrustingService(service: string): Principal[] {
    // one pass over every role indexes all services at once (asked for eight services per class)
    if (!this.serviceRoles) {
      const index = new Map<string, Principal[]>()
      for (const p of this.inventory.principals) {
        if (p.kind !== 'role' || p.serviceLinked) continue
        const services = new Set<string>()
        for (const st of this.trustOf(p)?.statements ?? []) {
          if (st.effect !== 'Allow' || st.principal === undefined || st.principal === '*') continue
          if (!(st.actions ?? []).some((a) => actionMatches(a, 'sts:assumerole'))) continue
          for (const svc of st.principal.service) services.add(svc)
        }
        for (const svc of services) {
          let list = index.get(svc)
          if (!list) index.set(svc, (list = []))
          list.push(p)
        }
      }
      this.serviceRoles = index
    }
    return this.serviceRoles.get(service.toLowerCase()) ?? []
  }

  unresolvedPolicies(principal: Principal): string[] {
    return this.compiled(principal).unresolved
  }
}

