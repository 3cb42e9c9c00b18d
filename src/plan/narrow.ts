// Narrowing an Allow statement to what the job uses: every action it granted but the destructive
// ones (spec §7, src/iam/destructive.ts). Exact against the AWS action catalogue: a wildcard that
// covers a destructive action is replaced by the actions it covered minus those, written back as
// verb wildcards (`rds:Describe*`) wherever a verb holds no destructive action, so the statement
// stays short; `"*"` becomes `NotAction` of the destructive actions; a `NotAction` statement gains
// them. A pattern whose service part is a wildcard (`*:Delete*`) cannot be rewritten so: the
// destructive actions are then denied by a statement added beside it (same policy, same holders).
import { globMatcher } from '../glob.js'
import { expandAction } from '../iam/catalogue.js'
import { DESTRUCTIVE_ACTIONS } from '../iam/index.js'
import { asList, type RawStatement } from './documents.js'

export const DESTRUCTIVE: readonly string[] = DESTRUCTIVE_ACTIONS.map((d) => d.action)
const DESTRUCTIVE_LOWER = new Set(DESTRUCTIVE.map((a) => a.toLowerCase()))
export const isDestructive = (action: string): boolean => DESTRUCTIVE_LOWER.has(action.toLowerCase())

const globCache = new Map<string, (action: string) => boolean>()
/** IAM action glob (`*`, `?`), case-insensitive, through the one non-backtracking matcher. */
export function actionGlob(pattern: string, action: string): boolean {
  let match = globCache.get(pattern)
  if (!match) globCache.set(pattern, (match = globMatcher(pattern, true)))
  return match(action)
}

export type Narrowed =
  | { kind: 'unchanged' }
  | { kind: 'statement'; statement: RawStatement | null; dropped: string[] }
  | { kind: 'deny'; deny: RawStatement; dropped: string[] }

const verbOf = (action: string): string => /^[A-Z][a-z]*/.exec(action.slice(action.indexOf(':') + 1))?.[0] ?? ''

/** `keep` (a subset of the service's `all` actions) written as short as the catalogue allows. */
function compress(service: string, keep: string[], all: string[]): string[] {
  const keepSet = new Set(keep.map((a) => a.toLowerCase()))
  const out: string[] = []
  const verbs = [...new Set(keep.map(verbOf))].sort()
  for (const verb of verbs) {
    const prefix = `${service}:${verb}`
    const underVerb = all.filter((a) => a.toLowerCase().startsWith(prefix.toLowerCase()))
    if (verb && underVerb.every((a) => keepSet.has(a.toLowerCase()))) out.push(`${prefix}*`)
    else out.push(...keep.filter((a) => verbOf(a) === verb).sort())
  }
  return out
}

/** The destructive actions a statement grants (Action or NotAction, any case). */
export function destructiveCovered(s: RawStatement): string[] {
  if (s.NotAction !== undefined) {
    const not = asList(s.NotAction)
    return DESTRUCTIVE.filter((d) => !not.some((p) => actionGlob(p, d)))
  }
  const actions = asList(s.Action)
  return DESTRUCTIVE.filter((d) => actions.some((p) => actionGlob(p, d)))
}

export function narrowStatement(s: RawStatement): Narrowed {
  const dropped = destructiveCovered(s)
  if (dropped.length === 0) return { kind: 'unchanged' }
  if (s.NotAction !== undefined) {
    return { kind: 'statement', statement: { ...s, NotAction: [...asList(s.NotAction), ...dropped] }, dropped }
  }
  const actions = asList(s.Action)
  if (actions.includes('*')) {
    const { Action: _a, ...rest } = s
    return { kind: 'statement', statement: { ...rest, NotAction: [...dropped] }, dropped }
  }
  const kept: string[] = []
  for (const p of actions) {
    const hit = dropped.filter((d) => actionGlob(p, d))
    if (hit.length === 0) { kept.push(p); continue }
    if (!/[*?]/.test(p)) continue // the destructive action itself
    const [service, name] = p.split(':')
    if (name === undefined || /[*?]/.test(service)) return denyBeside(s, dropped)
    const svc = service.toLowerCase()
    const covered = expandAction(p)
    if (covered.length === 0) return denyBeside(s, dropped) // a service the catalogue does not know
    const keep = covered.filter((a) => !isDestructive(a))
    kept.push(...compress(svc, keep, expandAction(`${svc}:*`)))
  }
  const unique = [...new Set(kept)]
  if (unique.length === 0) return { kind: 'statement', statement: null, dropped }
  return { kind: 'statement', statement: { ...s, Action: unique.length === 1 && !Array.isArray(s.Action) ? unique[0] : unique }, dropped }
}

function denyBeside(s: RawStatement, dropped: string[]): Narrowed {
  const deny: RawStatement = { Sid: 'BulkheadDenyDestruction', Effect: 'Deny', Action: dropped }
  if (s.NotResource !== undefined) deny.NotResource = s.NotResource
  else deny.Resource = s.Resource ?? '*'
  return { kind: 'deny', deny, dropped }
}
