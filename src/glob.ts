// Wildcard matching without backtracking blow-up, for every pattern bulkhead matches: IAM actions
// and resources, condition StringLike/ArnLike, config ARN patterns, suppressions, break-glass
// patterns, the action catalogue's ARN templates and workspace path globs. Patterns and the
// strings they are matched against come from scanned accounts and repositories: a regular
// expression such as /^r.*.*.*.*.*x$/ backtracks exponentially on a near miss, so one hostile
// policy statement could stall a scan. Both matchers here take at most
// O(length of pattern × length of text) steps.

/**
 * The character a non-Unicode case-insensitive RegExp compares (ECMA-262 Canonicalize): the
 * upper case of one UTF-16 code unit, unless that is several code units or turns a non-ASCII
 * character into an ASCII one (so `ſ` does not match `s`, exactly as /s/i.test('ſ') is false).
 */
function canonicalChar(ch: string): string {
  const upper = ch.toUpperCase()
  if (upper.length !== 1) return ch
  if (ch.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128) return ch
  return upper
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/

/** A string with every code unit canonicalized; the same length as `s`. */
export function canonicalCase(s: string): string {
  if (ASCII.test(s)) return s.toUpperCase()
  let out = ''
  for (let i = 0; i < s.length; i++) out += canonicalChar(s[i])
  return out
}

const STAR = 42 // '*'
const QUESTION = 63 // '?'

/**
 * `*` any run of characters (none included), `?` exactly one, anything else itself; the whole
 * text must match. The greedy two-pointer algorithm: on a mismatch it retries only from the most
 * recent `*` (a later star can absorb whatever an earlier one could), so at most
 * O(pattern × text) steps, and linear on the patterns policies really hold.
 */
function globTest(p: string, s: string): boolean {
  let pi = 0
  let si = 0
  let star = -1
  let resume = 0
  while (si < s.length) {
    const pc = pi < p.length ? p.charCodeAt(pi) : -1
    if (pc === STAR) {
      star = pi++
      resume = si
    } else if (pc !== -1 && (pc === QUESTION || pc === s.charCodeAt(si))) {
      pi++
      si++
    } else if (star >= 0) {
      pi = star + 1
      si = ++resume
    } else return false
  }
  while (pi < p.length && p.charCodeAt(pi) === STAR) pi++
  return pi === p.length
}

/**
 * A matcher for one glob (`*` and `?`, both crossing `:` and `/`, everything else literal).
 * `caseInsensitive` compares as a case-insensitive RegExp would (IAM action names).
 */
export function globMatcher(pattern: string, caseInsensitive = false): (text: string) => boolean {
  if (!/[*?]/.test(pattern)) {
    if (!caseInsensitive) return (text) => text === pattern
    // a name without wildcards compares lower-cased, as the exact-name set lookups do
    const lower = pattern.toLowerCase()
    return (text) => text.toLowerCase() === lower
  }
  if (/^\*+$/.test(pattern)) return () => true
  const p = caseInsensitive ? canonicalCase(pattern) : pattern
  return caseInsensitive ? (text) => globTest(p, canonicalCase(text)) : (text) => globTest(p, text)
}

/**
 * One step of a pattern program, for dialects whose wildcards stop at a separator (the
 * catalogue's `[^:]*`, a path glob's `[^/]*`) or hold optional groups (`(?:.*\/)?`), which the
 * two-pointer algorithm cannot express.
 */
export type Step =
  /** exactly this character */
  | { op: 'char'; code: number }
  /** one character, other than `except` */
  | { op: 'one'; except?: number }
  /** any run of characters (none included), none of them `except` */
  | { op: 'run'; except?: number }
  /** the next `skip` steps may be skipped as a whole (an optional group) */
  | { op: 'optional'; skip: number }

export const charSteps = (literal: string): Step[] => Array.from({ length: literal.length }, (_, i) => ({ op: 'char', code: literal.charCodeAt(i) }))

const CHAR = 0
const ONE = 1
const RUN = 2
const OPTIONAL = 3
const OPS = { char: CHAR, one: ONE, run: RUN, optional: OPTIONAL } as const

/**
 * A matcher for a pattern program, run as a nondeterministic automaton: the set of steps that
 * can be reached advances one character at a time, each step entered at most once per
 * character, so O(text × steps) whatever the pattern, with no backtracking at all.
 */
export function programMatcher(program: readonly Step[]): (text: string) => boolean {
  const steps = simplify(program)
  const accept = steps.length
  const op = Int8Array.from(steps, (s) => OPS[s.op])
  const arg = Int32Array.from(steps, (s) => (s.op === 'char' ? s.code : s.op === 'optional' ? s.skip : s.except ?? -1))
  const seen = new Uint32Array(accept + 1)
  const pending = new Int32Array(2 * (accept + 1))
  let current = new Int32Array(accept + 1)
  let next = new Int32Array(accept + 1)
  let generation = 0
  /** enters `state` and every step reachable from it without consuming a character; returns the new size of `into` */
  const enter = (into: Int32Array, size: number, state: number): number => {
    let top = 0
    pending[top++] = state
    while (top > 0) {
      const i = pending[--top]
      if (seen[i] === generation) continue
      seen[i] = generation
      if (i < accept && op[i] === OPTIONAL) {
        pending[top++] = i + 1 + arg[i]
        pending[top++] = i + 1
        continue
      }
      if (i < accept && op[i] === RUN) pending[top++] = i + 1
      into[size++] = i
    }
    return size
  }
  return (text) => {
    // one generation per character: start over before the counter could wrap around
    if (generation + text.length + 2 > 0xffffffff) {
      seen.fill(0)
      generation = 0
    }
    generation++
    let size = enter(current, 0, 0)
    for (let k = 0; k < text.length && size > 0; k++) {
      const c = text.charCodeAt(k)
      generation++
      let nextSize = 0
      for (let j = 0; j < size; j++) {
        const i = current[j]
        if (i === accept) continue
        const o = op[i]
        if (o === CHAR) {
          if (arg[i] === c) nextSize = enter(next, nextSize, i + 1)
        } else if (arg[i] !== c) nextSize = enter(next, nextSize, o === RUN ? i : i + 1)
      }
      ;[current, next] = [next, current]
      size = nextSize
    }
    for (let j = 0; j < size; j++) if (current[j] === accept) return true
    return false
  }
}

/**
 * The same language in fewer live states: within a stretch of single characters and runs of
 * one kind (`*?*?…`), the singles come first and one run last (`??…*`); repeated optional
 * groups that open with an unrestricted run (`**\/**\/…`) become one. Keeps the state set small
 * on the patterns a hostile config would hold.
 */
function simplify(steps: readonly Step[]): Step[] {
  const out: Step[] = []
  const same = (a: Step, b: Step) => JSON.stringify(a) === JSON.stringify(b)
  for (let i = 0; i < steps.length; ) {
    const s = steps[i]
    if (s.op === 'optional') {
      const group = steps.slice(i, i + 1 + s.skip)
      // (Σ*W)?(Σ*W)? accepts what (Σ*W)? does: a string ending in W ends in W. Only a group
      // that opens with an unrestricted run is merged with the identical copies after it.
      const mergeable = group[1]?.op === 'run' && group[1].except === undefined && !group.slice(1).some((b) => b.op === 'optional')
      let j = i + group.length
      while (mergeable && j + group.length <= steps.length && group.every((g, k) => same(g, steps[j + k]))) j += group.length
      out.push(...group)
      i = j
      continue
    }
    if (s.op === 'one' || s.op === 'run') {
      let j = i
      let ones = 0
      let runs = 0
      while (j < steps.length && (steps[j].op === 'one' || steps[j].op === 'run') && (steps[j] as { except?: number }).except === s.except) {
        if (steps[j].op === 'one') ones++
        else runs++
        j++
      }
      for (let k = 0; k < ones; k++) out.push({ op: 'one', ...(s.except !== undefined ? { except: s.except } : {}) })
      if (runs > 0) out.push({ op: 'run', ...(s.except !== undefined ? { except: s.except } : {}) })
      i = j
      continue
    }
    out.push(s)
    i++
  }
  return out
}
