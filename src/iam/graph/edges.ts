// The edges out of a node: role assumption (trust policy AND the caller's own permission), the
// control methods of escalation.ts (access keys, login profiles, trust rewrites, PassRole),
// giving a controlled principal every permission, and joining a group. Where a principal reaches
// a whole class of targets alike (every role its account's root trusts, every role Lambda may be
// passed), one edge into that class's hub stands for all of them: the graph grows with the
// number of principals and classes, not with their product.
import type { Group, Principal } from '../../inventory/types.js'
import type { AccessDecision } from '../engine.js'
import type { IamEngineImpl } from '../iam-engine.js'
import { ADD_USER_TO_GROUP, CONTROL_METHODS, type ControlMethod } from '../escalation.js'
import { TargetGroup, type ClassDecision, type Target, type TargetClass } from '../targets.js'
import type { Abilities, EmpowerMethod } from './abilities.js'
import type { NodeFactory } from './nodes.js'
import type { TrustIndex, TrustTarget } from './trust-index.js'
import { PLACEHOLDER, verdictOf, worse, type Edge, type GraphNode, type MemberStep, type StepVerdict } from './types.js'

const ACCOUNT_ID = /^\d{12}$/
/** classes up to this size get an edge per member: a hub would only add a node */
const HUB_MIN = 3

interface PrincipalTarget extends Target {
  principal: Principal
}
type AnyTarget = PrincipalTarget | TrustTarget

const principalOf = (t: AnyTarget): Principal => ('role' in t ? t.role : t.principal)
const memberStepOf = (t: AnyTarget): MemberStep => ('step' in t ? t.step : { to: t.arn, via: [], verdict: 'allowed' })

/** The half of a step the acting principal contributes. */
interface Half {
  action: string
  method?: string
  verdict: StepVerdict
  via: string[]
}

/** What a node controls: a class of a group (through a hub or per member), or one principal. */
type Controlled =
  | { kind: 'class'; group: TargetGroup<AnyTarget>; cls: TargetClass; half: Half }
  | { kind: 'one'; target: Principal; half: Half; member: MemberStep }

export class EdgeBuilder {
  private readonly cache: (Edge[] | undefined)[] = []
  private readonly principalGroups = new Map<string, TargetGroup<PrincipalTarget>>()
  private readonly resourceGroups = new Map<string, TargetGroup>()
  private readonly memberSets = new WeakMap<TargetClass, Set<number>>()
  /** managed policy ARN → principals it applies to (directly or through a group) */
  private readonly attachees = new Map<string, Principal[]>()
  /** group ARN → its users */
  private readonly groupMembers = new Map<string, Principal[]>()

  constructor(
    private readonly engine: IamEngineImpl,
    private readonly trust: TrustIndex,
    private readonly nodes: NodeFactory,
    private readonly abilities: Abilities,
    /** every action the analysis asks about (lower-cased) */
    private readonly relevant: readonly string[],
  ) {
    for (const p of engine.inventory.principals) {
      for (const arn of p.managedPolicyArns) push(this.attachees, arn, p)
      for (const g of trust.groupsOf(p)) {
        push(this.groupMembers, g.arn, p)
        for (const arn of g.managedPolicyArns) push(this.attachees, arn, p)
      }
    }
  }

  edges(node: GraphNode): Edge[] {
    let out = this.cache[node.id]
    if (!out) this.cache[node.id] = out = this.build(node)
    return out
  }

  /** classifications of the node being built (the empower questions repeat per controlled class) */
  private nodeMemo = new Map<string, ClassDecision[]>()
  private classify(p: Principal, action: string, group: TargetGroup): ClassDecision[] {
    const key = `${action}|${group.id}`
    let c = this.nodeMemo.get(key)
    if (!c) this.nodeMemo.set(key, (c = this.engine.classify(p, action, group, 'normal')))
    return c
  }

