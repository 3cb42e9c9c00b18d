// The nodes of the graph: one per real principal, plus the synthetic ones escalation creates (a
// principal with every permission, a user after joining a group, the administrator of an account).
// Each is created once and found again by key.
import type { Group, Principal } from '../../inventory/types.js'
import type { IamEngineImpl } from '../iam-engine.js'
import { FULL_POLICY, type GraphNode } from './types.js'

export class NodeFactory {
  private readonly nodes = new Map<string, GraphNode>()
  private readonly impostors = new Map<string, Principal>()

  constructor(private readonly engine: IamEngineImpl) {}

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
  accountAdmin(accountId: string): GraphNode {
    const key = `account-admin:${accountId}`
    let n = this.nodes.get(key)
    if (!n) {
      const principal = this.impostor(accountId, `arn:aws:iam::${accountId}:role/*`)
      this.nodes.set(key, (n = { key, principal, base: principal, label: `administrator of account ${accountId}`, escalated: 'account-admin' }))
    }
    return n
  }

  /** a principal of `accountId` with ARN `arn` holding every permission (an admin can create or take it over) */
  impostor(accountId: string, arn: string): Principal {
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

  /** The principal after an escalation gave it every permission; without a boundary, its account's admin. */
  full(base: Principal): GraphNode {
    if (!base.permissionsBoundaryArn) return this.accountAdmin(base.accountId)
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

  /** A user after adding itself to a group. */
  withGroup(base: Principal, group: Group): GraphNode {
    const key = `${base.arn}+group:${group.name}`
    let n = this.nodes.get(key)
    if (!n) {
      const principal: Principal = { ...base, groups: [...base.groups, group.name] }
      this.nodes.set(key, (n = { key, principal, base, label: `${base.arn} (as a member of group ${group.name})`, escalated: 'group' }))
    }
    return n
  }
}
