// The graph questions, answered once per engine: what each principal can destroy of every prod
// database (spec §4 can-delete-prod-database, can-delete-prod-backups, unrecoverable-deletion;
// §7 semantics), whom it can become administrator of, and who can assume a role.
//
// 1. Capabilities: delete this database, modify it, delete this recovery point, unlock this
//    vault, administer this account. Each node's own capabilities come from one decision per
//    class of targets its statements cannot tell apart (targets.ts), as bitsets.
// 2. Reach: bitsets propagated over the graph's strongly connected components (graph/reach.ts),
//    once with every edge and once with allowed edges only (allowed beats conditional).
// 3. Paths: only for what is reported, a breadth-first search from the principal through nodes
//    whose reach still holds a wanted capability: fewest steps, each with its statements.
import type { AnyRecoveryPointKind, DataStore, Principal, RecoveryPoint, Vault } from '../inventory/types.js'
import { isProd } from '../inventory/environment.js'
import { vaultLockState, type VaultLockState } from '../inventory/recovery.js'
import { dataStores, survivingRecoveryPoints } from '../inventory/stores.js'
import type { Assumer, Assumers, DestroyPath, Destruction, PathTo, RecoveryPointReach, Step, StepVerdict, StoreReach } from './engine.js'
import { databaseModify, databaseWays, recoveryPointWays } from './stores/database.js'
import { bucketWays } from './stores/bucket.js'
import { tableModify, tablePointWays, tableWays } from './stores/table.js'
import type { Need, PointWays, Way } from './stores/model.js'
import type { IamEngineImpl } from './iam-engine.js'
import { TargetGroup, type ClassDecision, type Partition, type TargetClass } from './targets.js'
import { Abilities, instantiate } from './graph/abilities.js'
import { EdgeBuilder } from './graph/edges.js'
import { NodeFactory } from './graph/nodes.js'
import { TrustIndex, type TrustTarget } from './graph/trust-index.js'
import { bitsOf, computeReach, hasBit, intersects, isEmpty, orInto, setBit, words, type Bits } from './graph/reach.js'
import { stepOf, verdictOf, type Capability, type Edge, type GraphNode } from './graph/types.js'
import { accountOfArn } from './match.js'
import { ADD_USER_TO_GROUP, CONTROL_METHODS, EMPOWER_METHODS } from './escalation.js'
import { ADMIN_PROBES } from './admin.js'

type Level = 'allowed' | 'any'

/**
 * How many principals (at each level) get their paths searched. Paths are evidence, not the
 * answer: past this many, findings keep their verdicts and lose their steps, and the report says so.
 */
export const PATH_BUDGET = 20_000

interface CapTarget { arn: string; tags: Record<string, string> | undefined; cap: number }

/** Capabilities on resources of one kind, account, region and resource policy: decided per class. */
interface CapGroup {
  group: TargetGroup<CapTarget>
  actions: string[]
  accountId: string
  /** a resource policy that may grant to other accounts' principals */
  crossAccount: boolean
  /** decided without the resource policy (a way that rewrote it first) */
  bare: boolean
}

/** A way with its needs as capability indices. */
interface CapWay { way: Way; caps: number[] }

interface Target {
  store: DataStore
  destroy: CapWay[]
  modify?: number
  rps: { rp: RecoveryPoint<AnyRecoveryPointKind>; vault?: Vault; lock?: VaultLockState; ways: CapWay[]; reason?: string }[]
}

export class Analysis {
  private readonly nodes: NodeFactory
  private readonly trust: TrustIndex
  private readonly builder: EdgeBuilder
  private readonly caps: Capability[] = []
  private readonly capByKey = new Map<string, Capability>()
  private readonly capGroups: CapGroup[] = []
  /** capability → the group it is decided in */
  private readonly capGroupOf = new Map<number, CapGroup>()
  private readonly adminCap = new Map<string, number>()
  private readonly targets: Target[] = []
  private readonly width: number
  private readonly ownBits = { allowed: [] as (Bits | null)[], any: [] as (Bits | null)[] }
  private readonly successorLists = { allowed: [] as number[][], any: [] as number[][] }
  private readonly classBits = new Map<string, Bits>()
  private readonly reach: Record<Level, (id: number) => Bits | undefined>
  private readonly paths = new Map<string, Map<number, PathTo>>()
  private searches = 0
  private readonly omitted = new Set<Principal>()
  private readonly reachCache = new WeakMap<Principal, StoreReach[]>()