  private build(node: GraphNode): Edge[] {
    this.nodeMemo = new Map()
    if (node.hub || !node.principal || !node.base) return []
    if (node.escalated === 'account-admin') return this.accountAdminEdges(node)
    const p = node.principal
    const base = node.base
    const engine = this.engine
    if (this.isAccountAdmin(p)) {
      const admin = this.nodes.accountAdmin(base.accountId)
      return [{ to: admin.id, action: '*', verdict: 'allowed', via: engine.admin(p).via, target: admin.label }]
    }
    // a principal that can give itself every permission becomes its account's administrator:
    // that node reaches everything it could reach otherwise, in as many steps
    // (a node that already holds every permission its boundary allows gains nothing from
    // empowering itself, but still empowers the principals it controls)
    const empowers = this.abilities.empowerMethods(p).length > 0
    const self = empowers && node.escalated !== 'full' ? this.abilities.empower(p, base) : undefined
    const selfEdge: Edge | undefined = self && { to: this.nodes.full(base).id, action: self.action, method: self.method, verdict: self.verdict, via: self.via, target: base.arn }
    if (selfEdge && self!.verdict === 'allowed' && !base.permissionsBoundaryArn) return [selfEdge]

    const edges: Edge[] = []
    const controlled: Controlled[] = []

    // role assumption through trusts that admit every caller of this account alike
    const assumes = engine.mayGrant(p, 'sts:AssumeRole')
    for (const { group, direct } of this.trust.groupsAdmitting(base.accountId)) {
      if (!direct && !assumes) continue
      for (const cd of engine.classify(p, 'sts:AssumeRole', group, direct ? 'direct' : 'identity')) {
        const v = verdictOf(cd.decision)!
        this.reachClass(node, group, cd, { action: 'sts:AssumeRole', verdict: v, via: cd.decision.via }, edges, controlled)
      }
    }

    // acting as another principal: access keys, login profiles, trust rewrites, PassRole
    if (this.abilities.mayMove(p)) {
      for (const m of CONTROL_METHODS) this.controlEdges(node, m, edges, controlled)
    }

    // giving a principal it controls every permission
    if (empowers) for (const c of controlled) this.empowerEdges(node, c, edges)

    // role assumption through trusts naming this principal, or decided caller by caller
    const personal = this.trust.personalFor(base.accountId)
    const own = personal.length ? [...this.trust.trusting(base.arn), ...personal] : this.trust.trusting(base.arn)
    for (const role of own) {
      if (role.arn === base.arn) continue
      const d = engine.canAssume(p, role)
      const v = verdictOf(d)
      if (!v) continue
      edges.push({ to: this.nodes.node(role).id, action: 'sts:AssumeRole', verdict: v, via: d.via, target: role.arn })
      if (empowers) this.empowerEdges(node, { kind: 'one', target: role, half: { action: 'sts:AssumeRole', verdict: v, via: d.via }, member: { to: role.arn, via: [], verdict: 'allowed' } }, edges)
    }

    // giving itself every permission (under its boundary, or conditionally)
    if (selfEdge) edges.push(selfEdge)
    // joining a group
    if (base.kind === 'user' && node.escalated === undefined && engine.mayGrant(p, ADD_USER_TO_GROUP.action)) {
      for (const g of this.trust.groupsByAccount.get(base.accountId) ?? []) {
        if (base.groups.includes(g.name) || !this.addsRelevant(g)) continue
        const d = engine.can(p, ADD_USER_TO_GROUP.action, g.arn)
        const v = verdictOf(d)
        if (!v) continue
        edges.push({ to: this.nodes.withGroup(base, g).id, action: ADD_USER_TO_GROUP.action, method: ADD_USER_TO_GROUP.id, verdict: v, via: d.via, target: g.arn })
      }
    }
    return edges
  }

  private controlEdges(node: GraphNode, m: ControlMethod, edges: Edge[], controlled: Controlled[]): void {
    const p = node.principal!
    const accountId = node.base!.accountId
    if (!this.engine.mayGrant(p, m.onTarget)) return
    const group = m.service ? this.serviceRoles(m.service, accountId) : this.principals(accountId, m.targetKind)
    if (group.size === 0) return
    const context = m.service ? passedTo(m.service) : undefined
    // the targets first: a PassRole that reaches no role of this service needs no service actions asked
    const classes = this.engine.classify(p, m.onTarget, group, 'normal', context)
    if (classes.length === 0) return
    const extra = this.abilities.allOf(p, m.alsoNeeds, accountId)
    if (!extra) return
    for (const cd of classes) {
      const v = verdictOf(cd.decision)!
      const half: Half = { action: [m.onTarget, ...extra.actions].join(' + '), method: m.id, verdict: worse(v, extra.verdict), via: [...cd.decision.via, ...extra.via] }
      this.reachClass(node, group, cd, half, edges, controlled)
    }
  }

