// Which principal a discovered credential is (spec §10): an access key id → the IAM user whose
// access-key file lists it (or what sts:GetCallerIdentity answered with --aws); role_arn → the
// role; SSO role name + account → its AWSReservedSSO_<name>_<hash> role. Pure, and free of the
// IAM engine: whether the chain's source may really assume the role is the check's question.
// A credential that cannot be mapped says why; it is never taken for harmless.
import type { AgentCredential, AgentDiscovery } from '../inventory/agent-types.js'
import type { Inventory, Principal } from '../inventory/types.js'
import { ownerOfAccessKey } from '../workspace/findings.js'
import { assumedRoleOf } from './caches.js'

export type Mapping =
  | { status: 'mapped'; principal: Principal; mappedBy: string; source?: SourceLink }
  /** known to AWS or to the files, but not to the snapshot, or not mappable at all */
  | { status: 'unmapped'; reason: string; knownArn?: string }
  /** cannot sign anything as it stands: inactive, expired, partial, refused by the CLI or by AWS */
  | { status: 'unusable'; reason: string; principal?: Principal }

/** The credentials a role profile assumes the role with. */
export interface SourceLink {
  /** for people: `profile staging`, `environment keys`, `the EC2 instance role` */
  label: string
  credential?: AgentCredential
  mapping: Mapping
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/
const SSO_PATH = '/aws-reserved/sso.amazonaws.com/'

/** Is the account's IAM data in the inventory (read, not failed)? */
function iamOf(inventory: Inventory, accountId: string): 'collected' | 'failed' | 'absent' {
  if (!inventory.accounts.some((a) => a.id === accountId && a.inSnapshot)) return 'absent'
  return inventory.gaps.some((g) => g.part === 'iam' && (g.accountId === undefined || g.accountId === accountId)) ? 'failed' : 'collected'
}

const noIam = (inventory: Inventory) => inventory.accounts.length === 0

/** A role by ARN; a role_arn without the role's path still names it (names are unique per account). */
export function roleByArn(inventory: Inventory, arn: string): Principal | undefined {
  const exact = inventory.principals.find((p) => p.kind === 'role' && p.arn === arn)
  if (exact) return exact
  const m = ROLE_ARN.exec(arn)
  return m ? roleByName(inventory, m[1], m[2]) : undefined
}

const roleByName = (inventory: Inventory, accountId: string, name: string) =>
  inventory.principals.find((p) => p.kind === 'role' && p.accountId === accountId && p.name === name)

/** The principal an ARN from sts:GetCallerIdentity names (a user, an assumed-role session, root). */
export function principalByArn(inventory: Inventory, arn: string): Principal | undefined {
  const session = assumedRoleOf(arn)
  if (session) return roleByName(inventory, session.accountId, session.roleName)
  return inventory.principals.find((p) => p.arn === arn) ?? roleByArn(inventory, arn)
}

/** IAM Identity Center's role for a permission set: AWSReservedSSO_<name>_<16 hex>, path /aws-reserved/sso.amazonaws.com/. */
export function ssoRoleOf(inventory: Inventory, accountId: string, roleName: string): Principal | undefined {
  const prefix = `AWSReservedSSO_${roleName}_`
  return inventory.principals.find(
    (p) => p.kind === 'role' && p.accountId === accountId && p.path.startsWith(SSO_PATH) && p.name.startsWith(prefix) && /^[0-9a-f]{16}$/.test(p.name.slice(prefix.length)),
  )
}

function outside(inventory: Inventory, accountId: string, what: string): Mapping {
  if (noIam(inventory)) return { status: 'unmapped', reason: `no IAM data to map ${what} to (give --snapshot DIR or --aws)` }
  const state = iamOf(inventory, accountId)
  if (state === 'absent') return { status: 'unmapped', reason: `${what} is in account ${accountId}, which is not in the snapshot` }
  if (state === 'failed') return { status: 'unmapped', reason: `${what} is in account ${accountId}, whose IAM data was not collected` }
  return { status: 'unmapped', reason: `${what} is not in account ${accountId}'s IAM data` }
}

function mapLive(live: NonNullable<AgentCredential['live']>, inventory: Inventory): Mapping {
  if ('rejected' in live) return { status: 'unusable', reason: `AWS refused it (${live.rejected}): it signs nothing` }
  const principal = principalByArn(inventory, live.arn)
  if (principal) return { status: 'mapped', principal, mappedBy: 'sts:GetCallerIdentity' }
  const m = outside(inventory, live.accountId, `the principal sts:GetCallerIdentity named (${live.arn})`)
  return { ...m, knownArn: live.arn } as Mapping
}

function mapAccessKey(c: AgentCredential, inventory: Inventory): Mapping {
  if (c.live) return mapLive(c.live, inventory)
  const id = c.accessKeyId ?? ''
  const owner = id ? ownerOfAccessKey(inventory, id) : undefined
  if (c.hasSecret === false) return { status: 'unusable', reason: 'an access key id without its secret signs nothing', ...(owner ? { principal: owner.principal } : {}) }
  if (owner) {
    return owner.key.active
      ? { status: 'mapped', principal: owner.principal, mappedBy: `iam-list-access-keys--${owner.principal.name}.json` }
      : { status: 'unusable', principal: owner.principal, reason: `the key is inactive in IAM (anyone allowed iam:UpdateAccessKey on ${owner.principal.name} can turn it back on)` }
  }
  if (noIam(inventory)) return { status: 'unmapped', reason: 'no IAM data to map the key id to (give --snapshot DIR or --aws)' }
  if (/^ASIA/.test(id) || c.sessionToken) return { status: 'unmapped', reason: 'a temporary key issued by STS: no IAM user holds it, and offline its role is unknown (--aws asks sts:GetCallerIdentity)' }
  return { status: 'unmapped', reason: "no IAM user in the snapshot's access-key files (iam-list-access-keys--<user>.json) holds this key id" }
}

export interface MapContext {
  discovery: AgentDiscovery
  inventory: Inventory
}

/** Map one credential; `seen` stops a source_profile loop the discovery already named. */
export function mapCredential(c: AgentCredential, ctx: MapContext, seen: ReadonlySet<string> = new Set()): Mapping {
  const { inventory } = ctx
  switch (c.kind) {
    case 'static-key':
      return mapAccessKey(c, inventory)
    case 'assume-role':
    case 'web-identity':
      return mapRole(c, ctx, seen)
    case 'sso':
      return mapSso(c, inventory)
    case 'cached-session':
      return mapCached(c, inventory)
    case 'principal': {
      const p = c.principalArn ? principalByArn(inventory, c.principalArn) : undefined
      return p ? { status: 'mapped', principal: p, mappedBy: 'the ARN given to --principal' } : { status: 'unmapped', reason: `${c.principalArn} is not a principal in the snapshot` }
    }
    case 'credential-process':
      return { status: 'unmapped', reason: `bulkhead never runs credential_process commands (${c.process?.program ?? 'a program'}), so whose keys it prints is unknown` }
    case 'container':
      return { status: 'unmapped', reason: 'the container credentials endpoint serves the task or pod role, which is known only to whoever calls it' }
    case 'sso-token':
      if (c.cached?.expired && !c.cached.refreshable) return { status: 'unusable', reason: `the SSO token expired at ${c.cached.expiresAt} and holds no refresh token` }
      return { status: 'unmapped', reason: `a cached SSO token${c.cached?.startUrl ? ` for ${c.cached.startUrl}` : ''} opens every account and role assigned to its user, and no profile here names it` }
    case 'token':
      return { status: 'unmapped', reason: 'not an AWS credential: what it can reach is outside the snapshot' }
  }
}

function mapRole(c: AgentCredential, ctx: MapContext, seen: ReadonlySet<string>): Mapping {
  const { inventory } = ctx
  const m = ROLE_ARN.exec(c.roleArn ?? '')
  const role = c.roleArn ? roleByArn(inventory, c.roleArn) : undefined
  if (!role) return m ? outside(inventory, m[1], `role ${c.roleArn}`) : { status: 'unmapped', reason: `role_arn ${c.roleArn ?? '(empty)'} is not a role ARN` }
  if (c.problems.some((p) => /refuses|not defined|does not exist|follows it no further/.test(p))) return { status: 'unusable', principal: role, reason: c.problems.join('; ') }
  if (c.kind === 'web-identity') return { status: 'mapped', principal: role, mappedBy: 'role_arn (AssumeRoleWithWebIdentity)' }
  return { status: 'mapped', principal: role, mappedBy: 'role_arn', source: sourceOf(c, ctx, new Set([...seen, c.id])) }
}

const indexes = new WeakMap<AgentDiscovery, Map<string, AgentCredential>>()
/** Credentials by id: a chain asks for its source once per hop, across thousands of profiles. */
function byId(discovery: AgentDiscovery, id: string): AgentCredential | undefined {
  let index = indexes.get(discovery)
  if (!index) indexes.set(discovery, (index = new Map(discovery.credentials.map((c) => [c.id, c]))))
  return index.get(id)
}

function sourceOf(c: AgentCredential, ctx: MapContext, seen: ReadonlySet<string>): SourceLink {
  const src = c.source
  if (src && 'profile' in src) {
    const id = src.profile === c.profile ? `profile:${src.profile}:keys` : `profile:${src.profile}`
    const credential = byId(ctx.discovery, id)
    const label = src.profile === c.profile ? `the static keys of profile ${src.profile}` : `profile ${src.profile}`
    if (!credential) return { label, mapping: { status: 'unusable', reason: `profile ${src.profile} yields no credentials` } }
    if (seen.has(credential.id)) return { label, credential, mapping: { status: 'unusable', reason: 'a source_profile loop' } }
    return { label, credential, mapping: mapCredential(credential, ctx, seen) }
  }
  if (src?.credentialSource === 'Environment') {
    const credential = byId(ctx.discovery, 'env:AWS_ACCESS_KEY_ID')
    if (!credential) return { label: 'environment keys', mapping: { status: 'unusable', reason: 'credential_source Environment, but no AWS_ACCESS_KEY_ID is set here' } }
    return { label: 'environment keys', credential, mapping: mapCredential(credential, ctx, seen) }
  }
  const label = src?.credentialSource === 'EcsContainer' ? 'the container role' : 'the EC2 instance role'
  return { label, mapping: { status: 'unmapped', reason: `${label} is not known offline` } }
}

function mapSso(c: AgentCredential, inventory: Inventory): Mapping {
  const { accountId, roleName } = c.sso ?? {}
  if (!accountId || !roleName) return { status: 'unusable', reason: c.problems.join('; ') || 'no sso_account_id and sso_role_name' }
  const role = ssoRoleOf(inventory, accountId, roleName)
  if (role) return { status: 'mapped', principal: role, mappedBy: 'sso_role_name + sso_account_id (AWSReservedSSO role)' }
  return outside(inventory, accountId, `the IAM Identity Center role AWSReservedSSO_${roleName}_* of permission set ${roleName}`)
}

function mapCached(c: AgentCredential, inventory: Inventory): Mapping {
  const { accountId, roleName, expired, expiresAt } = c.cached ?? { expired: false }
  const role = accountId && roleName ? roleByName(inventory, accountId, roleName) : undefined
  if (expired) return { status: 'unusable', reason: `the cached session expired at ${expiresAt}`, ...(role ? { principal: role } : {}) }
  if (c.live) return mapLive(c.live, inventory)
  if (role) return { status: 'mapped', principal: role, mappedBy: c.cached?.via ?? 'the CLI cache' }
  if (accountId && roleName) return outside(inventory, accountId, `role ${roleName}`)
  return { status: 'unmapped', reason: 'the cache file names no role' }
}