  constructor(private readonly engine: IamEngineImpl) {
    const inventory = engine.inventory
    this.nodes = new NodeFactory(engine)
    this.trust = new TrustIndex(engine)
    this.buildCapabilities()
    this.builder = new EdgeBuilder(engine, this.trust, this.nodes, new Abilities(engine, this.trust), this.relevantActions())
    this.width = words(this.caps.length)
    const starts = inventory.principals.filter((p) => !p.serviceLinked).map((p) => this.nodes.node(p).id)
    // every edge first (this builds the graph), then the allowed ones only
    const any = computeReach(starts, (id) => this.successors(id, 'any'), (id) => this.own(id, 'any'), this.width)
    const allowed = computeReach(starts, (id) => this.successors(id, 'allowed'), (id) => this.own(id, 'allowed'), this.width)
    this.reach = { any, allowed }
  }

  // -------------------------------------------------------------------------------------------
  // Capabilities

  private capability(key: string, actions: string[], resource: string, adminOf?: string): Capability {
    let c = this.capByKey.get(key)
    if (!c) {
      c = { index: this.caps.length, key, actions, resource, ...(adminOf ? { adminOf } : {}) }
      this.caps.push(c)
      this.capByKey.set(key, c)
    }
    return c
  }

  private readonly groupsByKey = new Map<string, { targets: CapTarget[]; actions: string[]; accountId: string; policyOf?: string; bare: boolean }>()
  /** The capability for one need of a store in `accountId`, in its group (same actions, place, policy). */
  private need(n: Need, accountId: string, region: string): number {
    const cap = this.capability(`${n.bare ? 'bare:' : ''}${n.actions.join(',')}:${n.resource}`, n.actions, n.resource)
    const policyOf = n.policyOf && this.engine.resourcePolicyOf(n.policyOf) ? n.policyOf : undefined
    const key = `${n.actions.join(',')}|${accountId}|${region}|${policyOf ?? ''}|${n.bare ? 'bare' : ''}`
    let g = this.groupsByKey.get(key)
    if (!g) this.groupsByKey.set(key, (g = { targets: [], actions: n.actions, accountId, policyOf, bare: !!n.bare }))
    if (!g.targets.some((t) => t.cap === cap.index)) g.targets.push({ arn: cap.resource, tags: this.engine.resourceTags.get(cap.resource), cap: cap.index })
    return cap.index
  }

  private ways(ws: Way[], accountId: string, region: string): CapWay[] {
    return ws.map((way) => ({ way, caps: way.needs.map((n) => this.need(n, accountId, region)) }))
  }

