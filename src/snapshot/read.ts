// Reads snapshot format v1 (spec §2, §8) from a SnapshotSource: every listed file, validated before
// use. Which files there are, their schemas and what each one's absence means come from the
// snapshot file table (./files.ts); this module says which listing names the per-resource files.
// Files named in the manifest's errors, and absent optional files, become gaps (checks that need
// them say skipped); a required file absent without an errors entry is an input error.
import { existsSync, statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { InputError } from '../errors.js'
import { environmentOfWord } from '../inventory/environment.js'
import type { CollectionError, Gap, InventoryPart } from './types.js'
import { FILES, partsToCollect, pathOf, type SnapshotFile } from './files.js'
import type { RawAccount, RawAuthorizationDetails, RawBucket, RawOrganization, RawRegion, RawTableEntry } from './raw.js'
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

  constructor(
    readonly source: SnapshotSource,
    readonly errors: CollectionError[],
    /** the parts a live scan collected (with what they depend on); undefined = every part */
    private readonly parts: readonly InventoryPart[] | undefined,
  ) {
    this.present = new Set(source.list())
    for (const e of errors) {
      if (e.file) this.errorsByFile.set(e.file, e)
      else if (e.accountId) this.accountErrors.push(e)
    }
  }

  has(path: string): boolean {
    return this.present.has(path)
  }

  /** Files of parts a live scan did not collect on purpose are neither read nor gaps. */
  wanted(part: InventoryPart): boolean {
    return this.parts === undefined || this.parts.includes(part)
  }

  errorFor(path: string): CollectionError | undefined {
    const direct = this.errorsByFile.get(path)
    if (direct) return direct
    const [account, region] = path.split('/')
    return this.accountErrors.find((e) => e.accountId === account && (!e.region || e.region === region))
  }

  gap(part: InventoryPart, path: string, reason: string, failed: boolean): void {
    const [accountId, region] = path.split('/')
    this.gaps.push({ part, accountId, region: region === 'global' ? undefined : region, what: path, reason, failed })
  }

  /**
   * Read and validate one file of the table. undefined = not collected (an errors entry, or an
   * absent file whose absence means so), after recording a gap for its part; null = absent, and
   * for this file that means there is none (the API's NotFound answer). A required file absent
   * without an errors entry is an input error.
   */
  get<T>(file: SnapshotFile, path: string): T | null | undefined {
    if (!this.wanted(file.part)) return undefined
    const error = this.errorFor(path)
    if (error && !this.present.has(path)) {
      this.gap(file.part, path, `${error.operation} failed: ${error.message}`, true)
      return undefined
    }
    const text = this.source.readText(path)
    if (text === undefined) {
      if (file.absence === 'required') {
        throw new InputError(this.source.display(path), '$', 'this file, which snapshot format v1 requires (or an entry in snapshot.json "errors" saying why it was not collected)')
      }
      if (file.absence === 'none') return null
      this.gap(file.part, path, 'optional file absent', false)
      return undefined
    }
    const display = this.source.display(path)
    return validateOrThrow<T>(file.schema, parseJson(text, display), display)
  }

  /** `get` for a file whose absence never means "none". */
  read<T>(file: SnapshotFile & { absence: 'required' | 'not-collected' }, path: string): T | undefined {
    return this.get<T>(file, path) ?? undefined
  }
}

export interface ReadOptions {
  /** a live scan of some inventory parts: the files of other parts were not collected on purpose */
  parts?: readonly InventoryPart[]
}

export function readSnapshot(source: SnapshotSource, opts: ReadOptions = {}): RawSnapshot {
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
  const reader = new Reader(source, errors, partsToCollect(opts.parts))
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
  const g = (file: SnapshotFile, ...names: string[]) => pathOf(file, a.id, 'global', ...names)
  const authorizationDetailsFile = g(FILES.iamAuthorizationDetails)
  const authorizationDetails = r.read<RawAuthorizationDetails>(FILES.iamAuthorizationDetails, authorizationDetailsFile)
  const reportFile = g(FILES.iamCredentialReport)
  const report = r.read<{ Content: string }>(FILES.iamCredentialReport, reportFile)
  const accessKeys = new Map<string, { AccessKeyId: string; Status: string; CreateDate?: string }[]>()
  for (const user of authorizationDetails?.UserDetailList ?? []) {
    const path = g(FILES.iamAccessKeys, user.UserName)
    // Absent, even with an errors entry, is never a gap: one user's keys not listed must not
    // withhold every IAM finding of the account (the errors entry still makes the scan partial).
    if (!r.has(path)) continue
    const keys = r.get<{ AccessKeyMetadata: { AccessKeyId: string; Status: string; CreateDate?: string }[] }>(FILES.iamAccessKeys, path)
    if (keys) accessKeys.set(user.UserName, keys.AccessKeyMetadata)
  }
  return {
    id: a.id,
    name: a.name,
    environment: a.environment,
    authorizationDetails,
    authorizationDetailsFile,
    credentialReportCsv: report ? decodeReport(report.Content, r.source.display(reportFile)) : undefined,
    accessKeys,
    buckets: readBuckets(r, a.id),
    regions: a.regions.map((region) => readRegion(r, a.id, region)),
  }
}

