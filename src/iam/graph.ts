// Who can become whom, across all accounts: role assumption (trust policy AND the caller's own
// permission) plus the known escalation methods of escalation.ts. Nodes are principals, and
// synthetic ones: a principal after an escalation gave it every permission ("full"), or a user
// after joining a group. Capabilities (delete this DB, this recovery point, ...) propagate
// backwards along edges, so each node's best path to each capability is computed once for all
// starting principals.
import type { Group, Principal, PolicyDocument } from '../inventory/types.js'
import type { AccessDecision } from './engine.js'
import type { IamEngineImpl } from './iam-engine.js'
import { ADD_USER_TO_GROUP, CONTROL_METHODS, EMPOWER_METHODS } from './escalation.js'
import { adminVerdict } from './admin.js'
import { accountOfArn } from './match.js'

export type StepVerdict = 'allowed' | 'conditional'

/** One step of a path: `from` calls `action` to become `to`, or on `resource`. */
export interface Step {
  from: string
  /** ARN of the principal whose policies decided the step (internal: paths shared by a class are re-labelled) */
  actor?: string
  action: string
  to?: string
  resource?: string
  /** escalation method id (escalation.ts), absent for plain role assumption and final actions */
  method?: string
  verdict: StepVerdict
  /** statements that allowed it */
  via: string[]
  /** the step from a principal into its class hub: not a step anyone takes, left out of paths */
  hub?: true
}

export interface GraphNode {
  key: string
  /** the principal whose permissions this node acts with (synthetic for escalated nodes) */
  principal: Principal
  /** the real principal underneath */
  base: Principal
  /** for evidence: the ARN, or the ARN with what was done to it */
  label: string
  escalated?: 'full' | 'group' | 'account-admin'
  /** a class hub: holds the edges shared by principals with identical policies, no capabilities of its own */
  hub?: true
}

export interface Edge {
  to: GraphNode
  step: Step
}

/** A permission someone may hold: any of `actions` on `resource`. */
export interface Capability {
  key: string
  actions: string[]
  resource: string
}

interface Entry {
  verdict: StepVerdict
  hops: number
  /** the edge taken from this node, or undefined when the node holds the capability itself */
  edge?: Edge
  own?: Step
}

/** A shared edge's step, told from the node that takes it (its label, its own policy ids). */
function relabel(step: Step, node: GraphNode): Step {
  if (!step.actor || step.actor === node.base.arn) return step
  const actor = step.actor
  return { ...step, from: node.label, actor: node.base.arn, via: step.via.map((v) => (v.startsWith(actor) ? node.base.arn + v.slice(actor.length) : v)) }
}

const FULL_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] }

const verdictOf = (d: AccessDecision): StepVerdict | undefined =>
  d.verdict === 'allowed' ? 'allowed' : d.verdict === 'conditional' ? 'conditional' : undefined
const worse = (a: StepVerdict, b: StepVerdict): StepVerdict => (a === 'conditional' || b === 'conditional' ? 'conditional' : 'allowed')

export class PrincipalGraph {
  private readonly nodes = new Map<string, GraphNode>()
  private readonly edgeCache = new Map<string, Edge[]>()
  private readonly trustByName = new Map<string, Principal[]>()
  /** account → roles of other accounts whose trust names that account or an ARN in it */
  private readonly trustedFrom = new Map<string, { role: Principal; named: string }[]>()
  private readonly wildcardTrust: Principal[] = []
  private readonly policyHolders = new Map<string, Principal[]>()
  private readonly groupsByAccount = new Map<string, Group[]>()

