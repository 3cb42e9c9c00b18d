// RawSnapshot → Inventory: the one place AWS shapes become bulkhead's nouns.
import { InputError } from '../errors.js'
import type { RawSnapshot } from '../snapshot/read.js'
import { classifyAccount, type EnvironmentConfig } from './environment.js'
import { classifyRecoveryPoint, normalizeDatabases, normalizeKms, normalizePlans, normalizeRecoveryPoints, normalizeSecrets, normalizeVaults, sourceIndex } from './normalize-data.js'
import { ADMINISTRATOR_ACCESS, ADMINISTRATOR_ACCESS_ARN, normalizeIam, tagsOf } from './normalize-iam.js'
import { bucketStore, normalizeBuckets, normalizeTables, replicaRecoveryPoints, tableRecoveryPoints, tableStore } from './normalize-stores.js'
import { parsePolicyDocument } from './policy.js'
import type { Account, Inventory, ScpChain, ServiceControlPolicy } from './types.js'

export interface NormalizeOptions {
  environments: EnvironmentConfig
  breakGlass: string[]
  kind: 'snapshot' | 'aws'
}

export function normalize(raw: RawSnapshot, opts: NormalizeOptions): Inventory {
  const display = (p: string) => raw.source.display(p)
  const org = raw.organization
  const accounts: Account[] = raw.accounts.map((a) => {
    const orgAccount = org.accounts.get(a.id)
    const tags = tagsOf(org.tags.get(a.id))
    const name = a.name ?? orgAccount?.Name ?? a.id
    return {
      id: a.id, name, tags, regions: a.regions.map((r) => r.region), inSnapshot: true,
      environment: classifyAccount(opts.environments, a.id, a.environment, tags, a.name ?? orgAccount?.Name),
    }
  })
  // Organization members outside the snapshot are known, not external.
  for (const [id, o] of org.accounts) {
    if (accounts.some((a) => a.id === id)) continue
    const tags = tagsOf(org.tags.get(id))
    accounts.push({ id, name: o.Name ?? id, tags, regions: [], inSnapshot: false, environment: classifyAccount(opts.environments, id, undefined, tags, o.Name) })
  }

  const inv: Inventory = {
    collectedAt: raw.collectedAt,
    source: { kind: opts.kind, path: raw.source.label, mode: raw.mode },
    accounts, principals: [], groups: [], managedPolicies: new Map(), databases: [], buckets: [], tables: [], recoveryPoints: [], storeRecoveryPoints: [], vaults: [],
    backupPlans: [], kmsAliases: [], secrets: [], scpChains: [], organizationAccountIds: [...org.accounts.keys()],
    gaps: raw.gaps, errors: raw.errors,
  }

  for (const a of raw.accounts) {
    const account = accounts.find((x) => x.id === a.id)!
    const iam = normalizeIam({ environments: opts.environments, breakGlass: opts.breakGlass, display }, a, account, raw.collectedAt)
    inv.principals.push(...iam.principals)
    inv.groups.push(...iam.groups)
    for (const p of iam.managedPolicies) inv.managedPolicies.set(p.arn, p)
    inv.buckets.push(...normalizeBuckets({ environments: opts.environments, account, display }, a))
    for (const r of a.regions) {
      const c = { environments: opts.environments, account, display }
      inv.databases.push(...normalizeDatabases(c, r))
      inv.tables.push(...normalizeTables(c, r))
      inv.vaults.push(...normalizeVaults(c, r))
      inv.backupPlans.push(...normalizePlans(c, r))
      inv.kmsAliases.push(...normalizeKms(c, r))
      inv.secrets.push(...normalizeSecrets(c, r))
    }
  }
  linkClusterMembers(inv)

  // Recovery points need every store first: copies in other accounts point back to them.
  const idx = sourceIndex(inv.databases, [...inv.buckets.map(bucketStore), ...inv.tables.map(tableStore)])
  const seen = new Set<string>()
  const pending = raw.accounts.flatMap((a) => {
    const account = accounts.find((x) => x.id === a.id)!
    return a.regions.flatMap((r) => normalizeRecoveryPoints({ environments: opts.environments, account, display }, r, idx))
  })
  // An awsbackup: RDS snapshot is listed both by RDS and by its vault; keep the vault's view.
  pending.sort((x, y) => Number(y.kind === 'backup-recovery-point') - Number(x.kind === 'backup-recovery-point'))
  for (const p of pending) {
    if (seen.has(p.arn)) continue
    seen.add(p.arn)
    inv.recoveryPoints.push(classifyRecoveryPoint(opts.environments, p, accounts.find((a) => a.id === p.accountId)))
  }
  // Buckets' and tables' own kinds; an AWS_BACKUP backup is also its vault's recovery point:
  // keep the vault's view, as for awsbackup: RDS snapshots.
  const storePoints = [
    ...replicaRecoveryPoints(inv.buckets),
    ...raw.accounts.flatMap((a) => {
      const account = accounts.find((x) => x.id === a.id)!
      return a.regions.flatMap((r) => tableRecoveryPoints({ environments: opts.environments, account, display }, r, inv.tables, idx.stores))
    }),
  ]
  const storeSeen = new Set<string>()
  for (const p of storePoints) {
    // a replica is named by its destination bucket, which several sources may share
    const key = `${p.arn}\u0000${p.sourceDbArn ?? ''}`
    if (seen.has(p.arn) || storeSeen.has(key)) continue
    storeSeen.add(key)
    inv.storeRecoveryPoints.push(classifyRecoveryPoint(opts.environments, p, accounts.find((a) => a.id === p.accountId)))
  }

  const referenced = new Set([...inv.principals.flatMap((p) => p.managedPolicyArns), ...inv.groups.flatMap((g) => g.managedPolicyArns)])
  if (referenced.has(ADMINISTRATOR_ACCESS_ARN) && !inv.managedPolicies.has(ADMINISTRATOR_ACCESS_ARN)) {
    inv.managedPolicies.set(ADMINISTRATOR_ACCESS_ARN, ADMINISTRATOR_ACCESS)
  }
  inv.scpChains = scpChains(raw, display)
  if (raw.mode === 'directory' && opts.kind === 'snapshot') checkCollectedAt(inv, display('snapshot.json'))
  return inv
}

