// Who can destroy a prod database and its way back (spec §4 can-delete-prod-database,
// can-delete-prod-backups, unrecoverable-deletion; §7 semantics). One analysis per engine,
// shared by the three checks and the workspace-token helper, so a token mapped to a principal
// gets exactly the checks' answer.
import type { Database, Inventory, Principal, RecoveryPoint, Vault } from '../inventory/types.js'
import { isProd } from '../inventory/environment.js'
import { judgedDatabases, survivingRecoveryPointsOf, vaultLockState, vaultOf, type VaultLockState } from '../inventory/recovery.js'
import type { IamEngine } from './engine.js'
import { IamEngineImpl } from './iam-engine.js'
import { PrincipalGraph, type Capability, type GraphNode, type Step, type StepVerdict } from './graph.js'
import { ADMIN_PROBES, adminVerdict } from './admin.js'
import { InternalError } from '../errors.js'

export type DestructionKind = 'can-delete-prod-database' | 'can-delete-prod-backups' | 'unrecoverable-deletion'

export interface PathTo {
  verdict: StepVerdict
  steps: Step[]
}

export interface RecoveryPointReach {
  arn: string
  kind: RecoveryPoint['kind']
  vaultArn?: string
  lock?: VaultLockState
  /** present when the principal can delete it */
  path?: PathTo
  /** why it cannot, when it cannot */
  reason?: string
}

export interface DatabaseReach {
  database: Database
  /** which of the three the principal reaches, in that order */
  kinds: DestructionKind[]
  /** deleting the database itself (after turning deletion protection off, if on) */
  deleteDatabase?: PathTo
  /** modifying it (ModifyDBInstance/ModifyDBCluster: protection, retention, master password) */
  modifyDatabase?: PathTo
  recoveryPoints: RecoveryPointReach[]
  /** 'conditional' when any step of what it reaches hinges on an unproven condition */
  verdict?: StepVerdict
  /** managed policies of the principal that are not in the IAM data */
  unresolvedPolicies: string[]
}

const deleteDbAction = (db: Database) => (db.kind === 'cluster' ? 'rds:DeleteDBCluster' : 'rds:DeleteDBInstance')
const modifyDbAction = (db: Database) => (db.kind === 'cluster' ? 'rds:ModifyDBCluster' : 'rds:ModifyDBInstance')

/** The actions that delete a recovery point, by kind (spec §7). */
export function deleteActionsFor(rp: RecoveryPoint): string[] {
  switch (rp.kind) {
    case 'rds-manual-snapshot':
      return [rp.arn.includes(':cluster-snapshot:') ? 'rds:DeleteDBClusterSnapshot' : 'rds:DeleteDBSnapshot']
    case 'rds-automated-retained':
      return [rp.arn.includes(':cluster-auto-backup:') ? 'rds:DeleteDBClusterAutomatedBackup' : 'rds:DeleteDBInstanceAutomatedBackup']
    case 'rds-automated':
      // dies with the instance: whoever deletes the DB deletes it
      return [rp.arn.includes(':cluster') ? 'rds:DeleteDBCluster' : 'rds:DeleteDBInstance']
    case 'rds-awsbackup-snapshot':
    case 'backup-recovery-point':
      // rds:DeleteDBSnapshot cannot delete awsbackup: snapshots; only AWS Backup can, or a
      // lifecycle change that expires it
      return ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle']
  }
}

interface Analysis {
  graph: PrincipalGraph
  /** destructionReach per principal: four checks and the token helper ask the same question */
  reach: WeakMap<Principal, DatabaseReach[]>
  targets: { db: Database; rps: { rp: RecoveryPoint; vault?: Vault; lock: VaultLockState }[] }[]
}

const analyses = new WeakMap<IamEngineImpl, Analysis>()

export function asImpl(engine: IamEngine): IamEngineImpl {
  if (engine instanceof IamEngineImpl) return engine
  throw new InternalError('the IAM analysis needs the engine from createIamEngine()')
}

