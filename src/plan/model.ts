// What each finding needs, as a formula over candidate changes (formula.ts): the AND/OR structure
// of the checks. unrecoverable-deletion needs the data destroyed AND every surviving recovery
// point deleted, so it is gone when every way to the data is broken OR one recovery point's every
// path is; a path is broken when one of its steps is; a step when the statements that allowed it
// are narrowed or removed, a resource policy denies it, or its trust no longer admits the caller.
//
// The engine gives one witness path per way and per recovery point: a formula read from witnesses
// is a guess at the truth. It errs on one side only when the witnesses are all there are (a
// change is said to break a step only if it really takes every statement of that step away), and
// the plan stage makes it exact by rescanning: paths a rescan still finds are added as witnesses,
// and a step a rescan shows unbroken gets its wrong claims corrected (index.ts).
import type { Finding } from '../checks/define.js'
import type { DestroyPath, IamEngine, PathTo, Step, StoreReach } from '../iam/engine.js'
import type { DataStore, Inventory, WorkspaceToken } from '../inventory/types.js'
import { accountOf, BUCKET_DENIED, Catalogue, VAULT_DENIED, admits } from './candidates.js'
import { actionGlob, isDestructive } from './narrow.js'
import { Formula } from './formula.js'
import type { Objective } from './types.js'

/** What the engine showed (and rescans added) of one principal's reach to one store. */
export interface StoreWitness {
  ways: DestroyPath[]
  /** deletable recovery points: every path seen to delete each */
  rps: Map<string, PathTo[]>
  modify: PathTo[]
  /** the reach as the scan saw it was not conditional (token-in-workspace's "proven") */
  proven: boolean
}

/** Everything learned about the estate across rounds; the formulas are rebuilt from it each round. */
export class Knowledge {
  /** principal ARN → store ARN → witness */
  readonly reach = new Map<string, Map<string, StoreWitness>>()
  /** `${stepKey}\u0000${candidate}`: a rescan showed the candidate does not break that step */
  readonly corrections = new Set<string>()
  /** role ARN → non-prod callers seen admitted (cross-env-role-trust) */
  readonly admitted = new Map<string, Map<string, string>>()
  /** principal ARN → statements seen granting it everything (admin-principal) */
  readonly grantedBy = new Map<string, Set<string>[]>()
  /** principal ARN → escalation paths seen (privilege-escalation-path) */
  readonly escalations = new Map<string, Step[][]>()
  private readonly loaded = new Set<string>()

  /** Record a principal's reach as an engine answers it (the scan's, or a rescan's). */
  learnReach(principalArn: string, reach: StoreReach[]): void {
    let byStore = this.reach.get(principalArn)
    if (!byStore) this.reach.set(principalArn, (byStore = new Map()))
    for (const r of reach) {
      let w = byStore.get(r.store.arn)
      if (!w) byStore.set(r.store.arn, (w = { ways: [], rps: new Map(), modify: [], proven: r.verdict !== 'conditional' }))
      for (const d of r.destroyWays) if (!w.ways.some((x) => pathKey(x) === pathKey(d) && x.way === d.way)) w.ways.push(d)
      for (const rp of r.recoveryPoints) {
        if (!rp.path) continue
        const list = w.rps.get(rp.arn) ?? []
        if (!list.some((x) => pathKey(x) === pathKey(rp.path!))) list.push(rp.path)
        w.rps.set(rp.arn, list)
      }
      if (r.modify && !w.modify.some((x) => pathKey(x) === pathKey(r.modify!))) w.modify.push(r.modify)
    }
  }

  /** The scan engine's reach of a principal, read once. */
  ensureReach(principalArn: string, inventory: Inventory, engine: IamEngine): Map<string, StoreWitness> {
    if (!this.loaded.has(principalArn)) {
      this.loaded.add(principalArn)
      const p = inventory.principals.find((x) => x.arn === principalArn)
      if (p) this.learnReach(principalArn, engine.destructionReach(p))
    }
    return this.reach.get(principalArn) ?? new Map()
  }
}

export const stepKey = (s: Step): string => `${s.from}\u0001${s.action}\u0001${s.to ?? ''}\u0001${s.resource ?? ''}\u0001${s.via.join(',')}`
const pathKey = (p: PathTo): string => p.steps.map(stepKey).join('\u0002')

