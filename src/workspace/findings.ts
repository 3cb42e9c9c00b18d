// Shared by the two workspace checks: a file as a finding's resource, a token in words and as
// evidence (preview and fingerprint only), and the IAM user that owns an AWS key id.
import { posix } from 'node:path'
import type { FindingInput, FindingLocation } from '../checks/define.js'
import { maskAccessKeyId } from '../inventory/access-key.js'
import type { AccessKey, Inventory, Principal, TokenType, WorkspaceToken } from '../inventory/types.js'
import { describeDecision } from '../inventory/environment.js'

export const WORKSPACE_FILE_TYPE = 'Bulkhead::Workspace::File'

const LABELS: Record<TokenType, string> = {
  'aws-access-key': 'AWS access key',
  'aws-session-token': 'AWS session token',
  'aws-secret-key': 'AWS secret access key',
  'database-url': 'database password',
  'github-token': 'GitHub token',
  'railway-token': 'Railway token',
  'stripe-live-key': 'Stripe live key',
  'slack-token': 'Slack token',
  'private-key': 'private key',
  'named-secret': 'secret',
}

export const tokenLabel = (t: WorkspaceToken): string => LABELS[t.type]

/** The file as the workspace names it (`workspace:<path relative to the workspace>`). */
export const fileArn = (t: WorkspaceToken): string => `workspace:${t.file}`

/** Where the file is, relative to where bulkhead ran when the root was given relative. */
export function locationOf(t: WorkspaceToken): FindingLocation {
  return { file: posix.join(t.workspace.replace(/\\/g, '/'), t.file), line: t.line }
}

export function fileResource(t: WorkspaceToken, accountId = ''): FindingInput['resource'] {
  return { arn: fileArn(t), type: WORKSPACE_FILE_TYPE, accountId, region: 'global', environment: t.environment, source: locationOf(t).file }
}

/**
 * "AWS access key AKIA…KQD2 (sha256 545e7447dd76) in AWS_ACCESS_KEY_ID", "database password s3cr… (sha256 …)
 * in DATABASE_URL for app@db.internal": never more of a secret than 4 characters, and an access
 * key id in the one masked form (src/inventory/access-key.ts).
 */
export function describeToken(t: WorkspaceToken): string {
  const login = t.dbHost ? ` for ${t.dbUser ? `${t.dbUser}@` : ''}${t.dbHost}` : ''
  const shown = t.accessKeyId ? maskAccessKeyId(t.accessKeyId) : `${t.preview}…`
  return `${tokenLabel(t)} ${shown} (sha256 ${t.fingerprint})${t.name ? ` in ${t.name}` : ''}${login}`
}

/** Where a token is, for messages: ".env.staging:3" or ".github/workflows/deploy.yml:8 (job deploy-staging)". */
export function placeOf(t: WorkspaceToken): string {
  return `${t.file}:${t.line}${t.job ? ` (job ${t.job})` : ''}`
}

export function tokenEvidence(t: WorkspaceToken): Record<string, unknown> {
  return {
    tokenType: t.type,
    preview: t.preview,
    fingerprint: t.fingerprint,
    file: t.file,
    line: t.line,
    ...(t.name ? { variable: t.name } : {}),
    ...(t.job ? { job: t.job } : {}),
    ...(t.detector ? { detector: t.detector } : {}),
    ...(t.accessKeyId ? { accessKeyId: maskAccessKeyId(t.accessKeyId), secretBesideIt: t.hasSecret === true } : {}),
    ...(t.dbHost ? { databaseHost: t.dbHost, databaseUser: t.dbUser } : {}),
    environment: t.environment.environment,
    environmentRule: describeDecision(t.environment),
  }
}

/** The IAM user holding this access key id (filled from iam-list-access-keys--<user>.json). */
export function ownerOfAccessKey(inventory: Inventory, accessKeyId: string): { principal: Principal; key: AccessKey } | undefined {
  for (const principal of inventory.principals) {
    const key = principal.credentials?.accessKeys.find((k) => k.id === accessKeyId)
    if (key) return { principal, key }
  }
  return undefined
}