  /** Edges to a class of targets: one into its hub, or one per member when the class is small. */
  private reachClass(node: GraphNode, group: TargetGroup<AnyTarget>, cd: ClassDecision, half: Half, edges: Edge[], controlled: Controlled[]): void {
    const { cls } = cd
    const self = node.base!.arn
    if (cls.size < HUB_MIN) {
      for (const i of cls.members()) {
        const t = group.members[i]
        const target = principalOf(t)
        if (half.action === 'sts:AssumeRole' && target.arn === self) continue
        const member = memberStepOf(t)
        edges.push({ to: this.nodes.node(target).id, action: half.action, method: half.method, verdict: worse(half.verdict, member.verdict), via: member.via.length ? [...half.via, ...member.via] : half.via, target: member.to })
        controlled.push({ kind: 'one', target, half, member })
      }
      return
    }
    const hub = this.nodes.hub(cls.key, () => {
      const ids = cls.members()
      return { members: ids.map((i) => this.nodes.node(principalOf(group.members[i])).id), steps: ids.map((i) => memberStepOf(group.members[i])) }
    })
    edges.push({ to: hub.id, action: half.action, method: half.method, verdict: half.verdict, via: half.via })
    controlled.push({ kind: 'class', group, cls, half })
  }

  /**
   * Giving what a node controls every permission (then acting as it): the first empower method
   * that works on each target. A method allowed alike on every target of a class is one edge into
   * a hub of the empowered targets; a method allowed on some only is judged target by target.
   */
  private empowerEdges(node: GraphNode, c: Controlled, edges: Edge[]): void {
    const p = node.principal!
    if (c.kind === 'one') {
      const e = this.abilities.empower(p, c.target)
      if (!e) return
      edges.push({
        to: this.nodes.full(c.target).id, action: `${e.action} + ${c.half.action}`, method: c.half.method ? `${e.method}+${c.half.method}` : e.method,
        verdict: worse(worse(c.half.verdict, c.member.verdict), e.verdict), via: [...e.via, ...c.half.via, ...c.member.via], target: c.member.to,
      })
      return
    }
    const { group, cls } = c
    const uniform: { m: EmpowerMethod; decision: ClassDecision }[] = []
    const partial: EmpowerMethod[] = []
    for (const m of this.abilities.empowerMethods(p)) {
      const scope = this.empowerScope(p, m, group)
      if (scope === 'none') continue
      if (scope === 'partial') partial.push(m)
      else uniform.push({ m, decision: scope })
    }
    // one hub per class and method, of the members the method acts on: a member several
    // methods reach is reached first through the first of them (edges go in method order)
    for (const { m, decision } of uniform) {
      const hub = this.nodes.hub(`${cls.key}|empower:${m.id}`, () => {
        const members: number[] = []
        const steps: MemberStep[] = []
        const seen = new Set<number>()
        for (const i of cls.members()) {
          const t = group.members[i]
          const target = principalOf(t)
          const resources = this.abilities.resourcesFor(m, target)
          if (!resources.length) continue
          const full = this.nodes.full(target)
          if (seen.has(full.id)) continue
          seen.add(full.id)
          members.push(full.id)
          steps.push({ ...memberStepOf(t), resource: resources[0] })
        }
        return { members, steps }
      })
      if (!hub.hub!.members.length) continue
      const v = verdictOf(decision.decision)!
      edges.push({
        to: hub.id, action: `${m.action} on ${PLACEHOLDER} + ${c.half.action}`, method: c.half.method ? `${m.id}+${c.half.method}` : m.id,
        verdict: worse(c.half.verdict, m.conditional ? 'conditional' : v), via: [...decision.decision.via, ...c.half.via],
      })
    }
    if (partial.length) {
      const members = this.memberSet(cls)
      const candidates = new Set<number>()
      for (const m of partial) for (const i of this.empowerable(p, m, group)) if (members.has(i)) candidates.add(i)
      for (const i of [...candidates].sort((a, b) => a - b)) {
        const t = group.members[i]
        this.empowerEdges(node, { kind: 'one', target: principalOf(t), half: c.half, member: memberStepOf(t) }, edges)
      }
    }
  }

