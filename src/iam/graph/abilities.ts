// What a principal's own permissions let it do to other principals, as escalation.ts lists the
// methods: hold the service actions a method needs, give a principal every permission, or move
// at all.
import type { Principal } from '../../inventory/types.js'
import type { AccessDecision } from '../engine.js'
import type { IamEngineImpl } from '../iam-engine.js'
import { ADD_USER_TO_GROUP, CONTROL_METHODS, EMPOWER_METHODS } from '../escalation.js'
import { actionInfo, type ArnPattern } from '../catalogue.js'
import { resourceMatches } from '../match.js'
import type { TrustIndex } from './trust-index.js'
import { verdictOf, worse, type StepVerdict } from './types.js'

export type EmpowerMethod = (typeof EMPOWER_METHODS)[number]

export interface Empowerment {
  action: string
  method: string
  verdict: StepVerdict
  via: string[]
}

interface Held { verdict: StepVerdict; via: string[] }

const DEFAULT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1']
const NO_RESOURCES: string[] = []

export class Abilities {
  private readonly empowerCache = new WeakMap<Principal, EmpowerMethod[]>()
  private readonly movers = new WeakMap<object, boolean>()
  private readonly held = new Map<string, Held | null>()

  constructor(
    private readonly engine: IamEngineImpl,
    private readonly trust: TrustIndex,
  ) {}

  /** Every group of alternatives (AND of ORs) held in the account: the best alternative of each, or undefined. */
  allOf(p: Principal, groups: string[][], accountId: string): { verdict: StepVerdict; via: string[]; actions: string[] } | undefined {
    let verdict: StepVerdict = 'allowed'
    const via: string[] = []
    const actions: string[] = []
    for (const alternatives of groups) {
      let best: { held: Held; a: string } | undefined
      for (const a of alternatives) {
        if (!this.engine.mayGrant(p, a)) continue
        const h = this.holds(p, a, accountId)
        if (h && (!best || (best.held.verdict === 'conditional' && h.verdict === 'allowed'))) best = { held: h, a }
      }
      if (!best) return undefined
      verdict = worse(verdict, best.held.verdict)
      via.push(...best.held.via)
      actions.push(best.a)
    }
    return { verdict, via, actions }
  }

  /**
   * Can `p` call `action` on some resource of each type the action must name, in `accountId`?
   * A method's service action (lambda:CreateFunction, ec2:RunInstances) is judged on the resource
   * types it really takes: the attacker picks the name, so any function, instance, ... the
   * principal's statements allow will do. Candidates are the statements' own patterns filled in,
   * and a generic ARN of each type in each region of the account. Actions without resource types
   * take "*".
   */
  holds(p: Principal, action: string, accountId: string): Held | undefined {
    // principals whose statements about the action are the same answer alike
    const key = `${this.engine.actionClass(p, action)}|${action}|${accountId}`
    const cached = this.held.get(key)
    if (cached !== undefined) return cached ?? undefined
    const types = actionInfo(action)?.requiredTypes ?? []
    let out: Held | undefined
    if (types.length === 0) {
      const v = verdictOf(this.engine.can(p, action, '*'))
      out = v ? { verdict: v, via: this.engine.can(p, action, '*').via } : undefined
    } else {
      const a = action.toLowerCase()
      const regions = this.regionsFor(p, a, accountId)
      const patterns = this.engine.relevant(p, a).identity
        .filter((s) => s.effect === 'Allow' && s.resources)
        .flatMap((s) => s.resources!)
      out = { verdict: 'allowed', via: [] }
      for (const type of types) {
        const best = this.bestOn(p, action, candidateArns(type, patterns, accountId, regions))
        const v = best && verdictOf(best)
        if (!v) { out = undefined; break }
        out = { verdict: worse(out.verdict, v), via: [...out.via, ...best!.via.filter((x) => !out!.via.includes(x))] }
      }
    }
    this.held.set(key, out ?? null)
    return out
  }

  /** The best decision over candidate resources: the first allowed, else the first conditional. */
  private bestOn(p: Principal, action: string, candidates: Iterable<string>): AccessDecision | undefined {
    let best: AccessDecision | undefined
    for (const c of candidates) {
      const d = this.engine.can(p, action, c)
      if (d.verdict === 'allowed') return d
      if (d.verdict === 'conditional' && !best) best = d
    }
    return best
  }

  /**
   * Regions an attacker could call in: the account's (from the manifest), else a few common
   * ones, and every region the principal's own aws:RequestedRegion conditions name.
   */
  private readonly regions = new Map<string, string[]>()
  private regionsFor(p: Principal, action: string, accountId: string): string[] {
    const key = `${this.engine.actionClass(p, action)}|${accountId}`
    let r = this.regions.get(key)
    if (!r) this.regions.set(key, (r = this.regionsOf(p, action, accountId)))
    return r
  }