  private buildCapabilities(): void {
    const inventory = this.engine.inventory
    const vaults = new Map(inventory.vaults.map((v) => [v.arn, v]))
    const buckets = new Map(inventory.buckets.map((b) => [b.arn, b]))
    const tables = new Map(inventory.tables.map((t) => [t.arn, t]))
    for (const store of dataStores(inventory).filter(isProd)) {
      const at = (w: Way[]) => this.ways(w, store.accountId, store.region)
      const t: Target = { store, destroy: [], rps: [] }
      if (store.store === 'database') {
        t.destroy = at(databaseWays(store.database, inventory))
        t.modify = this.need(databaseModify(store.database), store.accountId, store.region)
      } else if (store.store === 'bucket') {
        const b = bucketWays(store.bucket)
        t.destroy = at(b.ways)
      } else {
        t.destroy = at(tableWays(store.table))
        t.modify = this.need(tableModify(store.table), store.accountId, store.region)
      }
      for (const rp of survivingRecoveryPoints(store)) {
        let pw: PointWays
        let vault: Vault | undefined
        let lock: VaultLockState | undefined
        let where = { accountId: rp.accountId, region: rp.region }
        if (rp.kind === 's3-replica') {
          // a replica is destroyed as a bucket is (spec §8: version deletes do not replicate)
          const dest = buckets.get(rp.arn)
          pw = dest ? bucketWays(dest) : { ways: [], reason: `replica bucket ${rp.arn} is not in the snapshot` }
          if (dest) where = { accountId: dest.accountId, region: dest.region }
        } else if (rp.kind === 'dynamodb-backup' || rp.kind === 'dynamodb-pitr') {
          pw = tablePointWays(rp, tables.get(rp.sourceDbArn ?? ''))
        } else {
          const point = rp as RecoveryPoint
          vault = point.vaultArn ? vaults.get(point.vaultArn) : undefined
          lock = vault ? vaultLockState(vault, inventory.collectedAt) : 'none'
          pw = recoveryPointWays(point, vault, inventory.collectedAt)
        }
        t.rps.push({ rp, vault, lock, ways: this.ways(pw.ways, where.accountId, where.region), ...(pw.reason ? { reason: pw.reason } : {}) })
      }
      this.targets.push(t)
    }
    for (const a of inventory.accounts) this.adminCap.set(a.id, this.capability(`admin:${a.id}`, [], '*', a.id).index)
    for (const [key, g] of this.groupsByKey) {
      const policy = g.policyOf && !g.bare ? this.engine.resourcePolicyOf(g.policyOf) : undefined
      const crossAccount = policy?.statements.some((s) => s.effect === 'Allow') ?? false
      const cg: CapGroup = { group: new TargetGroup(key, g.targets, policy), actions: g.actions, accountId: g.accountId, crossAccount, bare: g.bare }
      this.capGroups.push(cg)
      for (const t of g.targets) this.capGroupOf.set(t.cap, cg)
    }
  }

  /** Every action the analysis asks about: capabilities, escalation methods, administrator probes. */
  private relevantActions(): string[] {
    const actions = new Set<string>(['sts:assumerole', ADD_USER_TO_GROUP.action.toLowerCase(), ...ADMIN_PROBES.map((a) => a.toLowerCase())])
    for (const c of this.caps) for (const a of c.actions) actions.add(a.toLowerCase())
    for (const m of CONTROL_METHODS) for (const a of [m.onTarget, ...m.alsoNeeds.flat()]) actions.add(a.toLowerCase())
    for (const m of EMPOWER_METHODS) actions.add(m.action.toLowerCase())
    return [...actions]
  }

  /** The capabilities a node holds with its own credentials, at a level. */
  private own(id: number, level: Level): Bits | undefined {
    const cached = this.ownBits[level][id]
    if (cached !== undefined) return cached ?? undefined
    const node = this.nodes.all[id]
    let allowed: Bits | null = null
    let any: Bits | null = null
    const p = node.principal
    if (p && !node.hub) {
      const set = (b: Bits, verdict: StepVerdict) => {
        any ??= new Uint32Array(this.width)
        orInto(any, b)
        if (verdict === 'allowed') {
          allowed ??= new Uint32Array(this.width)
          orInto(allowed, b)
        }
      }
      for (const cg of this.capGroups) {
        if (cg.accountId !== p.accountId && !cg.crossAccount) continue
        // an account's administrator acts as whichever principal of it a resource policy favours
        for (const actor of this.actorsFor(node, cg)) {
          for (const action of cg.actions) {
            for (const cd of this.engine.classify(actor, action, cg.group, cg.bare ? 'bare' : 'normal')) set(this.bitsOfClass(cg.group, cd.cls), verdictOf(cd.decision)!)
          }
        }
      }
      const admin = this.adminCap.get(p.accountId)
      if (admin !== undefined) {
        const a = this.engine.admin(p)
        if (a.admin) {
          const b = new Uint32Array(this.width)
          setBit(b, admin)
          set(b, a.verdict!)
        }
      }
    }
    this.ownBits.allowed[id] = allowed
    this.ownBits.any[id] = any
    return (level === 'allowed' ? allowed : any) ?? undefined
  }

