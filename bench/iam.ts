// IAM analysis benchmark: generated estates of N roles with a realistic policy mix, timed and
// measured against the floor of merely JSON.parse-ing the same estate.
import type { Check } from '../src/checks/define.js'
import { runChecks } from '../src/checks/run.js'
import { createIamEngine } from '../src/iam/index.js'
import type { Inventory, ManagedPolicy, PolicyDocument, Principal, RecoveryPoint, Database, Vault } from '../src/inventory/types.js'
import adminPrincipal from '../checks/privilege/admin-principal.js'
import escalation from '../checks/privilege/privilege-escalation-path.js'
import deleteDb from '../checks/privilege/can-delete-prod-database.js'
import deleteBackups from '../checks/privilege/can-delete-prod-backups.js'
import wildcard from '../checks/privilege/destructive-wildcard-resource.js'
import unrecoverable from '../checks/privilege/unrecoverable-deletion.js'
import writesProd from '../checks/isolation/nonprod-principal-writes-prod.js'
import spans from '../checks/isolation/principal-spans-environments.js'
import { prng } from './prng.js'

export const IAM_CHECKS: Check[] = [adminPrincipal, escalation, deleteDb, deleteBackups, wildcard, unrecoverable, writesProd, spans]

const ACCOUNTS = [
  { id: '111111111111', env: 'prod' as const },
  { id: '222222222222', env: 'staging' as const },
  { id: '333333333333', env: 'dev' as const },
]
const REGION = 'us-east-1'


const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement })
const allow = (Action: string[], Resource: string[] = ['*']) => ({ Effect: 'Allow' as const, Action, Resource })
const serviceTrust = (service: string) => doc({ Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] })
const awsTrust = (arn: string) => doc({ Effect: 'Allow', Principal: { AWS: [arn] }, Action: ['sts:AssumeRole'] })

/** An estate as the JSON a snapshot reader would parse: plain data, policies as documents. */
export interface EstateJson {
  collectedAt: string
  principals: Principal[]
  managedPolicies: ManagedPolicy[]
  databases: Database[]
  recoveryPoints: RecoveryPoint[]
  vaults: Vault[]
}

