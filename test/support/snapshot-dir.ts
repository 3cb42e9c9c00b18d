// Writes a minimal valid snapshot (format v1) into a temp directory; each test overrides only the
// files it is about. The same builder serves the reader's unit tests and the CLI e2e tests.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export const ACCOUNT = '111111111111'
export const REGION = 'us-east-1'

export function minimalSnapshotFiles(account = ACCOUNT, region = REGION): Record<string, unknown> {
  const r = (name: string) => `${account}/${region}/${name}.json`
  const header = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated'
  const root = `<root_account>,arn:aws:iam::${account}:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`
  return {
    'snapshot.json': { formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z', accounts: [{ id: account, name: 'acme-prod', environment: 'prod', regions: [region] }] },
    [`${account}/global/iam-get-account-authorization-details.json`]: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
    [`${account}/global/iam-get-credential-report.json`]: { Content: Buffer.from(`${header}\n${root}\n`).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: '2026-11-27T00:00:00Z' },
    [r('rds-describe-db-instances')]: { DBInstances: [] },
    [r('rds-describe-db-clusters')]: { DBClusters: [] },
    [r('rds-describe-db-snapshots')]: { DBSnapshots: [] },
    [r('rds-describe-db-cluster-snapshots')]: { DBClusterSnapshots: [] },
    [r('rds-describe-db-instance-automated-backups')]: { DBInstanceAutomatedBackups: [] },
    [r('backup-list-backup-vaults')]: { BackupVaultList: [] },
    [r('backup-list-backup-plans')]: { BackupPlansList: [] },
  }
}

/** Write files (objects become JSON; strings are written as they are; null deletes) to a new temp dir. */
export function writeSnapshotDir(overrides: Record<string, unknown | string | null> = {}, base = minimalSnapshotFiles()): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-snap-'))
  const files = { ...base, ...overrides }
  for (const [path, content] of Object.entries(files)) {
    if (content === null) continue
    const full = join(dir, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
  return dir
}
