// The live collector against moto, a wire-level AWS emulator: real HTTP, real signing, real
// pagination. The estate is built through the SDK; the scans run the built CLI as a process.
// Every moto test lives in this one file, so one reset of the shared emulator cannot clobber
// another file's estate.
import { createServer, type Server } from 'node:http'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Clients, Runtime } from '../../src/collect/aws.js'
import { ReadOnlyViolation } from '../../src/collect/guard.js'
import { collectLive } from '../../src/collect/index.js'
import { policyDocument } from '../../src/cli/policy.js'
import { DirectorySource } from '../../src/snapshot/source.js'
import { cli } from '../support/cli.js'
import { buildEstate, MANAGEMENT, type MotoEstate } from './estate.js'
import { motoEnv, startMoto, type Moto } from './moto.js'

interface Finding {
  fingerprint: string
  checkId: string
  severity: string
  accountId: string
  resource: { arn: string }
  principal?: { arn: string }
}
interface Report {
  source: { kind: string }
  accounts: { id: string; name: string; environment: string }[]
  summary: Record<string, number>
  findings: Finding[]
  skipped: { checkId: string; reason: string }[]
  errors: { accountId?: string; region?: string; operation: string; message: string }[]
}

/** Operations moto 5.2.5 does not implement: a live scan must report them, never pass over them. */
const MOTO_GAPS = ['backup:GetBackupVaultAccessPolicy', 'backup:ListRecoveryPointsByBackupVault', 'backup:ListBackupSelections', 'rds:DescribeDBClusterAutomatedBackups']

let moto: Moto
let estate: MotoEstate
let env: Record<string, string>
const quiet = { write: () => true, isTTY: false }

beforeAll(async () => {
  moto = await startMoto()
  await moto.reset()
  estate = await buildEstate(moto.endpoint)
  env = motoEnv(moto.endpoint)
  // The in-process collector reads the same variables as the CLI processes.
  Object.assign(process.env, env)
}, 120_000)

afterAll(async () => {
  await moto?.stop()
})

const findingKey = (f: Finding) => `${f.checkId} ${f.severity} ${f.resource.arn} ${f.principal?.arn ?? ''} ${f.fingerprint}`

