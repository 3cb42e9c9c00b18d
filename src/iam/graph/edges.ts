// The edges out of a node: role assumption (trust policy AND the caller's own permission), the
// control methods of escalation.ts (access keys, login profiles, trust rewrites, PassRole),
// giving a controlled principal every permission, and joining a group. Principals with the same
// policies share the edges that do not depend on who they are, through one class hub.
import type { Principal } from '../../inventory/types.js'
import type { IamEngineImpl } from '../iam-engine.js'
import { ADD_USER_TO_GROUP, CONTROL_METHODS } from '../escalation.js'
import { adminVerdict } from '../admin.js'
import type { Abilities } from './abilities.js'
import type { NodeFactory } from './nodes.js'
import type { TrustIndex } from './trust-index.js'
import { verdictOf, worse, type Edge, type GraphNode, type Step } from './types.js'

const ACCOUNT_ID = /^\d{12}$/

export class EdgeBuilder {
  private readonly edgeCache = new Map<string, Edge[]>()
  private readonly sharedEdgeCache = new Map<string, Edge[]>()
  private readonly classKeys = new WeakMap<Principal, string>()
  private readonly hubs = new Map<string, GraphNode>()
  private readonly targetSets = new Map<string, Set<string>>()

  constructor(
    private readonly engine: IamEngineImpl,
    private readonly trust: TrustIndex,
    private readonly nodes: NodeFactory,
    private readonly abilities: Abilities,
  ) {}

  edges(node: GraphNode): Edge[] {
    const cached = this.edgeCache.get(node.key)
    if (cached) return cached
    const p = node.principal
    const engine = this.engine
    const actor = node.base.arn
    if (node.escalated === 'account-admin') {
      const adminEdges = this.accountAdminEdges(node)
      this.edgeCache.set(node.key, adminEdges)
      return adminEdges
    }
    if (this.isAccountAdmin(p)) {
      const admin = this.nodes.accountAdmin(node.base.accountId)
      const only: Edge[] = [{ to: admin, step: { from: node.label, actor, action: '*', to: admin.label, verdict: 'allowed', via: adminVerdict(engine, p).via } }]
      this.edgeCache.set(node.key, only)
      return only
    }
    if (!this.abilities.mayMove(p) && !this.trust.byName.has(node.base.arn)) {
      // most principals hold none of the permissions that lead anywhere: no edges, no class key
      this.edgeCache.set(node.key, [])
      return []
    }
    const personal = this.classOf(p).startsWith('#')
    const shared = this.sharedEdges(node)
    const edges: Edge[] = []
    if (personal) edges.push(...shared.filter((e) => e.step.to !== node.base.arn))
    else if (shared.length) {
      // one edge into the class hub instead of a copy of every shared edge per member
      edges.push({ to: this.hubNode(node), step: { from: node.label, action: '(same policies)', verdict: 'allowed', via: [], hub: true } })
    }

    // role assumption through trusts naming this principal itself, or with conditions
    let own: Principal[] | Set<Principal> = this.trust.trusting(node.base.arn)
    if (!personal && engine.mayGrant(p, 'sts:AssumeRole')) {
      const conditional = this.trust.conditionallyTrusting(node.base.accountId)
      const anyone = this.trust.conditionallyTrustingAnyone()
      // the usual case, no conditional trust at all, needs no set
      if (conditional.length || anyone.length) {
        const set = new Set<Principal>(own)
        for (const r of conditional) if (engine.identityMayAllow(p, 'sts:AssumeRole', r.arn)) set.add(r)
        for (const r of anyone) set.add(r)
        own = set
      }
    }
    const seen = (Array.isArray(own) ? own.length : own.size) === 0 ? undefined : this.sharedTargets(node)
    for (const role of own) {
      if (role.arn === node.base.arn || seen!.has(role.arn)) continue
      const d = engine.canAssume(p, role)
      const v = verdictOf(d)
      if (!v) continue
      const step: Step = { from: node.label, actor, action: 'sts:AssumeRole', to: role.arn, verdict: v, via: d.via }
      edges.push({ to: this.nodes.node(role), step })
      if (node.escalated !== 'full' && this.abilities.empowerMethods(p).length) {
        const e = this.abilities.empower(p, role)
        if (e) edges.push({ to: this.nodes.full(role), step: { ...step, action: `${e.action} + sts:AssumeRole`, method: e.method, verdict: worse(v, e.verdict), via: [...e.via, ...d.via] } })
      }
    }

    if (node.escalated !== 'full') {
      // giving itself every permission
      if (this.abilities.empowerMethods(p).length) {
        const e = this.abilities.empower(p, node.base)
        if (e) edges.push({ to: this.nodes.full(node.base), step: { from: node.label, actor, action: e.action, to: node.base.arn, method: e.method, verdict: e.verdict, via: e.via } })
      }
      // joining a group
      if (node.base.kind === 'user' && node.escalated === undefined && engine.mayGrant(p, ADD_USER_TO_GROUP.action)) {
        for (const g of this.trust.groupsByAccount.get(node.base.accountId) ?? []) {
          if (node.base.groups.includes(g.name)) continue
          const d = engine.can(p, ADD_USER_TO_GROUP.action, g.arn)
          const v = verdictOf(d)
          if (!v) continue
          edges.push({ to: this.nodes.withGroup(node.base, g), step: { from: node.label, actor, action: ADD_USER_TO_GROUP.action, to: g.arn, method: ADD_USER_TO_GROUP.id, verdict: v, via: d.via } })
        }
      }
    }
    this.edgeCache.set(node.key, edges)
    return edges
  }

