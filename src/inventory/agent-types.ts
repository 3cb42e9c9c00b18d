// What `bulkhead agent-check` finds a process started here would inherit (spec §10): AWS_*
// variables, profiles of ~/.aws/credentials and ~/.aws/config, the SSO and CLI caches and the
// workspace's files. Discovery (src/agent/discover.ts) fills these; the check
// agent-credential-reach reads them. No secret is ever held here: a secret is its first 4
// characters and a 12-hex SHA-256 fingerprint, as for workspace tokens.
import type { WorkspaceToken } from './types.js'

export type AgentSourceKind = 'environment' | 'credentials-file' | 'config-file' | 'sso-cache' | 'cli-cache' | 'workspace' | 'command-line'

/** One place a credential is defined. */
export interface AgentOrigin {
  kind: AgentSourceKind
  /** the path as read (absolute, or as given) */
  file?: string
  /** the path for people: `~/.aws/credentials` */
  display: string
  line?: number
  /** environment variables it comes from */
  variables?: string[]
}

export type AgentCredentialKind =
  | 'static-key' // access key id + secret (+ session token)
  | 'assume-role' // role_arn with source_profile or credential_source
  | 'web-identity' // role_arn + web identity token file
  | 'sso' // sso_account_id + sso_role_name (sso_session or legacy sso_start_url)
  | 'credential-process' // an external command prints the keys
  | 'container' // the container credentials endpoint (ECS, EKS Pod Identity, CodeBuild)
  | 'cached-session' // temporary keys cached by the CLI (~/.aws/cli/cache)
  | 'sso-token' // a cached SSO access token no profile names (~/.aws/sso/cache)
  | 'token' // not an AWS credential: a GitHub, Railway, Stripe, database ... token
  | 'principal' // `bulkhead reach --principal ARN`: no credential, the principal itself

/** A secret as it may leave discovery: never more than this. */
export interface SecretRef {
  preview: string
  fingerprint: string
}

export interface AgentCredential {
  /** stable and secret-free: `env:AWS_ACCESS_KEY_ID`, `profile:staging`, `profile:staging:keys`, `cli-cache:<file>` */
  id: string
  kind: AgentCredentialKind
  origins: AgentOrigin[]
  profile?: string
  /** what a process started here signs with when it names no profile (the default chain's pick) */
  usedByDefault: boolean
  /** public (it is in CloudTrail); shown masked */
  accessKeyId?: string
  /** the secret access key (static keys) or the token (workspace tokens) */
  secret?: SecretRef
  /** a key id without its secret signs nothing */
  hasSecret?: boolean
  sessionToken?: boolean
  roleArn?: string
  /** assume-role: where the source credentials come from */
  source?: { profile: string } | { credentialSource: string }
  /** assume-role: profile names from this one to the root source (`['prod-deploy', 'staging']`) */
  chain?: string[]
  sso?: {
    accountId?: string
    roleName?: string
    session?: string
    startUrl?: string
    region?: string
    /** the cached SSO access token this profile would use */
    token?: { display: string; expiresAt?: string; expired: boolean; refreshable: boolean }
  }
  /** credential_process: the program only (arguments may hold secrets) */
  process?: { program: string }
  container?: { variable: string; authorizationToken: boolean }
  webIdentity?: { tokenFile: string; present: boolean }
  /** cached sessions and SSO tokens: presence, account, role and expiry only */
  cached?: { accountId?: string; roleName?: string; assumedRoleArn?: string; startUrl?: string; expiresAt?: string; expired: boolean; refreshable?: boolean; via?: string }
  /** workspace credentials: the workspace scanner's token (preview and fingerprint only) */
  token?: WorkspaceToken
  /** `reach --principal` */
  principalArn?: string
  /** why the AWS CLI would refuse or mis-read it: a source_profile cycle, a missing source */
  problems: string[]
  /** `--aws`: what sts:GetCallerIdentity answered when signed with it */
  live?: { arn: string; accountId: string } | { rejected: string }
}

export interface AgentDiscovery {
  /** the home directory read (the real one, or --home) */
  home: string
  /** when discovery ran: cached tokens expire against this, not against the snapshot's collectedAt */
  discoveredAt: string
  /** the profile a process started here uses: AWS_PROFILE, else default */
  activeProfile: string
  credentials: AgentCredential[]
  /** files looked at, for the report: read, absent or unreadable */
  files: { display: string; state: 'read' | 'absent' | 'unreadable' }[]
  /** things a person should know that are no credential (an unparsable line, a section the CLI ignores) */
  notes: string[]
}