const isTrust = (via: string): boolean => /\/trust-policy#Statement\[\d+\]$/.test(via)
const isResourcePolicy = (via: string): boolean => /\/(access-policy|bucket-policy)#Statement\[\d+\]$/.test(via)
/** Identity statements: inline (`…/inline/…`) or managed (`arn:…:iam::…:policy/…`), permission boundaries included. */
const isIdentity = (via: string): boolean => !isTrust(via) && !isResourcePolicy(via) && (/\/inline\/[^#]+#Statement\[\d+\]$/.test(via) || /^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/[^#]+#Statement\[\d+\]$/.test(via))
/** `arn:aws:iam::1:role/x (after …)` → the principal's ARN */
export const actorOf = (from: string): string => from.replace(/ \(.*$/, '')

/** Why a check's finding cannot be removed by any change of the catalogue. */
export const NOT_IN_CATALOGUE: Record<string, string> = {
  'rds-only-automated-backups': 'it needs a recovery point that survives deleting the database (a manual snapshot, an AWS Backup plan that selects it), and creating data is no change of the catalogue',
  'rds-backup-retention-short': 'it needs a longer backup retention (aws rds modify-db-instance --backup-retention-period), which is no change of the catalogue',
  'backup-no-cross-account-copy': 'it needs a copy in another account (an AWS Backup copy rule to a vault there), which is no change of the catalogue',
  'backup-no-cross-region-copy': 'it needs a copy in another region, which is no change of the catalogue',
  'backup-stale-recovery-point': 'it needs a recent recovery point, which is no change of the catalogue',
  'rds-not-in-backup-plan': 'it needs a backup selection that names the database, which is no change of the catalogue',
  'dynamodb-pitr-off': 'it needs point-in-time recovery on (aws dynamodb update-continuous-backups), which is no change of the catalogue',
  'principal-spans-environments': 'it needs the principal split in one per environment, which is no single change of the catalogue',
  'shared-db-secret': 'it needs a key or secret per environment, which is no change of the catalogue',
  'prod-nonprod-same-account': 'it needs the data stores moved into accounts of their own, which is no change of the catalogue',
}

export interface ModelInput {
  inventory: Inventory
  engine: IamEngine
  catalogue: Catalogue
  knowledge: Knowledge
  objective: Objective
}

/** Builds the formula of each finding from what is known. One per round. */
export class Model {
  readonly formula = new Formula()
  private readonly steps = new Map<string, number>()
  private readonly stepOfKey = new Map<string, Step>()
  private readonly rpVault = new Map<string, string>()
  private readonly bucketArns: string[]
  private readonly crit: boolean

  constructor(private readonly m: ModelInput) {
    for (const rp of m.inventory.recoveryPoints) if (rp.vaultArn) this.rpVault.set(rp.arn, rp.vaultArn)
    this.bucketArns = m.inventory.buckets.map((b) => b.arn)
    this.crit = m.objective === 'critical'
  }

  private cand(id: string | undefined, step?: Step): number {
    if (!id) return Formula.FALSE
    if (step && this.m.knowledge.corrections.has(`${stepKey(step)}\u0000${id}`)) return Formula.FALSE
    return this.formula.v(id)
  }

  /** The formula of "this step can no longer be taken". */
  stepBroken(s: Step): number {
    const key = stepKey(s)
    const known = this.steps.get(key)
    if (known !== undefined) return known
    const f = this.formula
    const c = this.m.catalogue
    const actor = actorOf(s.from)
    const identity = s.via.filter(isIdentity)
    let node: number
    if (s.to !== undefined) {
      // a hop: an assumption (its trust and the caller's own Allow), or an escalation
      const trust = s.via.filter(isTrust)
      const trustGone = trust.length ? f.and(trust.map((t) => this.cand(c.trustRemoval(t, actor, accountOf(actor)), s))) : Formula.FALSE
      const allowGone = identity.length ? f.and(identity.map((v) => this.cand(c.remove(v, actor), s))) : Formula.FALSE
      node = f.or([trustGone, allowGone])
    } else {
      const destructive = isDestructive(s.action)
      const allowGone = identity.length
        ? f.and(identity.map((v) => this.cand(destructive ? c.narrow(v, actor) : c.remove(v, actor), s)))
        : Formula.FALSE
      node = f.or([allowGone, ...this.resourceGuards(s)])
    }
    this.steps.set(key, node)
    this.stepOfKey.set(key, s)
    return node
  }

  /** Vault and bucket guardrails that deny this step whatever the identity policies say. */
  private resourceGuards(s: Step): number[] {
    const out: number[] = []
    const resource = s.resource ?? ''
    const vault = this.rpVault.get(resource) ?? this.m.inventory.vaults.find((v) => v.arn === resource)?.arn
    if (vault && s.action.toLowerCase().startsWith('backup:')) {
      if (VAULT_DENIED.some((a) => actionGlob(a, s.action))) out.push(this.cand(this.m.catalogue.vaultDeny(vault), s))
      out.push(this.cand(this.m.catalogue.vaultLock(vault), s))
    }
    const bucket = this.bucketArns.find((b) => resource === b || resource.startsWith(`${b}/`))
    if (bucket && BUCKET_DENIED.some((a) => actionGlob(a, s.action))) out.push(this.cand(this.m.catalogue.bucketDeny(bucket), s))
    return out
  }

  /** Steps of the known paths that this change alone breaks (what the HTML report draws as the cut). */
  cutsBy(candidate: string, limit = 500): Step[] {
    const chosen = new Set([candidate])
    const memo = new Map<number, boolean>()
    const out: Step[] = []
    // deletion protection breaks a way, not a step: drawn on the steps that destroy the store
    const store = candidate.startsWith('deletion-protection:') ? candidate.slice('deletion-protection:'.length) : undefined
    for (const [key, node] of this.steps) {
      if (out.length >= limit) break
      const s = this.stepOfKey.get(key)!
      const onStore = store !== undefined && !s.to && (s.resource === store || s.resource?.startsWith(`${store}/`)) && isDestructive(s.action)
      if (onStore || this.formula.evaluate(node, chosen, memo)) out.push(s)
    }
    return out
  }

  pathBroken(p: PathTo): number {
    return this.formula.or(p.steps.map((s) => this.stepBroken(s)))
  }

  /** A way to destroy the store's data is gone: a step of it broken, or the store protected. */
  wayBroken(store: DataStore, d: DestroyPath): number {
    const f = this.formula
    const kids = d.steps.map((s) => this.stepBroken(s))
    const last = d.steps[d.steps.length - 1]
    const actor = last ? this.m.catalogue.principal(actorOf(last.from)) : undefined
    if (store.store !== 'bucket' && (d.way === 'delete' || d.way === 'reset-password') && actor && !actor.breakGlass) {
      kids.push(this.cand(this.m.catalogue.protect(store.arn), last))
    }
    if (store.store === 'bucket' && d.way === 'delete-objects' && actor) {
      // versioning on turns this way into deleting every version: that is broken too, or the protection does not help
      const protect = this.cand(this.m.catalogue.protect(store.arn), last)
      const versions = this.identityBroken(actor.arn, 's3:DeleteObjectVersion', `${store.arn}/*`)
      kids.push(f.and([protect, f.or([versions, this.cand(this.m.catalogue.bucketDeny(store.arn), last)])]))
    }
    return f.or(kids)
  }

  /** The actor's own statements no longer allow this destructive action (asked of the engine). */
  private identityBroken(actorArn: string, action: string, resource: string): number {
    const p = this.m.catalogue.principal(actorArn)
    if (!p) return Formula.FALSE
    const d = this.m.engine.can(p, action, resource)
    if (d.verdict === 'denied') return Formula.TRUE
    const identity = d.via.filter(isIdentity)
    if (!identity.length) return Formula.FALSE
    return this.formula.and(identity.map((v) => this.cand(this.m.catalogue.narrow(v, actorArn))))
  }

  private witness(principalArn: string, storeArn: string): StoreWitness | undefined {
    return this.m.knowledge.ensureReach(principalArn, this.m.inventory, this.m.engine).get(storeArn)
  }

  /** Every way (at `level`: allowed only, or any) to destroy the data is broken. */
  destroyGone(principalArn: string, store: DataStore, level: 'allowed' | 'any', skipUnproven = false): number {
    const w = this.witness(principalArn, store.arn)
    if (!w) return Formula.TRUE
    const ways = w.ways.filter((d) => (level === 'any' || d.verdict === 'allowed') && !(skipUnproven && d.unproven))
    return this.formula.and(ways.map((d) => this.wayBroken(store, d)))
  }

  /** Every seen path to delete this recovery point is broken: it survives. */
  rpSurvives(principalArn: string, storeArn: string, rpArn: string, level: 'allowed' | 'any' = 'any'): number {
    const paths = this.witness(principalArn, storeArn)?.rps.get(rpArn) ?? []
    return this.formula.and(paths.filter((p) => level === 'any' || p.verdict === 'allowed').map((p) => this.pathBroken(p)))
  }

  private rpsAllSurvive(principalArn: string, storeArn: string, level: 'allowed' | 'any'): number {
    const w = this.witness(principalArn, storeArn)
    if (!w) return Formula.TRUE
    return this.formula.and([...w.rps.keys()].map((rp) => this.rpSurvives(principalArn, storeArn, rp, level)))
  }

  private someRpSurvives(principalArn: string, storeArn: string): number {
    const w = this.witness(principalArn, storeArn)
    if (!w) return Formula.FALSE
    return this.formula.or([...w.rps.keys()].map((rp) => this.rpSurvives(principalArn, storeArn, rp)))
  }

  private modifyGone(principalArn: string, store: DataStore): number {
    const w = this.witness(principalArn, store.arn)
    if (!w || !w.modify.length) return Formula.TRUE
    return this.formula.or([this.cand(this.m.catalogue.protect(store.arn)), this.formula.and(w.modify.map((p) => this.pathBroken(p)))])
  }

  private breakGlass(principalArn: string | undefined): number {
    return principalArn ? this.cand(this.m.catalogue.breakGlass(principalArn)) : Formula.FALSE
  }

  /** Everything the owner can destroy of every store it reaches with a proven verdict. */
  private reachGone(ownerArn: string): number {
    const f = this.formula
    const byStore = this.m.knowledge.ensureReach(ownerArn, this.m.inventory, this.m.engine)
    const kids: number[] = []
    for (const [storeArn, w] of byStore) {
      if (!w.proven) continue
      const store = this.m.catalogue.store(storeArn)
      if (!store) continue
      kids.push(f.and([this.destroyGone(ownerArn, store, 'allowed'), this.rpsAllSurvive(ownerArn, storeArn, 'allowed')]))
    }
    return f.and(kids)
  }

  private token(f: Finding): WorkspaceToken | undefined {
    const e = f.evidence as { file?: string; line?: number; fingerprint?: string }
    return this.m.inventory.workspace?.tokens.find((t) => t.file === e.file && t.line === e.line && t.fingerprint === e.fingerprint)
  }

  /** The formula of "this finding is gone (or below the objective)", or a reason it never is. */
  findingGone(f: Finding): { node: number; reason?: string } {
    const F = this.formula
    const c = this.m.catalogue
    const p = f.principal?.arn
    const store = c.store(f.resource.arn)
    const no = (reason: string) => ({ node: Formula.FALSE, reason })
    switch (f.checkId) {
      case 'unrecoverable-deletion': {
        if (!p || !store) return no('its principal or data store is not in the inventory')
        return { node: F.or([this.destroyGone(p, store, this.crit ? 'allowed' : 'any'), this.someRpSurvives(p, store.arn), this.breakGlass(p)]) }
      }
      case 'can-delete-prod-database':
        if (!p || !store) return no('its principal or data store is not in the inventory')
        return { node: F.or([this.destroyGone(p, store, 'allowed'), this.breakGlass(p)]) }
      case 'can-delete-prod-backups':
        if (!p || !store) return no('its principal or data store is not in the inventory')
        return { node: F.or([this.rpsAllSurvive(p, store.arn, 'allowed'), this.breakGlass(p)]) }
      case 'nonprod-principal-writes-prod': {
        if (!p || !store) return no('its principal or data store is not in the inventory')
        const data = this.destroyGone(p, store, 'any', this.crit)
        const rps = this.rpsAllSurvive(p, store.arn, 'any')
        return { node: this.crit ? F.and([data, rps]) : F.and([data, rps, this.modifyGone(p, store)]) }
      }
      case 'token-in-workspace': {
        const t = this.token(f)
        if (!t) return no('its token is not in the workspace scan')
        const key = p && t.accessKeyId ? this.cand(c.deactivateKey(p, t.accessKeyId, undefined)) : Formula.FALSE
        const reach = this.crit && p ? this.reachGone(p) : Formula.FALSE
        return { node: F.or([this.cand(c.removeSecret(t)), key, reach]) }
      }
      case 'shared-credential-in-workspace': {
        const t = this.token(f)
        if (!t) return no('its token is not in the workspace scan')
        const shared = ((f.evidence.sharedWith ?? []) as { file: string; line: number }[])
          .map((s) => this.m.inventory.workspace?.tokens.find((x) => x.file === s.file && x.line === s.line && x.fingerprint === t.fingerprint))
        const others = shared.every(Boolean) && shared.length ? F.and(shared.map((x) => this.cand(c.removeSecret(x!)))) : Formula.FALSE
        return { node: F.or([this.cand(c.removeSecret(t)), others]) }
      }
      case 'root-access-key': {
        const keys = (f.evidence.activeAccessKeys ?? []) as { id?: string; createdAt?: string }[]
        const root = `arn:aws:iam::${f.accountId}:root`
        return keys.length ? { node: F.and(keys.map((k) => this.cand(c.deactivateKey(root, k.id, k.createdAt)))) } : no('its keys are not listed')
      }
      case 'backup-vault-policy-allows-delete':
        return { node: this.cand(c.vaultDeny(f.resource.arn)) }
      case 'backup-vault-unlocked':
        return { node: this.cand(c.vaultLock(f.resource.arn)) }
      case 'rds-deletion-protection-off':
      case 'dynamodb-deletion-protection-off':
      case 's3-versioning-off':
        return { node: this.cand(c.protect(f.resource.arn)) }
      case 'cross-env-role-trust':
        return { node: this.trustGone(f) }
      case 'admin-principal': {
        const seen = [new Set((f.evidence.grantedBy ?? []) as string[]), ...(p ? this.m.knowledge.grantedBy.get(p) ?? [] : [])]
        const gone = F.and(seen.map((vias) => F.and([...vias].map((v) => this.cand(p ? c.remove(v, p) : undefined)))))
        return { node: F.or([gone, this.breakGlass(p)]) }
      }
      case 'privilege-escalation-path': {
        const paths = [stepsOf(f.evidence.path), ...(p ? this.m.knowledge.escalations.get(p) ?? [] : [])]
        return { node: F.or([F.and(paths.map((steps) => F.or(steps.map((s) => this.stepBroken(s))))), this.breakGlass(p)]) }
      }
      default:
        return no(NOT_IN_CATALOGUE[f.checkId] ?? `no change of the catalogue is modelled for ${f.checkId}`)
    }
  }

  /** cross-env-role-trust: every non-prod caller seen admitted loses every trust statement that admits it. */
  private trustGone(f: Finding): number {
    const F = this.formula
    const role = this.m.catalogue.principal(f.resource.arn)
    if (!role?.trustPolicy) return Formula.FALSE
    const callers = new Map<string, string>(((f.evidence.admitted ?? []) as { arn: string; accountId: string }[]).map((a) => [a.arn, a.accountId]))
    for (const [arn, account] of this.m.knowledge.admitted.get(role.arn) ?? []) callers.set(arn, account)
    return F.and([...callers].map(([arn, account]) => {
      const statements = role.trustPolicy!.Statement
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => s.Effect === 'Allow' && (s.Action ?? []).some((a) => actionGlob(a, 'sts:AssumeRole')) &&
          (s.Principal === '*' ? true : (s.Principal?.AWS ?? []).some((e) => admits(e, arn, account))))
      return statements.length
        ? F.and(statements.map(({ i }) => this.cand(this.m.catalogue.trustRemoval(`${role.arn}/trust-policy#Statement[${i}]`, arn, account))))
        : Formula.FALSE
    }))
  }
}

/** Evidence steps (pathEvidence) back as engine steps. */
export function stepsOf(path: unknown): Step[] {
  if (!Array.isArray(path)) return []
  return path.flatMap((o: Record<string, unknown>) => {
    if (typeof o?.from !== 'string' || typeof o.action !== 'string') return []
    const base = { from: o.from, action: o.action, verdict: (o.verdict === 'conditional' ? 'conditional' : 'allowed') as Step['verdict'], via: Array.isArray(o.via) ? (o.via as string[]) : [] }
    const extra = { ...(typeof o.to === 'string' ? { to: o.to } : {}), ...(typeof o.method === 'string' ? { method: o.method } : {}) }
    // a folded step (several recovery points) names each in `resources`
    if (Array.isArray(o.resources)) return (o.resources as string[]).map((r) => ({ ...base, ...extra, resource: r }))
    return [{ ...base, ...extra, ...(typeof o.resource === 'string' ? { resource: o.resource } : {}) }]
  })
}
