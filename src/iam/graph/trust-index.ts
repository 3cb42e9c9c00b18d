// Who trusts whom, indexed once. A trust statement that admits every caller of an account alike
// (naming the account or anyone, with no condition on who exactly calls) puts its role in that
// account's target group, with the trust's own half of the decision; a caller then needs only
// its own half (its sts:AssumeRole permission), decided once per class of such roles. Trusts
// that name one principal's ARN, or depend on who calls (ARN patterns, aws:PrincipalArn or tag
// conditions, Deny or NotPrincipal), are decided per caller.
import type { Group, Principal } from '../../inventory/types.js'
import type { IamEngineImpl } from '../iam-engine.js'
import { evaluateConditions } from '../conditions.js'
import type { CompiledStatement } from '../policy.js'
import { accountOfArn } from '../match.js'
import { TargetGroup, type Target } from '../targets.js'
import type { MemberStep, StepVerdict } from './types.js'

const ACCOUNT_ROOT = /^arn:aws:iam::(\d{12}):root$/
const ACCOUNT_ID = /^\d{12}$/
const ASSUME = 'sts:assumerole'

/** A role as a target of assumption: the trust's half of the step for callers of one account. */
export interface TrustTarget extends Target {
  role: Principal
  step: MemberStep
}

/** Condition keys whose value differs between callers of one account. */
const callerDependent = (s: CompiledStatement): boolean =>
  s.conditions.some((c) => {
    const k = c.key.toLowerCase()
    return k === 'aws:principalarn' || k === 'aws:username' || k === 'aws:userid' || k === 'aws:principaltype' || k.startsWith('aws:principaltag/')
  })

interface Admission { via: string[]; verdict: StepVerdict }

export class TrustIndex {
  /** a principal ARN → roles whose trust names exactly it */
  readonly byName = new Map<string, Principal[]>()
  /** account → roles of other accounts whose trust names that account or an ARN in it */
  readonly trustedFrom = new Map<string, { role: Principal; named: string }[]>()
  readonly groupsByAccount = new Map<string, Group[]>()
  /** caller account (or '*') → roles whose trust is decided per caller */
  private readonly personal = new Map<string, Principal[]>()
  /** `${callerAccount}>${roleAccount}|account|anyone` → target group */
  private readonly groups = new Map<string, TargetGroup<TrustTarget>>()
  private readonly groupsOfCaller = new Map<string, { group: TargetGroup<TrustTarget>; direct: boolean }[]>()

