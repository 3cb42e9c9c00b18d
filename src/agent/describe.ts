// A discovered credential in words and as evidence, for agent-credential-reach and `reach`:
// where it is, what kind, and never more of a secret than its type, first 4 characters and a
// short fingerprint; an access key id in the console's form (AKIA…KQD2).
import type { AgentCredential, AgentOrigin } from '../inventory/agent-types.js'
import { describeToken } from '../workspace/findings.js'
import { maskAccessKeyId } from '../inventory/access-key.js'

export function whereOf(o: AgentOrigin): string {
  if (o.kind === 'environment') return `environment ${(o.variables ?? []).join(', ')}`.trim()
  return o.line ? `${o.display} line ${o.line}` : o.display
}

/** `arn:aws:iam::111111111111:role/ops/deploy-prod` → `role deploy-prod in account 111111111111` */
function roleText(arn: string | undefined): string {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn ?? '')
  return m ? `role ${m[2]} in account ${m[1]}` : `role ${arn ?? '(none)'}`
}
const keyText = (c: AgentCredential) => `AWS access key ${c.accessKeyId ? maskAccessKeyId(c.accessKeyId) : '(no key id)'}${c.sessionToken ? ' with a session token' : ''}`

/** `profile staging (~/.aws/credentials line 8)`: the first line of the profile in each file. */
function profilePlace(c: AgentCredential): string {
  const first = new Map<string, number>()
  for (const o of c.origins) {
    if (o.kind !== 'credentials-file' && o.kind !== 'config-file') continue
    first.set(o.display, Math.min(first.get(o.display) ?? Infinity, o.line ?? Infinity))
  }
  const places = [...first].map(([d, l]) => (Number.isFinite(l) ? `${d} line ${l}` : d))
  return `profile ${c.profile}${places.length ? ` (${places.join(', ')})` : ''}`
}

/** Whether the SSO profile is usable right now, without a person at a browser. */
export function ssoTokenText(c: AgentCredential): string {
  const t = c.sso?.token
  if (!t) return 'no SSO token is cached: it needs `aws sso login` in a browser first'
  if (!t.expired) return `an SSO token is cached${t.expiresAt ? ` until ${t.expiresAt}` : ''}: usable now, without a browser`
  return t.refreshable ? `its cached SSO token expired at ${t.expiresAt}, but the refresh token beside it renews it without a browser` : `its cached SSO token expired at ${t.expiresAt}`
}

/** "profile default (~/.aws/credentials line 2) holds AWS access key AKIA…KQD2" and the like. */
export function describeCredential(c: AgentCredential): string {
  const where = whereOf(c.origins[0] ?? { kind: 'environment', display: 'environment' })
  const byDefault = c.usedByDefault ? ', the one used when no profile is named,' : ''
  switch (c.kind) {
    case 'static-key': {
      if (c.token) return `${c.token.file === 'environment' ? `environment variable ${c.token.name ?? ''}`.trim() : `${c.token.file} line ${c.token.line}`} holds ${keyText(c)}`
      if (c.id.endsWith(':keys')) return `static keys in ${profilePlace(c)} hold ${keyText(c)}`
      if (c.profile !== undefined) return `${profilePlace(c)}${byDefault} holds ${keyText(c)}`
      if (c.origins[0]?.kind === 'command-line') return `${keyText(c)} (given to --access-key, judged as if its secret were at hand)`
      return `${where}${byDefault} hold${c.origins[0]?.variables?.length === 1 ? 's' : ''} ${keyText(c)}`
    }
    case 'token':
      return c.token!.file === 'environment' ? `environment variable ${c.token!.name ?? '(unnamed)'} holds ${describeToken(c.token!)}` : `${c.token!.file} line ${c.token!.line} holds ${describeToken(c.token!)}`
    case 'assume-role': {
      const src = c.source && 'profile' in c.source ? `profile ${c.source.profile}` : c.source ? `credential_source ${c.source.credentialSource}` : 'no source'
      return `${profilePlace(c)}${byDefault} assumes ${roleText(c.roleArn)} with ${src}${c.chain && c.chain.length > 2 ? ` (chain ${c.chain.join(' → ')})` : ''}`
    }
    case 'web-identity':
      return `${c.profile !== undefined ? profilePlace(c) : where}${byDefault} assumes ${roleText(c.roleArn)} with the web identity token in ${c.webIdentity?.tokenFile}`
    case 'sso':
      return `${profilePlace(c)}${byDefault} signs in through IAM Identity Center as permission set ${c.sso?.roleName ?? '(none)'} in account ${c.sso?.accountId ?? '(none)'}`
    case 'credential-process':
      return `${profilePlace(c)}${byDefault} gets its keys from credential_process ${c.process?.program}`
    case 'container':
      return `${where}${byDefault} points at the container credentials endpoint`
    case 'cached-session': {
      const k = c.cached
      const who = k?.roleName ? `role ${k.roleName} in account ${k.accountId}` : 'an unknown role'
      return `the CLI cache ${where} holds a session of ${who}${k?.expiresAt ? ` (${k.expired ? 'expired' : 'expires'} ${k.expiresAt})` : ''}`
    }
    case 'sso-token': {
      const k = c.cached
      return `the SSO cache ${where} holds an SSO access token${k?.startUrl ? ` for ${k.startUrl}` : ''}${k?.expiresAt ? ` (${k.expired ? 'expired' : 'expires'} ${k.expiresAt}${k.expired && k.refreshable ? ', renewable with its refresh token' : ''})` : ''}`
    }
    case 'principal':
      return `principal ${c.principalArn}`
  }
}

/** Evidence of the credential itself: where, what kind, masked key id, secret preview and fingerprint. */
export function credentialEvidence(c: AgentCredential): Record<string, unknown> {
  return {
    id: c.id,
    kind: c.kind,
    where: c.origins.map(whereOf),
    ...(c.profile !== undefined ? { profile: c.profile } : {}),
    usedByDefault: c.usedByDefault,
    ...(c.accessKeyId ? { accessKeyId: maskAccessKeyId(c.accessKeyId) } : {}),
    ...(c.hasSecret !== undefined ? { secretBesideIt: c.hasSecret } : {}),
    ...(c.secret ? { preview: c.secret.preview, fingerprint: c.secret.fingerprint } : {}),
    ...(c.sessionToken ? { sessionToken: true } : {}),
    ...(c.token ? { tokenType: c.token.type, ...(c.token.name ? { variable: c.token.name } : {}) } : {}),
    ...(c.roleArn ? { roleArn: c.roleArn } : {}),
    ...(c.source ? { source: c.source } : {}),
    ...(c.chain ? { chain: c.chain } : {}),
    ...(c.sso ? { sso: c.sso } : {}),
    ...(c.process ? { credentialProcess: c.process.program } : {}),
    ...(c.container ? { container: c.container } : {}),
    ...(c.webIdentity ? { webIdentity: c.webIdentity } : {}),
    ...(c.cached ? { cached: c.cached } : {}),
    ...(c.live ? { callerIdentity: c.live } : {}),
    ...(c.problems.length ? { problems: c.problems } : {}),
  }
}