describe('bulkhead collect --org against moto', () => {
  let out: string
  let result: ReturnType<typeof cli>
  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), 'bulkhead-collect-')), 'snap')
    result = cli(['collect', '--out', out, '--org', '--regions', 'us-east-1'], { env })
  })

  it('writes the snapshot of every account and exits 3 on the calls moto lacks', () => {
    expect(result.code, result.stderr).toBe(3)
    const manifest = JSON.parse(readFileSync(join(out, 'snapshot.json'), 'utf8')) as { accounts: { id: string; name?: string; regions: string[] }[]; errors: { file?: string; operation: string }[] }
    expect(manifest.accounts.map((a) => a.id).sort()).toEqual([MANAGEMENT, estate.prod, estate.staging].sort())
    expect(manifest.accounts.find((a) => a.id === estate.prod)).toMatchObject({ name: `acme-prod-${estate.run}`, regions: ['us-east-1'] })
    expect([...new Set(manifest.errors.map((e) => e.operation))].sort()).toEqual([...MOTO_GAPS].sort())
    expect(result.stderr).toMatch(/not collected: .*backup-get-backup-vault-access-policy--vault-/)
  })

  it('writes the AWS CLI shapes, with the organization and SCP files in the management account', () => {
    const files = new DirectorySource(out).list()
    const g = `${MANAGEMENT}/global`
    for (const f of ['organizations-list-accounts.json', 'organizations-list-roots.json', `organizations-list-tags-for-resource--${estate.prod}.json`, `organizations-list-parents--${estate.prod}.json`, `organizations-list-policies-for-target--${estate.prod}.json`]) {
      expect(files).toContain(`${g}/${f}`)
    }
    expect(files.some((f) => f.startsWith(`${g}/organizations-describe-policy--`))).toBe(true)
    const details = JSON.parse(readFileSync(join(out, estate.prod, 'global', 'iam-get-account-authorization-details.json'), 'utf8')) as { RoleDetailList: { RoleName: string; AssumeRolePolicyDocument: unknown }[] }
    const ci = details.RoleDetailList.find((r) => r.RoleName === estate.names.ciRole)
    expect(ci?.AssumeRolePolicyDocument).toMatchObject({ Statement: [{ Principal: { AWS: `arn:aws:iam::${estate.staging}:root` } }] })
    const dbs = JSON.parse(readFileSync(join(out, estate.prod, 'us-east-1', 'rds-describe-db-instances.json'), 'utf8')) as { DBInstances: { DBInstanceIdentifier: string }[] }
    expect(dbs.DBInstances.map((d) => d.DBInstanceIdentifier)).toEqual([estate.names.ordersDb])
    expect(files).toContain(`${estate.staging}/global/iam-list-access-keys--${estate.names.agent}.json`)
    const secrets = JSON.parse(readFileSync(join(out, estate.prod, 'us-east-1', 'secretsmanager-list-secrets.json'), 'utf8')) as { SecretList: { Name: string; SecretString?: string }[] }
    expect(secrets.SecretList.map((s) => s.Name)).toEqual([`orders-db-${estate.run}`])
    // Metadata only: no secret value is ever read or written.
    expect(readFileSync(join(out, estate.prod, 'us-east-1', 'secretsmanager-list-secrets.json'), 'utf8')).not.toContain('not-a-secret-1')
    const aliases = JSON.parse(readFileSync(join(out, estate.prod, 'us-east-1', 'kms-list-aliases.json'), 'utf8')) as { Aliases: { AliasName: string }[] }
    expect(aliases.Aliases.map((a) => a.AliasName)).toContain(`alias/orders-${estate.run}`)
  })

  it('writes the S3 and DynamoDB files of spec §8: buckets per account in global/, NotFound answers as no file', () => {
    const read = (account: string, folder: string, name: string) => JSON.parse(readFileSync(join(out, account, folder, `${name}.json`), 'utf8')) as Record<string, unknown>
    const files = new DirectorySource(out).list()
    const g = (name: string) => `${estate.prod}/global/${name}.json`
    const { invoices, archive, assets, archiveCopy, sessions, carts } = estate.names
    expect((read(estate.prod, 'global', 's3api-list-buckets').Buckets as { Name: string }[]).map((b) => b.Name).sort()).toEqual([archive, assets, invoices].sort())
    expect((read(MANAGEMENT, 'global', 's3api-list-buckets').Buckets as { Name: string }[]).map((b) => b.Name)).toEqual([archiveCopy])
    expect(read(MANAGEMENT, 'global', `s3api-get-bucket-location--${archiveCopy}`)).toEqual({ LocationConstraint: 'us-west-2' })
    expect(read(estate.prod, 'global', `s3api-get-bucket-location--${invoices}`)).toEqual({ LocationConstraint: null })
    expect(read(estate.prod, 'global', `s3api-get-bucket-versioning--${invoices}`)).toEqual({})
    expect(read(estate.prod, 'global', `s3api-get-object-lock-configuration--${archive}`)).toMatchObject({ ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } } })
    expect(typeof read(estate.prod, 'global', `s3api-get-bucket-policy--${archive}`).Policy).toBe('string')
    expect(read(estate.prod, 'global', `s3api-get-bucket-replication--${archive}`)).toMatchObject({ ReplicationConfiguration: { Rules: [{ Destination: { Bucket: `arn:aws:s3:::${archiveCopy}`, Account: MANAGEMENT } }] } })
    for (const kind of ['get-object-lock-configuration', 'get-bucket-policy', 'get-bucket-replication', 'get-bucket-lifecycle-configuration']) expect(files).not.toContain(g(`s3api-${kind}--${invoices}`))
    expect(files.filter((f) => /\/us-east-1\/s3api-/.test(f))).toEqual([])
    expect((read(estate.prod, 'us-east-1', 'dynamodb-list-tables').TableNames as string[]).sort()).toEqual([carts, sessions].sort())
    expect(read(estate.prod, 'us-east-1', `dynamodb-describe-table--${sessions}`)).toMatchObject({ Table: { TableName: sessions, DeletionProtectionEnabled: false } })
    expect(read(estate.prod, 'us-east-1', `dynamodb-describe-continuous-backups--${carts}`)).toMatchObject({ ContinuousBackupsDescription: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } })
    expect(read(estate.prod, 'us-east-1', `dynamodb-list-tags-of-resource--${sessions}`)).toEqual({ Tags: [{ Key: 'Environment', Value: 'prod' }] })
    expect(read(estate.prod, 'us-east-1', 'dynamodb-list-backups')).toMatchObject({ BackupSummaries: [{ TableName: carts, BackupType: 'USER', BackupStatus: 'AVAILABLE' }] })
  })

  it('scans offline to the same report as a live scan', () => {
    const offline = cli(['scan', '--snapshot', out, '--format', 'json', '--fail-on', 'none'], { env })
    const live = cli(['scan', '--aws', '--org', '--regions', 'us-east-1', '--format', 'json', '--fail-on', 'none'], { env })
    expect([offline.code, live.code], offline.stderr + live.stderr).toEqual([3, 3])
    const a = JSON.parse(offline.stdout) as Report
    const b = JSON.parse(live.stdout) as Report
    expect(b.source.kind).toBe('aws')
    expect(b.findings.map(findingKey).sort()).toEqual(a.findings.map(findingKey).sort())
    // buckets and tables are in both (spec §8)
    expect(a.findings.filter((f) => /^(s3|dynamodb)-/.test(f.checkId)).map((f) => f.checkId).sort()).toEqual(['dynamodb-deletion-protection-off', 'dynamodb-pitr-off', 's3-bucket-policy-allows-delete', 's3-no-object-lock', 's3-versioning-off'])
    expect(b.accounts).toEqual(a.accounts)
    expect(b.skipped).toEqual(a.skipped)
    expect(b.errors).toEqual(a.errors)
    const { apiCalls, ...summary } = b.summary
    expect(apiCalls).toBeGreaterThan(0)
    const { apiCalls: none, ...offlineSummary } = a.summary
    expect(none).toBeUndefined()
    expect(summary).toEqual(offlineSummary)
  })
})

