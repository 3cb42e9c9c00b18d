// Breaks the chain at "an agent looked around its environment and found a token": every
// credential a process started here would inherit (spec §10), mapped to its principal and told
// with what that principal can destroy, through the same analysis as the privilege checks.
// Critical when it reaches unrecoverable-deletion, high when it can delete prod data or recovery
// points, info when it is mapped and can destroy neither or cannot sign at all; medium when it
// cannot be mapped: unknown is not harmless.
import { defineCheck, type CheckContext, type Finding, type FindingInput, type Severity } from '../../src/checks/define.js'
import type { AgentCredential, AgentDiscovery } from '../../src/inventory/agent-types.js'
import type { EnvironmentDecision, Inventory, Principal } from '../../src/inventory/types.js'
import { containmentOf } from '../../src/agent/containment.js'
import { credentialEvidence, describeCredential, ssoTokenText } from '../../src/agent/describe.js'
import {
  canAssume, describePath, destructionPathEvidence, pathEvidence, reachOf, storesList, uniqueSteps,
  type AgentReach as DatabaseReach, type Assumption, type DestructionKind, type IamEngine, type Step,
} from '../../src/agent/engine-calls.js'
import { mapCredential, principalByArn, type Mapping } from '../../src/agent/map.js'
import { fileResource, locationOf } from '../../src/workspace/findings.js'

const DESTRUCTIVE: DestructionKind[] = ['unrecoverable-deletion', 'can-delete-prod-database', 'can-delete-prod-backups']
const UNKNOWN: EnvironmentDecision = { environment: 'unknown', rule: 'default', detail: 'a credential on this machine, mapped to no principal' }

export default defineCheck({
  id: 'agent-credential-reach',
  title: 'Credential an agent started here would inherit, and what it can destroy',
  riskClass: 'privilege',
  severity: 'high',
  description:
    'A process started from this shell inherits AWS_* variables, every profile of ~/.aws/credentials and ~/.aws/config ' +
    '(role chains, SSO, credential_process), cached SSO and CLI sessions, and the tokens in the workspace. Each is mapped to ' +
    'its principal and judged with the same paths as unrecoverable-deletion: critical when it can delete a prod data store ' +
    'and every recovery point that would survive it, high when it can delete either, info when it can destroy neither; a ' +
    'credential that cannot be mapped is medium, because unknown is not harmless.',
  remediation:
    'Before starting an agent, unset the variables and hide the files the finding lists (or start it in a sandbox without ' +
    'them), give it a credential of its own scoped to its task, and cap the principals that can destroy prod with the ' +
    'permissions boundary in evidence.containment (it keeps everything else they do); deny destructive calls made through ' +
    'MCP servers with the SCP statement there (aws:ViaAWSMCPService).',
  references: [
    'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html',
    'https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
    'https://docs.aws.amazon.com/agent-toolkit/latest/userguide/security_iam_id-based-policy-examples.html',
  ],
  compliance: { 'nist-800-53': ['AC-6', 'AC-6(10)', 'IA-5(7)'], soc2: ['CC6.1', 'CC6.3'], 'iso-27001': ['A.5.17', 'A.8.2'] },
  needs: ['agentCredentials', 'iam'],
  run(ctx) {
    const discovery = ctx.inventory.agentCredentials
    if (!discovery) {
      ctx.skip('no credentials discovered: this check runs under bulkhead agent-check and bulkhead reach')
      return []
    }
    return discovery.credentials.map((c) => credentialFinding(c, discovery, ctx))
  },
})

type Ctx = Pick<CheckContext<Record<string, never>>, 'inventory' | 'iam' | 'finding'>

/** One link of a role chain: `from` calls sts:AssumeRole on `to` with its own credentials. */
interface Link {
  label: string
  from: Principal
  to: Principal
  decision: Assumption
}

interface Chain {
  links: Link[]
  /** why the chain's start is not proven: its source is unmapped, unusable, or a link is denied */
  broken?: { kind: 'denied' | 'unmapped' | 'unusable'; text: string }
}

