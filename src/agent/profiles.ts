// Profiles as the AWS CLI (botocore) builds them from its two files, and the credential each
// yields. The rules followed:
// - credentials file: every `[name]` is profile `name` as written (`[profile x]` there is a
//   profile literally called "profile x");
// - config file: `[default]` and `[profile name]` are profiles, `[sso-session name]` are SSO
//   sessions; any other `[name]` is not a profile and the CLI ignores it;
// - one profile in both files: the credentials file's keys win, key by key;
// - within a profile, the CLI's provider order: role_arn (source_profile / credential_source,
//   else web_identity_token_file), then SSO, then static keys, then credential_process;
// - source_profile chains: a profile may name itself (to use its own static keys); any other
//   loop is refused by the CLI (InfiniteLoopConfigError).
import type { AgentCredential, AgentOrigin, SecretRef } from '../inventory/agent-types.js'
import { fingerprintOfSecret, maskRandomRuns, previewOf } from '../workspace/secret.js'
import type { IniFile, IniSection } from './ini.js'

export interface FileRef {
  path: string
  display: string
}

export interface ProfileValue {
  value: string
  line: number
  from: 'credentials-file' | 'config-file'
}

export interface Profile {
  name: string
  values: Map<string, ProfileValue>
  /** the section header(s) that define it */
  sections: AgentOrigin[]
}

export interface StaticKeys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface ProfileSet {
  profiles: Map<string, Profile>
  ssoSessions: Map<string, Map<string, string>>
  notes: string[]
}

/** `profile "my name"` → ['profile', 'my name'] (botocore splits the header with shlex). */
export function shellWords(s: string): string[] | undefined {
  const words: string[] = []
  const re = /\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/gy
  let m: RegExpExecArray | null
  let at = 0
  while ((m = re.exec(s)) !== null) {
    words.push(m[1] ?? m[2] ?? m[3])
    at = re.lastIndex
  }
  return s.slice(at).trim() === '' ? words : undefined
}

const KNOWN_CONFIG_SECTIONS = /^(?:services|plugins|preview|cli)\b/

export function profilesOf(credentials: { ini: IniFile; file: FileRef } | undefined, config: { ini: IniFile; file: FileRef } | undefined): ProfileSet {
  const profiles = new Map<string, Profile>()
  const ssoSessions = new Map<string, Map<string, string>>()
  const notes: string[] = []
  const add = (name: string, section: IniSection, file: FileRef, from: ProfileValue['from']) => {
    let p = profiles.get(name)
    if (!p) profiles.set(name, (p = { name, values: new Map(), sections: [] }))
    p.sections.push({ kind: from, file: file.path, display: file.display, line: section.line })
    for (const [k, v] of section.values) {
      // the credentials file wins over the config file, key by key
      if (from === 'config-file' && p.values.get(k)?.from === 'credentials-file') continue
      p.values.set(k, { value: v.value, line: v.line, from })
    }
  }
  for (const section of config?.ini.sections ?? []) {
    const words = shellWords(section.name)
    if (section.name === 'default') add('default', section, config!.file, 'config-file')
    else if (section.name.startsWith('profile') && words?.length === 2) add(words[1], section, config!.file, 'config-file')
    else if (section.name.startsWith('sso-session') && words?.length === 2) ssoSessions.set(words[1], new Map([...section.values].map(([k, v]) => [k, v.value])))
    else if (!KNOWN_CONFIG_SECTIONS.test(section.name)) {
      notes.push(`${config!.file.display} line ${section.line}: [${maskRandomRuns(section.name)}] is not a profile for the AWS CLI (a config file names profiles [profile ${maskRandomRuns(section.name)}]); it is ignored`)
    }
  }
  for (const section of credentials?.ini.sections ?? []) {
    if (/^profile\s/.test(section.name)) {
      notes.push(`${credentials!.file.display} line ${section.line}: [${maskRandomRuns(section.name)}] in a credentials file is a profile literally named "${maskRandomRuns(section.name)}"`)
    }
    add(section.name, section, credentials!.file, 'credentials-file')
  }
  for (const [file, ini] of [[config?.file, config?.ini], [credentials?.file, credentials?.ini]] as const) {
    for (const p of ini?.problems ?? []) notes.push(`${file!.display} line ${p.line}: ${p.message}`)
  }
  return { profiles, ssoSessions, notes }
}

