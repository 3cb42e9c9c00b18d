// The live read-only collector: the caller's account (or, with --org, every account of the
// organization) × the requested regions, written as snapshot format v1 files in memory. A live
// scan reads those files through the same reader as `scan --snapshot`, so both reports agree.
import { BulkheadError } from '../errors.js'
import type { InventoryPart } from '../snapshot/types.js'
import { MemorySource } from '../snapshot/source.js'
import { assumedCredentials, baseCredentials, Clients, defaultRegion, Runtime } from './aws.js'
import { collectBackup } from './backup.js'
import { collectDynamodb } from './dynamodb.js'
import { accountAlias, collectIam } from './iam.js'
import { collectKeys } from './keys.js'
import { collectOrganization, isActive } from './organizations.js'
import { errorMessage } from './output.js'
import { Progress, type ProgressStream } from './progress.js'
import { collectRds } from './rds.js'
import { collectS3 } from './s3.js'
import { ScanState } from './state.js'

export { writeSnapshotDir } from './write.js'

export interface LiveOptions {
  profile?: string
  regions?: string[] | 'all'
  org?: boolean
  /** role assumed in each member account with --org */
  assumeRole?: string
  /** AWS requests in flight at once (default 8) */
  concurrency?: number
  verbose?: boolean
  quiet?: boolean
  /** collect only what these inventory parts need (default: everything) */
  parts?: InventoryPart[]
  /** per attempt, in ms (default 30 000): a hung connection fails that call, not the scan */
  requestTimeoutMs?: number
  /** attempts per call, retries on throttling, timeouts and 5xx included (default 5) */
  maxAttempts?: number
  /** where progress and verbose lines go (default process.stderr) */
  stderr?: ProgressStream
}

export interface LiveResult {
  /** every snapshot file, with the snapshot.json manifest and its errors[] */
  source: MemorySource
  /** HTTP requests sent, retries and credential-report polls included */
  apiCalls: number
  /** one call per page per listed resource: what a perfect collector needs */
  minimumCalls: number
  /** both, per service (`s3`, `dynamodb`, ...) */
  byService: Record<string, { apiCalls: number; minimumCalls: number }>
  /** every `service:Operation` sent (a test compares them with `bulkhead policy`) */
  operations: string[]
}

export const DEFAULT_ASSUME_ROLE = 'OrganizationAccountAccessRole'

interface Target {
  id: string
  name?: string
  clients: Clients
  /** false for a member account whose role could not be assumed */
  reachable: boolean
}

interface ManifestAccount {
  id: string
  name?: string
  regions: string[]
}

export async function collectLive(opts: LiveOptions): Promise<LiveResult> {
  const stderr = opts.stderr ?? process.stderr
  const rt = new Runtime({
    profile: opts.profile,
    concurrency: opts.concurrency,
    requestTimeoutMs: opts.requestTimeoutMs,
    maxAttempts: opts.maxAttempts,
    log: opts.verbose ? (line) => void stderr.write(`${line}\n`) : undefined,
  })
  // Verbose lines and a redrawn progress line would garble each other: verbose wins.
  const progress = Progress.for(stderr, opts.quiet || opts.verbose, () => rt.requests)
  const s = new ScanState(progress, opts.parts)
  const collectedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  const home = Array.isArray(opts.regions) && opts.regions.length > 0 ? opts.regions[0] : await defaultRegion(opts.profile)

  const me = await callerIdentity(new Clients(rt, { accountId: 'caller' }), home)
  const base = new Clients(rt, { accountId: me.account })
  const targets = opts.org ? await organizationTargets(s, rt, base, me, home, opts) : [{ id: me.account, clients: base, reachable: true }]
  progress.addAccounts(targets.length)
  const accounts = await Promise.all(targets.map((t) => collectAccount(s, t, opts.regions, home)))
  progress.finish()

  // Sorted, so two collections of the same estate give the same manifest whatever finished first.
  const errorKey = (e: { file?: string; accountId?: string; operation: string }) => `${e.file ?? `${e.accountId ?? ''}/`} ${e.operation}`
  const errors = [...s.errors].sort((a, b) => errorKey(a).localeCompare(errorKey(b)))
  const manifest = { formatVersion: 1, collectedAt, accounts: accounts.sort((a, b) => a.id.localeCompare(b.id)), errors }
  s.put('snapshot.json', manifest)
  const services = [...new Set<string>([...rt.requestsByService.keys(), ...s.minimumByService.keys()])].sort()
  const byService = Object.fromEntries(services.map((sv) => [sv, { apiCalls: rt.requestsByService.get(sv) ?? 0, minimumCalls: s.minimumByService.get(sv) ?? 0 }]))
  return { source: new MemorySource('live scan', s.files), apiCalls: rt.requests, minimumCalls: s.minimumCalls, byService, operations: [...rt.actions].sort() }
}