  /** Who a node acts as on a capability group: itself, and for an account's administrator the principals the group's resource policy names. */
  private actorsFor(node: GraphNode, cg: CapGroup): Principal[] {
    const policy = cg.group.resourcePolicy
    if (node.escalated !== 'account-admin' || !policy) return [node.principal!]
    const named = this.nodes.actorsBefore(node.principal!.accountId, policy.statements)
    return named.length ? [node.principal!, ...named] : [node.principal!]
  }

  private bitsOfClass(group: TargetGroup<CapTarget>, cls: TargetClass): Bits {
    let b = this.classBits.get(cls.key)
    if (!b) {
      b = new Uint32Array(this.width)
      for (const i of cls.members()) setBit(b, group.members[i].cap)
      this.classBits.set(cls.key, b)
    }
    return b
  }

  // -------------------------------------------------------------------------------------------
  // The graph, one level at a time

  private edgesOf(node: GraphNode): Edge[] {
    return this.builder.edges(node)
  }

  private successors(id: number, level: Level): number[] {
    let s = this.successorLists[level][id]
    if (s) return s
    const node = this.nodes.all[id]
    if (node.hub) {
      const { members, steps } = node.hub
      s = level === 'any' ? members : members.filter((_, k) => steps[k].verdict === 'allowed')
    } else {
      const edges = this.edgesOf(node)
      s = (level === 'any' ? edges : edges.filter((e) => e.verdict === 'allowed')).map((e) => e.to)
    }
    this.successorLists[level][id] = s
    return s
  }

  // -------------------------------------------------------------------------------------------
  // Paths

  /** The best path from a principal to each capability it reaches: allowed paths first, then fewest steps. */
  private pathTo(start: Principal, cap: number): PathTo | undefined {
    const id = this.nodes.node(start).id
    if (!hasBit(this.reach.any(id), cap)) return undefined
    const level: Level = hasBit(this.reach.allowed(id), cap) ? 'allowed' : 'any'
    const key = `${id}|${level}`
    let found = this.paths.get(key)
    if (!found) {
      // past the budget, a principal's reach is told without its steps (the bitsets know the verdict)
      if (this.searches >= (this.engine.options.pathBudget ?? PATH_BUDGET)) {
        this.omitted.add(start)
        const verdict = level === 'allowed' ? 'allowed' : 'conditional'
        return { verdict, steps: [{ from: start.arn, action: '(steps not computed)', verdict, via: [], omitted: true }], omitted: true }
      }
      this.searches++
      this.paths.set(key, (found = new Map()))
    }
    let path = found.get(cap)
    if (!path) {
      this.search(id, level, found)
      path = found.get(cap)
    }
    return path
  }

  /** What the analysis left out to stay within its budgets, for the report. */
  notes(): string[] {
    return this.omitted.size
      ? [`the steps of ${this.omitted.size} principals' paths were not computed: the scan's budget of ${this.engine.options.pathBudget ?? PATH_BUDGET} principals with paths was reached; their findings say what they reach without the steps (scan fewer accounts, or --checks, for every path)`]
      : []
  }

  /**
   * Breadth-first from `start` at `level`, visiting only nodes whose reach still holds a
   * capability not yet found; the first node holding a capability ends its shortest path.
   */
  private search(start: number, level: Level, found: Map<number, PathTo>): void {
    const wanted = new Uint32Array(this.reach[level](start)!)
    for (const c of found.keys()) wanted[c >>> 5] &= ~(1 << (c & 31))
    if (isEmpty(wanted)) return
    const parent = new Map<number, { prev: number; edge: Edge; member?: number }>()
    const seen = new Set<number>([start])
    // a hub expanded once in a search has nothing more to give: its members were seen, or did not
    // reach what is wanted then and cannot now (wanted only shrinks)
    const expanded = new Set<number>()
    let frontier = [start]
    const take = (id: number) => {
      const own = this.own(id, level)
      if (!own || !intersects(own, wanted)) return
      for (const c of bitsOf(own)) {
        if (!hasBit(wanted, c)) continue
        wanted[c >>> 5] &= ~(1 << (c & 31))
        found.set(c, this.reconstruct(id, c, level, parent))
      }
    }
    take(start)
    const reach = this.reach[level]
    let next: number[] = []
    const visit = (m: number, prev: number, edge: Edge, member?: number) => {
      if (seen.has(m) || !intersects(reach(m), wanted)) return
      seen.add(m)
      parent.set(m, { prev, edge, member })
      next.push(m)
      take(m)
    }
    while (frontier.length && !isEmpty(wanted)) {
      next = []
      for (const id of frontier) {
        for (const edge of this.edgesOf(this.nodes.all[id])) {
          if (level === 'allowed' && edge.verdict !== 'allowed') continue
          const to = this.nodes.all[edge.to]
          if (to.hub) {
            if (expanded.has(edge.to)) continue
            expanded.add(edge.to)
            const { members, steps } = to.hub
            for (let k = 0; k < members.length; k++) if (level === 'any' || steps[k].verdict === 'allowed') visit(members[k], id, edge, k)
          } else visit(edge.to, id, edge)
          if (isEmpty(wanted)) return
        }
      }
      frontier = next
    }
  }

