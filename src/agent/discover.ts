// Discovery for `bulkhead agent-check` (spec §10): every credential a process started here would
// inherit, from the real environment and files, read by the AWS CLI's rules. An input stage like
// src/workspace: it reads files and the clock, and hands the checks secret-free records. Static
// keys that `--aws` may sign sts:GetCallerIdentity with are returned apart (`signing`), never in
// the discovery itself, and never printed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { AgentCredential, AgentDiscovery } from '../inventory/agent-types.js'
import { scanWorkspace, type WorkspaceOptions } from '../workspace/index.js'
import { cachedSessionOf, expiredAt, ssoRoleCacheFileName, ssoTokenFileName, ssoTokenOf } from './caches.js'
import { environmentContainer, environmentKeys, environmentTokens, environmentWebIdentity, profileOfEnvironment, type Env } from './environment.js'
import { parseIni } from './ini.js'
import { credentialsOfProfile, profilesOf, staticKeysOf, type FileRef, type ProfileSet, type StaticKeys } from './profiles.js'
import { credentialOfToken } from './workspace.js'

export interface DiscoverOptions {
  env: Env
  /** the home directory: the real one, or --home */
  home: string
  workspaces?: string[]
  workspaceOptions?: WorkspaceOptions
  now: Date
}

export interface Discovered {
  discovery: AgentDiscovery
  /** credential id → its static keys, for `--aws` (sts:GetCallerIdentity signed with them) */
  signing: Map<string, StaticKeys>
}

/** The AWS CLI reads at most this much of a file; an INI or cache file larger than this is no credential file. */
const MAX_FILE_BYTES = 1024 * 1024
const MAX_CACHE_FILES = 1000

type Read = { text: string } | { state: 'absent' | 'unreadable'; why?: string }

function readSmallFile(path: string): Read {
  let st
  try {
    st = statSync(path)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? { state: 'absent' } : { state: 'unreadable', why: (err as NodeJS.ErrnoException).code }
  }
  // a FIFO or a device would block the read: only regular files
  if (!st.isFile()) return { state: 'unreadable', why: st.isDirectory() ? 'a directory' : 'not a regular file' }
  if (st.size > MAX_FILE_BYTES) return { state: 'unreadable', why: `larger than ${MAX_FILE_BYTES} bytes` }
  try {
    return { text: readFileSync(path, 'utf8') }
  } catch (err) {
    return { state: 'unreadable', why: (err as NodeJS.ErrnoException).code ?? 'unreadable' }
  }
}

export function discoverAgentCredentials(o: DiscoverOptions): Discovered {
  const home = o.home
  const display = (path: string): string => {
    const rel = relative(resolve(home), resolve(path))
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel) ? `~/${rel.split(sep).join('/')}` : path
  }
  const expand = (p: string): string => (p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p)
  const files: AgentDiscovery['files'] = []
  const notes: string[] = []
  const signing = new Map<string, StaticKeys>()
  const read = (path: string): string | undefined => {
    const r = readSmallFile(path)
    if ('text' in r) {
      files.push({ display: display(path), state: 'read' })
      return r.text
    }
    files.push({ display: display(path), state: r.state })
    if (r.state === 'unreadable') notes.push(`${display(path)} could not be read (${r.why}): credentials in it are not listed`)
    return undefined
  }

  const ini = (envVar: string, fallback: string): { ini: ReturnType<typeof parseIni>; file: FileRef } | undefined => {
    const path = o.env[envVar]?.trim() ? expand(o.env[envVar]!.trim()) : join(home, '.aws', fallback)
    const text = read(path)
    return text === undefined ? undefined : { ini: parseIni(text), file: { path, display: display(path) } }
  }
  const set = profilesOf(ini('AWS_SHARED_CREDENTIALS_FILE', 'credentials'), ini('AWS_CONFIG_FILE', 'config'))
  notes.push(...set.notes)

  const credentials: AgentCredential[] = []
  const envKeys = environmentKeys(o.env)
  if (envKeys) {
    credentials.push(envKeys.credential)
    if (envKeys.keys) signing.set(envKeys.credential.id, envKeys.keys)
  }
  const webIdentity = environmentWebIdentity(o.env, (p) => existsSync(expand(p)))
  if (webIdentity) credentials.push(webIdentity)
  const container = environmentContainer(o.env)
  if (container) credentials.push(container)
  credentials.push(...environmentTokens(o.env))

  const profileCredentials = profileCredentialsOf(set, expand, signing)
  credentials.push(...profileCredentials)
  credentials.push(...cacheCredentials(home, set, profileCredentials, o.now, display, read, signing, notes))
  if (o.workspaces?.length) credentials.push(...scanWorkspace(o.workspaces, o.workspaceOptions).tokens.map(credentialOfToken))

  const active = profileOfEnvironment(o.env)
  if (active.variable && !set.profiles.has(active.name)) notes.push(`${active.variable} names profile ${active.name}, which neither file defines: the AWS CLI stops with ProfileNotFound`)
  markDefault(credentials, active.name)
  return {
    discovery: { home, discoveredAt: o.now.toISOString(), activeProfile: active.name, credentials, files, notes },
    signing,
  }
}

