// The caches the AWS CLI leaves in the home directory, read for presence, account, role and
// expiry only (spec §10): ~/.aws/sso/cache/*.json (SSO access tokens, named by the SHA-1 of the
// sso-session name or of the legacy start URL) and ~/.aws/cli/cache/*.json (temporary keys of
// assumed roles and SSO role sessions, named by the SHA-1 of their request arguments).
import { createHash } from 'node:crypto'
import type { AgentCredential } from '../inventory/agent-types.js'
import type { StaticKeys } from './profiles.js'

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex')

/** botocore's cache file of an SSO token: sha1(session name), or sha1(start URL) for legacy profiles. */
export const ssoTokenFileName = (sessionOrStartUrl: string) => `${sha1(sessionOrStartUrl)}.json`

/**
 * botocore's SSOCredentialFetcher cache key: sha1 of the sorted, compact JSON of accountId,
 * roleName and the session name (sso_session profiles) or the start URL (legacy profiles).
 */
export function ssoRoleCacheFileName(roleName: string, accountId: string, sessionOrStart: { session: string } | { startUrl: string }): string {
  const args: Record<string, string> = { accountId, roleName, ...('session' in sessionOrStart ? { sessionName: sessionOrStart.session } : { startUrl: sessionOrStart.startUrl }) }
  const sorted = Object.fromEntries(Object.entries(args).sort(([a], [b]) => (a < b ? -1 : 1)))
  return `${sha1(JSON.stringify(sorted))}.json`
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Expired at `now`? An unparsable date counts as not expired: unknown is not safe. */
export function expiredAt(expiresAt: string | undefined, now: Date): boolean {
  if (!expiresAt) return false
  const t = Date.parse(expiresAt)
  return Number.isFinite(t) && t <= now.getTime()
}

export interface SsoToken {
  startUrl?: string
  region?: string
  expiresAt?: string
  refreshable: boolean
}

/** An SSO token cache file, or undefined for what is not one (client registrations). */
export function ssoTokenOf(json: unknown): SsoToken | undefined {
  if (!isObject(json) || !str(json.accessToken)) return undefined
  const startUrl = str(json.startUrl)
  const region = str(json.region)
  const expiresAt = str(json.expiresAt)
  return { ...(startUrl ? { startUrl } : {}), ...(region ? { region } : {}), ...(expiresAt ? { expiresAt } : {}), refreshable: str(json.refreshToken) !== undefined }
}

export interface CachedSession {
  credential: AgentCredential
  keys?: StaticKeys
}

/** `arn:aws:sts::111111111111:assumed-role/deploy-prod/botocore-session-1` → account and role name. */
export function assumedRoleOf(arn: string): { accountId: string; roleName: string } | undefined {
  const m = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn)
  return m ? { accountId: m[1], roleName: m[2] } : undefined
}

/**
 * A CLI cache file: `{ Credentials: { AccessKeyId, SecretAccessKey, SessionToken, Expiration },
 * AssumedRoleUser?: { Arn } }`. The role comes from AssumedRoleUser, else from the SSO profile
 * whose cache key is the file name (`ssoRoles`).
 */
export function cachedSessionOf(
  json: unknown,
  file: { name: string; path: string; display: string },
  now: Date,
  ssoRoles: Map<string, { accountId: string; roleName: string; profile: string }>,
): CachedSession | undefined {
  if (!isObject(json) || !isObject(json.Credentials)) return undefined
  const c = json.Credentials
  const accessKeyId = str(c.AccessKeyId)
  const secretAccessKey = str(c.SecretAccessKey)
  if (!accessKeyId || !secretAccessKey) return undefined
  const expiresAt = str(c.Expiration)
  const assumedArn = isObject(json.AssumedRoleUser) ? str(json.AssumedRoleUser.Arn) : undefined
  const fromArn = assumedArn ? assumedRoleOf(assumedArn) : undefined
  const sso = ssoRoles.get(file.name)
  const role = fromArn ?? (sso ? { accountId: sso.accountId, roleName: sso.roleName } : undefined)
  const expired = expiredAt(expiresAt, now)
  const sessionToken = str(c.SessionToken)
  const credential: AgentCredential = {
    id: `cli-cache:${file.name}`,
    kind: 'cached-session',
    origins: [{ kind: 'cli-cache', file: file.path, display: file.display }],
    usedByDefault: false,
    problems: [],
    cached: {
      ...(role ? { accountId: role.accountId, roleName: role.roleName } : {}),
      ...(assumedArn ? { assumedRoleArn: assumedArn } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      expired,
      via: fromArn ? 'AssumedRoleUser in the cache file' : sso ? `the cache key of SSO profile ${sso.profile}` : 'unknown: the file names no role',
    },
  }
  return { credential, ...(expired ? {} : { keys: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }) }
}