  private reconstruct(end: number, cap: number, level: Level, parent: Map<number, { prev: number; edge: Edge; member?: number }>): PathTo {
    const steps: Step[] = [this.ownStep(this.nodes.all[end], this.caps[cap], level)]
    let id = end
    for (let p = parent.get(id); p; p = parent.get(id)) {
      const from = this.nodes.all[p.prev]
      const hub = this.nodes.all[p.edge.to].hub
      steps.push(stepOf(from, p.edge, hub && p.member !== undefined ? hub.steps[p.member] : undefined))
      id = p.prev
    }
    steps.reverse()
    return { verdict: steps.some((s) => s.verdict === 'conditional') ? 'conditional' : 'allowed', steps }
  }

  /** The final step: the node using its own permission. */
  private ownStep(node: GraphNode, cap: Capability, level: Level): Step {
    const p = node.principal!
    if (cap.adminOf) {
      const a = this.engine.admin(p)
      return { from: node.label, action: '*', resource: '*', verdict: a.verdict!, via: a.via }
    }
    let best: Step | undefined
    const bare = cap.key.startsWith('bare:')
    const group = this.capGroupOf.get(cap.index)
    for (const actor of group ? this.actorsFor(node, group) : [p]) {
      for (const action of cap.actions) {
        const d = this.engine.decideAs(actor, action, cap.resource, bare ? 'bare' : 'normal')
        const v = verdictOf(d)
        if (!v || (level === 'allowed' && v !== 'allowed')) continue
        const from = actor === p ? node.label : `${actor.arn} (${node.label})`
        const step: Step = { from, action, resource: cap.resource, verdict: v, via: d.via }
        if (!best || (best.verdict === 'conditional' && v === 'allowed')) best = step
      }
      if (best?.verdict === 'allowed') break
    }
    return best!
  }

  // -------------------------------------------------------------------------------------------
  // Questions

  destructionReach(principal: Principal): StoreReach[] {
    const cached = this.reachCache.get(principal)
    if (cached) return cached
    const out: StoreReach[] = []
    const id = this.nodes.node(principal).id
    const any = this.reach.any(id)
    if (any && !isEmpty(any)) {
      for (const t of this.targets) {
        const r = this.reachOf(principal, t, any)
        if (r) out.push(r)
      }
    }
    this.reachCache.set(principal, out)
    return out
  }

  /** The ways of several the principal holds, best first: allowed before conditional, then fewest steps. */
  private heldWays(principal: Principal, ways: CapWay[], any: Bits): { cw: CapWay; path: PathTo }[] {
    const held: { cw: CapWay; path: PathTo }[] = []
    for (const cw of ways) {
      if (!cw.caps.every((c) => hasBit(any, c))) continue
      const paths = cw.caps.map((c) => this.pathTo(principal, c))
      if (paths.some((p) => !p)) continue
      const verdict = worst([...paths.map((p) => p!.verdict), ...(cw.way.unproven ? ['conditional' as const] : [])])
      held.push({ cw, path: { verdict, steps: paths.flatMap((p) => p!.steps) } })
    }
    const rank = (h: { path: PathTo }) => (h.path.verdict === 'allowed' ? 0 : 1)
    return held.sort((a, b) => rank(a) - rank(b) || a.path.steps.length - b.path.steps.length)
  }

