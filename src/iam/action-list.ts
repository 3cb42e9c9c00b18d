// One matcher for a statement's list of action patterns (any of them), compiled once per
// distinct list. Asked for every statement of every principal, so it avoids regular expressions
// (compiling one per list is most of the cost on a large estate) and answers from what real
// policies hold: exact names (a set), whole services (`s3:*`), name prefixes (`rds:Describe*`),
// and, rarely, other wildcards, matched one by one with the linear glob matcher.
import { actionMatches } from './match.js'

const cache = new Map<string, (action: string) => boolean>()
const services = new Map<string, string>()
/** `rds:deletedbinstance` → `rds`, once per action (the same few hundred are asked millions of times) */
function serviceOf(a: string): string {
  let s = services.get(a)
  if (s === undefined) {
    const colon = a.indexOf(':')
    services.set(a, (s = colon === -1 ? '\u0000' : a.slice(0, colon)))
  }
  return s
}
const ALL = () => true

/** `patterns` and the asked action are lower-cased. */
export function actionListMatcher(patterns: readonly string[]): (action: string) => boolean {
  const key = patterns.join('\u0000')
  let fn = cache.get(key)
  if (fn) return fn
  fn = compile(patterns)
  cache.set(key, fn)
  return fn
}

function compile(patterns: readonly string[]): (action: string) => boolean {
  if (patterns.includes('*') || patterns.includes('*:*')) return ALL
  const exact = new Set<string>()
  const services = new Set<string>()
  const prefixes = new Map<string, string[]>()
  const other: string[] = []
  for (const p of patterns) {
    const colon = p.indexOf(':')
    const star = p.indexOf('*')
    const wild = star !== -1 || p.includes('?')
    if (!wild) { exact.add(p); continue }
    const service = colon === -1 ? '' : p.slice(0, colon)
    if (colon === -1 || /[*?]/.test(service) || p.includes('?') || star !== p.length - 1) { other.push(p); continue }
    const name = p.slice(colon + 1, -1)
    if (name === '') services.add(service)
    else {
      let list = prefixes.get(service)
      if (!list) prefixes.set(service, (list = []))
      list.push(name)
    }
  }
  const byService = services.size > 0 || prefixes.size > 0
  return (a) => {
    if (exact.has(a)) return true
    if (byService) {
      const service = serviceOf(a)
      if (services.has(service)) return true
      const list = prefixes.get(service)
      if (list) {
        const from = service.length + 1
        for (const n of list) if (a.startsWith(n, from)) return true
      }
    }
    for (const o of other) if (actionMatches(o, a)) return true
    return false
  }
}

/**
 * The services a list of action patterns can name, or undefined when any (a wildcard in the
 * service part, `*`, or a NotAction list, which names everything it does not list).
 */
export function servicesOf(patterns: readonly string[] | undefined): Set<string> | undefined {
  if (!patterns) return undefined
  const out = new Set<string>()
  for (const p of patterns) {
    const colon = p.indexOf(':')
    if (colon === -1) return undefined
    const service = p.slice(0, colon)
    if (/[*?]/.test(service)) return undefined
    out.add(service)
  }
  return out
}

/** The service of a lower-cased action (`rds:deletedbinstance` → `rds`). */
export const serviceOfAction = (a: string): string => serviceOf(a)

/**
 * Statements indexed by the service their actions name, so a question about one action looks only
 * at the statements that could cover it (in their original order).
 */
export class StatementIndex<S extends { actions?: string[]; coversAction(a: string): boolean }> {
  private readonly byService = new Map<string, number[]>()
  private readonly anywhere: number[] = []
  private readonly merged = new Map<string, S[]>()

  constructor(readonly statements: readonly S[]) {
    statements.forEach((s, i) => {
      const services = servicesOf(s.actions)
      if (!services) { this.anywhere.push(i); return }
      for (const svc of services) {
        let list = this.byService.get(svc)
        if (!list) this.byService.set(svc, (list = []))
        list.push(i)
      }
    })
  }

  /** The statements that may name a service's actions, in order. */
  private candidates(service: string): S[] {
    let out = this.merged.get(service)
    if (out) return out
    const own = this.byService.get(service) ?? []
    const idx = own.length === 0 ? this.anywhere : this.anywhere.length === 0 ? own : [...own, ...this.anywhere].sort((x, y) => x - y)
    out = idx.map((i) => this.statements[i])
    this.merged.set(service, out)
    return out
  }

  /** The statements covering a lower-cased action, in their original order. */
  covering(a: string): S[] {
    const out: S[] = []
    for (const s of this.candidates(serviceOf(a))) if (s.coversAction(a)) out.push(s)
    return out
  }
}