  constructor(readonly engine: IamEngineImpl) {
    const inv = engine.inventory
    for (const g of inv.groups) {
      let list = this.groupsByAccount.get(g.accountId)
      if (!list) this.groupsByAccount.set(g.accountId, (list = []))
      list.push(g)
    }
    for (const role of inv.principals) {
      if (role.kind !== 'role' || role.serviceLinked) continue
      const trust = engine.trustOf(role)
      const names = new Set<string>()
      for (const s of trust?.statements ?? []) {
        if (s.effect !== 'Allow' || !s.principal) continue
        if (s.principal === '*') { this.wildcardTrust.push(role); continue }
        for (const v of s.principal.aws) {
          if (v.includes('*')) { this.wildcardTrust.push(role); continue }
          const m = /^arn:aws:iam::(\d{12}):root$/.exec(v)
          names.add(m ? m[1] : v)
        }
      }
      for (const n of names) {
        let list = this.trustByName.get(n)
        if (!list) this.trustByName.set(n, (list = []))
        list.push(role)
        const account = /^\d{12}$/.test(n) ? n : accountOfArn(n)
        if (account && account !== role.accountId) {
          let from = this.trustedFrom.get(account)
          if (!from) this.trustedFrom.set(account, (from = []))
          from.push({ role, named: n })
        }
      }
    }
    for (const p of inv.principals) {
      const arns = new Set(p.managedPolicyArns)
      for (const g of this.groupsOf(p)) for (const a of g.managedPolicyArns) arns.add(a)
      for (const a of arns) {
        let list = this.policyHolders.get(a)
        if (!list) this.policyHolders.set(a, (list = []))
        list.push(p)
      }
    }
  }

  private groupsOf(p: Principal): Group[] {
    return (this.groupsByAccount.get(p.accountId) ?? []).filter((g) => p.groups.includes(g.name))
  }

  node(principal: Principal): GraphNode {
    let n = this.nodes.get(principal.arn)
    if (!n) this.nodes.set(principal.arn, (n = { key: principal.arn, principal, base: principal, label: principal.arn }))
    return n
  }

  /**
   * Administrator of an account: whoever holds every permission there can act as any principal
   * of it (new access keys, rewritten trust policies), so one node stands for all of them; its
   * only further reach is into other accounts that trust this one or a principal in it.
   */
  private accountAdminNode(accountId: string): GraphNode {
    const key = `account-admin:${accountId}`
    let n = this.nodes.get(key)
    if (!n) {
      const principal = this.impostor(accountId, `arn:aws:iam::${accountId}:role/*`)
      this.nodes.set(key, (n = { key, principal, base: principal, label: `administrator of account ${accountId}`, escalated: 'account-admin' }))
    }
    return n
  }

  private impostors = new Map<string, Principal>()
  /** a principal of `accountId` with ARN `arn` holding every permission (an admin can create or take it over) */
  private impostor(accountId: string, arn: string): Principal {
    let p = this.impostors.get(arn)
    if (!p) {
      const known = this.engine.byArn.get(arn)
      const name = arn.split('/').pop() ?? arn
      p = {
        arn, type: 'AWS::IAM::Role', accountId, region: 'global', name, source: known?.source ?? 'bulkhead',
        environment: known?.environment ?? { environment: 'unknown', rule: 'default', detail: 'synthetic' },
        kind: known?.kind ?? 'role', path: '/', tags: known?.tags ?? {}, managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false,
        inlinePolicies: [{ name: 'escalated', id: `${arn}/escalated`, document: FULL_POLICY, source: 'bulkhead' }],
      }
      this.impostors.set(arn, p)
    }
    return p
  }

  /** Nodes holding every permission without a boundary collapse into their account's admin node. */
  private isAccountAdmin(p: Principal): boolean {
    if (p.permissionsBoundaryArn) return false
    const a = adminVerdict(this.engine, p)
    return a.admin && a.verdict === 'allowed'
  }

  private fullNode(base: Principal): GraphNode {
    if (!base.permissionsBoundaryArn) return this.accountAdminNode(base.accountId)
    const key = `full:${base.arn}`
    let n = this.nodes.get(key)
    if (!n) {
      const principal: Principal = {
        ...base,
        inlinePolicies: [...base.inlinePolicies, { name: 'escalated', id: `${base.arn}/escalated`, document: FULL_POLICY, source: base.source }],
      }
      this.nodes.set(key, (n = { key, principal, base, label: `${base.arn} (with every permission its boundary and SCPs allow)`, escalated: 'full' }))
    }
    return n
  }

  private groupNode(base: Principal, group: Group): GraphNode {
    const key = `${base.arn}+group:${group.name}`
    let n = this.nodes.get(key)
    if (!n) {
      const principal: Principal = { ...base, groups: [...base.groups, group.name] }
      this.nodes.set(key, (n = { key, principal, base, label: `${base.arn} (as a member of group ${group.name})`, escalated: 'group' }))
    }
    return n
  }