const get = (p: Profile, key: string): string | undefined => {
  const v = p.values.get(key)?.value.trim()
  return v ? v : undefined
}
const originOf = (p: Profile, key: string): AgentOrigin => {
  const v = p.values.get(key)!
  const section = p.sections.find((s) => s.kind === v.from)!
  return { ...section, line: v.line }
}

export const secretRef = (secret: string): SecretRef => ({ preview: previewOf(secret), fingerprint: fingerprintOfSecret(secret) })

/** The access key id at the start of a value (botocore keeps `AKIA… # note` whole). */
const keyIdOf = (v: string): string => /^[A-Z0-9]{16,128}/.exec(v)?.[0] ?? v.split(/\s/)[0]

export function staticKeysOf(p: Profile): StaticKeys | undefined {
  const id = get(p, 'aws_access_key_id')
  const secret = get(p, 'aws_secret_access_key')
  if (!id || !secret) return undefined
  const token = get(p, 'aws_session_token') ?? get(p, 'aws_security_token')
  return { accessKeyId: keyIdOf(id), secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) }
}

/** The section headers of the files the keys come from, then the keys' own lines. */
const base = (id: string, kind: AgentCredential['kind'], p: Profile, origins: AgentOrigin[]): AgentCredential => ({
  id, kind, origins: dedupeOrigins([...p.sections.filter((s) => origins.some((o) => o.display === s.display)), ...origins]), profile: p.name, usedByDefault: false, problems: [],
})

function staticCredential(p: Profile, id: string): AgentCredential | undefined {
  const keyId = get(p, 'aws_access_key_id')
  if (!keyId) return undefined
  const secret = get(p, 'aws_secret_access_key')
  const token = get(p, 'aws_session_token') ?? get(p, 'aws_security_token')
  const origins = [originOf(p, 'aws_access_key_id'), ...(secret ? [originOf(p, 'aws_secret_access_key')] : [])]
  return {
    ...base(id, 'static-key', p, origins),
    accessKeyId: keyIdOf(keyId),
    hasSecret: secret !== undefined,
    ...(secret ? { secret: secretRef(secret) } : {}),
    ...(token ? { sessionToken: true } : {}),
    ...(secret ? {} : { problems: ['aws_access_key_id without aws_secret_access_key: the AWS CLI refuses partial credentials'] }),
  }
}