/** Parts whose files hang off a listing: when the listing is not there, neither are they. */
const S3_PARTS = [FILES.s3BucketVersioning, FILES.s3ObjectLock, FILES.s3Replication, FILES.s3BucketPolicy, FILES.s3Lifecycle].map((f) => f.part)

/** Spec §8: bucket files live in global/ (one namespace per account), one set per listed bucket. */
function readBuckets(r: Reader, account: string): RawBucket[] | undefined {
  const g = (file: SnapshotFile, name?: string) => pathOf(file, account, 'global', ...(name === undefined ? [] : [name]))
  const listFile = g(FILES.s3Buckets)
  const before = r.gaps.length
  const list = r.read<{ Buckets: RawBucket['listing'][] }>(FILES.s3Buckets, listFile)
  if (!list) {
    // the listing's gap stands for the per-bucket parts too: every check of S3 data is skipped
    const [gap] = r.gaps.slice(before)
    if (gap) for (const part of S3_PARTS) if (r.wanted(part)) r.gap(part, gap.what, gap.reason, gap.failed)
    return undefined
  }
  return list.Buckets.map((listing) => {
    const name = listing.Name
    const policy = r.get<{ Policy: object | string }>(FILES.s3BucketPolicy, g(FILES.s3BucketPolicy, name))
    const lifecycle = r.get<{ Rules: NonNullable<RawBucket['lifecycle']> }>(FILES.s3Lifecycle, g(FILES.s3Lifecycle, name))
    const tagging = r.get<{ TagSet: NonNullable<RawBucket['tags']> }>(FILES.s3BucketTagging, g(FILES.s3BucketTagging, name))
    const lock = r.get<{ ObjectLockConfiguration: NonNullable<RawBucket['objectLock']> }>(FILES.s3ObjectLock, g(FILES.s3ObjectLock, name))
    const replication = r.get<{ ReplicationConfiguration: NonNullable<RawBucket['replication']> }>(FILES.s3Replication, g(FILES.s3Replication, name))
    return {
      listing,
      // the region comes from BucketRegion when list-buckets says it (spec §8)
      location: listing.BucketRegion ? undefined : r.read<{ LocationConstraint?: string | null }>(FILES.s3BucketLocation, g(FILES.s3BucketLocation, name)),
      versioning: r.read<{ Status?: string; MFADelete?: string }>(FILES.s3BucketVersioning, g(FILES.s3BucketVersioning, name)),
      objectLock: lock && lock.ObjectLockConfiguration,
      replication: replication && replication.ReplicationConfiguration,
      policy: policy && policy.Policy,
      lifecycle: lifecycle && lifecycle.Rules,
      tags: tagging && tagging.TagSet,
    }
  })
}

function decodeReport(content: string, file: string): string {
  const text = Buffer.from(content, 'base64').toString('utf8')
  if (!text.startsWith('user,arn,')) throw new InputError(file, '$.Content', 'base64 of the credential report CSV (its header starts with "user,arn,")')
  return text
}

