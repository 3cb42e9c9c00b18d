// What can bring a database back, and how fresh it is. Shared by the backup checks and the
// IAM engine's destruction paths, so "surviving recovery point" means one thing everywhere.
import type { AnyRecoveryPointKind, Database, Inventory, RecoveryPoint, Vault } from './types.js'

const USABLE = new Set(['available', 'completed'])

/** Is the recovery point finished and restorable (not creating, failed, expired or deleting)? */
export function isUsable(rp: Pick<RecoveryPoint<AnyRecoveryPointKind>, 'status'>): boolean {
  return USABLE.has(rp.status.toLowerCase())
}

/** Every recovery point of a database; Aurora members are backed up through their cluster. */
export function recoveryPointsOf(inventory: Inventory, db: Database): RecoveryPoint[] {
  const sources = new Set([db.arn])
  if (db.clusterArn) sources.add(db.clusterArn)
  return inventory.recoveryPoints.filter((rp) => rp.sourceDbArn !== undefined && sources.has(rp.sourceDbArn))
}

/** Usable recovery points that outlive deleting the database with default settings. */
export function survivingRecoveryPointsOf(inventory: Inventory, db: Database): RecoveryPoint[] {
  return recoveryPointsOf(inventory, db).filter((rp) => rp.survivesDbDeletion && isUsable(rp))
}

export function vaultOf(inventory: Inventory, rp: RecoveryPoint): Vault | undefined {
  return rp.vaultArn ? inventory.vaults.find((v) => v.arn === rp.vaultArn) : undefined
}

export function newestRecoveryPoint<P extends Pick<RecoveryPoint<AnyRecoveryPointKind>, 'createdAt'>>(points: P[]): P | undefined {
  let newest: P | undefined
  for (const rp of points) {
    if (!rp.createdAt) continue
    if (!newest || Date.parse(rp.createdAt) > Date.parse(newest.createdAt!)) newest = rp
  }
  return newest
}

/** Hours from `then` to `now` (collectedAt): time-based checks never read the clock. */
export function ageHours(then: string, now: string): number {
  return (Date.parse(now) - Date.parse(then)) / 3_600_000
}

/**
 * Vault Lock state (spec §7): compliance mode once LockDate has passed means nobody can delete
 * recovery points before their retention ends; governance mode (no LockDate) or a LockDate still
 * in the future can be removed with backup:DeleteBackupVaultLockConfiguration.
 */
export type VaultLockState = 'none' | 'governance' | 'compliance-grace' | 'compliance'
export function vaultLockState(vault: Vault, now: string): VaultLockState {
  if (!vault.locked) return 'none'
  if (!vault.lockDate) return 'governance'
  return Date.parse(vault.lockDate) <= Date.parse(now) ? 'compliance' : 'compliance-grace'
}

/** Databases to judge: instances that are members of a cluster are judged by their cluster. */
export function judgedDatabases(inventory: Inventory): Database[] {
  return inventory.databases.filter((db) => !(db.kind === 'instance' && db.clusterArn))
}

/**
 * Recovery points a vault holds that restore prod data: the source DB is prod, or (when the
 * source DB is gone or unknown) the recovery point itself is classified prod.
 */
export function prodRecoveryPointsIn(inventory: Inventory, vault: Vault): RecoveryPoint[] {
  return inventory.recoveryPoints.filter((rp) => {
    if (rp.vaultArn !== vault.arn) return false
    const source = rp.sourceDbArn ? inventory.databases.find((db) => db.arn === rp.sourceDbArn) : undefined
    return source?.environment.environment === 'prod' || rp.environment.environment === 'prod'
  })
}