describe('bulkhead scan --aws against moto', () => {
  let report: Report
  let code: number
  beforeAll(() => {
    const r = cli(['scan', '--aws', '--org', '--regions', 'us-east-1', '--format', 'json', '--fail-on', 'none', '--quiet'], { env })
    code = r.code
    report = JSON.parse(r.stdout) as Report
  })

  it('exits 3 and names each call moto does not implement, by account and region', () => {
    expect(code).toBe(3)
    expect(report.errors.filter((e) => e.operation === 'backup:GetBackupVaultAccessPolicy')).toEqual([
      expect.objectContaining({ accountId: estate.prod, region: 'us-east-1', message: expect.stringMatching(/^HTTP 404/) }),
    ])
  })

  it('classifies the member accounts from their organization tags', () => {
    const env = Object.fromEntries(report.accounts.map((a) => [a.id, a.environment]))
    expect(env[estate.prod]).toBe('prod')
    expect(env[estate.staging]).toBe('staging')
  })

  it('finds the risks built into the estate', () => {
    const has = (checkId: string, arn: string) => report.findings.some((f) => f.checkId === checkId && (f.resource.arn === arn || f.principal?.arn === arn))
    const db = `arn:aws:rds:us-east-1:${estate.prod}:db:${estate.names.ordersDb}`
    expect(has('rds-deletion-protection-off', db)).toBe(true)
    expect(has('rds-backup-retention-short', db)).toBe(true)
    expect(has('cross-env-role-trust', `arn:aws:iam::${estate.prod}:role/${estate.names.ciRole}`)).toBe(true)
    expect(has('destructive-wildcard-resource', `arn:aws:iam::${estate.prod}:user/${estate.names.deployer}`)).toBe(true)
  })

  const on = (arn: string) => report.findings.filter((f) => f.resource.arn === arn).map((f) => f.checkId).sort()
  const withheld = (arn: string) => report.skipped.filter((s) => s.reason.startsWith(`finding on ${arn} withheld`)).map((s) => s.checkId).sort()
  const invoices = () => `arn:aws:s3:::${estate.names.invoices}`
  const sessions = () => `arn:aws:dynamodb:us-east-1:${estate.prod}:table/${estate.names.sessions}`

  it('finds the open prod bucket and table, and a staging bucket in the prod account', () => {
    expect(on(invoices())).toEqual(['s3-bucket-policy-allows-delete', 's3-no-object-lock', 's3-versioning-off'])
    expect(on(sessions())).toEqual(['dynamodb-deletion-protection-off', 'dynamodb-pitr-off'])
    expect(report.findings.filter((f) => f.checkId === 'prod-nonprod-same-account').map((f) => f.resource.arn)).toEqual([`arn:aws:iam::${estate.prod}:root`])
  })

  it('withholds the copy findings of the open bucket and table: moto does not list vault recovery points, which could hold their copies', () => {
    expect(withheld(invoices())).toEqual(['backup-no-cross-account-copy', 'backup-no-cross-region-copy'])
    expect(withheld(sessions())).toEqual(['backup-no-cross-account-copy', 'backup-no-cross-region-copy'])
  })

  it('stays quiet on the protected bucket (lock, Deny, replica elsewhere), the protected table, and the staging stores', () => {
    const archive = `arn:aws:s3:::${estate.names.archive}`
    expect(on(archive)).toEqual([])
    // its replica in another account and region answers both copy checks, whatever the vaults hold
    expect(withheld(archive)).toEqual([])
    expect(on(`arn:aws:dynamodb:us-east-1:${estate.prod}:table/${estate.names.carts}`)).toEqual([])
    expect(on(`arn:aws:s3:::${estate.names.assets}`)).toEqual([])
    expect(on(`arn:aws:dynamodb:us-east-1:${estate.staging}:table/${estate.names.stagingSessions}`)).toEqual([])
  })

  it('stays quiet on what is fine: the protected cluster and the staging database', () => {
    const cluster = `arn:aws:rds:us-east-1:${estate.prod}:cluster:${estate.names.ledgerCluster}`
    expect(report.findings.filter((f) => f.checkId === 'rds-deletion-protection-off' && f.resource.arn === cluster)).toEqual([])
    const stagingDb = `arn:aws:rds:us-east-1:${estate.staging}:db:${estate.names.stagingDb}`
    expect(report.findings.filter((f) => f.resource.arn === stagingDb && f.checkId.startsWith('rds-'))).toEqual([])
  })

  it('exits 0 with --allow-partial when nothing reaches --fail-on', () => {
    expect(cli(['scan', '--aws', '--regions', 'us-east-1', '--format', 'json', '--fail-on', 'none', '--allow-partial', '--quiet'], { env }).code).toBe(0)
  })
})

