// Breaks the chain at "its backups were deleted too": only Vault Lock in compliance mode past its
// LockDate stops every principal, root included, from deleting recovery points early (spec §7).
import { defineCheck } from '../../src/checks/define.js'
import { prodRecoveryPointsIn, vaultLockState } from '../../src/inventory/recovery.js'

export default defineCheck({
  id: 'backup-vault-unlocked',
  title: 'Backup vault holding prod recovery points is not locked in compliance mode',
  riskClass: 'backup',
  severity: 'high',
  description:
    'AWS Backup Vault Lock in compliance mode, once its LockDate (the end of the grace time) has passed, makes ' +
    'recovery points immutable until their retention ends: no principal can delete them or remove the lock. ' +
    'Without a lock (high) anyone allowed backup:DeleteRecoveryPoint can erase them. In governance mode, or in ' +
    'compliance mode still within its grace time (medium), a principal with ' +
    'backup:DeleteBackupVaultLockConfiguration can remove the lock first.',
  remediation:
    'aws backup put-backup-vault-lock-configuration --backup-vault-name <vault> --min-retention-days 7 ' +
    '--max-retention-days 365 --changeable-for-days 3 (compliance mode: the lock becomes immutable after 3 days)',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html',
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html',
  ],
  compliance: { 'nist-800-53': ['CP-9', 'SI-7'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['backupVaults', 'recoveryPoints', 'rds'],
  run({ inventory, finding }) {
    return inventory.vaults.flatMap((vault) => {
      const prodPoints = prodRecoveryPointsIn(inventory, vault)
      if (prodPoints.length === 0) return []
      const state = vaultLockState(vault, inventory.collectedAt)
      if (state === 'compliance') return []
      const held = `holds ${prodPoints.length} prod recovery point${prodPoints.length === 1 ? '' : 's'}`
      const message =
        state === 'none'
          ? `vault ${vault.name} ${held} and has no Vault Lock (required: compliance mode past its LockDate)`
          : state === 'governance'
            ? `vault ${vault.name} ${held} and is locked in governance mode, which backup:DeleteBackupVaultLockConfiguration can remove (required: compliance mode)`
            : `vault ${vault.name} ${held} and its compliance lock is still in its grace period until ${vault.lockDate}, so it can still be removed (required: LockDate passed)`
      return [
        finding({
          resource: vault,
          severity: state === 'none' ? undefined : 'medium',
          message,
          evidence: {
            lockState: state,
            locked: vault.locked,
            ...(vault.lockDate ? { lockDate: vault.lockDate } : {}),
            ...(vault.minRetentionDays !== undefined ? { minRetentionDays: vault.minRetentionDays } : {}),
            prodRecoveryPoints: prodPoints.map((rp) => rp.arn),
            collectedAt: inventory.collectedAt,
          },
        }),
      ]
    })
  },
})