/** From the final role back to the credentials that start it, asking the engine at each hop. */
function chainOf(m: Extract<Mapping, { status: 'mapped' }>, iam: IamEngine): Chain {
  const links: Link[] = []
  let current = m
  // discovery follows at most 50 source_profile hops (src/agent/profiles.ts)
  for (let depth = 0; current.source && depth < 64; depth++) {
    const src = current.source
    if (src.mapping.status === 'unmapped') return { links, broken: { kind: 'unmapped', text: `its source, ${src.label}, is unmapped (${src.mapping.reason})` } }
    if (src.mapping.status === 'unusable') return { links, broken: { kind: 'unusable', text: `its source, ${src.label}, yields nothing (${src.mapping.reason})` } }
    const decision = canAssume(iam, src.mapping.principal, current.principal)
    links.unshift({ label: src.label, from: src.mapping.principal, to: current.principal, decision })
    if (decision.verdict === 'denied') {
      return { links, broken: { kind: 'denied', text: `its source, ${src.label}, ${principalText(src.mapping.principal)}, may not assume ${principalText(current.principal)}: ${blockedText(decision.blockedBy)}` } }
    }
    current = src.mapping
  }
  return { links }
}

/** Kinds whose description already names the role they give. */
const ROLE_KINDS = new Set<AgentCredential['kind']>(['assume-role', 'web-identity', 'sso', 'cached-session'])

/** The credential and whose it is. */
function whoOf(c: AgentCredential, what: string, p: Principal): string {
  if (c.kind === 'principal') return principalText(p)
  if (c.kind === 'sso') return `${what} (role ${p.name})`
  return ROLE_KINDS.has(c.kind) ? what : `${what} of ${principalText(p)}`
}

/** ", which IAM user staging-deploy (profile staging) may assume" and longer chains hop by hop. */
function chainPhrase(chain: Chain, hops: Step[]): string {
  const [first] = chain.links
  const unproven = chain.links.some((l) => l.decision.verdict === 'conditional') ? ' only under a condition the inventory cannot prove' : ''
  if (chain.links.length === 1) return `, which its source, ${principalText(first.from)}, may assume${unproven}`
  if (chain.links.length > 1) return `, reached from ${first.label} (${principalText(first.from)}) ${describePath(hops)}${unproven}`
  return ''
}

const BLOCKED: Record<string, string> = {
  'resource-policy': "the role's trust policy does not admit it",
  implicit: 'none of its policies allows sts:AssumeRole on the role',
  'explicit-deny': 'an explicit Deny stops it',
  boundary: 'its permissions boundary stops it',
  scp: 'a service control policy stops it',
}
const blockedText = (by: string[]) => (by.length ? by.map((b) => BLOCKED[b] ?? b).join(', and ') : 'its policies do not allow it')

const principalText = (p: Principal) => `${p.kind === 'user' ? 'IAM user' : p.kind === 'role' ? 'role' : 'root of'} ${p.kind === 'root' ? p.accountId : p.name}${p.kind === 'root' ? '' : ` (${p.accountId})`}`

function linkSteps(links: Link[]): Step[] {
  return links.map((l) => ({ from: l.from.arn, action: 'sts:AssumeRole', to: l.to.arn, verdict: l.decision.verdict === 'conditional' ? 'conditional' : 'allowed', via: l.decision.via }))
}

/** Parts the unrecoverable claim rests on; a failed one leaves a recovery point possibly unseen. */
const RECOVERY_PARTS = ['rds', 'rdsSnapshots', 'rdsAutomatedBackups', 'recoveryPoints', 'backupVaults', 'backupVaultPolicies']

/**
 * What failed to collect in the database's account. Unlike the checks about places in AWS, this
 * check is about a credential here: the finding stays, and the unproven claim is lowered, not withheld.
 */
function uncollected(inventory: Inventory, accountId: string): string[] {
  return [...new Set(inventory.gaps.filter((g) => g.failed && RECOVERY_PARTS.includes(g.part) && (g.accountId === undefined || g.accountId === accountId)).map((g) => g.what))].sort()
}

const claimRank = (r: DatabaseReach): number => DESTRUCTIVE.findIndex((k) => r.kinds.includes(k))