describe('a live scan collects what its checks need, and buckets once per account', () => {
  /** `service:Operation` → requests, from the --verbose lines (one per request, retries included) */
  const requests = (stderr: string): Record<string, number> => {
    const out: Record<string, number> = {}
    for (const line of stderr.split('\n')) {
      // "<op> <where> 12ms", or "<op> <where> failed after 12ms: <error>" (a NotFound answer is a request too)
      const m = /^([a-z0-9-]+:[A-Za-z]+) \S+ (\d+ms$|failed after \d+ms: )/.exec(line)
      if (m) out[m[1]] = (out[m[1]] ?? 0) + 1
    }
    return out
  }
  const byService = (counts: Record<string, number>) =>
    Object.entries(counts).reduce<Record<string, number>>((acc, [op, n]) => ({ ...acc, [op.split(':')[0]]: (acc[op.split(':')[0]] ?? 0) + n }), {})

  it('--checks s3-versioning-off asks S3 only for the bucket list, locations, versioning and tags, over two regions', () => {
    const r = cli(['scan', '--aws', '--org', '--regions', 'us-east-1,us-west-2', '--checks', 's3-versioning-off', '--format', 'json', '--fail-on', 'none', '--verbose'], { env })
    expect(r.code, r.stderr).toBe(0)
    const counts = requests(r.stderr)
    // 3 accounts: one bucket list each, whatever --regions says; 4 buckets (3 prod, 1 management)
    expect(Object.fromEntries(Object.entries(counts).filter(([op]) => op.startsWith('s3:')))).toEqual({ 's3:ListBuckets': 3, 's3:GetBucketLocation': 4, 's3:GetBucketVersioning': 4, 's3:GetBucketTagging': 4 })
    // nothing of the data services the check does not need; sts and organizations find the accounts
    expect(Object.keys(byService(counts)).sort()).toEqual(['organizations', 's3', 'sts'])
    const report = JSON.parse(r.stdout) as Report & { summary: { apiCalls: number } }
    expect(report.summary.apiCalls).toBe(Object.values(counts).reduce((a, b) => a + b, 0))
    expect(report.findings.map((f) => `${f.checkId} ${f.resource.arn}`)).toEqual([`s3-versioning-off arn:aws:s3:::${estate.names.invoices}`])
    expect(report.errors).toEqual([])
  })

  it('a full scan over two regions lists buckets once per account and tables once per account and region', () => {
    const r = cli(['scan', '--aws', '--org', '--regions', 'us-east-1,us-west-2', '--format', 'json', '--fail-on', 'none', '--verbose'], { env })
    const counts = requests(r.stderr)
    expect([counts['s3:ListBuckets'], counts['dynamodb:ListTables'], counts['dynamodb:ListBackups']]).toEqual([3, 6, 6])
    expect(byService(counts).rds).toBeGreaterThan(0)
  })
})

