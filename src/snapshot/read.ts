// Reads snapshot format v1 (spec §2) from a SnapshotSource: every listed file, validated before
// use. Files named in the manifest's errors, and absent optional files, become gaps (checks that
// need them say skipped); a required file absent without an errors entry is an input error.
import { existsSync, statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { InputError } from '../errors.js'
import { environmentOfWord } from '../inventory/environment.js'
import type { CollectionError, Gap, InventoryPart } from './types.js'
import type { RawAccount, RawAuthorizationDetails, RawOrganization, RawRegion } from './raw.js'
import * as S from './schemas/index.js'
import { DirectorySource, type SnapshotSource } from './source.js'
import { parseJson, validateOrThrow } from './validate.js'

export interface Manifest {
  formatVersion: 1
  collectedAt: string
  accounts: { id: string; name?: string; environment?: string; regions: string[] }[]
  errors?: CollectionError[]
}

export interface RawSnapshot {
  source: SnapshotSource
  mode: 'directory' | 'authorization-details'
  collectedAt: string
  accounts: RawAccount[]
  organization: RawOrganization
  gaps: Gap[]
  errors: CollectionError[]
}

/** Open `--snapshot PATH`: a snapshot directory, its snapshot.json, or a lone authorization-details file. */
export function openSnapshot(path: string): RawSnapshot {
  if (!existsSync(path)) throw new InputError(path, '$', 'a snapshot directory or an authorization-details JSON file (no such file or directory)')
  if (statSync(path).isDirectory()) return readSnapshot(new DirectorySource(path))
  // a FIFO would block the read forever, a device (/dev/zero) never end it
  if (!statSync(path).isFile()) throw new InputError(path, '$', 'a snapshot directory or an authorization-details JSON file (this is neither a directory nor a regular file)')
  if (basename(path) === 'snapshot.json') return readSnapshot(new DirectorySource(dirname(path)))
  return readAuthorizationDetailsFile(path)
}

class Reader {
  readonly gaps: Gap[] = []
  private readonly errorsByFile = new Map<string, CollectionError>()
  private readonly accountErrors: CollectionError[] = []
  private readonly present: Set<string>

  constructor(readonly source: SnapshotSource, readonly errors: CollectionError[]) {
    this.present = new Set(source.list())
    for (const e of errors) {
      if (e.file) this.errorsByFile.set(e.file, e)
      else if (e.accountId) this.accountErrors.push(e)
    }
  }

  has(path: string): boolean {
    return this.present.has(path)
  }

  errorFor(path: string): CollectionError | undefined {
    const direct = this.errorsByFile.get(path)
    if (direct) return direct
    const [account, region] = path.split('/')
    return this.accountErrors.find((e) => e.accountId === account && (!e.region || e.region === region))
  }

  /**
   * Read and validate one file. Returns undefined when it was not collected (an errors entry, or
   * an optional file that is absent), after recording a gap for `part`.
   */
  read<T>(path: string, schema: object, part: InventoryPart, required: boolean): T | undefined {
    const [accountId, region] = path.split('/')
    const gapAt = (reason: string, failed: boolean) =>
      this.gaps.push({ part, accountId, region: region === 'global' ? undefined : region, what: path, reason, failed })
    const error = this.errorFor(path)
    if (error && !this.present.has(path)) {
      gapAt(`${error.operation} failed: ${error.message}`, true)
      return undefined
    }
    const text = this.source.readText(path)
    if (text === undefined) {
      if (required) {
        throw new InputError(this.source.display(path), '$', 'this file, which snapshot format v1 requires (or an entry in snapshot.json "errors" saying why it was not collected)')
      }
      gapAt('optional file absent', false)
      return undefined
    }
    const display = this.source.display(path)
    return validateOrThrow<T>(schema, parseJson(text, display), display)
  }
}

export function readSnapshot(source: SnapshotSource): RawSnapshot {
  const files = source.list()
  if (files.length === 0) throw new InputError(source.label, '$', 'a snapshot directory (this one is empty): snapshot.json and the account folders of snapshot format v1')
  const manifestText = source.readText('snapshot.json')
  if (manifestText === undefined) throw new InputError(source.display('snapshot.json'), '$', 'a snapshot manifest (snapshot.json is missing from this directory)')
  const manifest = validateOrThrow<Manifest>(S.manifestSchema, parseJson(manifestText, source.display('snapshot.json')), source.display('snapshot.json'))
  manifest.accounts.forEach((a, i) => {
    // one account listed twice would be read twice: duplicate principals, databases and accounts
    if (manifest.accounts.findIndex((b) => b.id === a.id) < i) throw new InputError(source.display('snapshot.json'), `$.accounts[${i}].id`, `an account not already listed (${a.id} is listed before)`)
    // a typo ("prdo") would otherwise be dropped without a word and the account classified by name
    if (a.environment && a.environment.trim().toLowerCase() !== 'unknown' && !environmentOfWord(a.environment)) {
      throw new InputError(source.display('snapshot.json'), `$.accounts[${i}].environment`, 'prod, staging, dev, test or unknown (or production, prd, live, stage, stg, preprod, uat, development, sandbox, qa)')
    }
  })
  checkFoldersListed(manifest, files, source.display('snapshot.json'))
  const errors = manifest.errors ?? []
  const reader = new Reader(source, errors)
  const accounts = manifest.accounts.map((a) => readAccount(reader, a))
  return {
    source,
    mode: 'directory',
    collectedAt: manifest.collectedAt,
    accounts,
    organization: readOrganization(reader, files),
    gaps: reader.gaps,
    errors: errors.map((e) => ({ ...inferScope(e), ...e })),
  }
}

/**
 * Data in an account or region folder the manifest does not list would never be read: a scan
 * that looks complete while part of the snapshot went unseen. Organizations files are the
 * exception: they may stand in any account's global/ (the management account need not be scanned).
 */
function checkFoldersListed(manifest: Manifest, files: string[], display: string): void {
  for (const file of files) {
    const m = /^(\d{12})\/([^/]+)\/([^/]+)$/.exec(file)
    if (!m) continue
    const [, accountId, folder, name] = m
    const i = manifest.accounts.findIndex((a) => a.id === accountId)
    if (i < 0) {
      if (folder === 'global' && name.startsWith('organizations-')) continue
      throw new InputError(display, '$.accounts', `every account whose folder holds data (${file} is in the snapshot, account ${accountId} is not listed)`)
    }
    if (folder !== 'global' && !manifest.accounts[i].regions.includes(folder)) {
      throw new InputError(display, `$.accounts[${i}].regions`, `every region whose folder holds data (${file} is in the snapshot, region ${folder} is not listed)`)
    }
  }
}

/** accountId and region from an errors entry's file path, when it does not say them itself. */
function inferScope(e: CollectionError): Partial<CollectionError> {
  if (!e.file) return {}
  const [accountId, region] = e.file.split('/')
  return /^\d{12}$/.test(accountId) ? { accountId, region } : {}
}

function readAccount(r: Reader, a: Manifest['accounts'][number]): RawAccount {
  const g = `${a.id}/global`
  const authorizationDetailsFile = `${g}/iam-get-account-authorization-details.json`
  const authorizationDetails = r.read<RawAuthorizationDetails>(authorizationDetailsFile, S.authorizationDetailsSchema, 'iam', true)
  const report = r.read<{ Content: string }>(`${g}/iam-get-credential-report.json`, S.credentialReportSchema, 'credentialReport', true)
  const accessKeys = new Map<string, { AccessKeyId: string; Status: string; CreateDate?: string }[]>()
  for (const user of authorizationDetails?.UserDetailList ?? []) {
    const path = `${g}/iam-list-access-keys--${user.UserName}.json`
    if (!r.has(path)) continue
    const keys = r.read<{ AccessKeyMetadata: { AccessKeyId: string; Status: string; CreateDate?: string }[] }>(path, S.listAccessKeysSchema, 'iam', false)
    if (keys) accessKeys.set(user.UserName, keys.AccessKeyMetadata)
  }
  return {
    id: a.id,
    name: a.name,
    environment: a.environment,
    authorizationDetails,
    authorizationDetailsFile,
    credentialReportCsv: report ? decodeReport(report.Content, r.source.display(`${g}/iam-get-credential-report.json`)) : undefined,
    accessKeys,
    regions: a.regions.map((region) => readRegion(r, a.id, region)),
  }
}

function decodeReport(content: string, file: string): string {
  const text = Buffer.from(content, 'base64').toString('utf8')
  if (!text.startsWith('user,arn,')) throw new InputError(file, '$.Content', 'base64 of the credential report CSV (its header starts with "user,arn,")')
  return text
}

function readRegion(r: Reader, account: string, region: string): RawRegion {
  const p = (name: string) => `${account}/${region}/${name}.json`
  const out: RawRegion = { region }
  out.dbInstances = r.read<{ DBInstances: RawRegion['dbInstances'] }>(p('rds-describe-db-instances'), S.dbInstancesSchema, 'rds', true)?.DBInstances
  out.dbClusters = r.read<{ DBClusters: RawRegion['dbClusters'] }>(p('rds-describe-db-clusters'), S.dbClustersSchema, 'rds', true)?.DBClusters
  out.dbSnapshots = r.read<{ DBSnapshots: RawRegion['dbSnapshots'] }>(p('rds-describe-db-snapshots'), S.dbSnapshotsSchema, 'rdsSnapshots', true)?.DBSnapshots
  out.dbClusterSnapshots = r.read<{ DBClusterSnapshots: RawRegion['dbClusterSnapshots'] }>(p('rds-describe-db-cluster-snapshots'), S.dbClusterSnapshotsSchema, 'rdsSnapshots', true)?.DBClusterSnapshots
  out.automatedBackups = r.read<{ DBInstanceAutomatedBackups: RawRegion['automatedBackups'] }>(p('rds-describe-db-instance-automated-backups'), S.dbInstanceAutomatedBackupsSchema, 'rdsAutomatedBackups', true)?.DBInstanceAutomatedBackups
  // Optional: only retained backups of deleted clusters live here, so its absence is a gap only
  // where there are clusters whose recovery it could change.
  if (r.has(p('rds-describe-db-cluster-automated-backups')) || (out.dbClusters?.length ?? 0) > 0) {
    out.clusterAutomatedBackups = r.read<{ DBClusterAutomatedBackups: RawRegion['clusterAutomatedBackups'] }>(p('rds-describe-db-cluster-automated-backups'), S.dbClusterAutomatedBackupsSchema, 'rdsAutomatedBackups', false)?.DBClusterAutomatedBackups
  }
  const vaults = r.read<{ BackupVaultList: NonNullable<RawRegion['vaults']>[number]['vault'][] }>(p('backup-list-backup-vaults'), S.backupVaultsSchema, 'backupVaults', true)
  if (vaults) {
    out.vaults = vaults.BackupVaultList.map((vault) => {
      const policyFile = p(`backup-get-backup-vault-access-policy--${vault.BackupVaultName}`)
      // Absent without an errors entry = the vault has no policy (ResourceNotFoundException).
      const policy = r.has(policyFile) || isNotCollected(r, policyFile)
        ? r.read<{ Policy: object | string }>(policyFile, S.vaultAccessPolicySchema, 'backupVaultPolicies', false)?.Policy
        : null
      const recoveryPointsFile = p(`backup-list-recovery-points-by-backup-vault--${vault.BackupVaultName}`)
      const rps = r.read<{ RecoveryPoints: NonNullable<RawRegion['vaults']>[number]['recoveryPoints'] }>(recoveryPointsFile, S.recoveryPointsSchema, 'recoveryPoints', true)
      return { vault, file: p('backup-list-backup-vaults'), policy, policyFile, recoveryPoints: rps?.RecoveryPoints, recoveryPointsFile }
    })
  }
  const plans = r.read<{ BackupPlansList: { BackupPlanId: string }[] }>(p('backup-list-backup-plans'), S.backupPlansSchema, 'backupPlans', true)
  if (plans) {
    out.plans = plans.BackupPlansList.map(({ BackupPlanId: id }) => {
      const file = p(`backup-get-backup-plan--${id}`)
      const plan = r.read<NonNullable<RawRegion['plans']>[number]['plan']>(file, S.backupPlanSchema, 'backupPlans', true)
      const list = r.read<{ BackupSelectionsList: { SelectionId: string }[] }>(p(`backup-list-backup-selections--${id}`), S.backupSelectionsSchema, 'backupPlans', true)
      const selections = (list?.BackupSelectionsList ?? []).flatMap(({ SelectionId }) => {
        const sel = r.read<NonNullable<RawRegion['plans']>[number]['selections'][number]['selection']>(p(`backup-get-backup-selection--${id}--${SelectionId}`), S.backupSelectionSchema, 'backupPlans', true)
        return sel ? [{ selection: sel, id: SelectionId }] : []
      })
      return { id, plan, file, selections }
    })
  }
  out.kmsAliases = r.read<{ Aliases: RawRegion['kmsAliases'] }>(p('kms-list-aliases'), S.kmsAliasesSchema, 'kms', false)?.Aliases
  out.secrets = r.read<{ SecretList: RawRegion['secrets'] }>(p('secretsmanager-list-secrets'), S.secretsSchema, 'secrets', false)?.SecretList
  return out
}

function isNotCollected(r: Reader, path: string): boolean {
  return r.errorFor(path) !== undefined
}

/** Organizations files may stand in any account's global/ directory; merge them all. */
function readOrganization(r: Reader, files: string[]): RawOrganization {
  const org: RawOrganization = { accounts: new Map(), tags: new Map(), roots: [], parents: new Map(), policiesForTarget: new Map(), policies: new Map() }
  for (const file of files) {
    const m = /^(\d{12})\/global\/organizations-([a-z-]+?)(?:--(.+))?\.json$/.exec(file)
    if (!m) continue
    const [, , kind, arg] = m
    switch (kind) {
      case 'list-accounts':
        for (const a of r.read<{ Accounts: { Id: string; Name?: string }[] }>(file, S.orgAccountsSchema, 'organizations', false)?.Accounts ?? []) org.accounts.set(a.Id, a)
        break
      case 'list-tags-for-resource':
        org.tags.set(arg, r.read<{ Tags: { Key: string; Value: string }[] }>(file, S.orgTagsSchema, 'organizations', false)?.Tags ?? [])
        break
      case 'list-roots':
        org.roots.push(...(r.read<{ Roots: { Id: string }[] }>(file, S.orgRootsSchema, 'organizations', false)?.Roots ?? []))
        break
      case 'list-parents':
        org.parents.set(arg, r.read<{ Parents: { Id: string; Type: string }[] }>(file, S.orgParentsSchema, 'organizations', false)?.Parents ?? [])
        break
      case 'list-policies-for-target':
        org.policiesForTarget.set(arg, r.read<{ Policies: { Id: string }[] }>(file, S.orgPoliciesForTargetSchema, 'organizations', false)?.Policies ?? [])
        break
      case 'describe-policy': {
        const d = r.read<{ Policy: { PolicySummary: { Id: string; Name?: string; Arn?: string }; Content: object | string } }>(file, S.orgDescribePolicySchema, 'organizations', false)
        if (d) org.policies.set(d.Policy.PolicySummary.Id, { ...d.Policy.PolicySummary, Content: d.Policy.Content, file })
        break
      }
    }
  }
  return org
}

/** The input other IAM tools take: one account, IAM checks only (every other part is a gap). */
function readAuthorizationDetailsFile(path: string): RawSnapshot {
  const source = new DirectorySource(dirname(path))
  const name = basename(path)
  const text = source.readText(name)!
  const data = validateOrThrow<RawAuthorizationDetails>(S.authorizationDetailsSchema, parseJson(text, path), path)
  const firstArn = [...(data.UserDetailList ?? []), ...(data.RoleDetailList ?? []), ...(data.GroupDetailList ?? [])][0]?.Arn
  const accountId = firstArn?.split(':')[4]
  if (!accountId || !/^\d{12}$/.test(accountId)) throw new InputError(path, '$.UserDetailList[0].Arn', 'an IAM ARN with a 12-digit account id (to know which account this file describes)')
  return {
    source,
    mode: 'authorization-details',
    collectedAt: statSync(path).mtime.toISOString(),
    accounts: [{ id: accountId, regions: [], authorizationDetails: data, authorizationDetailsFile: name, accessKeys: new Map() }],
    organization: { accounts: new Map(), tags: new Map(), roots: [], parents: new Map(), policiesForTarget: new Map(), policies: new Map() },
    gaps: [],
    errors: [],
  }
}
