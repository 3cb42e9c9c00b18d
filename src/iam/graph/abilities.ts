// What a principal's own permissions let it do to other principals, as escalation.ts lists the
// methods: hold the extra actions a method needs, give a principal every permission, or move at all.
import type { Principal } from '../../inventory/types.js'
import type { AccessDecision } from '../engine.js'
import type { IamEngineImpl } from '../iam-engine.js'
import { ADD_USER_TO_GROUP, CONTROL_METHODS, EMPOWER_METHODS } from '../escalation.js'
import type { TrustIndex } from './trust-index.js'
import { verdictOf, worse, type StepVerdict } from './types.js'

export type EmpowerMethod = (typeof EMPOWER_METHODS)[number]

export interface Empowerment {
  action: string
  method: string
  verdict: StepVerdict
  via: string[]
}

export class Abilities {
  private readonly empowerCache = new WeakMap<Principal, EmpowerMethod[]>()
  private readonly movers = new WeakMap<object, boolean>()

  constructor(
    private readonly engine: IamEngineImpl,
    private readonly trust: TrustIndex,
  ) {}

  /** Every group of alternatives (AND of ORs) held on "*": the best alternative of each, or undefined. */
  allOf(p: Principal, groups: string[][]): { verdict: StepVerdict; via: string[]; actions: string[] } | undefined {
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
   * Does the principal hold any permission that can make it another principal? Only mayGrant
   * answers decide it, and those are one table per set of Allow actions: asked once per table.
   */
  mayMove(p: Principal): boolean {
    const e = this.engine
    const table = e.compiled(p).grants
    let moves = this.movers.get(table)
    if (moves === undefined) {
      moves = e.mayGrant(p, 'sts:AssumeRole') || e.mayGrant(p, ADD_USER_TO_GROUP.action) ||
        CONTROL_METHODS.some((m) => e.mayGrant(p, m.onTarget)) || EMPOWER_METHODS.some((m) => e.mayGrant(p, m.action))
      this.movers.set(table, moves)
    }
    return moves
  }

  /** The empower methods whose action the principal's policies name at all. */
  empowerMethods(p: Principal): EmpowerMethod[] {
    let m = this.empowerCache.get(p)
    if (!m) this.empowerCache.set(p, (m = EMPOWER_METHODS.filter((x) => this.engine.mayGrant(p, x.action))))
    return m
  }

  /** Can `p` give `target` arbitrary permissions? The first method that works. */
  empower(p: Principal, target: Principal): Empowerment | undefined {
    const engine = this.engine
    for (const m of this.empowerMethods(p)) {
      let resources: string[] = []
      if (m.on === 'user' || m.on === 'role') resources = target.kind === m.on ? [target.arn] : []
      else if (m.on === 'group') resources = this.trust.groupsOf(target).map((g) => g.arn)
      else {
        const arns = new Set(target.managedPolicyArns)
        for (const g of this.trust.groupsOf(target)) for (const a of g.managedPolicyArns) arns.add(a)
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
}