  private accountAdminEdges(node: GraphNode): Edge[] {
    const accountId = node.principal.accountId
    const edges: Edge[] = []
    const seen = new Set<string>()
    for (const { role, named } of this.trustedFrom.get(accountId) ?? []) {
      if (seen.has(role.arn)) continue
      const caller = /^\d{12}$/.test(named) ? node.principal : this.impostor(accountId, named)
      const d = this.engine.canAssume(caller, role)
      const v = verdictOf(d)
      if (!v) continue
      seen.add(role.arn)
      edges.push({ to: this.node(role), step: { from: caller === node.principal ? node.label : `${named} (${node.label})`, action: 'sts:AssumeRole', to: role.arn, verdict: v, via: d.via } })
    }
    return edges
  }

  private allOf(p: Principal, groups: string[][]): { verdict: StepVerdict; via: string[]; actions: string[] } | undefined {
    let verdict: StepVerdict = 'allowed'
    const via: string[] = []
    const actions: string[] = []
    for (const alternatives of groups) {
      let best: { v: StepVerdict; d: AccessDecision; a: string } | undefined
      for (const a of alternatives) {
        if (!this.engine.mayGrant(p, a)) continue
        const d = this.engine.can(p, a, '*')
        const v = verdictOf(d)
        if (v && (!best || (best.v === 'conditional' && v === 'allowed'))) best = { v, d, a }
      }
      if (!best) return undefined
      verdict = worse(verdict, best.v)
      via.push(...best.d.via)
      actions.push(best.a)
    }
    return { verdict, via, actions }
  }

  /**
   * Principals with the same policies, boundary, groups, tags and account answer every
   * question the same way, except where their own ARN matters (trusts naming it, conditions,
   * policy variables). Their shareable edges are computed once per class.
   */
  private classKeys = new WeakMap<Principal, string>()
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

  private trustHasConditions = new Map<string, boolean>()
  private conditionalTrust(role: Principal): boolean {
    let c = this.trustHasConditions.get(role.arn)
    if (c === undefined) this.trustHasConditions.set(role.arn, (c = !!this.engine.trustOf(role)?.statements.some((s) => s.conditions.length > 0)))
    return c
  }