  constructor(private readonly engine: IamEngineImpl) {
    const inv = engine.inventory
    for (const g of inv.groups) push(this.groupsByAccount, g.accountId, g)
    const accounts = [...new Set([...inv.accounts.map((a) => a.id), ...inv.principals.map((p) => p.accountId)])]
    const members = new Map<string, Map<Principal, Admission>>()
    const admit = (key: string, role: Principal, s: CompiledStatement, verdict: StepVerdict) => {
      let m = members.get(key)
      if (!m) members.set(key, (m = new Map()))
      const cur = m.get(role)
      if (!cur) m.set(role, { via: [s.path], verdict })
      else {
        cur.via.push(s.path)
        if (verdict === 'allowed') cur.verdict = 'allowed'
      }
    }
    for (const role of inv.principals) {
      if (role.kind !== 'role' || role.serviceLinked) continue
      const statements = (engine.trustOf(role)?.statements ?? []).filter((s) => s.coversAction(ASSUME))
      const names = new Set<string>()
      const personalFor = new Set<string>()
      const perCaller = statements.some((s) => s.effect === 'Deny' || s.notPrincipal !== undefined)
      for (const s of statements) {
        if (s.effect !== 'Allow' || !s.principal) continue
        const dependent = perCaller || callerDependent(s)
        // the trust's own verdict for any caller of account `a`: conditions on the account, MFA, ...
        const level = (a: string): StepVerdict | undefined => {
          const r = evaluateConditions(s.conditions, engine.contextFor(this.genericCaller(a), role.arn)).result
          return r === 'true' ? 'allowed' : r === 'unknown' ? 'conditional' : undefined
        }
        const byAccount = (a: string, kind: 'account' | 'anyone') => {
          if (dependent) { personalFor.add(a); return }
          const v = level(a)
          if (v) admit(`${a}>${role.accountId}|${kind}`, role, s, v)
        }
        if (s.principal === '*') {
          if (dependent) personalFor.add('*')
          else for (const a of accounts) byAccount(a, 'anyone')
          continue
        }
        for (const v of s.principal.aws) {
          const root = ACCOUNT_ROOT.exec(v)
          const account = root ? root[1] : ACCOUNT_ID.test(v) ? v : undefined
          if (account) {
            names.add(account)
            byAccount(account, 'account')
          } else if (v.includes('*') || v.includes('?')) {
            const a = accountOfArn(v)
            personalFor.add(a ?? '*')
          } else {
            names.add(v)
            if (perCaller) personalFor.add(accountOfArn(v) ?? '*')
            else push(this.byName, v, role)
          }
        }
      }
      for (const a of personalFor) push(this.personal, a, role)
      for (const n of names) {
        const account = ACCOUNT_ID.test(n) ? n : accountOfArn(n)
        if (account && account !== role.accountId) push(this.trustedFrom, account, { role, named: n })
      }
    }
    for (const [key, m] of members) {
      const [caller, rest] = key.split('>')
      const [roleAccount, kind] = rest.split('|')
      const targets: TrustTarget[] = [...m].map(([role, a]) => ({ arn: role.arn, tags: engine.resourceTags.get(role.arn), role, step: { to: role.arn, via: a.via, verdict: a.verdict } }))
      const group = new TargetGroup<TrustTarget>(`roles of ${roleAccount} trusting ${kind === 'anyone' ? 'anyone' : `account ${caller}`}`, targets)
      this.groups.set(key, group)
      // anyone's trust names a same-account caller directly: no permission of its own needed
      const list = this.groupsOfCaller.get(caller) ?? []
      list.push({ group, direct: kind === 'anyone' && roleAccount === caller })
      this.groupsOfCaller.set(caller, list)
    }
  }

  private readonly generic = new Map<string, Principal>()
  /** A caller of account `a` about whom nothing but its account is known. */
  private genericCaller(a: string): Principal {
    let p = this.generic.get(a)
    if (!p) {
      p = {
        arn: `arn:aws:iam::${a}:role/\u0000caller`, type: 'AWS::IAM::Role', accountId: a, region: 'global', name: 'caller', source: 'bulkhead',
        environment: { environment: 'unknown', rule: 'default', detail: 'synthetic' }, kind: 'role', path: '/', tags: {},
        managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false, inlinePolicies: [],
      }
      this.generic.set(a, p)
    }
    return p
  }

  /** Role groups that admit every caller of `account` alike; `direct`: no permission of the caller's own needed. */
  groupsAdmitting(account: string): { group: TargetGroup<TrustTarget>; direct: boolean }[] {
    return this.groupsOfCaller.get(account) ?? NO_GROUPS
  }

  /** Roles whose trust names this principal ARN exactly. */
  trusting(arn: string): Principal[] {
    return this.byName.get(arn) ?? NONE
  }

  /** Roles whose trust must be decided for each caller of `account`. */
  personalFor(account: string): Principal[] {
    const own = this.personal.get(account) ?? NONE
    const any = this.personal.get('*') ?? NONE
    return any.length === 0 ? own : own.length === 0 ? any : [...own, ...any]
  }

  groupsOf(p: Principal): Group[] {
    return (this.groupsByAccount.get(p.accountId) ?? []).filter((g) => p.groups.includes(g.name))
  }
}

const NONE: Principal[] = []
const NO_GROUPS: { group: TargetGroup<TrustTarget>; direct: boolean }[] = []

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  let list = map.get(key)
  if (!list) map.set(key, (list = []))
  list.push(value)
}
