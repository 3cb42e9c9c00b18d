// Who trusts whom, indexed once: which roles a trust policy opens to an account, to an ARN, or to
// anyone, and which of those trusts carry conditions (decided per caller, never per class).
import type { Group, Principal } from '../../inventory/types.js'
import type { IamEngineImpl } from '../iam-engine.js'
import { accountOfArn } from '../match.js'

const ACCOUNT_ROOT = /^arn:aws:iam::(\d{12}):root$/
const ACCOUNT_ID = /^\d{12}$/

export class TrustIndex {
  /** an account id or principal ARN → roles whose trust names it */
  readonly byName = new Map<string, Principal[]>()
  /** account → roles of other accounts whose trust names that account or an ARN in it */
  readonly trustedFrom = new Map<string, { role: Principal; named: string }[]>()
  /** roles trusting anyone (`*` or a wildcard ARN) */
  readonly wildcard: Principal[] = []
  readonly groupsByAccount = new Map<string, Group[]>()
  private readonly conditional = new Map<string, boolean>()
  private readonly conditionalByName = new Map<string, Principal[]>()
  private conditionalWildcard?: Principal[]

  constructor(private readonly engine: IamEngineImpl) {
    const inv = engine.inventory
    for (const g of inv.groups) push(this.groupsByAccount, g.accountId, g)
    for (const role of inv.principals) {
      if (role.kind !== 'role' || role.serviceLinked) continue
      const trust = engine.trustOf(role)
      const names = new Set<string>()
      for (const s of trust?.statements ?? []) {
        if (s.effect !== 'Allow' || !s.principal) continue
        if (s.principal === '*') { this.wildcard.push(role); continue }
        for (const v of s.principal.aws) {
          if (v.includes('*')) { this.wildcard.push(role); continue }
          const m = ACCOUNT_ROOT.exec(v)
          names.add(m ? m[1] : v)
        }
      }
      for (const n of names) {
        push(this.byName, n, role)
        const account = ACCOUNT_ID.test(n) ? n : accountOfArn(n)
        if (account && account !== role.accountId) push(this.trustedFrom, account, { role, named: n })
      }
    }
  }

  /** Roles whose trust names this account id or ARN (empty when none). */
  trusting(name: string): Principal[] {
    return this.byName.get(name) ?? NONE
  }

  groupsOf(p: Principal): Group[] {
    return (this.groupsByAccount.get(p.accountId) ?? []).filter((g) => p.groups.includes(g.name))
  }

  /** The roles of `trusting(name)` whose trust carries conditions (computed once per name). */
  conditionallyTrusting(name: string): Principal[] {
    let list = this.conditionalByName.get(name)
    if (!list) this.conditionalByName.set(name, (list = this.trusting(name).filter((r) => this.hasConditions(r))))
    return list
  }

  /** The wildcard-trusting roles whose trust carries conditions. */
  conditionallyTrustingAnyone(): Principal[] {
    return (this.conditionalWildcard ??= this.wildcard.filter((r) => this.hasConditions(r)))
  }

  /** Does the role's trust policy carry any condition? Then who may assume it depends on the caller. */
  hasConditions(role: Principal): boolean {
    let c = this.conditional.get(role.arn)
    if (c === undefined) this.conditional.set(role.arn, (c = !!this.engine.trustOf(role)?.statements.some((s) => s.conditions.length > 0)))
    return c
  }
}

const NONE: Principal[] = []

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  let list = map.get(key)
  if (!list) map.set(key, (list = []))
  list.push(value)
}