function profileCredentialsOf(set: ProfileSet, expand: (p: string) => string, signing: Map<string, StaticKeys>): AgentCredential[] {
  const names = [...set.profiles.keys()].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)))
  return names.flatMap((name) => {
    const profile = set.profiles.get(name)!
    const out = credentialsOfProfile(profile, set)
    for (const c of out) {
      if (c.kind === 'static-key' && c.hasSecret) {
        const keys = staticKeysOf(profile)
        if (keys) signing.set(c.id, keys)
      }
      if (c.webIdentity) {
        c.webIdentity.present = existsSync(expand(c.webIdentity.tokenFile))
        if (!c.webIdentity.present) c.problems.push(`web_identity_token_file ${c.webIdentity.tokenFile} does not exist here`)
      }
    }
    return out
  })
}

function jsonFilesOf(dir: string, notes: string[], display: (p: string) => string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort()
  } catch {
    return []
  }
  if (names.length > MAX_CACHE_FILES) {
    notes.push(`${display(dir)} holds ${names.length} cache files; the first ${MAX_CACHE_FILES} are listed`)
    names = names.slice(0, MAX_CACHE_FILES)
  }
  return names
}

function parseJsonQuietly(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** SSO tokens go onto the SSO profiles that use them; a token no profile names, and every CLI cache session, is a credential of its own. */
function cacheCredentials(
  home: string, set: ProfileSet, profileCredentials: AgentCredential[], now: Date,
  display: (p: string) => string, read: (p: string) => string | undefined, signing: Map<string, StaticKeys>, notes: string[],
): AgentCredential[] {
  const out: AgentCredential[] = []
  const ssoDir = join(home, '.aws', 'sso', 'cache')
  const tokens = new Map<string, { path: string; token: NonNullable<ReturnType<typeof ssoTokenOf>> }>()
  for (const name of jsonFilesOf(ssoDir, notes, display)) {
    const path = join(ssoDir, name)
    const text = read(path)
    const token = text === undefined ? undefined : ssoTokenOf(parseJsonQuietly(text))
    if (token) tokens.set(name, { path, token })
  }
  const used = new Set<string>()
  const ssoRoles = new Map<string, { accountId: string; roleName: string; profile: string }>()
  for (const c of profileCredentials) {
    if (c.kind !== 'sso' || !c.sso) continue
    const { session, startUrl, accountId, roleName } = c.sso
    const key = session ?? startUrl
    const file = key ? ssoTokenFileName(key) : undefined
    const hit = file ? tokens.get(file) : undefined
    if (file && hit) {
      used.add(file)
      c.sso.token = { display: display(hit.path), ...(hit.token.expiresAt ? { expiresAt: hit.token.expiresAt } : {}), expired: expiredAt(hit.token.expiresAt, now), refreshable: hit.token.refreshable }
      c.origins.push({ kind: 'sso-cache', file: hit.path, display: display(hit.path) })
    }
    if (accountId && roleName && (session || startUrl)) {
      ssoRoles.set(ssoRoleCacheFileName(roleName, accountId, session ? { session } : { startUrl: startUrl! }), { accountId, roleName, profile: c.profile! })
    }
  }
  for (const [name, { path, token }] of tokens) {
    if (used.has(name)) continue
    out.push({
      id: `sso-cache:${name}`, kind: 'sso-token', origins: [{ kind: 'sso-cache', file: path, display: display(path) }], usedByDefault: false, problems: [],
      cached: { ...(token.startUrl ? { startUrl: token.startUrl } : {}), ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}), expired: expiredAt(token.expiresAt, now), refreshable: token.refreshable },
    })
  }
  const cliDir = join(home, '.aws', 'cli', 'cache')
  for (const name of jsonFilesOf(cliDir, notes, display)) {
    const path = join(cliDir, name)
    const text = read(path)
    const session = text === undefined ? undefined : cachedSessionOf(parseJsonQuietly(text), { name, path, display: display(path) }, now, ssoRoles)
    if (!session) continue
    out.push(session.credential)
    if (session.keys) signing.set(session.credential.id, session.keys)
  }
  return out
}

/**
 * What a process started here signs with when it names no profile, in botocore's provider
 * order: environment keys, the active profile's role, AWS_ROLE_ARN + token file, the active
 * profile's SSO / static keys / credential_process, the container endpoint.
 */
function markDefault(credentials: AgentCredential[], activeProfile: string): void {
  const activeMain = credentials.find((c) => c.id === `profile:${activeProfile}`)
  const order = [
    credentials.find((c) => c.id === 'env:AWS_ACCESS_KEY_ID' && c.hasSecret),
    activeMain?.kind === 'assume-role' ? activeMain : undefined,
    credentials.find((c) => c.id === 'env:AWS_ROLE_ARN'),
    activeMain,
    credentials.find((c) => c.kind === 'container'),
  ]
  const pick = order.find((c) => c !== undefined)
  if (pick) pick.usedByDefault = true
}
