// How an IAM engine path reads in a message and in evidence, and which principals the IAM-based
// checks judge. Wording is the checks' business: the engine returns steps, not sentences.
import type { AnyRecoveryPointKind, DataStore, InventoryPart, Principal } from '../inventory/types.js'
import { storeLabel } from '../inventory/stores.js'
import type { Destruction, StoreReach, Step } from '../iam/engine.js'
import { append } from '../group.js'

/**
 * Principals a privilege check judges: service-linked roles are AWS's own and never findings;
 * break-glass principals are expected to hold destructive power and are skipped, saying so.
 */
export function judgedPrincipals(principals: Principal[], skip: (reason: string, exempt?: string) => void, skipBreakGlass = true): Principal[] {
  return principals.filter((p) => {
    if (p.serviceLinked || p.kind === 'root') return false
    if (skipBreakGlass && p.breakGlass) {
      skip(`${p.arn} is a break-glass principal: expected to hold destructive power`, p.arn)
      return false
    }
    return true
  })
}

/** Steps without repeats (several recovery points are often reached through the same hop). */
export function uniqueSteps(steps: Step[]): Step[] {
  const seen = new Set<string>()
  return steps.filter((s) => {
    const key = `${s.from}\u0000${s.action}\u0000${s.to ?? ''}\u0000${s.resource ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** `arn:aws:iam::111111111111:role/ops/deploy-prod` → `role deploy-prod`; anything else as it is. */
function principalName(arn: string): string {
  const m = /^arn:aws[\w-]*:iam::\d*:(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(arn)
  return m ? `${m[1]} ${m[2]}` : arn
}

/** Is `from` (a node label: the ARN, or the ARN with what was done to it) the principal `arn`? */
const isNode = (from: string, arn: string): boolean => from === arn || from.startsWith(`${arn} (`)

function hopText(s: Step): string {
  if (isNode(s.from, s.to!)) return `granting itself more permissions (${s.action})`
  if (s.to!.startsWith('administrator of account ')) return s.to!.replace('administrator of', 'administrator access to')
  return `${principalName(s.to!)} (${s.action})`
}

/**
 * How a principal gets there, for a message: "directly", "through role deploy-prod
 * (sts:AssumeRole)", "through role a (sts:AssumeRole), then role b (sts:AssumeRole)". Each hop is
 * told once however many final actions share it; hops that do not continue one another (the
 * database through one role, its snapshots through another) are joined with "and".
 */
export function describePath(steps: Step[]): string {
  if (steps.some((s) => s.omitted)) return 'by a path whose steps were not computed (the scan\'s path budget was reached)'
  const hops = uniqueSteps(steps.filter((s) => s.to !== undefined))
  if (!hops.length) return 'directly'
  const chains: Step[][] = []
  for (const hop of hops) {
    const chain = chains.find((c) => isNode(hop.from, c[c.length - 1].to!))
    if (chain) chain.push(hop)
    else chains.push([hop])
  }
  const text = chains.map((c) => c.map(hopText).join(', then ')).join(' and ')
  return `${isNode(hops[0].from, hops[0].to!) ? 'by' : 'through'} ${text}`
}

/** Evidence form of a path: plain objects with from, action, to/resource, each step once, in order. */
export function pathEvidence(steps: Step[]): Record<string, unknown>[] {
  return uniqueSteps(steps).map((s) => ({
    from: s.from,
    action: s.action,
    ...(s.to ? { to: s.to } : {}),
    ...(s.resource ? { resource: s.resource } : {}),
    ...(s.method ? { method: s.method } : {}),
    ...(s.omitted ? { omitted: true } : {}),
    verdict: s.verdict,
    // one statement may grant several actions of a step (PassRole + CreateFunction + Invoke)
    via: [...new Set(s.via)],
  }))
}

/** What the destruction checks know of a recovery point they can reach (src/iam/destruction.ts). */
export interface ReachedRecoveryPoint {
  arn: string
  kind: AnyRecoveryPointKind
  vaultArn?: string
  path?: { steps: Step[] }
}

/**
 * The evidence path to deleting a database and/or its recovery points: each hop once, in order,
 * and the deletions of several recovery points by one principal with one action folded into one
 * step whose `resources` lists them (a vault of 200 points is one step, not 200); the full list
 * of recovery points belongs in its own evidence field.
 */
export function destructionPathEvidence(databaseName: string, databaseSteps: Step[], recoveryPoints: ReachedRecoveryPoint[]): Record<string, unknown>[] {
  const steps = uniqueSteps([...databaseSteps, ...recoveryPoints.flatMap((rp) => rp.path?.steps ?? [])])
  const rpArns = new Set(recoveryPoints.map((rp) => rp.arn))
  const groupOf = (s: Step) => (s.resource && !s.to && rpArns.has(s.resource) ? `${s.from}\u0000${s.action}` : undefined)
  const groups = new Map<string, Step[]>()
  for (const s of steps) {
    const g = groupOf(s)
    if (g) append(groups, g, s)
  }
  const out: Record<string, unknown>[] = []
  for (const s of steps) {
    const g = groupOf(s)
    const members = g ? groups.get(g)! : [s]
    if (members.length === 1) { out.push(...pathEvidence([s])); continue }
    if (members[0] !== s) continue // folded into the group's first step
    out.push({
      from: s.from,
      action: s.action,
      resource: `${members.length} recovery points of ${databaseName}`,
      resources: members.map((m) => m.resource!),
      verdict: members.some((m) => m.verdict === 'conditional') ? 'conditional' : 'allowed',
      via: [...new Set(members.flatMap((m) => m.via))],
    })
  }
  return out
}

const KIND_LABEL: Record<AnyRecoveryPointKind, string> = {
  'rds-automated': 'automated backup',
  'rds-automated-retained': 'retained automated backup',
  'rds-manual-snapshot': 'manual snapshot',
  'rds-awsbackup-snapshot': 'AWS Backup snapshot',
  'backup-recovery-point': 'AWS Backup recovery point',
  's3-replica': 'replica bucket',
  'dynamodb-backup': 'on-demand backup',
  'dynamodb-pitr': 'point-in-time recovery backup',
}

const vaultName = (arn: string): string => arn.slice(arn.lastIndexOf(':') + 1)

/** "4 AWS Backup snapshots in vault prod-vault, 1 manual snapshot" */
export function describeRecoveryPoints(recoveryPoints: Pick<ReachedRecoveryPoint, 'kind' | 'vaultArn'>[]): string {
  const kinds = [...new Set(recoveryPoints.map((rp) => rp.kind))]
  return kinds
    .map((kind) => {
      const of = recoveryPoints.filter((rp) => rp.kind === kind)
      const vaults = [...new Set(of.flatMap((rp) => (rp.vaultArn ? [vaultName(rp.vaultArn)] : [])))]
      const where = vaults.length ? ` in vault${vaults.length > 1 ? 's' : ''} ${vaults.join(', ')}` : ''
      return `${of.length} ${KIND_LABEL[kind]}${of.length > 1 ? 's' : ''}${where}`
    })
    .join(', ')
}

/** The check that reports each kind of destruction the engine finds. */
export const DESTRUCTION_CHECK: Record<Destruction, string> = {
  'delete-data': 'can-delete-prod-database',
  'delete-recovery': 'can-delete-prod-backups',
  'delete-everything': 'unrecoverable-deletion',
}

/** "prod database orders-prod", "prod cluster ledger", "prod bucket invoices", "prod table sessions" */
export const prodStore = (store: DataStore): string => `prod ${storeLabel(store)}`

/**
 * What destroying the store's data means for this reach, as a verb phrase: "delete prod database
 * orders (after turning its deletion protection off)", "delete every object version of prod bucket
 * invoices", "destroy the data of prod database orders over SQL as its master user, reading its
 * master user secret".
 */
export function destroyText(r: StoreReach): string {
  const d = r.destroy!
  const what = prodStore(r.store)
  const rewrite = d.policyRewrite ? ' after rewriting the bucket policy that denies it' : ''
  switch (d.way) {
    case 'delete':
      return `delete ${what}${d.protectionOff ? ' (after turning its deletion protection off)' : ''}`
    case 'master-secret':
      return `destroy the data of ${what} over SQL as its master user, reading its master user secret`
    case 'reset-password':
      return `destroy the data of ${what} over SQL as its master user, after resetting its master password`
    case 'iam-connect':
      return `destroy the data of ${what} over SQL as its master user, logging in with an IAM token (rds-db:connect)`
    case 'delete-objects':
      return `delete every object of ${what} (versioning is off)${rewrite}`
    case 'delete-versions':
      return `delete every object version of ${what}${rewrite}`
    case 'lifecycle-expiration':
      return `have S3 expire every object and version of ${what} with a lifecycle rule${rewrite}`
  }
}

/** What the engine reads to say who can destroy a store's data (databases, buckets, tables). */
export const DESTRUCTION_NEEDS: InventoryPart[] = ['iam', 'rds', 's3Buckets', 's3Versioning', 's3ObjectLock', 's3Policies', 'dynamodbTables']
/** ... and every recovery point that would survive it. */
export const RECOVERY_NEEDS: InventoryPart[] = [
  ...DESTRUCTION_NEEDS, 'rdsSnapshots', 'rdsAutomatedBackups', 'recoveryPoints', 'backupVaults', 'backupVaultPolicies', 's3Replication', 'dynamodbPitr', 'dynamodbBackups',
]

/** Why a reach is conditional, for a message: the way's own reason, else an unproven condition. */
export const conditionalWhy = (r: StoreReach): string =>
  r.destroy?.unproven ?? 'a step depends on a condition the inventory cannot prove'

/** "prod databases billing-prod and orders-prod, prod bucket invoices and prod table sessions" */
export function storesList(stores: DataStore[]): string {
  const groups = new Map<string, string[]>()
  for (const s of stores) {
    const noun = storeLabel(s).split(' ')[0]
    append(groups, noun, s.name)
  }
  const phrases = [...groups].map(([noun, names]) =>
    names.length === 1 ? `prod ${noun} ${names[0]}` : `prod ${noun}s ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`)
  return phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`
}