/** Capability keys */
const capDelete = (db: Database) => `delete-db:${db.arn}`
const capModify = (db: Database) => `modify-db:${db.arn}`
const capRp = (rp: RecoveryPoint) => `delete-rp:${rp.arn}`
const capUnlock = (vaultArn: string) => `unlock:${vaultArn}`
export const capAdmin = (accountId: string) => `admin:${accountId}`

/** Build (once per engine) the graph and every principal's best path to every capability. */
export function analysisOf(engine: IamEngine, inventory: Inventory): Analysis {
  const impl = asImpl(engine)
  const cached = analyses.get(impl)
  if (cached) return cached
  const graph = new PrincipalGraph(impl)
  const capabilities: Capability[] = []
  const targets: Analysis['targets'] = []
  for (const db of judgedDatabases(inventory).filter(isProd)) {
    capabilities.push({ key: capDelete(db), actions: [deleteDbAction(db)], resource: db.arn })
    capabilities.push({ key: capModify(db), actions: [modifyDbAction(db)], resource: db.arn })
    const rps = survivingRecoveryPointsOf(inventory, db).map((rp) => {
      const vault = vaultOf(inventory, rp)
      return { rp, vault, lock: vault ? vaultLockState(vault, inventory.collectedAt) : ('none' as const) }
    })
    for (const { rp, vault, lock } of rps) {
      if (lock === 'compliance') continue // nobody can delete it before its retention ends
      capabilities.push({ key: capRp(rp), actions: deleteActionsFor(rp), resource: rp.arn })
      if (vault && lock !== 'none') capabilities.push({ key: capUnlock(vault.arn), actions: ['backup:DeleteBackupVaultLockConfiguration'], resource: vault.arn })
    }
    targets.push({ db, rps })
  }
  for (const a of inventory.accounts) capabilities.push({ key: capAdmin(a.id), actions: [], resource: '*' })
  const unique = [...new Map(capabilities.map((c) => [c.key, c])).values()]
  const adminOf = new Map(inventory.accounts.map((a) => [capAdmin(a.id), a.id]))
  // Most principals name none of these actions: they hold no capability and are skipped whole.
  // An administrator is allowed ADMIN_PROBES[0] by an identity Allow, so it names that one.
  const probes = [...new Set(unique.flatMap((c) => c.actions)), ADMIN_PROBES[0]]
  const holdsAny = new WeakMap<object, boolean>()
  const mayHold = (node: GraphNode): boolean => {
    const p = node.principal
    // mayGrant answers are one table per set of Allow actions: decide once per table
    const table = impl.compiled(p).grants
    let h = holdsAny.get(table)
    if (h === undefined) holdsAny.set(table, (h = probes.some((a) => impl.mayGrant(p, a))))
    return h
  }
  const own = (node: GraphNode, cap: Capability): Step | undefined => {
    const p = node.principal
    const adminAccount = adminOf.get(cap.key)
    if (adminAccount !== undefined) {
      if (p.accountId !== adminAccount) return undefined
      const a = adminVerdict(impl, p)
      return a.admin ? { from: node.label, action: '*', resource: '*', verdict: a.verdict!, via: a.via } : undefined
    }
    let best: Step | undefined
    for (const action of cap.actions) {
      if (!impl.mayGrant(p, action)) continue
      const d = impl.can(p, action, cap.resource)
      if (d.verdict === 'denied') continue
      const step: Step = { from: node.label, action, resource: cap.resource, verdict: d.verdict, via: d.via }
      if (!best || (best.verdict === 'conditional' && step.verdict === 'allowed')) best = step
    }
    return best
  }
  graph.solve(inventory.principals.filter((p) => !p.serviceLinked), unique, own, mayHold)
  const analysis: Analysis = { graph, targets, reach: new WeakMap() }
  analyses.set(impl, analysis)
  return analysis
}