/** Clock skew between the collecting machine and AWS that is not yet an inconsistency. */
const SKEW_MS = 24 * 3_600_000

/**
 * Every age (RPO, key rotation, last use) is measured from collectedAt. Data newer than it means
 * the manifest's time is wrong, and the ages come out negative: stale keys and stale backups would
 * look fresh and their checks stay quiet.
 */
function checkCollectedAt(inv: Inventory, manifest: string): void {
  const now = Date.parse(inv.collectedAt)
  const times: { at: string; what: string; source: string }[] = [
    ...[...inv.recoveryPoints, ...inv.storeRecoveryPoints].map((rp) => ({ at: rp.createdAt, what: `recovery point ${rp.arn} was created`, source: rp.source })),
    ...inv.principals.flatMap((p) => [
      ...(p.credentials?.accessKeys ?? []).flatMap((k) => [
        { at: k.createdAt, what: `an access key of ${p.arn} was created`, source: p.source },
        { at: k.lastUsedAt, what: `an access key of ${p.arn} was last used`, source: p.source },
      ]),
      { at: p.credentials?.passwordLastUsedAt, what: `the password of ${p.arn} was last used`, source: p.source },
    ]),
  ].filter((t): t is { at: string; what: string; source: string } => t.at !== undefined)
  const newest = times.reduce<(typeof times)[number] | undefined>((a, t) => (!a || Date.parse(t.at) > Date.parse(a.at) ? t : a), undefined)
  if (newest && Date.parse(newest.at) > now + SKEW_MS) {
    throw new InputError(manifest, '$.collectedAt', `a time no earlier than the data it describes (${newest.what} at ${newest.at} in ${newest.source})`)
  }
}

function linkClusterMembers(inv: Inventory): void {
  for (const cluster of inv.databases.filter((d) => d.kind === 'cluster')) {
    for (const member of inv.databases) {
      if (member.kind === 'instance' && cluster.memberArns.includes(member.arn) && !member.clusterArn) member.clusterArn = cluster.arn
    }
  }
}

/** SCPs inherited root → OUs → account, when the organization files name the parents. */
function scpChains(raw: RawSnapshot, display: (p: string) => string): ScpChain[] {
  const org = raw.organization
  if (org.policiesForTarget.size === 0) return []
  const policy = (id: string): ServiceControlPolicy | undefined => {
    const p = org.policies.get(id)
    if (!p) return undefined
    return { id, arn: p.Arn ?? id, name: p.Name ?? id, document: parsePolicyDocument(p.Content, display(p.file), '$.Policy.Content'), source: p.file }
  }
  const ids = new Set([...raw.accounts.map((a) => a.id), ...org.accounts.keys()])
  return [...ids].map((accountId) => {
    const targets: string[] = [accountId]
    let complete = true
    let current = accountId
    for (let depth = 0; depth < 10; depth++) {
      const parents = org.parents.get(current)
      if (!parents || parents.length === 0) {
        complete = org.roots.some((r) => r.Id === current)
        break
      }
      current = parents[0].Id
      targets.unshift(current)
      if (parents[0].Type === 'ROOT') break
    }
    const levels = targets.map((targetId) => {
      const listed = org.policiesForTarget.get(targetId)
      if (!listed) complete = false
      const policies = (listed ?? []).map((p) => policy(p.Id)).filter((p): p is ServiceControlPolicy => !!p)
      if (listed && policies.length !== listed.length) complete = false
      return { targetId, policies }
    })
    return { accountId, levels, complete }
  }).filter((c) => c.levels.some((l) => l.policies.length > 0))
}