  private bestWay(principal: Principal, ways: CapWay[], any: Bits): { cw: CapWay; path: PathTo } | undefined {
    return this.heldWays(principal, ways, any)[0]
  }

  private reachOf(principal: Principal, t: Target, any: Bits): StoreReach | undefined {
    const touches = (ways: CapWay[]) => ways.some((w) => w.caps.some((c) => hasBit(any, c)))
    if (!touches(t.destroy) && !(t.modify !== undefined && hasBit(any, t.modify)) && !t.rps.some((r) => touches(r.ways))) return undefined
    const destroyWays = this.heldWays(principal, t.destroy, any).map(({ cw, path }): DestroyPath => ({
      ...path, way: cw.way.how, protectionOff: !!cw.way.protectionOff, policyRewrite: !!cw.way.policyRewrite,
      ...(cw.way.unproven ? { unproven: cw.way.unproven } : {}),
    }))
    const destroy = destroyWays[0]
    const modify = t.modify !== undefined ? this.pathTo(principal, t.modify) : undefined
    const recoveryPoints: RecoveryPointReach[] = t.rps.map(({ rp, vault, lock, ways, reason }) => {
      const base = { arn: rp.arn, kind: rp.kind, vaultArn: vault?.arn, ...(lock ? { lock } : {}) }
      if (!ways.length) return { ...base, reason: reason ?? 'nobody can delete it' }
      const w = this.bestWay(principal, ways, any)
      if (w) return { ...base, path: w.path }
      const needs = ways.map((cw) => cw.way.needs.map((n) => n.actions.join(' or ')).join(' then ')).join('; or ')
      return { ...base, reason: `no path to ${needs} on it` }
    })
    const deletable = recoveryPoints.filter((r) => r.path)
    const reaches: Destruction[] = []
    if (destroy) reaches.push('delete-data')
    if (deletable.length) reaches.push('delete-recovery')
    if (destroy && deletable.length === recoveryPoints.length) reaches.push('delete-everything')
    if (!reaches.length && !modify) return undefined
    const verdicts = [...(destroy ? [destroy.verdict] : []), ...deletable.map((r) => r.path!.verdict)]
    if (!verdicts.length && modify) verdicts.push(modify.verdict)
    return { store: t.store, reaches, destroy, destroyWays, modify, recoveryPoints, verdict: worst(verdicts), unresolvedPolicies: this.engine.unresolvedPolicies(principal) }
  }

  adminReach(principal: Principal): { accountId: string; path: PathTo }[] {
    const out: { accountId: string; path: PathTo }[] = []
    for (const [accountId, cap] of this.adminCap) {
      const path = this.pathTo(principal, cap)
      if (path) out.push({ accountId, path })
    }
    return out
  }

  // -------------------------------------------------------------------------------------------
  // Who can assume a role

  private readonly assumerTables = new WeakMap<object, Map<number, GroupCallers>>()