  private regionsOf(p: Principal, action: string, accountId: string): string[] {
    const known = this.engine.inventory.accounts.find((x) => x.id === accountId)?.regions ?? []
    const regions = new Set(known.length ? known : DEFAULT_REGIONS)
    const rel = this.engine.relevant(p, action)
    let sensitive = false
    for (const s of [...rel.identity, ...(rel.boundary ?? []), ...(rel.scp ?? []).flat()]) {
      for (const cond of s.conditions) {
        if (cond.key.toLowerCase() !== 'aws:requestedregion') continue
        sensitive = true
        for (const v of cond.values) if (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v)) regions.add(v)
      }
      if ((s.resources ?? s.notResources ?? []).some((r) => { const f = r.split(':')[3]; return f !== undefined && f !== '' && f !== '*' })) sensitive = true
    }
    // one region answers for all when no statement about the action tells regions apart
    return sensitive ? [...regions] : [[...regions][0]]
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

  private readonly self = new WeakMap<Principal, string[]>()
  private readonly groupArns = new WeakMap<Principal, string[]>()
  private readonly customerPolicies = new WeakMap<Principal, string[]>()

  /** What `m` acts on to empower `target`: the principal, its groups, or its customer-managed policies. */
  resourcesFor(m: EmpowerMethod, target: Principal): string[] {
    if (m.on === 'user' || m.on === 'role') {
      if (target.kind !== m.on) return NO_RESOURCES
      let s = this.self.get(target)
      if (!s) this.self.set(target, (s = [target.arn]))
      return s
    }
    if (m.on === 'group') {
      let g = this.groupArns.get(target)
      if (!g) this.groupArns.set(target, (g = this.trust.groupsOf(target).map((x) => x.arn)))
      return g
    }
    let c = this.customerPolicies.get(target)
    if (!c) {
      const arns = new Set(target.managedPolicyArns)
      for (const g of this.trust.groupsOf(target)) for (const a of g.managedPolicyArns) arns.add(a)
      // AWS-managed policies cannot be given new versions
      this.customerPolicies.set(target, (c = [...arns].filter((a) => !a.startsWith('arn:aws:iam::aws:'))))
    }
    return c
  }

  /**
   * Can `p` give `target` arbitrary permissions? The first method that is allowed, else the first
   * that works conditionally (a conditional method first in the list must not hide an allowed one).
   */
  empower(p: Principal, target: Principal): Empowerment | undefined {
    let best: Empowerment | undefined
    for (const m of this.empowerMethods(p)) {
      for (const r of this.resourcesFor(m, target)) {
        const d = this.engine.can(p, m.action, r)
        const v = verdictOf(d)
        if (!v) continue
        const e: Empowerment = { action: `${m.action} on ${r}`, method: m.id, verdict: m.conditional ? 'conditional' : v, via: d.via }
        if (e.verdict === 'allowed') return e
        best ??= e
      }
    }
    return best
  }
}

/** A concrete ARN a pattern stands for (wildcards filled in), to ask a decision about. */
export function instantiate(pattern: string): string {
  return pattern.includes('*') || pattern.includes('?') ? pattern.replace(/\*/g, 'bulkhead').replace(/\?/g, 'x') : pattern
}

/** Resources of one type to ask about: generic ARNs first (one per region), then the statements' own patterns filled in. */
function* candidateArns(type: { template: string; pattern: ArnPattern }, patterns: string[], accountId: string, regions: string[]): Generator<string> {
  const seen = new Set<string>()
  for (const region of regions) {
    const c = fill(type.template, accountId, region)
    if (!seen.has(c)) { seen.add(c); yield c }
  }
  for (const pat of patterns) {
    for (const region of regions) {
      const c = instantiateArn(pat, accountId, region)
      if (c && !seen.has(c) && type.pattern.test(c)) { seen.add(c); yield c }
    }
  }
}

const filled = new Map<string, string>()
/** A generic ARN of a resource type template, in one account and region. */
function fill(template: string, accountId: string, region: string): string {
  const key = `${template}|${accountId}|${region}`
  let arn = filled.get(key)
  if (arn === undefined) filled.set(key, (arn = fillTemplate(template, accountId, region)))
  return arn
}

function fillTemplate(template: string, accountId: string, region: string): string {
  return template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    switch (name) {
      case 'Partition': return 'aws'
      case 'Region': return region
      case 'Account': return accountId
      default: return 'bulkhead'
    }
  }).replace(/\*/g, accountId)
}

/**
 * A concrete ARN a statement's resource pattern allows, with its wildcards filled in: the region
 * and account fields by the account's, any other by a name the attacker would choose. Undefined
 * when the pattern is not a full ARN (e.g. `arn:aws:lambda:*`: the generic ARN covers it).
 */
export function instantiateArn(pattern: string, accountId: string, region: string): string | undefined {
  const parts = pattern.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const field = (s: string, value: string) => (/[*?]/.test(s) ? value : s)
  const out = [parts[0], field(parts[1], 'aws'), parts[2], field(parts[3], region), field(parts[4], accountId), parts.slice(5).join(':').replace(/\*/g, 'bulkhead').replace(/\?/g, 'x')].join(':')
  return resourceMatches(pattern, out) ? out : undefined
}
