// How an IAM engine path reads in a message and in evidence, and which principals the IAM-based
// checks judge. Wording is the checks' business: the engine returns steps, not sentences.
import type { Principal, RecoveryPointKind } from '../inventory/types.js'
import type { Destruction, Step } from '../iam/engine.js'

/**
 * Principals a privilege check judges: service-linked roles are AWS's own and never findings;
 * break-glass principals are expected to hold destructive power and are skipped, saying so.
 */
export function judgedPrincipals(principals: Principal[], skip: (reason: string) => void, skipBreakGlass = true): Principal[] {
  return principals.filter((p) => {
    if (p.serviceLinked || p.kind === 'root') return false
    if (skipBreakGlass && p.breakGlass) {
      skip(`${p.arn} is a break-glass principal: expected to hold destructive power`)
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
    verdict: s.verdict,
    // one statement may grant several actions of a step (PassRole + CreateFunction + Invoke)
    via: [...new Set(s.via)],
  }))
}

/** What the destruction checks know of a recovery point they can reach (src/iam/destruction.ts). */
export interface ReachedRecoveryPoint {
  arn: string
  kind: RecoveryPointKind
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
    if (g) groups.set(g, [...(groups.get(g) ?? []), s])
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

const KIND_LABEL: Record<RecoveryPointKind, string> = {
  'rds-automated': 'automated backup',
  'rds-automated-retained': 'retained automated backup',
  'rds-manual-snapshot': 'manual snapshot',
  'rds-awsbackup-snapshot': 'AWS Backup snapshot',
  'backup-recovery-point': 'AWS Backup recovery point',
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
