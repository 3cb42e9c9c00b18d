// The nodes of the graph: one per real principal, the synthetic ones escalation creates (a
// principal with every permission its boundary allows, a user after joining a group, the
// administrator of an account), and hubs (classes of targets reached in one step). Each is created
// once and found again by key; ids index the graph's arrays.
import type { Group, Principal } from '../../inventory/types.js'
import type { IamEngineImpl } from '../iam-engine.js'
import type { CompiledStatement } from '../policy.js'
import { resourceMatches } from '../match.js'
import { instantiate } from './abilities.js'
import { FULL_POLICY, type GraphNode, type MemberStep } from './types.js'

export class NodeFactory {
  readonly all: GraphNode[] = []
  private readonly byKey = new Map<string, GraphNode>()
  private readonly impostors = new Map<string, Principal>()

  constructor(private readonly engine: IamEngineImpl) {}

  private add(n: Omit<GraphNode, 'id'>): GraphNode {
    const node = { ...n, id: this.all.length } as GraphNode
    this.all.push(node)
    this.byKey.set(node.key, node)
    return node
  }

  find(key: string): GraphNode | undefined {
    return this.byKey.get(key)
  }

  node(principal: Principal): GraphNode {
    return this.byKey.get(principal.arn) ?? this.add({ key: principal.arn, principal, base: principal, label: principal.arn })
  }

  /**
   * Administrator of an account: whoever holds every permission there can act as any principal
   * of it (new access keys, rewritten trust policies), so one node stands for all of them; its
   * only further reach is into other accounts that trust this one or a principal in it.
   */
  accountAdmin(accountId: string): GraphNode {
    const key = `account-admin:${accountId}`
    const found = this.byKey.get(key)
    if (found) return found
    const principal = this.impostor(accountId, `arn:aws:iam::${accountId}:role/*`)
    return this.add({ key, principal, base: principal, label: `administrator of account ${accountId}`, escalated: 'account-admin' })
  }

  /** a principal of `accountId` with ARN `arn` holding every permission (an admin can create or take it over) */
  impostor(accountId: string, arn: string, kind?: Principal['kind']): Principal {
    let p = this.impostors.get(arn)
    if (!p) {
      const known = this.engine.byArn.get(arn)
      const name = arn.split('/').pop() ?? arn
      p = {
        arn, type: 'AWS::IAM::Role', accountId, region: 'global', name, source: known?.source ?? 'bulkhead',
        environment: known?.environment ?? { environment: 'unknown', rule: 'default', detail: 'synthetic' },
        kind: kind ?? known?.kind ?? 'role', path: '/', tags: known?.tags ?? {}, managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false,
        inlinePolicies: [{ name: 'escalated', id: `${arn}/escalated`, document: FULL_POLICY, source: 'bulkhead' }],
      }
      this.impostors.set(arn, p)
    }
    return p
  }

  private readonly actorCache = new WeakMap<readonly CompiledStatement[], Map<string, Principal[]>>()
  /**
   * Whom an account's administrator acts as before a policy that tells callers apart (a bucket
   * policy exempting one role, a trust naming a principal or an ARN pattern): each principal of
   * the account the statements name (an administrator can take it over, or create it: a pattern
   * gets an instance), and, when they read principal tags, one principal of the account per
   * combination of those tags. Asked for administrator nodes only (one per account): never per
   * pair of principals.
   */
  actorsBefore(accountId: string, statements: readonly CompiledStatement[]): Principal[] {
    let byAccount = this.actorCache.get(statements)
    if (!byAccount) this.actorCache.set(statements, (byAccount = new Map()))
    let out = byAccount.get(accountId)
    if (out) return out
    const arns = new Set<string>()
    const tagKeys = new Set<string>()
    for (const s of statements) {
      const named: string[] = []
      for (const pr of [s.principal, s.notPrincipal]) if (pr && pr !== '*') named.push(...pr.aws)
      for (const c of s.conditions) {
        const k = c.key.toLowerCase()
        if (k === 'aws:principalarn') named.push(...c.values)
        else if (k.startsWith('aws:principaltag/')) tagKeys.add(k.slice('aws:principaltag/'.length))
        else if (k === 'aws:principaltype') arns.add(`arn:aws:iam::${accountId}:user/bulkhead`)
      }
      for (const v of named) {
        const m = /^arn:aws:iam::([^:]*):((?:user|role)\/.+)$/.exec(v)
        if (!m || !resourceMatches(m[1], accountId)) continue
        arns.add(instantiate(`arn:aws:iam::${accountId}:${m[2]}`))
      }
    }
    if (tagKeys.size) {
      // one principal of the account per combination of the tags read
      const seen = new Set<string>()
      for (const p of this.engine.byAccount.get(accountId) ?? []) {
        if (p.serviceLinked || p.kind === 'root') continue
        const lower = Object.entries(p.tags).map(([k, v]) => [k.toLowerCase(), v] as const)
        const sig = [p.kind, ...[...tagKeys].map((k) => lower.find(([x]) => x === k)?.[1] ?? '\u0000')].join('\u0001')
        if (!seen.has(sig)) { seen.add(sig); arns.add(p.arn) }
      }
    }
    out = [...arns].map((arn) => this.impostor(accountId, arn, arn.includes(':user/') ? 'user' : 'role'))
    byAccount.set(accountId, out)
    return out
  }

  /** The principal after an escalation gave it every permission; without a boundary, its account's admin. */
  full(base: Principal): GraphNode {
    if (!base.permissionsBoundaryArn) return this.accountAdmin(base.accountId)
    const key = `full:${base.arn}`
    const found = this.byKey.get(key)
    if (found) return found
    const principal: Principal = {
      ...base,
      inlinePolicies: [...base.inlinePolicies, { name: 'escalated', id: `${base.arn}/escalated`, document: FULL_POLICY, source: base.source }],
    }
    return this.add({ key, principal, base, label: `${base.arn} (with every permission its boundary and SCPs allow)`, escalated: 'full' })
  }

  /** A user after adding itself to a group. */
  withGroup(base: Principal, group: Group): GraphNode {
    const key = `${base.arn}+group:${group.name}`
    const found = this.byKey.get(key)
    if (found) return found
    const principal: Principal = { ...base, groups: [...base.groups, group.name] }
    return this.add({ key, principal, base, label: `${base.arn} (as a member of group ${group.name})`, escalated: 'group' })
  }

  /** A hub of target nodes, built once per key by `build`. */
  hub(key: string, build: () => { members: number[]; steps: MemberStep[] }): GraphNode {
    const found = this.byKey.get(`hub:${key}`)
    if (found) return found
    const { members, steps } = build()
    return this.add({ key: `hub:${key}`, label: `hub ${key}`, hub: { members, steps } })
  }
}