/** The strongest claim over the databases it holds for, as a phrase, and its path. */
function strongest(reach: DatabaseReach[]): { text: string; top: DestructionKind; steps: Step[]; first: DatabaseReach } {
  const top = Math.min(...reach.map(claimRank))
  const dbs = reach.filter((r) => claimRank(r) === top).sort((a, b) => a.store.name.localeCompare(b.store.name))
  const names = dbs.map((r) => r.store.name)
  // the path shown is the one through the most recovery points: the backups' deletion is the claim
  const deletable = (r: DatabaseReach) => r.recoveryPoints.filter((rp) => rp.path).length
  const list = storesList(dbs.map((r) => r.store))
  const first = [...dbs].sort((a, b) => deletable(b) - deletable(a))[0]
  const steps = [...(first.destroy?.steps ?? []), ...first.recoveryPoints.flatMap((rp) => rp.path?.steps ?? [])]
  const how = describePath(uniqueSteps(steps))
  const kind = DESTRUCTIVE[top]
  const text =
    kind === 'unrecoverable-deletion' ? `can delete ${list} ${how} and every recovery point that would survive ${names.length === 1 ? 'it' : 'them'} (unrecoverable-deletion)`
      : kind === 'can-delete-prod-database' ? `can delete ${list} ${how} (can-delete-prod-database)`
        : `can delete recovery points of ${list} ${how} (can-delete-prod-backups)`
  return { text, top: kind, steps, first }
}

function reachEvidence(r: DatabaseReach): Record<string, unknown> {
  return {
    database: r.store.arn,
    kinds: r.kinds.filter((k) => DESTRUCTIVE.includes(k)),
    verdict: r.verdict,
    path: destructionPathEvidence(r.store.name, r.destroy?.steps ?? [], r.recoveryPoints),
    ...(r.unresolvedPolicies.length ? { unresolvedPolicies: r.unresolvedPolicies } : {}),
  }
}

function resourceOf(c: AgentCredential, principal: Principal | undefined): Pick<FindingInput, 'resource' | 'location' | 'key'> {
  if (c.token && c.token.file !== 'environment' && c.origins[0]?.kind === 'workspace') {
    return { resource: fileResource(c.token, principal?.accountId ?? ''), location: locationOf(c.token), key: c.id }
  }
  const origin = c.origins.find((o) => o.file) ?? c.origins[0]
  const name = c.id.replace(/^env:([^:]+).*$/, 'env/$1').replace(/^(profile|cli-cache|sso-cache|given):/, '$1/').replace(/:keys$/, '/keys')
  const file = origin?.file ?? 'environment'
  return {
    resource: { arn: `agent:${name}`, type: 'Bulkhead::Agent::Credential', accountId: principal?.accountId ?? '', region: 'global', environment: principal?.environment ?? c.token?.environment ?? UNKNOWN, source: file },
    location: { file, ...(origin?.line ? { line: origin.line } : {}) },
    key: c.id,
  }
}

function credentialFinding(c: AgentCredential, discovery: AgentDiscovery, ctx: Ctx): Finding {
  const { inventory } = ctx
  const mapping = mapCredential(c, { discovery, inventory })
  const what = describeCredential(c)
  const evidence = { credential: credentialEvidence(c) }
  const principal = mapping.status === 'unmapped' ? undefined : mapping.principal
  const base = { ...resourceOf(c, principal), ...(principal ? { principal } : {}) }
  const exposure = () => containmentOf(c, discovery, [], (arn) => principalByArn(inventory, arn))
  if (mapping.status === 'unmapped') {
    return ctx.finding({
      ...base, severity: 'medium',
      message: `${what}, which bulkhead cannot map to a principal: ${mapping.reason}; medium because what it can destroy is unknown, which is not harmless`,
      evidence: { ...evidence, mapping: { status: 'unmapped', reason: mapping.reason, ...(mapping.knownArn ? { arn: mapping.knownArn } : {}) }, containment: exposure() },
    })
  }
  if (mapping.status === 'unusable') {
    return ctx.finding({
      ...base, severity: 'info',
      message: `${principal && (c.kind === 'static-key' || c.kind === 'principal') ? `${what} of ${principalText(principal)}` : what}, which cannot sign requests as it stands: ${mapping.reason}`,
      evidence: { ...evidence, mapping: { status: 'unusable', reason: mapping.reason, ...(principal ? { principal: principal.arn } : {}) } },
    })
  }
  return mappedFinding(c, discovery, mapping, what, evidence, base, ctx)
}