  /**
   * How an empower method reaches the members of a group: alike for all (the decision), for
   * some only ('partial'), or for none.
   */
  private empowerScope(p: Principal, m: EmpowerMethod, group: TargetGroup<AnyTarget>): ClassDecision | 'partial' | 'none' {
    const resources = m.on === 'user' || m.on === 'role' ? group : this.resourceGroup(m, groupAccount(group))
    if (!resources) return 'none'
    const classes = this.classify(p, m.action, resources)
    if (classes.length === 0) return 'none'
    return classes.length === 1 && classes[0].cls.size === resources.size ? classes[0] : 'partial'
  }

  /** Members of `group` that a partially allowed empower method may reach. */
  private empowerable(p: Principal, m: EmpowerMethod, group: TargetGroup<AnyTarget>): number[] {
    if (m.on === 'user' || m.on === 'role') return this.classify(p, m.action, group).flatMap((cd) => cd.cls.members())
    const resources = this.resourceGroup(m, groupAccount(group))
    if (!resources) return []
    const out = new Set<number>()
    for (const cd of this.classify(p, m.action, resources)) {
      for (const r of cd.cls.members()) {
        const arn = resources.members[r].arn
        const holders = (m.on === 'group' ? this.groupMembers.get(arn) : this.attachees.get(arn)) ?? []
        for (const h of holders) {
          const i = group.index(h.arn)
          if (i !== undefined) out.add(i)
        }
      }
    }
    return [...out]
  }

  private readonly relevantGroups = new Map<Group, boolean>()
  /**
   * Does joining the group add an Allow of any action the analysis asks about? If not, the user
   * after joining reaches exactly what it reached before, and the node is left out.
   */
  private addsRelevant(g: Group): boolean {
    let r = this.relevantGroups.get(g)
    if (r === undefined) {
      const statements = this.engine.groupStatements(g)
      r = statements.some((s) => s.effect === 'Allow' && this.relevant.some((a) => s.coversAction(a)))
      this.relevantGroups.set(g, r)
    }
    return r
  }

  private memberSet(cls: TargetClass): Set<number> {
    let s = this.memberSets.get(cls)
    if (!s) this.memberSets.set(cls, (s = new Set(cls.members())))
    return s
  }

  /** Nodes holding every permission without a boundary collapse into their account's admin node. */
  private isAccountAdmin(p: Principal): boolean {
    if (p.permissionsBoundaryArn) return false
    const a = this.engine.admin(p)
    return a.admin && a.verdict === 'allowed'
  }

  /** An account's administrator reaches roles of other accounts trusting the account or a principal in it. */
  private accountAdminEdges(node: GraphNode): Edge[] {
    const accountId = node.principal!.accountId
    const edges: Edge[] = []
    const seen = new Set<string>()
    for (const { role, named } of this.trust.trustedFrom.get(accountId) ?? []) {
      if (seen.has(role.arn)) continue
      const caller = ACCOUNT_ID.test(named) ? node.principal! : this.nodes.impostor(accountId, named)
      const d = this.engine.canAssume(caller, role)
      const v = verdictOf(d)
      if (!v) continue
      seen.add(role.arn)
      // an impostor named in the trust takes the step in the administrator's name
      const from = caller === node.principal ? undefined : `${named} (${node.label})`
      edges.push({ to: this.nodes.node(role).id, action: 'sts:AssumeRole', verdict: v, via: d.via, target: role.arn, ...(from ? { from } : {}) })
    }
    // roles of other accounts trusting anyone alike: the administrator is a caller like any other
    for (const { group } of this.trust.groupsAdmitting(accountId)) {
      for (const t of group.members) {
        const role = t.role
        if (role.accountId === accountId || seen.has(role.arn)) continue
        const d = this.engine.canAssume(node.principal!, role)
        const v = verdictOf(d)
        if (!v) continue
        seen.add(role.arn)
        edges.push({ to: this.nodes.node(role).id, action: 'sts:AssumeRole', verdict: v, via: d.via, target: role.arn })
      }
    }
    // trusts decided caller by caller: as the administrator, or as a principal of its account
    // the trust names (or whose tags it reads)
    for (const role of this.trust.personalFor(accountId)) {
      if (role.accountId === accountId || seen.has(role.arn)) continue
      let best: { d: AccessDecision; v: StepVerdict; caller: Principal } | undefined
      for (const caller of [node.principal!, ...this.nodes.actorsBefore(accountId, this.engine.trustOf(role)?.statements ?? [])]) {
        const d = this.engine.canAssume(caller, role)
        const v = verdictOf(d)
        if (v && (!best || (best.v === 'conditional' && v === 'allowed'))) best = { d, v, caller }
        if (best?.v === 'allowed') break
      }
      if (!best) continue
      seen.add(role.arn)
      const from = best.caller === node.principal ? undefined : `${best.caller.arn} (${node.label})`
      edges.push({ to: this.nodes.node(role).id, action: 'sts:AssumeRole', verdict: best.v, via: best.d.via, target: role.arn, ...(from ? { from } : {}) })
    }
    return edges
  }

