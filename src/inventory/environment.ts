// Spec §3: every account, principal, database, vault and recovery point gets an environment.
// First match wins: config ARN patterns, own tags, own name, its account, unknown.
import { globMatcher } from '../glob.js'
import type { Account, Environment, EnvironmentDecision, Tags } from './types.js'

export const CLASSIFIED_ENVIRONMENTS = ['prod', 'staging', 'dev', 'test'] as const

const VOCABULARY: Record<string, Exclude<Environment, 'unknown' | 'external'>> = {
  prod: 'prod', production: 'prod', prd: 'prod', live: 'prod',
  staging: 'staging', stage: 'staging', stg: 'staging', preprod: 'staging', uat: 'staging',
  dev: 'dev', development: 'dev', sandbox: 'dev',
  test: 'test', qa: 'test',
}
const ENV_TAG_KEYS = ['environment', 'env', 'stage']

/** A value from the vocabulary (case-insensitive), or undefined. */
export function environmentOfWord(word: string): Environment | undefined {
  return VOCABULARY[word.trim().toLowerCase()]
}

/** Rule 2: the resource's own Environment/Env/Stage tag (keys case-insensitive). */
export function environmentFromTags(tags: Tags | undefined): EnvironmentDecision | undefined {
  if (!tags) return undefined
  for (const wanted of ENV_TAG_KEYS) {
    for (const [key, value] of Object.entries(tags)) {
      if (key.toLowerCase() !== wanted) continue
      const env = environmentOfWord(value)
      if (env) return { environment: env, rule: 'tag', detail: `tag ${key}=${value}` }
    }
  }
  return undefined
}

/** Rule 3: words of the name; a name with words of two environments decides nothing. */
export function environmentFromName(name: string | undefined): EnvironmentDecision | undefined {
  if (!name) return undefined
  const found = new Map<Environment, string>()
  for (const word of name.split(/[-_./: ]+/)) {
    const env = environmentOfWord(word)
    if (env && !found.has(env)) found.set(env, word)
  }
  if (found.size !== 1) return undefined
  const [[environment, word]] = [...found]
  return { environment, rule: 'name', detail: `name '${name}' has the word '${word}'` }
}

const arnGlobs = new Map<string, (arn: string) => boolean>()

/**
 * Glob match of ARN patterns: `*` any run of characters (`:` and `/` included), `?` one; the
 * rest literal; case-sensitive like ARNs. Linear (src/glob.ts): the patterns come from config,
 * policies and vault policies, the ARNs from the scanned account.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  let matches = arnGlobs.get(pattern)
  if (!matches) arnGlobs.set(pattern, (matches = globMatcher(pattern)))
  return matches(arn)
}

export interface EnvironmentConfig {
  /** environment → ARN patterns (rule 1) */
  arns: Partial<Record<Environment, string[]>>
  /** environment → account ids (rule 4, first source) */
  accounts: Partial<Record<Environment, string[]>>
}

export const NO_ENVIRONMENT_CONFIG: EnvironmentConfig = { arns: {}, accounts: {} }

export function environmentFromConfigArn(config: EnvironmentConfig, arn: string): EnvironmentDecision | undefined {
  for (const [env, patterns] of Object.entries(config.arns)) {
    const hit = patterns?.find((p) => arnMatches(p, arn))
    if (hit) return { environment: env as Environment, rule: 'config-arn', detail: `config environments.${env}.arns '${hit}'` }
  }
  return undefined
}

/** Rule 4 for the account itself: config, then manifest, then Organizations tags, then its name. */
export function classifyAccount(
  config: EnvironmentConfig,
  id: string,
  manifestEnvironment: string | undefined,
  orgTags: Tags | undefined,
  name: string | undefined,
): EnvironmentDecision {
  for (const [env, ids] of Object.entries(config.accounts)) {
    if (ids?.includes(id)) return { environment: env as Environment, rule: 'account', detail: `account ${id} (config environments.${env}.accounts)` }
  }
  const fromManifest = manifestEnvironment ? environmentOfWord(manifestEnvironment) : undefined
  if (fromManifest) return { environment: fromManifest, rule: 'account', detail: `account ${id} (manifest: ${manifestEnvironment})` }
  const fromTags = environmentFromTags(orgTags)
  if (fromTags) return { environment: fromTags.environment, rule: 'account', detail: `account ${id} (Organizations ${fromTags.detail})` }
  const fromName = environmentFromName(name)
  if (fromName) return { environment: fromName.environment, rule: 'account', detail: `account ${id} (${fromName.detail})` }
  return { environment: 'unknown', rule: 'default', detail: `account ${id}: no config, manifest, tag or name decides` }
}

/** Rules 1–5 for a resource in a known account. */
export function classifyResource(
  config: EnvironmentConfig,
  resource: { arn: string; name?: string; tags?: Tags },
  account: Account | undefined,
): EnvironmentDecision {
  const decided =
    environmentFromConfigArn(config, resource.arn) ??
    environmentFromTags(resource.tags) ??
    environmentFromName(resource.name)
  if (decided) return decided
  if (account && account.environment.environment !== 'unknown') {
    return { environment: account.environment.environment, rule: 'account', detail: account.environment.detail }
  }
  if (!account) return { environment: 'unknown', rule: 'default', detail: 'account not in the snapshot' }
  return { environment: 'unknown', rule: 'default', detail: 'no config, tag, name or account decides' }
}

/**
 * A decision as findings name it: its detail, which already says the rule ("tag Environment=prod",
 * "name 'orders-prod' has the word 'prod'", "account 111111111111 (manifest: prod)"), else
 * prefixed with the rule ("default: no config, tag, name or account decides").
 */
export function describeDecision(d: EnvironmentDecision): string {
  const word = d.rule === 'config-arn' ? 'config' : d.rule
  return d.detail.split(' ').slice(0, 2).includes(word) ? d.detail : `${d.rule}: ${d.detail}`
}

export const isProd = (r: { environment: EnvironmentDecision }): boolean => r.environment.environment === 'prod'

/** Non-prod means classified as staging, dev or test; unknown and external are neither. */
export const isNonProd = (r: { environment: EnvironmentDecision }): boolean =>
  ['staging', 'dev', 'test'].includes(r.environment.environment)