  private sharedEdgeCache = new Map<string, Edge[]>()

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
      for (const r of this.trustByName.get(node.base.accountId) ?? []) if (engine.identityMayAllow(p, 'sts:AssumeRole', r.arn)) candidates.add(r)
      for (const r of this.wildcardTrust) candidates.add(r)
      for (const role of candidates) {
        if (this.conditionalTrust(role) && !key.startsWith('#')) continue // decided per principal
        const d = engine.canAssume(p, role)
        const v = verdictOf(d)
        if (!v) continue
        const step: Step = { from: node.label, actor, action: 'sts:AssumeRole', to: role.arn, verdict: v, via: d.via }
        edges.push({ to: this.node(role), step })
        controlled.push({ target: role, step })
      }
    }

    // acting as another principal: access keys, login profiles, trust rewrites, PassRole
    const sameAccount = engine.byAccount.get(node.base.accountId) ?? []
    for (const m of CONTROL_METHODS) {
      if (!engine.mayGrant(p, m.onTarget)) continue
      const extra = this.allOf(p, m.alsoNeeds)
      if (!extra) continue
      const targets = m.service ? engine.rolesTrustingService(m.service).filter((r) => r.accountId === node.base.accountId) : sameAccount
      for (const t of targets) {
        if (t.kind !== m.targetKind || t.serviceLinked) continue
        const d = engine.can(p, m.onTarget, t.arn, m.service ? { 'iam:passedtoservice': [m.service] } : undefined)
        const v = verdictOf(d)
        if (!v) continue
        const step: Step = {
          from: node.label, actor, action: [m.onTarget, ...extra.actions].join(' + '), to: t.arn, method: m.id,
          verdict: worse(v, extra.verdict), via: [...d.via, ...extra.via],
        }
        edges.push({ to: this.node(t), step })
        controlled.push({ target: t, step })
      }
    }

    // giving a principal it controls every permission
    if (node.escalated !== 'full' && this.empowerMethods(p).length) {
      const done = new Set<string>()
      for (const { target, step: control } of controlled) {
        if (done.has(target.arn)) continue
        const e = this.empower(p, target)
        if (!e) continue
        done.add(target.arn)
        edges.push({
          to: this.fullNode(target),
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
      const admin = this.accountAdminNode(node.base.accountId)
      const only: Edge[] = [{ to: admin, step: { from: node.label, actor, action: '*', to: admin.label, verdict: 'allowed', via: adminVerdict(engine, p).via } }]
      this.edgeCache.set(node.key, only)
      return only
    }
    if (!this.mayMove(p) && !this.trustByName.has(node.base.arn)) {
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
    const own = new Set<Principal>(this.trustByName.get(node.base.arn) ?? [])
    if (!personal && engine.mayGrant(p, 'sts:AssumeRole')) {
      for (const r of this.trustByName.get(node.base.accountId) ?? []) if (this.conditionalTrust(r) && engine.identityMayAllow(p, 'sts:AssumeRole', r.arn)) own.add(r)
      for (const r of this.wildcardTrust) if (this.conditionalTrust(r)) own.add(r)
    }
    const seen = this.sharedTargets(node)
    for (const role of own) {
      if (role.arn === node.base.arn || seen.has(role.arn)) continue
      const d = engine.canAssume(p, role)
      const v = verdictOf(d)
      if (!v) continue
      const step: Step = { from: node.label, actor, action: 'sts:AssumeRole', to: role.arn, verdict: v, via: d.via }
      edges.push({ to: this.node(role), step })
      if (node.escalated !== 'full' && this.empowerMethods(p).length) {
        const e = this.empower(p, role)
        if (e) edges.push({ to: this.fullNode(role), step: { ...step, action: `${e.action} + sts:AssumeRole`, method: e.method, verdict: worse(v, e.verdict), via: [...e.via, ...d.via] } })
      }
    }

    if (node.escalated !== 'full') {
      // giving itself every permission
      if (this.empowerMethods(p).length) {
        const e = this.empower(p, node.base)
        if (e) edges.push({ to: this.fullNode(node.base), step: { from: node.label, actor, action: e.action, to: node.base.arn, method: e.method, verdict: e.verdict, via: e.via } })
      }
      // joining a group
      if (node.base.kind === 'user' && node.escalated === undefined && engine.mayGrant(p, ADD_USER_TO_GROUP.action)) {
        for (const g of this.groupsByAccount.get(node.base.accountId) ?? []) {
          if (node.base.groups.includes(g.name)) continue
          const d = engine.can(p, ADD_USER_TO_GROUP.action, g.arn)
          const v = verdictOf(d)
          if (!v) continue
          edges.push({ to: this.groupNode(node.base, g), step: { from: node.label, actor, action: ADD_USER_TO_GROUP.action, to: g.arn, method: ADD_USER_TO_GROUP.id, verdict: v, via: d.via } })
        }
      }
    }
    this.edgeCache.set(node.key, edges)
    return edges
  }

  /** Does the principal hold any permission that can make it another principal? */
  private mayMove(p: Principal): boolean {
    const e = this.engine
    return e.mayGrant(p, 'sts:AssumeRole') || e.mayGrant(p, ADD_USER_TO_GROUP.action) ||
      CONTROL_METHODS.some((m) => e.mayGrant(p, m.onTarget)) || this.empowerMethods(p).length > 0
  }

  private hubs = new Map<string, GraphNode>()
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

  private targetSets = new Map<string, Set<string>>()
  private sharedTargets(node: GraphNode): Set<string> {
    const key = this.classOf(node.principal)
    let s = this.targetSets.get(key)
    if (!s) this.targetSets.set(key, (s = new Set(this.sharedEdges(node).map((e) => e.to.key))))
    return s
  }

  private empowerCache = new WeakMap<Principal, typeof EMPOWER_METHODS[number][]>()
  private empowerMethods(p: Principal): typeof EMPOWER_METHODS[number][] {
    let m = this.empowerCache.get(p)
    if (!m) this.empowerCache.set(p, (m = EMPOWER_METHODS.filter((x) => this.engine.mayGrant(p, x.action))))
    return m
  }

  /** Can `p` give `target` arbitrary permissions? The first method that works. */
  private empower(p: Principal, target: Principal): { action: string; method: string; verdict: StepVerdict; via: string[] } | undefined {
    const engine = this.engine
    for (const m of this.empowerMethods(p)) {
      let resources: string[] = []
      if (m.on === 'user' || m.on === 'role') resources = target.kind === m.on ? [target.arn] : []
      else if (m.on === 'group') resources = this.groupsOf(target).map((g) => g.arn)
      else {
        const arns = new Set(target.managedPolicyArns)
        for (const g of this.groupsOf(target)) for (const a of g.managedPolicyArns) arns.add(a)
        // AWS-managed policies cannot be given new versions
        resources = [...arns].filter((a) => !a.startsWith('arn:aws:iam::aws:'))
      }
      for (const r of resources) {
        const d = engine.can(p, m.action, r)
        const v = verdictOf(d)
        if (!v) continue
        return { action: `${m.action} on ${r}`, method: m.id, verdict: m.conditional ? 'conditional' : v, via: d.via }
      }
    }
    return undefined
  }

  // -------------------------------------------------------------------------------------------
  // Capability propagation

  private summaries = new Map<string, Map<string, Entry>>()

  /**
   * Compute, for every node reachable from `starts`, its best path to each capability.
   * `own` decides whether a node holds a capability with its own credentials.
   */
  solve(starts: Principal[], capabilities: Capability[], own: (node: GraphNode, cap: Capability) => Step | undefined): void {
    this.summaries = new Map()
    // discover every node and its edges
    const order: GraphNode[] = []
    const seen = new Set<string>()
    const stack = starts.map((p) => this.node(p))
    const preds = new Map<string, { from: GraphNode; edge: Edge }[]>()
    while (stack.length) {
      const n = stack.pop()!
      if (seen.has(n.key)) continue
      seen.add(n.key)
      order.push(n)
      for (const e of this.edges(n)) {
        let list = preds.get(e.to.key)
        if (!list) preds.set(e.to.key, (list = []))
        list.push({ from: n, edge: e })
        if (!seen.has(e.to.key)) stack.push(e.to)
      }
    }
    // own capabilities, then propagate improvements backwards along edges
    const work: GraphNode[] = []
    for (const n of order) {
      const s = new Map<string, Entry>()
      if (!n.hub) for (const cap of capabilities) {
        const step = own(n, cap)
        if (step) s.set(cap.key, { verdict: step.verdict, hops: 0, own: step })
      }
      this.summaries.set(n.key, s)
      if (s.size) work.push(n)
    }
    while (work.length) {
      const m = work.pop()!
      const ms = this.summaries.get(m.key)!
      for (const { from, edge } of preds.get(m.key) ?? []) {
        const fs = this.summaries.get(from.key)!
        let changed = false
        for (const [cap, entry] of ms) {
          const verdict = worse(edge.step.verdict, entry.verdict)
          const hops = entry.hops + 1
          const cur = fs.get(cap)
          if (!cur || (cur.verdict === 'conditional' && verdict === 'allowed') || (cur.verdict === verdict && hops < cur.hops)) {
            fs.set(cap, { verdict, hops, edge })
            changed = true
          }
        }
        if (changed) work.push(from)
      }
    }
  }

  /** The best path from a principal to a capability: its steps, or undefined. */
  pathTo(start: Principal, capKey: string): { verdict: StepVerdict; steps: Step[] } | undefined {
    let node: GraphNode | undefined = this.node(start)
    let entry = this.summaries.get(node.key)?.get(capKey)
    if (!entry) return undefined
    const verdict = entry.verdict
    const steps: Step[] = []
    const guard = new Set<string>()
    // steps out of a class hub are told from the member that entered it
    let actor: GraphNode = node
    while (entry && node && !guard.has(node.key)) {
      guard.add(node.key)
      if (entry.own) { steps.push(entry.own); break }
      const step = entry.edge!.step
      if (!node.hub) actor = node
      if (!step.hub) steps.push(relabel(step, actor))
      node = entry.edge!.to
      entry = this.summaries.get(node.key)?.get(capKey)
    }
    return { verdict, steps }
  }

  /** Does the principal reach any capability at all? */
  reachesAnything(start: Principal): boolean {
    return (this.summaries.get(this.node(start).key)?.size ?? 0) > 0
  }

  /** Capabilities a principal reaches (keys). */
  reached(start: Principal): string[] {
    return [...(this.summaries.get(this.node(start).key)?.keys() ?? [])]
  }
}