export function generateEstate(roles: number, seed = 42): EstateJson {
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const env = (e: 'prod' | 'staging' | 'dev') => ({ environment: e, rule: 'account' as const, detail: `account (${e})` })
  const managedPolicies: ManagedPolicy[] = [
    { arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess', owner: 'aws', document: doc(allow(['*'])), source: 'bench' },
    { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess', owner: 'aws', source: 'bench',
      document: doc(allow(['ec2:Describe*', 'rds:Describe*', 's3:Get*', 's3:List*', 'dynamodb:Describe*', 'dynamodb:Get*', 'iam:Get*', 'iam:List*', 'backup:List*', 'backup:Describe*', 'lambda:Get*', 'lambda:List*', 'logs:Get*', 'cloudwatch:Get*'])) },
    { arn: 'arn:aws:iam::aws:policy/PowerUserAccess', name: 'PowerUserAccess', owner: 'aws', source: 'bench',
      document: doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: ['*'] }, allow(['iam:CreateServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'])) },
  ]
  for (const a of ACCOUNTS) {
    managedPolicies.push({ arn: `arn:aws:iam::${a.id}:policy/app-boundary`, name: 'app-boundary', owner: a.id, source: 'bench',
      document: doc(allow(['s3:*', 'dynamodb:*', 'sqs:*', 'sns:*', 'logs:*', 'rds:Describe*', 'kms:Decrypt'])) })
    managedPolicies.push({ arn: `arn:aws:iam::${a.id}:policy/ci-deploy`, name: 'ci-deploy', owner: a.id, source: 'bench',
      document: doc(allow(['cloudformation:*', 'lambda:*', 's3:*', 'ecr:*']), allow(['iam:PassRole'], [`arn:aws:iam::${a.id}:role/app-*`]),
        { Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: ['*'] }) })
  }
  const databases: Database[] = []
  const recoveryPoints: RecoveryPoint[] = []
  const vaults: Vault[] = []
  for (const a of ACCOUNTS) {
    const vaultArn = `arn:aws:backup:${REGION}:${a.id}:backup-vault:${a.env}-vault`
    vaults.push({ arn: vaultArn, type: 'AWS::Backup::BackupVault', accountId: a.id, region: REGION, name: `${a.env}-vault`, environment: env(a.env), source: 'bench',
      locked: a.env === 'prod' && rnd() < 0.5, accessPolicy: a.env === 'prod' ? doc({ Effect: 'Deny', Principal: '*', Action: ['backup:DeleteRecoveryPoint'], Resource: ['*'], Condition: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${a.id}:role/break-glass`] } } }) : null, recoveryPointCount: 0 })
    for (let d = 0; d < 6; d++) {
      const name = `${a.env}-db-${d}`
      const arn = `arn:aws:rds:${REGION}:${a.id}:db:${name}`
      databases.push({ arn, type: 'AWS::RDS::DBInstance', accountId: a.id, region: REGION, name, environment: env(a.env), source: 'bench', kind: 'instance', identifier: name,
        engine: 'postgres', deletionProtection: rnd() < 0.5, backupRetentionDays: 7, memberArns: [], storageEncrypted: true, tags: { Environment: a.env }, status: 'available' })
      recoveryPoints.push({ arn: `arn:aws:rds:${REGION}:${a.id}:snapshot:rds:${name}-auto`, kind: 'rds-automated', accountId: a.id, region: REGION, sourceDbArn: arn, status: 'available', survivesDbDeletion: false, environment: env(a.env), source: 'bench' })
      if (rnd() < 0.6) recoveryPoints.push({ arn: `arn:aws:rds:${REGION}:${a.id}:snapshot:${name}-manual`, kind: 'rds-manual-snapshot', accountId: a.id, region: REGION, sourceDbArn: arn, status: 'available', survivesDbDeletion: true, environment: env(a.env), source: 'bench' })
      if (rnd() < 0.6) recoveryPoints.push({ arn: `arn:aws:rds:${REGION}:${a.id}:snapshot:awsbackup:job-${name}`, kind: 'backup-recovery-point', accountId: a.id, region: REGION, sourceDbArn: arn, vaultArn, status: 'COMPLETED', survivesDbDeletion: true, environment: env(a.env), source: 'bench' })
    }
  }

  const principals: Principal[] = []
  const base = (kind: 'user' | 'role', name: string, acct: (typeof ACCOUNTS)[number]): Principal => ({
    arn: `arn:aws:iam::${acct.id}:${kind}/${name}`, type: kind === 'user' ? 'AWS::IAM::User' : 'AWS::IAM::Role', accountId: acct.id, region: 'global', name,
    environment: env(acct.env), source: 'bench', kind, path: '/', tags: {}, inlinePolicies: [], managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false,
  })
  const inline = (p: Principal, document: PolicyDocument) => p.inlinePolicies.push({ name: `p${p.inlinePolicies.length}`, id: `${p.arn}/inline/p${p.inlinePolicies.length}`, document, source: 'bench' })
  for (let i = 0; i < roles; i++) {
    const acct = pick(ACCOUNTS)
    const r = rnd()
    const kindName = r < 0.02 ? 'admin' : r < 0.22 ? 'readonly' : r < 0.55 ? 'app' : r < 0.65 ? 'deploy' : r < 0.75 ? 'data' : r < 0.8 ? 'power' : r < 0.9 ? 'lambda' : 'ops'
    const role = base('role', `${kindName === 'app' || kindName === 'lambda' ? 'app' : kindName}-${i}`, acct)
    const other = pick(ACCOUNTS)
    switch (kindName) {
      case 'admin': role.managedPolicyArns.push('arn:aws:iam::aws:policy/AdministratorAccess'); role.trustPolicy = awsTrust(`arn:aws:iam::${acct.id}:root`); break
      case 'readonly': role.managedPolicyArns.push('arn:aws:iam::aws:policy/ReadOnlyAccess'); role.trustPolicy = awsTrust(`arn:aws:iam::${other.id}:root`); break
      case 'power': role.managedPolicyArns.push('arn:aws:iam::aws:policy/PowerUserAccess'); role.trustPolicy = awsTrust(`arn:aws:iam::${acct.id}:root`); break
      case 'deploy': role.managedPolicyArns.push(`arn:aws:iam::${acct.id}:policy/ci-deploy`); role.trustPolicy = awsTrust(`arn:aws:iam::${other.id}:root`); break
      case 'data':
        inline(role, doc(allow(['rds:ModifyDBInstance', 'rds:DeleteDBInstance', 'rds:Describe*'], [`arn:aws:rds:${REGION}:${acct.id}:db:${acct.env}-db-${i % 6}`]), allow(['backup:StartBackupJob', 'backup:List*'])))
        role.trustPolicy = serviceTrust('ec2.amazonaws.com'); break
      case 'ops':
        inline(role, doc(allow(['sts:AssumeRole'], [`arn:aws:iam::*:role/deploy-*`]), allow(['rds:Describe*', 'cloudwatch:*', 'logs:*'])))
        role.trustPolicy = awsTrust(`arn:aws:iam::${acct.id}:root`); break
      default: {
        const bucket = `bucket-${i % 200}`
        inline(role, doc(allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], [`arn:aws:s3:::${bucket}/*`]), allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], [`arn:aws:dynamodb:${REGION}:${acct.id}:table/t-${i % 300}`]), allow(['sqs:SendMessage', 'sqs:ReceiveMessage'], [`arn:aws:sqs:${REGION}:${acct.id}:q-${i % 100}`])))
        if (rnd() < 0.3) role.permissionsBoundaryArn = `arn:aws:iam::${acct.id}:policy/app-boundary`
        role.trustPolicy = serviceTrust(pick(['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com']))
      }
    }
    principals.push(role)
  }
  for (let i = 0; i < Math.max(3, roles / 20); i++) {
    const acct = pick(ACCOUNTS)
    const user = base('user', `user-${i}`, acct)
    if (rnd() < 0.5) inline(user, doc(allow(['sts:AssumeRole'], ['*'])))
    else user.managedPolicyArns.push(rnd() < 0.1 ? 'arn:aws:iam::aws:policy/AdministratorAccess' : 'arn:aws:iam::aws:policy/ReadOnlyAccess')
    if (rnd() < 0.05) inline(user, doc(allow(['iam:PutUserPolicy'], [user.arn])))
    principals.push(user)
  }
  return { collectedAt: '2026-11-27T00:00:00Z', principals, managedPolicies, databases, recoveryPoints, vaults }
}

export function inventoryOf(estate: EstateJson): Inventory {
  const env = (e: 'prod' | 'staging' | 'dev') => ({ environment: e, rule: 'account' as const, detail: `manifest (${e})` })
  return {
    collectedAt: estate.collectedAt, source: { kind: 'snapshot', path: 'bench' },
    accounts: ACCOUNTS.map((a) => ({ id: a.id, name: `acme-${a.env}`, environment: env(a.env), regions: [REGION], tags: {}, inSnapshot: true })),
    principals: estate.principals, groups: [], managedPolicies: new Map(estate.managedPolicies.map((p) => [p.arn, p])),
    databases: estate.databases, buckets: [], tables: [], recoveryPoints: estate.recoveryPoints, storeRecoveryPoints: [], vaults: estate.vaults, backupPlans: [], kmsAliases: [], secrets: [],
    scpChains: [], organizationAccountIds: [], gaps: [], errors: [],
  }
}

export interface IamBenchResult {
  roles: number
  principals: number
  inputBytes: number
  parseMs: number
  analysisMs: number
  ratio: number
  /**
   * The same checks run again on the same engine, every IAM answer already memoized: what the
   * checks cost beyond the IAM analysis (walking principals, building findings), a floor the
   * analysis cannot go below.
   */
  checksWarmMs: number
  findings: number
  heapDeltaMb: number
  rssDeltaMb: number
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const mb = (n: number) => Math.round((n / 1_048_576) * 10) / 10

export function measureIam(roles: number): IamBenchResult {
  const json = JSON.stringify(generateEstate(roles))
  // the floor: parsing the input (best of 3, to keep JIT warm-up out of it)
  let parseMs = Infinity
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    JSON.parse(json)
    parseMs = Math.min(parseMs, performance.now() - t)
  }
  gc()
  const before = process.memoryUsage()
  let peakRss = before.rss
  let peakHeap = before.heapUsed
  const t = performance.now()
  const inventory = inventoryOf(JSON.parse(json) as EstateJson)
  let engine: ReturnType<typeof createIamEngine> | undefined
  const iam = () => (engine ??= createIamEngine(inventory))
  const result = runChecks(IAM_CHECKS, inventory, { iam })
  const analysisMs = performance.now() - t
  const after = process.memoryUsage()
  const warm = performance.now()
  runChecks(IAM_CHECKS, inventory, { iam })
  const checksWarmMs = performance.now() - warm
  peakRss = Math.max(peakRss, after.rss)
  peakHeap = Math.max(peakHeap, after.heapUsed)
  return {
    roles, principals: inventory.principals.length, inputBytes: json.length, parseMs, analysisMs, ratio: analysisMs / parseMs, checksWarmMs,
    findings: result.findings.length, heapDeltaMb: mb(peakHeap - before.heapUsed), rssDeltaMb: mb(peakRss - before.rss),
  }
}

export async function benchIam(sizes: number[]): Promise<IamBenchResult[]> {
  const results: IamBenchResult[] = []
  console.log('IAM analysis (all 8 IAM checks) vs JSON.parse of the same estate')
  console.log('roles  principals  input MB  parse ms  analysis ms  ratio  findings  heap Δ MB  rss Δ MB  checks again (warm) ms')
  for (const size of sizes) {
    const r = measureIam(size)
    results.push(r)
    console.log(
      [String(r.roles).padStart(5), String(r.principals).padStart(10), mb(r.inputBytes).toFixed(1).padStart(9), r.parseMs.toFixed(1).padStart(9),
        r.analysisMs.toFixed(0).padStart(12), r.ratio.toFixed(1).padStart(6), String(r.findings).padStart(9), r.heapDeltaMb.toFixed(1).padStart(10), r.rssDeltaMb.toFixed(1).padStart(9), r.checksWarmMs.toFixed(0).padStart(23)].join(' '),
    )
  }
  return results
}