  /** Nodes holding every permission without a boundary collapse into their account's admin node. */
  private isAccountAdmin(p: Principal): boolean {
    if (p.permissionsBoundaryArn) return false
    const a = adminVerdict(this.engine, p)
    return a.admin && a.verdict === 'allowed'
  }

  /** An account's administrator reaches roles of other accounts trusting the account or a principal in it. */
  private accountAdminEdges(node: GraphNode): Edge[] {
    const accountId = node.principal.accountId
    const edges: Edge[] = []
    const seen = new Set<string>()
    for (const { role, named } of this.trust.trustedFrom.get(accountId) ?? []) {
      if (seen.has(role.arn)) continue
      const caller = ACCOUNT_ID.test(named) ? node.principal : this.nodes.impostor(accountId, named)
      const d = this.engine.canAssume(caller, role)
      const v = verdictOf(d)
      if (!v) continue
      seen.add(role.arn)
      edges.push({ to: this.nodes.node(role), step: { from: caller === node.principal ? node.label : `${named} (${node.label})`, action: 'sts:AssumeRole', to: role.arn, verdict: v, via: d.via } })
    }
    return edges
  }

  /**
   * Principals with the same policies, boundary, groups, tags and account answer every
   * question the same way, except where their own ARN matters (trusts naming it, conditions,
   * policy variables). Their shareable edges are computed once per class.
   */
  private classOf(p: Principal): string {
    let key = this.classKeys.get(p)
    if (key) return key
    const c = this.engine.compiled(p)
    const personal = this.engine.byArn.get(p.arn) !== p ||
      c.identity.some((s) => s.conditions.length > 0 || (s.resources ?? s.notResources ?? []).some((r) => r.includes('${')))
    key = personal
      ? `#${this.engine.idOf(p)}`
      : JSON.stringify([p.accountId, p.kind, [...p.managedPolicyArns].sort(), [...p.groups].sort(), p.permissionsBoundaryArn ?? '', p.tags,
          p.inlinePolicies.map((i) => [i.name, i.document])])
    this.classKeys.set(p, key)
    return key
  }