const worst = (vs: StepVerdict[]): StepVerdict => (vs.includes('conditional') ? 'conditional' : 'allowed')

/**
 * For each prod database, which of 'can-delete-prod-database' | 'can-delete-prod-backups' |
 * 'unrecoverable-deletion' the principal reaches (directly, by role assumption or by
 * escalation), each with its step-by-step path. Databases it can neither delete, nor modify,
 * nor delete a recovery point of are omitted; `kinds` is empty when it can only modify one.
 */
export function destructionReach(engine: IamEngine, inventory: Inventory, principal: Principal): DatabaseReach[] {
  const { graph, targets, reach } = analysisOf(engine, inventory)
  const cached = reach.get(principal)
  if (cached) return cached
  const out: DatabaseReach[] = []
  if (!graph.reachesAnything(principal)) {
    reach.set(principal, out)
    return out
  }
  for (const { db, rps } of targets) {
    const del = graph.pathTo(principal, capDelete(db))
    const mod = db.deletionProtection ? graph.pathTo(principal, capModify(db)) : undefined
    const deleteDatabase: PathTo | undefined =
      del && (!db.deletionProtection || mod)
        ? { verdict: worst([del.verdict, ...(mod ? [mod.verdict] : [])]), steps: [...(mod?.steps ?? []), ...del.steps] }
        : undefined
    const recoveryPoints: RecoveryPointReach[] = rps.map(({ rp, vault, lock }) => {
      const base = { arn: rp.arn, kind: rp.kind, vaultArn: vault?.arn, lock }
      if (lock === 'compliance') return { ...base, reason: `vault ${vault!.name} is locked in compliance mode past its LockDate` }
      const path = graph.pathTo(principal, capRp(rp))
      if (!path) return { ...base, reason: `no path to ${deleteActionsFor(rp).join(' or ')} on it` }
      if (vault && lock !== 'none') {
        const unlock = graph.pathTo(principal, capUnlock(vault.arn))
        if (!unlock) return { ...base, reason: `vault ${vault.name} is locked (${lock}) and backup:DeleteBackupVaultLockConfiguration is not reachable` }
        return { ...base, path: { verdict: worst([path.verdict, unlock.verdict]), steps: [...unlock.steps, ...path.steps] } }
      }
      return { ...base, path }
    })
    const deletable = recoveryPoints.filter((r) => r.path)
    const kinds: DestructionKind[] = []
    if (deleteDatabase) kinds.push('can-delete-prod-database')
    if (deletable.length) kinds.push('can-delete-prod-backups')
    if (deleteDatabase && deletable.length === recoveryPoints.length) kinds.push('unrecoverable-deletion')
    const modifyDatabase = graph.pathTo(principal, capModify(db))
    if (!kinds.length && !modifyDatabase) continue
    const verdicts = [...(deleteDatabase ? [deleteDatabase.verdict] : []), ...deletable.map((r) => r.path!.verdict)]
    if (!verdicts.length && modifyDatabase) verdicts.push(modifyDatabase.verdict)
    out.push({ database: db, kinds, deleteDatabase, modifyDatabase, recoveryPoints, verdict: worst(verdicts), unresolvedPolicies: asImpl(engine).unresolvedPolicies(principal) })
  }
  reach.set(principal, out)
  return out
}

/** Does the principal reach admin of some account (directly, by assumption or escalation)? */
export function adminReach(engine: IamEngine, inventory: Inventory, principal: Principal): { accountId: string; path: PathTo }[] {
  const { graph } = analysisOf(engine, inventory)
  if (!graph.reachesAnything(principal)) return []
  return inventory.accounts
    .map((a) => ({ accountId: a.id, path: graph.pathTo(principal, capAdmin(a.id)) }))
    .filter((x): x is { accountId: string; path: PathTo } => x.path !== undefined)
}