describe('read-only guarantee against moto', () => {
  it('refuses DeleteDBInstance before it reaches the server: the DB survives and no request was counted', async () => {
    const assumed = await collectorClientsFor(estate.prod)
    const rds = await assumed.clients.rds('us-east-1')
    const before = assumed.rt.requests
    await expect(rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: estate.names.ordersDb, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }))).rejects.toBeInstanceOf(ReadOnlyViolation)
    expect(assumed.rt.requests).toBe(before)
    // The same guarded client still reads, and the database is there.
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: estate.names.ordersDb }))
    expect(out.DBInstances?.[0]?.DBInstanceStatus).toBe('available')
    expect(assumed.rt.requests).toBeGreaterThan(before)
    // And an unguarded client sees it too (the guard did not fake the answer).
    const plain = new RDSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: await assumedKeys(estate.prod) })
    expect((await plain.send(new DescribeDBInstancesCommand({}))).DBInstances?.map((d) => d.DBInstanceIdentifier)).toContain(estate.names.ordersDb)
  })

  it('sends only operations that `bulkhead policy` grants, and every granted action is used', async () => {
    const org = await collectLive({ org: true, regions: ['us-east-1'], stderr: quiet })
    const all = await collectLive({ regions: 'all', parts: ['rds'], stderr: quiet })
    const granted = new Set((policyDocument() as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action))
    const sent = new Set([...org.operations, ...all.operations])
    expect([...sent].filter((a) => !granted.has(a))).toEqual([])
    // GetBackupSelection follows ListBackupSelections, which moto lacks; test/collect covers it.
    expect([...granted].filter((a) => !sent.has(a))).toEqual(['backup:GetBackupSelection'])
    const manifest = JSON.parse(all.source.readText('snapshot.json') ?? '{}') as { accounts: { regions: string[] }[] }
    expect(manifest.accounts[0].regions.length).toBeGreaterThan(10)
    expect(manifest.accounts[0].regions).toContain('eu-west-1')
  })
})