async function callerIdentity(clients: Clients, region: string): Promise<{ account: string; partition: string }> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
  try {
    const out = await (await clients.sts(region)).send(new GetCallerIdentityCommand({}))
    return { account: out.Account ?? '', partition: out.Arn?.split(':')[1] ?? 'aws' }
  } catch (err) {
    throw new BulkheadError(`cannot call AWS with these credentials (sts:GetCallerIdentity: ${errorMessage(err)}); set --profile, AWS_PROFILE or the AWS_* credential variables`)
  }
}

async function organizationTargets(s: ScanState, rt: Runtime, base: Clients, me: { account: string; partition: string }, home: string, opts: LiveOptions): Promise<Target[]> {
  const listed = await collectOrganization(s, base, me.account)
  // Without the account list the organization cannot be walked: the caller's account is still scanned.
  if (!listed) return [{ id: me.account, clients: base, reachable: true }]
  const active = listed.filter(isActive)
  const masterCredentials = await baseCredentials(opts.profile)
  const role = opts.assumeRole ?? DEFAULT_ASSUME_ROLE
  return Promise.all(
    active.map(async (a): Promise<Target> => {
      if (a.Id === me.account) return { id: a.Id, name: a.Name, clients: base, reachable: true }
      const roleArn = `arn:${me.partition}:iam::${a.Id}:role/${role}`
      const clients = new Clients(rt, { accountId: a.Id, credentials: await assumedCredentials(rt, roleArn, masterCredentials, home) })
      try {
        // One cheap call proves the role can be assumed before dozens of calls fail one by one.
        const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
        await (await clients.sts(home)).send(new GetCallerIdentityCommand({}))
        return { id: a.Id, name: a.Name, clients, reachable: true }
      } catch (err) {
        // An account-wide error: the reader marks every file of this account as not collected.
        s.fail({ accountId: a.Id, operation: 'sts:AssumeRole', message: `${roleArn}: ${errorMessage(err)}` })
        return { id: a.Id, name: a.Name, clients, reachable: false }
      }
    }),
  )
}

async function regionsOf(s: ScanState, t: Target, regions: LiveOptions['regions'], home: string): Promise<string[]> {
  if (Array.isArray(regions) && regions.length > 0) return regions
  if (regions !== 'all') return [home]
  const { DescribeRegionsCommand } = await import('@aws-sdk/client-ec2')
  try {
    // Without AllRegions, EC2 answers only the regions enabled for this account.
    const out = await (await t.clients.ec2(home)).send(new DescribeRegionsCommand({}))
    return (out.Regions ?? []).map((r) => r.RegionName ?? '').filter(Boolean).sort()
  } catch (err) {
    s.fail({ accountId: t.id, operation: 'ec2:DescribeRegions', message: errorMessage(err) })
    return [home]
  }
}

async function collectAccount(s: ScanState, t: Target, requested: LiveOptions['regions'], home: string): Promise<ManifestAccount> {
  if (!t.reachable) {
    s.progress.accountDone()
    return { id: t.id, ...(t.name ? { name: t.name } : {}), regions: Array.isArray(requested) && requested.length > 0 ? requested : [home] }
  }
  const [regions, alias] = await Promise.all([regionsOf(s, t, requested, home), t.name ? Promise.resolve(t.name) : accountAlias(t.clients)])
  const regional = [collectRds, collectBackup, collectKeys, collectDynamodb]
  s.progress.addUnits(2 + regions.length * regional.length)
  const done = (p: Promise<void>) => p.then(() => s.progress.unitDone())
  await Promise.all([
    done(collectIam(s, t.clients, t.id)),
    // buckets once per account, whatever --regions says (spec §8)
    done(collectS3(s, t.clients, t.id, home)),
    ...regions.flatMap((region) => regional.map((collect) => done(collect(s, t.clients, t.id, region)))),
  ])
  s.progress.accountDone()
  return { id: t.id, ...(alias ? { name: alias } : {}), regions }
}