function dedupeOrigins(origins: AgentOrigin[]): AgentOrigin[] {
  const seen = new Set<string>()
  return origins.filter((o) => {
    const k = `${o.display}:${o.line}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** The credential `--profile NAME` yields, by the CLI's provider order, plus static keys it ignores. */
export function credentialsOfProfile(p: Profile, set: ProfileSet): AgentCredential[] {
  const id = `profile:${p.name}`
  const roleArn = get(p, 'role_arn')
  const ssoAccount = get(p, 'sso_account_id')
  const ssoRole = get(p, 'sso_role_name')
  const ssoSession = get(p, 'sso_session')
  const legacyStart = get(p, 'sso_start_url')
  const processCmd = get(p, 'credential_process')
  let main: AgentCredential | undefined
  if (roleArn) {
    main = roleCredential(p, id, roleArn, set)
  } else if (ssoAccount || ssoRole) {
    const session = ssoSession ? set.ssoSessions.get(ssoSession) : undefined
    const problems: string[] = []
    if (!ssoAccount || !ssoRole) problems.push('sso profile without both sso_account_id and sso_role_name: the AWS CLI cannot get role credentials from it')
    if (ssoSession && !session) problems.push(`sso_session ${ssoSession} has no [sso-session ${ssoSession}] section in the config file`)
    if (!ssoSession && !legacyStart) problems.push('sso profile without sso_session or sso_start_url')
    const startUrl = session?.get('sso_start_url') ?? legacyStart
    const region = session?.get('sso_region') ?? get(p, 'sso_region')
    main = {
      ...base(id, 'sso', p, [originOf(p, ssoAccount ? 'sso_account_id' : 'sso_role_name')]),
      sso: { ...(ssoAccount ? { accountId: ssoAccount } : {}), ...(ssoRole ? { roleName: ssoRole } : {}), ...(ssoSession ? { session: ssoSession } : {}), ...(startUrl ? { startUrl } : {}), ...(region ? { region } : {}) },
      problems,
    }
  } else if (get(p, 'aws_access_key_id')) {
    main = staticCredential(p, id)
  } else if (processCmd) {
    main = {
      ...base(id, 'credential-process', p, [originOf(p, 'credential_process')]),
      // the arguments may carry a secret (--token …): only the program, random runs masked
      process: { program: maskRandomRuns(shellWords(processCmd)?.[0] ?? processCmd.split(/\s/)[0]) },
    }
  }
  const out = main ? [main] : []
  // keys the profile's own credential does not use are still keys in a file the agent can read
  if (main && main.kind !== 'static-key' && get(p, 'aws_access_key_id')) {
    const keys = staticCredential(p, `${id}:keys`)!
    const used = main.source && 'profile' in main.source && main.source.profile === p.name
    keys.problems.push(used ? `the source of profile ${p.name}'s own role_arn (source_profile names the profile itself)` : `beside ${main.kind === 'sso' ? 'SSO settings' : main.kind === 'credential-process' ? 'credential_process' : 'role_arn'}: the AWS CLI does not use them for this profile, but they sign requests for whoever reads the file`)
    out.push(keys)
  }
  return out
}

function roleCredential(p: Profile, id: string, roleArn: string, set: ProfileSet): AgentCredential {
  const sourceProfile = get(p, 'source_profile')
  const credentialSource = get(p, 'credential_source')
  const tokenFile = get(p, 'web_identity_token_file')
  const origins = [originOf(p, 'role_arn')]
  if (!sourceProfile && !credentialSource && tokenFile) {
    return { ...base(id, 'web-identity', p, origins), roleArn, webIdentity: { tokenFile, present: false } }
  }
  const c: AgentCredential = { ...base(id, 'assume-role', p, origins), roleArn }
  if (sourceProfile && credentialSource) c.problems.push('both source_profile and credential_source: the AWS CLI refuses this profile')
  if (sourceProfile) {
    c.source = { profile: sourceProfile }
    const { chain, problem } = chainOf(p.name, set)
    c.chain = chain
    if (problem) c.problems.push(problem)
  } else if (credentialSource) {
    c.source = { credentialSource }
    if (!['Environment', 'Ec2InstanceMetadata', 'EcsContainer'].includes(credentialSource)) c.problems.push(`credential_source ${credentialSource} is none of Environment, Ec2InstanceMetadata, EcsContainer`)
  } else {
    c.problems.push('role_arn without source_profile, credential_source or web_identity_token_file: the AWS CLI refuses this profile')
  }
  return c
}

export const MAX_CHAIN = 50

/**
 * The source_profile chain from `start` to the profile whose own credentials start it. A profile
 * naming itself uses its own static keys; any other repeat is a loop the CLI refuses.
 */
export function chainOf(start: string, set: ProfileSet): { chain: string[]; problem?: string } {
  const chain = [start]
  const visited = new Set(chain)
  let current = set.profiles.get(start)!
  for (;;) {
    const next = current.values.get('source_profile')?.value.trim()
    if (!next || !current.values.get('role_arn')) return { chain }
    if (next === current.name) {
      return staticKeysOf(current) ? { chain } : { chain, problem: `source_profile ${next} names the profile itself, which holds no static keys: the AWS CLI refuses it (InfiniteLoopConfigError)` }
    }
    if (visited.has(next)) return { chain: [...chain, next], problem: `source_profile loop ${[...chain, next].join(' → ')}: the AWS CLI refuses it (InfiniteLoopConfigError)` }
    const profile = set.profiles.get(next)
    if (!profile) return { chain: [...chain, next], problem: `source_profile ${next} is not defined in either file` }
    // a file can hold thousands of profiles naming one another: a bound keeps this linear
    if (chain.length === MAX_CHAIN) return { chain, problem: `source_profile chain longer than ${MAX_CHAIN} profiles: bulkhead follows it no further` }
    chain.push(next)
    visited.add(next)
    current = profile
  }
}
