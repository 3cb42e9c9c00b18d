// AWS Backup, once per account and region: vaults (lock state), their access policies and
// recovery points, and plans with their selections.
import type { Clients } from './aws.js'
import { mergePages, withoutMetadata } from './output.js'
import { allPages, type ScanState } from './state.js'

export async function collectBackup(s: ScanState, clients: Clients, region: string, dir: string): Promise<void> {
  await Promise.all([vaults(s, clients, region, dir), plans(s, clients, region, dir)])
}

async function vaults(s: ScanState, clients: Clients, region: string, dir: string): Promise<void> {
  if (!s.wants('backupVaults') && !s.wants('backupVaultPolicies') && !s.wants('recoveryPoints')) return
  const sdk = await import('@aws-sdk/client-backup')
  const client = await clients.backup(region)
  const list = await s.file<{ BackupVaultList: { BackupVaultName: string }[] }>(`${dir}/backup-list-backup-vaults.json`, 'backup:ListBackupVaults', async () => {
    const pages = await allPages(sdk.paginateListBackupVaults({ client, pageSize: 1000 }, {}))
    return { body: mergePages(pages, ['BackupVaultList']), pages: pages.length }
  })
  const names = (list?.BackupVaultList ?? []).map((v) => v.BackupVaultName)
  await Promise.all(
    names.flatMap((name) => [
      s.wants('backupVaultPolicies') &&
        // A vault without a policy answers ResourceNotFoundException: spec §2 says no file, no error.
        s.file(`${dir}/backup-get-backup-vault-access-policy--${name}.json`, 'backup:GetBackupVaultAccessPolicy', async () => ({
          body: withoutMetadata(await client.send(new sdk.GetBackupVaultAccessPolicyCommand({ BackupVaultName: name }))),
          pages: 1,
        }), { absentOn: ['ResourceNotFoundException'] }),
      s.wants('recoveryPoints') &&
        s.file(`${dir}/backup-list-recovery-points-by-backup-vault--${name}.json`, 'backup:ListRecoveryPointsByBackupVault', async () => {
          const pages = await allPages(sdk.paginateListRecoveryPointsByBackupVault({ client, pageSize: 1000 }, { BackupVaultName: name }))
          return { body: mergePages(pages, ['RecoveryPoints']), pages: pages.length }
        }),
    ]),
  )
}

async function plans(s: ScanState, clients: Clients, region: string, dir: string): Promise<void> {
  if (!s.wants('backupPlans')) return
  const sdk = await import('@aws-sdk/client-backup')
  const client = await clients.backup(region)
  const list = await s.file<{ BackupPlansList: { BackupPlanId: string }[] }>(`${dir}/backup-list-backup-plans.json`, 'backup:ListBackupPlans', async () => {
    const pages = await allPages(sdk.paginateListBackupPlans({ client, pageSize: 1000 }, {}))
    return { body: mergePages(pages, ['BackupPlansList']), pages: pages.length }
  })
  await Promise.all(
    (list?.BackupPlansList ?? []).map(async ({ BackupPlanId: id }) => {
      const [, selections] = await Promise.all([
        s.file(`${dir}/backup-get-backup-plan--${id}.json`, 'backup:GetBackupPlan', async () => ({
          body: withoutMetadata(await client.send(new sdk.GetBackupPlanCommand({ BackupPlanId: id }))),
          pages: 1,
        })),
        s.file<{ BackupSelectionsList: { SelectionId: string }[] }>(`${dir}/backup-list-backup-selections--${id}.json`, 'backup:ListBackupSelections', async () => {
          const pages = await allPages(sdk.paginateListBackupSelections({ client, pageSize: 1000 }, { BackupPlanId: id }))
          return { body: mergePages(pages, ['BackupSelectionsList']), pages: pages.length }
        }),
      ])
      await Promise.all(
        (selections?.BackupSelectionsList ?? []).map(({ SelectionId: sel }) =>
          s.file(`${dir}/backup-get-backup-selection--${id}--${sel}.json`, 'backup:GetBackupSelection', async () => ({
            body: withoutMetadata(await client.send(new sdk.GetBackupSelectionCommand({ BackupPlanId: id, SelectionId: sel }))),
            pages: 1,
          })),
        ),
      )
    }),
  )
}
