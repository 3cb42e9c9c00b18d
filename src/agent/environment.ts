// AWS_* variables a process started here inherits, read as the SDKs and the CLI read them:
// static keys (+ session token), AWS_ROLE_ARN with a web identity token file, the container
// credentials endpoint, and the variables that move the files and pick the profile. Other
// variables (GITHUB_TOKEN, DATABASE_URL, …) go through the workspace detectors, as one .env file.
import type { AgentCredential, AgentOrigin } from '../inventory/agent-types.js'
import { tokensOfFile } from '../workspace/index.js'
import { secretRef, type StaticKeys } from './profiles.js'

export type Env = Readonly<Record<string, string | undefined>>

const origin = (variables: string[]): AgentOrigin => ({ kind: 'environment', display: 'environment', variables })
const set = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim()
  return v ? v : undefined
}

/** Static keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN, legacy AWS_SECURITY_TOKEN). */
export function environmentKeys(env: Env): { credential: AgentCredential; keys?: StaticKeys } | undefined {
  const id = set(env, 'AWS_ACCESS_KEY_ID')
  const secret = set(env, 'AWS_SECRET_ACCESS_KEY')
  if (!id && !secret) return undefined
  const tokenVar = set(env, 'AWS_SESSION_TOKEN') ? 'AWS_SESSION_TOKEN' : set(env, 'AWS_SECURITY_TOKEN') ? 'AWS_SECURITY_TOKEN' : undefined
  const variables = [...(id ? ['AWS_ACCESS_KEY_ID'] : []), ...(secret ? ['AWS_SECRET_ACCESS_KEY'] : []), ...(tokenVar ? [tokenVar] : [])]
  const credential: AgentCredential = {
    id: 'env:AWS_ACCESS_KEY_ID',
    kind: 'static-key',
    origins: [origin(variables)],
    usedByDefault: false,
    ...(id ? { accessKeyId: id } : {}),
    hasSecret: id !== undefined && secret !== undefined,
    ...(secret ? { secret: secretRef(secret) } : {}),
    ...(tokenVar ? { sessionToken: true } : {}),
    problems: id && secret ? [] : [id ? 'AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY: partial credentials sign nothing' : 'AWS_SECRET_ACCESS_KEY without AWS_ACCESS_KEY_ID: partial credentials sign nothing'],
  }
  const keys = id && secret ? { accessKeyId: id, secretAccessKey: secret, ...(tokenVar ? { sessionToken: env[tokenVar]!.trim() } : {}) } : undefined
  return { credential, ...(keys ? { keys } : {}) }
}

/** AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE (EKS IRSA, GitHub Actions OIDC set up by hand). */
export function environmentWebIdentity(env: Env, exists: (path: string) => boolean): AgentCredential | undefined {
  const roleArn = set(env, 'AWS_ROLE_ARN')
  const tokenFile = set(env, 'AWS_WEB_IDENTITY_TOKEN_FILE')
  if (!roleArn || !tokenFile) return undefined
  return {
    id: 'env:AWS_ROLE_ARN',
    kind: 'web-identity',
    origins: [origin(['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', ...(set(env, 'AWS_ROLE_SESSION_NAME') ? ['AWS_ROLE_SESSION_NAME'] : [])])],
    usedByDefault: false,
    roleArn,
    webIdentity: { tokenFile, present: exists(tokenFile) },
    problems: exists(tokenFile) ? [] : [`AWS_WEB_IDENTITY_TOKEN_FILE ${tokenFile} does not exist here`],
  }
}

/** The container credentials endpoint: its role is known only to whoever calls it. */
export function environmentContainer(env: Env): AgentCredential | undefined {
  const variable = ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'].find((v) => set(env, v))
  if (!variable) return undefined
  const auth = ['AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE'].filter((v) => set(env, v))
  return {
    id: `env:${variable}`,
    kind: 'container',
    origins: [origin([variable, ...auth])],
    usedByDefault: false,
    container: { variable, authorizationToken: auth.length > 0 },
    problems: [],
  }
}

const AWS_HANDLED = /^AWS_/

/**
 * Every other variable, one per line as a .env file would hold it, through the workspace
 * scanner's detectors: the same formats, placeholders and entropy rules as for files.
 */
export function environmentTokens(env: Env): AgentCredential[] {
  const lines = Object.entries(env)
    .filter(([k, v]) => v !== undefined && !AWS_HANDLED.test(k) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !/[\r\n]/.test(v))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
  if (lines.length === 0) return []
  return tokensOfFile('environment', '.env', `${lines.join('\n')}\n`).map((token) => ({
    id: `env:${token.name ?? token.type}:${token.fingerprint}`,
    kind: token.type === 'aws-access-key' ? ('static-key' as const) : ('token' as const),
    origins: [origin(token.name ? [token.name] : [])],
    usedByDefault: false,
    ...(token.accessKeyId ? { accessKeyId: token.accessKeyId, hasSecret: token.hasSecret === true } : {}),
    secret: { preview: token.preview, fingerprint: token.fingerprint },
    token: { ...token, file: 'environment', line: 1 },
    problems: [],
  }))
}

/**
 * The profile a process uses without --profile: AWS_PROFILE, then AWS_DEFAULT_PROFILE, as AWS CLI
 * v2 orders them (stock botocore checks AWS_DEFAULT_PROFILE first, botocore #1725; the SDKs read
 * AWS_PROFILE only), else default.
 */
export function profileOfEnvironment(env: Env): { name: string; variable?: string } {
  for (const variable of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) {
    const v = set(env, variable)
    if (v) return { name: v, variable }
  }
  return { name: 'default' }
}
