// A brute-force reference for the engine's graph questions: every principal pair asked with
// single decisions (canAssume, can, decideAs), no hubs, no classes, no shortcuts. Escalated
// principals are the principal with an Allow of everything added (under its boundary and SCPs;
// an account's administrator removes the boundary first), a user after joining a group, or a
// principal an account's administrator creates under a name some policy of the estate names.
// It follows the escalation methods of escalation.ts.
import type { Group, Principal } from '../../src/inventory/types.js'
import type { IamEngineImpl } from '../../src/iam/iam-engine.js'
import { CONTROL_METHODS, EMPOWER_METHODS, ADD_USER_TO_GROUP } from '../../src/iam/escalation.js'
import { FULL_POLICY } from '../../src/iam/graph/types.js'
import { dataStores, survivingRecoveryPoints } from '../../src/inventory/stores.js'
import { isProd } from '../../src/inventory/environment.js'
import { databaseModify, databaseWays, recoveryPointWays } from '../../src/iam/stores/database.js'
import { bucketWays } from '../../src/iam/stores/bucket.js'
import { tableModify, tablePointWays, tableWays } from '../../src/iam/stores/table.js'
import type { Need, Way } from '../../src/iam/stores/model.js'

type V = 'allowed' | 'conditional'
const worse = (a: V, b: V): V => (a === 'conditional' || b === 'conditional' ? 'conditional' : 'allowed')
const vOf = (d: { verdict: string }): V | undefined => (d.verdict === 'allowed' ? 'allowed' : d.verdict === 'conditional' ? 'conditional' : undefined)

interface RNode { key: string; p: Principal; base: Principal; full: boolean; group?: string }

export interface RefStore { arn: string; reaches: string[]; destroy?: V; modify?: V; points: Record<string, V | undefined> }

export class Reference {
  private readonly nodes = new Map<string, RNode>()
  private readonly edgeCache = new Map<string, { to: RNode; v: V }[]>()

  constructor(private readonly e: IamEngineImpl, private readonly lambdaRegion = 'us-east-1') {}

  private node(p: Principal): RNode {
    let n = this.nodes.get(p.arn)
    if (!n) this.nodes.set(p.arn, (n = { key: p.arn, p, base: p, full: false }))
    return n
  }

  private full(base: Principal, unbounded = false): RNode {
    const bounded = !!base.permissionsBoundaryArn && !unbounded
    const key = `full:${base.arn}${bounded || !base.permissionsBoundaryArn ? '' : ':unbounded'}`
    let n = this.nodes.get(key)
    if (!n) {
      // every permission its boundary and SCPs allow; without a boundary, whatever its own
      // statements deny too (with every permission it removes them: the account's administrator)
      const escalated = { name: 'escalated', id: `${base.arn}/escalated`, document: FULL_POLICY, source: base.source }
      const p: Principal = bounded
        ? { ...base, inlinePolicies: [...base.inlinePolicies, escalated] }
        : { ...base, inlinePolicies: [escalated], managedPolicyArns: [], groups: [], permissionsBoundaryArn: undefined }
      this.nodes.set(key, (n = { key, p, base, full: true }))
    }
    return n
  }

  private withGroup(base: Principal, g: Group): RNode {
    const key = `${base.arn}+group:${g.name}`
    let n = this.nodes.get(key)
    if (!n) this.nodes.set(key, (n = { key, p: { ...base, groups: [...base.groups, g.name] }, base, full: false, group: g.name }))
    return n
  }

