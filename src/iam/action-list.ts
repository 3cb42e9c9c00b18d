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