describe('an unreachable member account', () => {
  let proxy: Server
  let proxyUrl: string
  beforeAll(async () => {
    // STS in front of moto that refuses to let anyone assume the role in the staging account,
    // as AWS does when the role is missing or does not trust the caller.
    proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const body = Buffer.concat(chunks).toString('utf8')
      if (body.includes('Action=AssumeRole') && body.includes(encodeURIComponent(`arn:aws:iam::${estate.staging}:role/`))) {
        res.writeHead(403, { 'content-type': 'text/xml' })
        res.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::${MANAGEMENT}:user/auditor is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
        return
      }
      const upstream = await fetch(`${moto.endpoint}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'GET' ? undefined : body })
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' })
      res.end(Buffer.from(await upstream.arrayBuffer()))
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()))
    const address = proxy.address()
    proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })
  afterAll(() => new Promise<void>((r) => proxy.close(() => r())))

  it('is one account-wide entry in errors, and the other accounts are still collected', async () => {
    process.env.AWS_ENDPOINT_URL_STS = proxyUrl
    try {
      const { source } = await collectLive({ org: true, regions: ['us-east-1'], stderr: quiet, parts: ['rds'] })
      const manifest = JSON.parse(source.readText('snapshot.json') ?? '{}') as { accounts: { id: string }[]; errors: { accountId?: string; file?: string; operation: string; message: string }[] }
      expect(manifest.accounts.map((a) => a.id)).toContain(estate.staging)
      expect(manifest.errors.filter((e) => e.accountId === estate.staging)).toEqual([
        { accountId: estate.staging, operation: 'sts:AssumeRole', message: expect.stringMatching(/OrganizationAccountAccessRole: AccessDenied: .*not authorized to perform: sts:AssumeRole/) },
      ])
      expect(source.list()).toContain(`${estate.prod}/us-east-1/rds-describe-db-instances.json`)
      expect(source.list().filter((f) => f.startsWith(`${estate.staging}/`))).toEqual([])
    } finally {
      delete process.env.AWS_ENDPOINT_URL_STS
    }
  })
})

describe('agent-check --aws against moto: keys mapped by sts:GetCallerIdentity signed with them', () => {
  interface AgentFinding extends Finding { message: string; evidence: { mapping: { status: string; mappedBy?: string; principal?: string; arn?: string }; destruction?: { database: string; kinds: string[] }[] } }
  const secrets: string[] = []
  let home: string
  const byArn = (r: { findings: AgentFinding[] }, arn: string) => r.findings.find((f) => f.resource.arn === arn)!
  beforeAll(async () => {
    const { IAMClient, CreateAccessKeyCommand } = await import('@aws-sdk/client-iam')
    const keyOf = async (account: string, user: string) => {
      const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: await assumedKeys(account) })
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!
      secrets.push(k.SecretAccessKey!)
      return `aws_access_key_id = ${k.AccessKeyId}\naws_secret_access_key = ${k.SecretAccessKey}\n`
    }
    home = mkdtempSync(join(tmpdir(), 'bulkhead-agent-home-'))
    mkdirSync(join(home, '.aws'))
    writeFileSync(join(home, '.aws', 'credentials'), `[deployer]\n${await keyOf(estate.prod, estate.names.deployer)}[stg-agent]\n${await keyOf(estate.staging, estate.names.agent)}`)
    writeFileSync(join(home, '.aws', 'config'), `[profile ci]\nrole_arn = arn:aws:iam::${estate.prod}:role/${estate.names.ciRole}\nsource_profile = stg-agent\n`)
  }, 60_000)

  const agentCheck = (...extra: string[]) => {
    const r = cli(['agent-check', '--aws', '--regions', 'us-east-1', '--home', home, '--format', 'json', '--fail-on', 'none', '--allow-partial', '--quiet', ...extra], { env })
    expect(r.code, r.stderr).toBe(0)
    for (const secret of secrets) expect(r.stdout + r.stderr).not.toContain(secret.slice(0, 8))
    return JSON.parse(r.stdout) as Report & { findings: AgentFinding[] }
  }

  it('with --org: maps each key to its user through sts:GetCallerIdentity and judges it on the collected estate', () => {
    const report = agentCheck('--org')
    const deployer = byArn(report, 'agent:profile/deployer')
    expect(deployer).toMatchObject({ principal: { arn: `arn:aws:iam::${estate.prod}:user/${estate.names.deployer}` }, evidence: { mapping: { status: 'mapped', mappedBy: 'sts:GetCallerIdentity' } } })
    expect(['critical', 'high']).toContain(deployer.severity)
    expect(deployer.evidence.destruction!.find((d) => d.database === `arn:aws:rds:us-east-1:${estate.prod}:db:${estate.names.ordersDb}`)?.kinds).toContain('can-delete-prod-database')
    // the staging agent reads only; its role profile cannot assume the prod CI role without sts:AssumeRole
    expect(byArn(report, 'agent:profile/stg-agent')).toMatchObject({ severity: 'info', principal: { arn: `arn:aws:iam::${estate.staging}:user/${estate.names.agent}` }, evidence: { mapping: { mappedBy: 'sts:GetCallerIdentity' } } })
    expect(byArn(report, 'agent:profile/ci')).toMatchObject({ severity: 'info', evidence: { mapping: { status: 'mapped', principal: `arn:aws:iam::${estate.prod}:role/${estate.names.ciRole}` } } })
    expect(byArn(report, 'agent:profile/ci').message).toMatch(/may not assume role ci-deploy-/)
    expect(report.summary.apiCalls).toBeGreaterThan(0)
  })

  it('without --org: AWS names the prod user, but the account was not collected, so the key is unmapped (never harmless)', () => {
    const report = agentCheck()
    expect(byArn(report, 'agent:profile/deployer')).toMatchObject({
      severity: 'medium',
      evidence: { mapping: { status: 'unmapped', arn: `arn:aws:iam::${estate.prod}:user/${estate.names.deployer}` } },
    })
    expect(byArn(report, 'agent:profile/deployer').message).toContain(`is in account ${estate.prod}, which is not in the snapshot`)
  })

  it('reach --profile --aws answers the same for one profile', () => {
    const r = cli(['reach', '--profile', 'deployer', '--aws', '--org', '--regions', 'us-east-1', '--home', home, '--format', 'json', '--allow-partial', '--quiet'], { env })
    expect(r.code, r.stderr).toBe(0)
    const { finding } = JSON.parse(r.stdout) as { finding: AgentFinding }
    expect(finding).toMatchObject({ principal: { arn: `arn:aws:iam::${estate.prod}:user/${estate.names.deployer}` }, evidence: { mapping: { mappedBy: 'sts:GetCallerIdentity' } } })
  })
})

/** The collector's own guarded clients, in a member account through the assumed role. */
async function collectorClientsFor(account: string): Promise<{ rt: Runtime; clients: Clients }> {
  const { assumedCredentials, baseCredentials } = await import('../../src/collect/aws.js')
  const rt = new Runtime({})
  const credentials = await assumedCredentials(rt, `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, await baseCredentials(undefined), 'us-east-1')
  return { rt, clients: new Clients(rt, { accountId: account, credentials }) }
}

async function assumedKeys(account: string) {
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts')
  const out = await new STSClient({ region: 'us-east-1', endpoint: moto.endpoint }).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'check' }))
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken }
}