  /**
   * A principal an administrator of `accountId` creates (iam:CreateRole/CreateUser with every
   * permission): one for each user or role ARN (or ARN pattern, filled in) of that account that
   * some policy of the estate names but the inventory lacks. Brute force over every string.
   */
  private created(accountId: string): RNode[] {
    const key = `created:${accountId}`
    const cached = this.createdCache.get(key)
    if (cached) return cached
    const strings = new Set<string>()
    const walk = (x: unknown): void => {
      if (typeof x === 'string') strings.add(x)
      else if (Array.isArray(x)) x.forEach(walk)
      else if (x && typeof x === 'object') Object.values(x).forEach(walk)
    }
    const inv = this.e.inventory
    walk(inv.principals.map((p) => [p.trustPolicy, p.inlinePolicies.map((i) => i.document)]))
    walk([...inv.managedPolicies.values()].map((m) => m.document))
    walk(inv.groups.map((g) => g.inlinePolicies.map((i) => i.document)))
    walk(inv.buckets.map((b) => b.policy))
    walk(inv.vaults.map((v) => v.accessPolicy))
    const out: RNode[] = []
    for (const v of strings) {
      const m = /^arn:aws:iam::([0-9*?]*):(user|role)\/([^$]+)$/.exec(v)
      if (!m || !new RegExp(`^${m[1].replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(accountId)) continue
      const name = m[3].replace(/\*/g, 'created').replace(/\?/g, 'x')
      const arn = `arn:aws:iam::${accountId}:${m[2]}/${name}`
      if (this.e.byArn.has(arn) || this.nodes.has(arn)) continue
      const p: Principal = {
        arn, type: m[2] === 'user' ? 'AWS::IAM::User' : 'AWS::IAM::Role', accountId, region: 'global', name: name.split('/').pop()!, source: 'created',
        environment: { environment: 'unknown', rule: 'default', detail: 'created' }, kind: m[2] as 'user' | 'role', path: '/', tags: {},
        managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false,
        inlinePolicies: [{ name: 'created', id: `${arn}/created`, document: FULL_POLICY, source: 'created' }],
      }
      const n: RNode = { key: arn, p, base: p, full: true }
      this.nodes.set(arn, n)
      out.push(n)
    }
    this.createdCache.set(key, out)
    return out
  }
  private readonly createdCache = new Map<string, RNode[]>()

  private principals(): Principal[] {
    return this.e.inventory.principals.filter((p) => !p.serviceLinked)
  }

  private trustsService(role: Principal, service: string): boolean {
    return (this.e.trustOf(role)?.statements ?? []).some((s) => s.effect === 'Allow' && s.principal !== undefined && s.principal !== '*' && s.coversAction('sts:assumerole') && s.principal.service.includes(service))
  }

  /** one-step control edges (no empowerment) */
  private controls(n: RNode): { to: Principal; v: V }[] {
    const x = n.p
    const out: { to: Principal; v: V }[] = []
    for (const r of this.principals()) {
      if (r.arn === n.base.arn) continue
      if (r.kind === 'role') {
        const v = vOf(this.e.canAssume(x, r))
        if (v) out.push({ to: r, v })
      }
      for (const m of CONTROL_METHODS) {
        if (r.kind !== m.targetKind || r.accountId !== n.base.accountId) continue
        if (m.service && !this.trustsService(r, m.service)) continue
        const d = vOf(this.e.can(x, m.onTarget, r.arn, m.service ? { 'iam:passedtoservice': [m.service] } : undefined))
        if (!d) continue
        let v: V = d
        let ok = true
        for (const alts of m.alsoNeeds) {
          let best: V | undefined
          for (const a of alts) {
            const h = this.holds(x, a, n.base.accountId)
            if (h === 'allowed') best = 'allowed'
            else if (h && !best) best = h
          }
          if (!best) { ok = false; break }
          v = worse(v, best)
        }
        if (ok) out.push({ to: r, v })
      }
    }
    return out
  }

  /** a service action on a resource the attacker names: '*' or a generic ARN of the service */
  private holds(x: Principal, action: string, account: string): V | undefined {
    const service = action.split(':')[0]
    const candidates: Record<string, string[]> = {
      lambda: [`arn:aws:lambda:${this.lambdaRegion}:${account}:function:bulkhead`],
      ec2: ['*', `arn:aws:ec2:${this.lambdaRegion}:${account}:instance/*`],
    }
    let best: V | undefined
    for (const c of candidates[service] ?? ['*']) {
      const v = vOf(this.e.can(x, action, c))
      if (v === 'allowed') return 'allowed'
      if (v && !best) best = v
    }
    return best
  }

  private empower(x: Principal, target: Principal): V | undefined {
    let best: V | undefined
    for (const m of EMPOWER_METHODS) {
      const resources = m.on === 'user' || m.on === 'role'
        ? (target.kind === m.on ? [target.arn] : [])
        : m.on === 'group'
          ? this.e.groupsOf(target).map((g) => g.arn)
          : [...new Set([...target.managedPolicyArns, ...this.e.groupsOf(target).flatMap((g) => g.managedPolicyArns)])].filter((a) => !a.startsWith('arn:aws:iam::aws:'))
      for (const r of resources) {
        const d = vOf(this.e.can(x, m.action, r))
        if (!d) continue
        const v = m.conditional ? 'conditional' : d
        if (v === 'allowed') return 'allowed'
        best ??= v
      }
    }
    return best
  }

  edges(n: RNode): { to: RNode; v: V }[] {
    let out = this.edgeCache.get(n.key)
    if (out) return out
    out = []
    const ctl = this.controls(n)
    for (const c of ctl) out.push({ to: this.node(c.to), v: c.v })
    // empower itself or what it controls
    const empowerables: { t: Principal; v: V }[] = [{ t: n.base, v: 'allowed' }, ...ctl.map((c) => ({ t: c.to, v: c.v }))]
    // an account's administrator (every permission, allowed) also deletes a target's permissions
    // boundary first (iam:DeleteRolePermissionsBoundary / DeleteUserPermissionsBoundary), which the
    // escalation methods do not list: the engine's administrator node acts as any principal of its account unbounded
    const admin = this.e.admin(n.p)
    const unbounded = admin.admin && admin.verdict === 'allowed'
    for (const { t, v } of empowerables) {
      if (n.full && t === n.base && !(unbounded && t.permissionsBoundaryArn && n.p.permissionsBoundaryArn)) continue
      const e = this.empower(n.p, t)
      if (e) out.push({ to: this.full(t, unbounded && t.accountId === n.p.accountId), v: worse(v, e) })
    }
    if (unbounded && n.p.accountId === n.base.accountId) for (const c of this.created(n.base.accountId)) out.push({ to: c, v: 'allowed' })
    if (n.base.kind === 'user' && !n.group && !n.full) {
      for (const g of this.e.inventory.groups) {
        if (g.accountId !== n.base.accountId || n.base.groups.includes(g.name)) continue
        const v = vOf(this.e.can(n.p, ADD_USER_TO_GROUP.action, g.arn))
        if (v) out.push({ to: this.withGroup(n.base, g), v })
      }
    }
    this.edgeCache.set(n.key, out)
    return out
  }

  /** every node reachable from p, with the best verdict of a path to it */
  readonly parents = new Map<RNode, RNode>()
  reach(p: Principal): Map<RNode, V> {
    const best = new Map<RNode, V>()
    const start = this.node(p)
    best.set(start, 'allowed')
    // allowed first (BFS over allowed edges), then any
    const walk = (allowedOnly: boolean) => {
      const seen = new Set<RNode>([start])
      const q = [start]
      while (q.length) {
        const n = q.shift()!
        for (const e of this.edges(n)) {
          if (allowedOnly && e.v !== 'allowed') continue
          if (seen.has(e.to)) continue
          seen.add(e.to)
          if (!best.has(e.to)) { best.set(e.to, allowedOnly ? 'allowed' : 'conditional'); this.parents.set(e.to, n) }
          q.push(e.to)
        }
      }
    }
    walk(true)
    walk(false)
    return best
  }

  /** a path to each node, for debugging */
  explain(p: Principal): string[] {
    const out: string[] = []
    for (const [n, v] of this.reach(p)) {
      const chain: string[] = []
      for (let x: RNode | undefined = n; x; x = this.parents.get(x)) chain.unshift(x.key)
      out.push(`${v}: ${chain.join(' -> ')}`)
    }
    return out
  }

  private held(reach: Map<RNode, V>, n: Need): V | undefined {
    let best: V | undefined
    for (const [node, pv] of reach) {
      for (const a of n.actions) {
        const d = vOf(this.e.decideAs(node.p, a, n.resource, n.bare ? 'bare' : 'normal'))
        if (!d) continue
        const v = worse(pv, d)
        if (v === 'allowed') return 'allowed'
        best ??= v
      }
    }
    return best
  }

  private way(reach: Map<RNode, V>, ways: Way[]): V | undefined {
    let best: V | undefined
    for (const w of ways) {
      let v: V | undefined = w.unproven ? 'conditional' : 'allowed'
      for (const n of w.needs) {
        const h = this.held(reach, n)
        if (!h) { v = undefined; break }
        v = worse(v, h)
      }
      if (v === 'allowed') return v
      if (v) best ??= v
    }
    return best
  }

  admin(p: Principal): Set<string> {
    const out = new Set<string>()
    for (const [n] of this.reach(p)) {
      const a = this.e.admin(n.p)
      if (a.admin) out.add(n.p.accountId)
    }
    return out
  }

  destruction(p: Principal): RefStore[] {
    const inv = this.e.inventory
    const reach = this.reach(p)
    const out: RefStore[] = []
    const vaults = new Map(inv.vaults.map((v) => [v.arn, v]))
    const buckets = new Map(inv.buckets.map((b) => [b.arn, b]))
    const tables = new Map(inv.tables.map((t) => [t.arn, t]))
    for (const store of dataStores(inv).filter(isProd)) {
      let destroyWays: Way[]
      let modify: Need | undefined
      if (store.store === 'database') { destroyWays = databaseWays(store.database, inv); modify = databaseModify(store.database) }
      else if (store.store === 'bucket') destroyWays = bucketWays(store.bucket).ways
      else { destroyWays = tableWays(store.table); modify = tableModify(store.table) }
      const destroy = this.way(reach, destroyWays)
      const mod = modify ? this.held(reach, modify) : undefined
      const points: Record<string, V | undefined> = {}
      for (const rp of survivingRecoveryPoints(store)) {
        let ways: Way[]
        if (rp.kind === 's3-replica') { const d = buckets.get(rp.arn); ways = d ? bucketWays(d).ways : [] }
        else if (rp.kind === 'dynamodb-backup' || rp.kind === 'dynamodb-pitr') ways = tablePointWays(rp, tables.get(rp.sourceDbArn ?? '')).ways
        else { const r = rp as import('../../src/inventory/types.js').RecoveryPoint; ways = recoveryPointWays(r, r.vaultArn ? vaults.get(r.vaultArn) : undefined, inv.collectedAt).ways }
        points[rp.arn] = this.way(reach, ways)
      }
      const deletable = Object.values(points).filter(Boolean).length
      const reaches: string[] = []
      if (destroy) reaches.push('delete-data')
      if (deletable) reaches.push('delete-recovery')
      if (destroy && deletable === Object.keys(points).length) reaches.push('delete-everything')
      if (!reaches.length && !mod) continue
      out.push({ arn: store.arn, reaches, ...(destroy ? { destroy } : {}), ...(mod ? { modify: mod } : {}), points })
    }
    return out
  }
}