  /** Edges any member of the principal's class has: account-level trusts, control and empower methods on others. */
  private sharedEdges(node: GraphNode): Edge[] {
    const key = this.classOf(node.principal)
    const cached = this.sharedEdgeCache.get(key)
    if (cached) return cached
    const p = node.principal
    const engine = this.engine
    const edges: Edge[] = []
    const controlled: { target: Principal; step: Step }[] = []
    const actor = node.base.arn

    // role assumption through trusts naming the account (or anyone): needs the caller's own permission
    if (engine.mayGrant(p, 'sts:AssumeRole')) {
      const candidates = new Set<Principal>()
      for (const r of this.trust.trusting(node.base.accountId)) if (engine.identityMayAllow(p, 'sts:AssumeRole', r.arn)) candidates.add(r)
      for (const r of this.trust.wildcard) candidates.add(r)
      for (const role of candidates) {
        if (this.trust.hasConditions(role) && !key.startsWith('#')) continue // decided per principal
        const d = engine.canAssume(p, role)
        const v = verdictOf(d)
        if (!v) continue
        const step: Step = { from: node.label, actor, action: 'sts:AssumeRole', to: role.arn, verdict: v, via: d.via }
        edges.push({ to: this.nodes.node(role), step })
        controlled.push({ target: role, step })
      }
    }

    // acting as another principal: access keys, login profiles, trust rewrites, PassRole
    const sameAccount = engine.byAccount.get(node.base.accountId) ?? []
    for (const m of CONTROL_METHODS) {
      if (!engine.mayGrant(p, m.onTarget)) continue
      const extra = this.abilities.allOf(p, m.alsoNeeds)
      if (!extra) continue
      const targets = m.service ? this.serviceRolesIn(m.service, node.base.accountId) : sameAccount
      for (const t of targets) {
        if (t.kind !== m.targetKind || t.serviceLinked) continue
        const d = engine.can(p, m.onTarget, t.arn, m.service ? { 'iam:passedtoservice': [m.service] } : undefined)
        const v = verdictOf(d)
        if (!v) continue
        const step: Step = {
          from: node.label, actor, action: [m.onTarget, ...extra.actions].join(' + '), to: t.arn, method: m.id,
          verdict: worse(v, extra.verdict), via: [...d.via, ...extra.via],
        }
        edges.push({ to: this.nodes.node(t), step })
        controlled.push({ target: t, step })
      }
    }

    // giving a principal it controls every permission
    if (node.escalated !== 'full' && this.abilities.empowerMethods(p).length) {
      const done = new Set<string>()
      for (const { target, step: control } of controlled) {
        if (done.has(target.arn)) continue
        const e = this.abilities.empower(p, target)
        if (!e) continue
        done.add(target.arn)
        edges.push({
          to: this.nodes.full(target),
          step: {
            from: node.label, actor, action: `${e.action} + ${control.action}`, to: target.arn,
            method: control.method ? `${e.method}+${control.method}` : e.method, verdict: worse(control.verdict, e.verdict), via: [...e.via, ...control.via],
          },
        })
      }
    }
    this.sharedEdgeCache.set(key, edges)
    return edges
  }

  private readonly serviceRoles = new Map<string, Principal[]>()
  /** Roles of one account trusted by an AWS service (PassRole targets), once per service and account. */
  private serviceRolesIn(service: string, accountId: string): Principal[] {
    const key = `${service}\u0000${accountId}`
    let roles = this.serviceRoles.get(key)
    if (!roles) this.serviceRoles.set(key, (roles = this.engine.rolesTrustingService(service).filter((r) => r.accountId === accountId)))
    return roles
  }

  private hubNode(member: GraphNode): GraphNode {
    const key = this.classOf(member.principal)
    let hub = this.hubs.get(key)
    if (!hub) {
      hub = { key: `class:${this.hubs.size}`, principal: member.principal, base: member.base, label: member.label, hub: true }
      this.hubs.set(key, hub)
      this.edgeCache.set(hub.key, this.sharedEdges(member))
    }
    return hub
  }

  private sharedTargets(node: GraphNode): Set<string> {
    const key = this.classOf(node.principal)
    let s = this.targetSets.get(key)
    if (!s) this.targetSets.set(key, (s = new Set(this.sharedEdges(node).map((e) => e.to.key))))
    return s
  }
}