function readRegion(r: Reader, account: string, region: string): RawRegion {
  const p = (file: SnapshotFile, ...names: string[]) => pathOf(file, account, region, ...names)
  const out: RawRegion = { region }
  out.dbInstances = r.read<{ DBInstances: RawRegion['dbInstances'] }>(FILES.rdsInstances, p(FILES.rdsInstances))?.DBInstances
  out.dbClusters = r.read<{ DBClusters: RawRegion['dbClusters'] }>(FILES.rdsClusters, p(FILES.rdsClusters))?.DBClusters
  out.dbSnapshots = r.read<{ DBSnapshots: RawRegion['dbSnapshots'] }>(FILES.rdsSnapshots, p(FILES.rdsSnapshots))?.DBSnapshots
  out.dbClusterSnapshots = r.read<{ DBClusterSnapshots: RawRegion['dbClusterSnapshots'] }>(FILES.rdsClusterSnapshots, p(FILES.rdsClusterSnapshots))?.DBClusterSnapshots
  out.automatedBackups = r.read<{ DBInstanceAutomatedBackups: RawRegion['automatedBackups'] }>(FILES.rdsInstanceAutomatedBackups, p(FILES.rdsInstanceAutomatedBackups))?.DBInstanceAutomatedBackups
  // Optional: only retained backups of deleted clusters live here, so its absence is a gap only
  // where there are clusters whose recovery it could change.
  if (r.has(p(FILES.rdsClusterAutomatedBackups)) || (out.dbClusters?.length ?? 0) > 0) {
    out.clusterAutomatedBackups = r.read<{ DBClusterAutomatedBackups: RawRegion['clusterAutomatedBackups'] }>(FILES.rdsClusterAutomatedBackups, p(FILES.rdsClusterAutomatedBackups))?.DBClusterAutomatedBackups
  }
  const vaultsFile = p(FILES.backupVaults)
  const vaults = r.read<{ BackupVaultList: NonNullable<RawRegion['vaults']>[number]['vault'][] }>(FILES.backupVaults, vaultsFile)
  if (vaults) {
    out.vaults = vaults.BackupVaultList.map((vault) => {
      const policyFile = p(FILES.backupVaultPolicy, vault.BackupVaultName)
      // Absent without an errors entry = the vault has no policy (ResourceNotFoundException).
      const policy = r.get<{ Policy: object | string }>(FILES.backupVaultPolicy, policyFile)
      const recoveryPointsFile = p(FILES.backupRecoveryPoints, vault.BackupVaultName)
      const rps = r.read<{ RecoveryPoints: NonNullable<RawRegion['vaults']>[number]['recoveryPoints'] }>(FILES.backupRecoveryPoints, recoveryPointsFile)
      return { vault, file: vaultsFile, policy: policy && policy.Policy, policyFile, recoveryPoints: rps?.RecoveryPoints, recoveryPointsFile }
    })
  }
  const plans = r.read<{ BackupPlansList: { BackupPlanId: string }[] }>(FILES.backupPlans, p(FILES.backupPlans))
  if (plans) {
    out.plans = plans.BackupPlansList.map(({ BackupPlanId: id }) => {
      const file = p(FILES.backupPlan, id)
      const plan = r.read<NonNullable<RawRegion['plans']>[number]['plan']>(FILES.backupPlan, file)
      const list = r.read<{ BackupSelectionsList: { SelectionId: string }[] }>(FILES.backupSelections, p(FILES.backupSelections, id))
      const selections = (list?.BackupSelectionsList ?? []).flatMap(({ SelectionId }) => {
        const sel = r.read<NonNullable<RawRegion['plans']>[number]['selections'][number]['selection']>(FILES.backupSelection, p(FILES.backupSelection, id, SelectionId))
        return sel ? [{ selection: sel, id: SelectionId }] : []
      })
      return { id, plan, file, selections }
    })
  }
  out.kmsAliases = r.read<{ Aliases: RawRegion['kmsAliases'] }>(FILES.kmsAliases, p(FILES.kmsAliases))?.Aliases
  out.secrets = r.read<{ SecretList: RawRegion['secrets'] }>(FILES.secrets, p(FILES.secrets))?.SecretList
  out.tables = readTables(r, account, region)
  out.dynamodbBackups = r.read<{ BackupSummaries: RawRegion['dynamodbBackups'] }>(FILES.dynamodbBackups, p(FILES.dynamodbBackups))?.BackupSummaries
  return out
}

/** Spec §8: the tables of one region, each with its description, continuous backups and tags. */
function readTables(r: Reader, account: string, region: string): RawTableEntry[] | undefined {
  const p = (file: SnapshotFile, name?: string) => pathOf(file, account, region, ...(name === undefined ? [] : [name]))
  const before = r.gaps.length
  const list = r.read<{ TableNames: string[] }>(FILES.dynamodbTables, p(FILES.dynamodbTables))
  if (!list) {
    const [gap] = r.gaps.slice(before)
    if (gap && r.wanted(FILES.dynamodbContinuousBackups.part)) r.gap(FILES.dynamodbContinuousBackups.part, gap.what, gap.reason, gap.failed)
    return undefined
  }
  return list.TableNames.map((name) => {
    const tags = r.get<{ Tags: NonNullable<RawTableEntry['tags']> }>(FILES.dynamodbTags, p(FILES.dynamodbTags, name))
    return {
      name,
      table: r.read<{ Table: NonNullable<RawTableEntry['table']> }>(FILES.dynamodbTable, p(FILES.dynamodbTable, name))?.Table,
      continuousBackups: r.read<{ ContinuousBackupsDescription: NonNullable<RawTableEntry['continuousBackups']> }>(FILES.dynamodbContinuousBackups, p(FILES.dynamodbContinuousBackups, name))?.ContinuousBackupsDescription,
      tags: tags && tags.Tags,
    }
  })
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
        for (const a of r.get<{ Accounts: { Id: string; Name?: string }[] }>(FILES.organizationAccounts, file)?.Accounts ?? []) org.accounts.set(a.Id, a)
        break
      case 'list-tags-for-resource':
        org.tags.set(arg, r.get<{ Tags: { Key: string; Value: string }[] }>(FILES.organizationTags, file)?.Tags ?? [])
        break
      case 'list-roots':
        org.roots.push(...(r.get<{ Roots: { Id: string }[] }>(FILES.organizationRoots, file)?.Roots ?? []))
        break
      case 'list-parents':
        org.parents.set(arg, r.get<{ Parents: { Id: string; Type: string }[] }>(FILES.organizationParents, file)?.Parents ?? [])
        break
      case 'list-policies-for-target':
        org.policiesForTarget.set(arg, r.get<{ Policies: { Id: string }[] }>(FILES.organizationPoliciesForTarget, file)?.Policies ?? [])
        break
      case 'describe-policy': {
        const d = r.get<{ Policy: { PolicySummary: { Id: string; Name?: string; Arn?: string }; Content: object | string } }>(FILES.organizationPolicy, file)
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
