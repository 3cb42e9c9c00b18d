// AWS Backup, once per account and region: vaults (lock state), their access policies and
// recovery points, and plans with their selections.
import { FILES } from '../snapshot/files.js'
import type { Clients } from './aws.js'
import { collectFile } from './fetch.js'
import type { ScanState } from './state.js'

export async function collectBackup(s: ScanState, clients: Clients, account: string, region: string): Promise<void> {
  await Promise.all([vaults(s, clients, account, region), plans(s, clients, account, region)])
}

async function vaults(s: ScanState, clients: Clients, account: string, region: string): Promise<void> {
  // the policies and recovery points depend on backupVaults (partsToCollect), so this says it all
  if (!s.wants('backupVaults')) return
  const list = await collectFile<{ BackupVaultList: { BackupVaultName: string }[] }>(s, clients, FILES.backupVaults, { account, region })
  const names = (list?.BackupVaultList ?? []).map((v) => v.BackupVaultName)
  await Promise.all(
    names.flatMap((name) => [
      // A vault without a policy answers ResourceNotFoundException: spec §2 says no file, no error.
      s.wants('backupVaultPolicies') && collectFile(s, clients, FILES.backupVaultPolicy, { account, region, names: [name], input: { BackupVaultName: name } }),
      s.wants('recoveryPoints') && collectFile(s, clients, FILES.backupRecoveryPoints, { account, region, names: [name], input: { BackupVaultName: name } }),
    ]),
  )
}

async function plans(s: ScanState, clients: Clients, account: string, region: string): Promise<void> {
  if (!s.wants('backupPlans')) return
  const list = await collectFile<{ BackupPlansList: { BackupPlanId: string }[] }>(s, clients, FILES.backupPlans, { account, region })
  await Promise.all(
    (list?.BackupPlansList ?? []).map(async ({ BackupPlanId: id }) => {
      const plan = { account, region, names: [id], input: { BackupPlanId: id } }
      const [, selections] = await Promise.all([
        collectFile(s, clients, FILES.backupPlan, plan),
        collectFile<{ BackupSelectionsList: { SelectionId: string }[] }>(s, clients, FILES.backupSelections, plan),
      ])
      await Promise.all(
        (selections?.BackupSelectionsList ?? []).map(({ SelectionId: sel }) =>
          collectFile(s, clients, FILES.backupSelection, { account, region, names: [id, sel], input: { BackupPlanId: id, SelectionId: sel } }),
        ),
      )
    }),
  )
}