  assumersOf(role: Principal, include: (caller: Assumer) => boolean, limit: number): Assumers {
    const engine = this.engine
    // callers decided one by one: principals of other accounts their administrators control,
    // principals the trust names, and every caller of a trust that depends on who calls
    const single = new Map<string, Assumer>()
    const keep = (a: Assumer) => {
      if (!single.has(a.arn) && include(a)) single.set(a.arn, a)
    }
    for (const { accountId, arn, shown } of this.administeredCandidates(role)) {
      const known = engine.byArn.get(arn)
      const v = verdictOf(engine.canAssume(this.nodes.impostor(accountId, arn, arn.endsWith(':root') ? 'root' : undefined), role))
      if (v) keep({ kind: 'administered', arn: shown, accountId, ...(known ? { principal: known } : {}), verdict: v })
    }
    for (const p of this.namedCallers(role)) {
      if (p.arn === role.arn || p.serviceLinked) continue
      const v = verdictOf(engine.canAssume(p, role))
      if (v) keep({ kind: 'principal', arn: p.arn, accountId: p.accountId, principal: p, verdict: v })
    }
    // callers of trusts that admit a whole account alike: lists per class, shared by every role
    let tables = this.assumerTables.get(include)
    if (!tables) this.assumerTables.set(include, (tables = new Map()))
    const lists: { list: Assumer[] }[] = []
    const holding = this.groupsHolding(role)
    for (const { group, index, direct, callerAccount } of holding) {
      let table = tables.get(group.id)
      if (!table) tables.set(group.id, (table = this.callersOf(group, direct, callerAccount, include)))
      if (table.uniform.length) lists.push({ list: table.uniform })
      for (const [partition, byClass] of table.partitions) {
        const cls = partition.classOf(index)
        const list = cls && byClass.get(cls.key)
        if (list) lists.push({ list })
      }
    }
    // a caller is in one list per group (one partition, one class holding the role); across
    // groups, or among the single ones, it may appear again: counted once
    let count = single.size
    const extra = new Map<string, Assumer>()
    if (holding.length <= 1) {
      for (const { list } of lists) count += list.length
      for (const a of single.values()) if (a.principal && lists.some(({ list }) => list.some((x) => x.arn === a.arn))) count--
    } else {
      for (const { list } of lists) for (const a of list) if (!single.has(a.arn)) extra.set(a.arn, a)
      count += extra.size
    }
    // the first callers in inventory order (roots first), each with its own decision
    const order = (a: Assumer) => (a.kind === 'administered' || !a.principal ? -1 : this.orderOf(a.principal))
    const sample = [...single.values()]
    for (const { list } of lists) sample.push(...list.slice(0, limit))
    const seen = new Set<string>()
    const callers = sample
      .sort((a, b) => order(a) - order(b))
      .filter((a) => !seen.has(a.arn) && seen.add(a.arn))
      .slice(0, limit)
      .map((a) => (a.principal ? { ...a, verdict: verdictOf(engine.canAssume(a.principal, role)) ?? a.verdict } : a))
    return { count, callers }
  }

  private order?: WeakMap<Principal, number>
  private orderOf(p: Principal): number {
    this.order ??= new WeakMap(this.engine.inventory.principals.map((x, i) => [x, i]))
    return this.order.get(p) ?? Number.MAX_SAFE_INTEGER
  }

  /**
   * Principals of other accounts a role's trust could admit and that account's administrators
   * control: the account root, ARNs the trust names (in its Principal or an aws:PrincipalArn
   * condition), and an instance of each ARN pattern it names.
   */
  private administeredCandidates(role: Principal): { accountId: string; arn: string; shown: string }[] {
    const out = new Map<string, { accountId: string; arn: string; shown: string }>()
    // `shown` is what the trust names (a pattern stays a pattern); `arn` the principal asked about
    const add = (arn: string, shown = arn) => {
      const a = accountOfArn(arn)
      if (a && a !== role.accountId && !out.has(shown)) out.set(shown, { accountId: a, arn, shown })
    }
    for (const a of this.accountsNamedBy(role)) add(`arn:aws:iam::${a}:root`)
    for (const s of this.engine.trustOf(role)?.statements ?? []) {
      if (s.effect !== 'Allow' || !s.coversAction('sts:assumerole')) continue
      const named = [...(s.principal && s.principal !== '*' ? s.principal.aws : [])]
      for (const c of s.conditions) if (c.key.toLowerCase() === 'aws:principalarn') named.push(...c.values)
      for (const v of named) {
        if (/^\d{12}$/.test(v)) continue
        if (accountOfArn(v)) { add(instantiate(v), v); continue }
        // a pattern whose account is a wildcard stands for every account the trust names
        for (const a of this.accountsNamedBy(role)) {
          const inAccount = v.split(':').map((f, i) => (i === 4 ? a : f)).join(':')
          add(instantiate(inAccount), inAccount)
        }
      }
    }
    return [...out.values()]
  }