function mappedFinding(
  c: AgentCredential, discovery: AgentDiscovery, mapping: Extract<Mapping, { status: 'mapped' }>, what: string,
  evidence: Record<string, unknown>, base: Pick<FindingInput, 'resource' | 'location' | 'key' | 'principal'>, ctx: Ctx,
): Finding {
  const { inventory, iam } = ctx
  const p = mapping.principal
  const chain = chainOf(mapping, iam)
  const mapEvidence = {
    status: 'mapped', principal: p.arn, mappedBy: mapping.mappedBy, environment: p.environment.environment,
    ...(p.breakGlass ? { breakGlass: true } : {}),
    ...(chain.links.length || chain.broken ? { assumption: chain.links.map((l) => ({ source: l.label, from: l.from.arn, to: l.to.arn, verdict: l.decision.verdict, via: l.decision.via, ...(l.decision.unproven.length ? { unprovenConditions: l.decision.unproven } : {}) })) } : {}),
    ...(chain.broken ? { chainBroken: chain.broken.text } : {}),
  }
  const who = whoOf(c, what, p)
  const hops = linkSteps(chain.links)
  const lead = ROLE_KINDS.has(c.kind) ? '; that role' : ', which'
  const tail = c.kind === 'sso' ? `; ${ssoTokenText(c)}` : ''
  const chainText = chainPhrase(chain, hops)
  if (chain.broken && chain.broken.kind !== 'unmapped') {
    return ctx.finding({
      ...base, severity: 'info',
      message: `${who}, which this profile cannot reach: ${chain.broken.text}${tail}`,
      evidence: { ...evidence, mapping: mapEvidence, destruction: [] },
    })
  }
  const reach = reachOf(iam, inventory, p).filter((r) => r.kinds.some((k) => DESTRUCTIVE.includes(k)))
  if (reach.length === 0) {
    return ctx.finding({
      ...base, severity: 'info',
      message: `${who}${chainText}${lead} can destroy no prod data store and none of its recovery points${tail}`,
      evidence: { ...evidence, mapping: mapEvidence, destruction: [] },
    })
  }
  const proven = reach.filter((r) => r.verdict !== 'conditional')
  const claim = strongest(proven.length ? proven : reach)
  const missing = claim.top === 'unrecoverable-deletion' ? uncollected(inventory, claim.first.store.accountId) : []
  const hedges = [
    ...(proven.length ? [] : ['a step depends on a condition the inventory cannot prove']),
    ...(missing.length ? [`recovery data of account ${claim.first.store.accountId} was not all collected (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}), so a surviving recovery point may be unseen`] : []),
    ...(chain.links.some((l) => l.decision.verdict === 'conditional') ? ['assuming the role depends on a condition the inventory cannot prove'] : []),
    ...(chain.broken ? [`whether the chain starts is unknown: ${chain.broken.text}`] : []),
    // AssumeRoleWithWebIdentity hinges on the token's issuer and claims: not in the inventory
    ...(c.kind === 'web-identity' ? ["whether the role's trust policy admits this web identity token (its issuer and claims) is not evaluated offline"] : []),
  ]
  const severity: Severity = claim.top === 'unrecoverable-deletion' && hedges.length === 0 ? 'critical' : 'high'
  const path = [...pathEvidence(hops), ...destructionPathEvidence(claim.first.store.name, claim.first.destroy?.steps ?? [], claim.first.recoveryPoints)]
  const allSteps = [...hops, ...reach.flatMap((r) => [...(r.destroy?.steps ?? []), ...r.recoveryPoints.flatMap((rp) => rp.path?.steps ?? [])])]
  return ctx.finding({
    ...base, severity,
    message: `${who}${chainText}${lead} ${claim.text}${hedges.length ? `; ${severity === 'high' && claim.top === 'unrecoverable-deletion' ? 'high rather than critical because ' : ''}${hedges.join('; ')}` : ''}${tail}`,
    evidence: {
      ...evidence, mapping: mapEvidence, destruction: reach.map(reachEvidence), path,
      containment: containmentOf(c, discovery, allSteps, (arn) => principalByArn(inventory, arn)),
    },
  })
}