  // -------------------------------------------------------------------------------------------
  // Target groups

  /** Users or roles of one account (service-linked roles are AWS's own and never targets). */
  private principals(accountId: string, kind: 'user' | 'role'): TargetGroup<PrincipalTarget> {
    const key = `${kind}:${accountId}`
    let g = this.principalGroups.get(key)
    if (!g) {
      const members = (this.engine.byAccount.get(accountId) ?? []).filter((p) => p.kind === kind && !p.serviceLinked)
      this.principalGroups.set(key, (g = new TargetGroup(`${kind}s of ${accountId}`, members.map((p) => ({ arn: p.arn, tags: p.tags, principal: p })))))
    }
    return g
  }

  /** Roles of one account an AWS service may be passed (their trust admits the service). */
  private serviceRoles(service: string, accountId: string): TargetGroup<PrincipalTarget> {
    const key = `${service}:${accountId}`
    let g = this.principalGroups.get(key)
    if (!g) {
      const members = this.rolesTrustingService(service).filter((r) => r.accountId === accountId)
      this.principalGroups.set(key, (g = new TargetGroup(`roles of ${accountId} trusting ${service}`, members.map((p) => ({ arn: p.arn, tags: p.tags, principal: p })))))
    }
    return g
  }

  private serviceIndex?: Map<string, Principal[]>
  private rolesTrustingService(service: string): Principal[] {
    if (!this.serviceIndex) {
      const index = new Map<string, Principal[]>()
      for (const p of this.engine.inventory.principals) {
        if (p.kind !== 'role' || p.serviceLinked) continue
        const services = new Set<string>()
        for (const st of this.engine.trustOf(p)?.statements ?? []) {
          if (st.effect !== 'Allow' || st.principal === undefined || st.principal === '*') continue
          if (!st.coversAction('sts:assumerole')) continue
          for (const svc of st.principal.service) services.add(svc)
        }
        for (const svc of services) push(index, svc, p)
      }
      this.serviceIndex = index
    }
    return this.serviceIndex.get(service.toLowerCase()) ?? []
  }

  /** What group and policy empower methods act on, in one account: its groups, its customer-managed policies. */
  private resourceGroup(m: EmpowerMethod, accountId: string | undefined): TargetGroup | undefined {
    if (!accountId) return undefined
    const key = `${m.on}:${accountId}`
    let g = this.resourceGroups.get(key)
    if (!g) {
      const inv = this.engine.inventory
      const arns = m.on === 'group'
        ? (this.trust.groupsByAccount.get(accountId) ?? []).map((x: Group) => x.arn)
        : [...inv.managedPolicies.values()].filter((x) => x.owner === accountId).map((x) => x.arn)
      this.resourceGroups.set(key, (g = new TargetGroup(`${m.on}s of ${accountId}`, arns.map((arn) => ({ arn, tags: undefined })))))
    }
    return g
  }
}

const passedToContext = new Map<string, Record<string, string[]>>()
/** iam:PassedToService for a service, one object per service (decisions are memoized by it). */
function passedTo(service: string): Record<string, string[]> {
  let c = passedToContext.get(service)
  if (!c) passedToContext.set(service, (c = { 'iam:passedtoservice': [service] }))
  return c
}

/** The account every member of a group belongs to. */
function groupAccount(group: TargetGroup<AnyTarget>): string | undefined {
  return group.members.length ? principalOf(group.members[0]).accountId : undefined
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  let list = map.get(key)
  if (!list) map.set(key, (list = []))
  list.push(value)
}