  /** Accounts whose callers a role's trust names (by id, root, ARN, or anyone: every account known). */
  private knownAccounts?: Set<string>
  private readonly namedAccounts = new WeakMap<Principal, string[]>()
  private accountsNamedBy(role: Principal): string[] {
    const cached = this.namedAccounts.get(role)
    if (cached) return cached
    const out = new Set<string>()
    const known = (this.knownAccounts ??= new Set([...this.engine.inventory.accounts.map((a) => a.id), ...this.engine.inventory.principals.map((p) => p.accountId)]))
    for (const s of this.engine.trustOf(role)?.statements ?? []) {
      if (s.effect !== 'Allow' || !s.principal || !s.coversAction('sts:assumerole')) continue
      if (s.principal === '*') { for (const a of known) out.add(a); continue }
      for (const v of s.principal.aws) {
        const a = /^\d{12}$/.test(v) ? v : accountOfArn(v)
        if (a) out.add(a)
        else if (v.includes('*')) for (const k of known) out.add(k)
      }
    }
    const list = [...out]
    this.namedAccounts.set(role, list)
    return list
  }

  /** Inventory principals a role's trust names by ARN, or must be decided for one by one. */
  private namedCallers(role: Principal): Principal[] {
    const out = new Set<Principal>()
    for (const s of this.engine.trustOf(role)?.statements ?? []) {
      if (!s.principal || s.principal === '*') continue
      for (const v of s.principal.aws) {
        const p = this.engine.byArn.get(v)
        if (p) out.add(p)
      }
    }
    // per-caller trusts: every principal of an account the trust names
    if (this.isPersonal(role)) for (const a of this.accountsNamedBy(role)) for (const p of this.engine.byAccount.get(a) ?? []) out.add(p)
    return [...out]
  }

  private personalRoles?: Set<Principal>
  private isPersonal(role: Principal): boolean {
    if (!this.personalRoles) {
      const accounts = (this.knownAccounts ??= new Set([...this.engine.inventory.accounts.map((a) => a.id), ...this.engine.inventory.principals.map((p) => p.accountId)]))
      this.personalRoles = new Set([...accounts].flatMap((a) => this.trust.personalFor(a)))
    }
    return this.personalRoles.has(role)
  }

  /** The trust groups a role is a member of, with its index there. */
  private groupsHolding(role: Principal): { group: TargetGroup<TrustTarget>; index: number; direct: boolean; callerAccount: string }[] {
    const out: { group: TargetGroup<TrustTarget>; index: number; direct: boolean; callerAccount: string }[] = []
    for (const account of this.accountsNamedBy(role)) {
      for (const { group, direct } of this.trust.groupsAdmitting(account)) {
        const index = group.index(role.arn)
        if (index !== undefined) out.push({ group, index, direct, callerAccount: account })
      }
    }
    return out
  }

  /** For one trust group: which callers of its account the filter keeps, by the class they reach. */
  private callersOf(group: TargetGroup<TrustTarget>, direct: boolean, account: string, include: (a: Assumer) => boolean): GroupCallers {
    const table: GroupCallers = { uniform: [], partitions: new Map() }
    for (const p of this.engine.byAccount.get(account) ?? []) {
      if (p.serviceLinked) continue
      if (!direct && !this.engine.mayGrant(p, 'sts:AssumeRole')) continue
      const base: Assumer = { kind: 'principal', arn: p.arn, accountId: p.accountId, principal: p, verdict: 'allowed' }
      if (!include(base)) continue
      const classes = this.engine.classify(p, 'sts:AssumeRole', group, direct ? 'direct' : 'identity')
      // a decision for every member counts the caller once, whatever its partial Allows add
      const everyone = classes.find((cd) => !cd.partition)
      if (everyone) table.uniform.push(base)
      else for (const cd of classes) addCaller(table, cd, base)
    }
    return table
  }
}

interface GroupCallers {
  /** callers whose decision is the same for every member */
  uniform: Assumer[]
  /** partition → class key → callers allowed on that class */
  partitions: Map<Partition, Map<string, Assumer[]>>
}

function addCaller(table: GroupCallers, cd: ClassDecision, a: Assumer): void {
  if (!cd.partition) { table.uniform.push(a); return }
  let byClass = table.partitions.get(cd.partition)
  if (!byClass) table.partitions.set(cd.partition, (byClass = new Map()))
  let list = byClass.get(cd.cls.key)
  if (!list) byClass.set(cd.cls.key, (list = []))
  list.push(a)
}

const worst = (vs: StepVerdict[]): StepVerdict => (vs.includes('conditional') ? 'conditional' : 'allowed')
