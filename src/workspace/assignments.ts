// `NAME = value` in the shapes credentials take: .env and shell (`export X=...`), INI and
// tfvars (`x = "..."`), YAML (`x: ...`, compose lists `- X=...`), JSON (`"x": "..."`), and
// quoted assignments in code (`apiKey: "..."`, `password="..."`).
import type { FileKind } from './file-kind.js'

export interface Assignment {
  name: string
  value: string
}

// Anchored at the start of the line; the value may be unquoted (config files only).
const LINE_ASSIGNMENT =
  /^\s*(?:-\s+)?(?:export\s+|set\s+|readonly\s+|declare\s+-x\s+|\$env:)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*)$/
// Anywhere in the line, quoted value only (code, and a second pass on config lines): an
// assignment operator followed by a string literal, then the name before the operator.
const OPERATOR_THEN_QUOTE = /(?::=|=>|[:=])[ \t]*(["'`])/g
const MIN_QUOTED_SECRET = 8
const LOOK_BACK = 80

// Comments, JSDoc blocks included: API docs are full of `Password: "STRING_VALUE"` examples.
// Known formats are still found in comments (a commented-out live key is still live).
const COMMENT = /^\s*(?:#|\/\/|;|<!--|--\s|\/?\*)/

/** The value of a quoted or bare setting, without quotes, trailing comment or separator. */
export function unquote(raw: string, allowBare: boolean): string | undefined {
  const v = raw.trim()
  const q = v[0]
  if (q === '"' || q === "'" || q === '`') {
    const end = closingQuote(v, 0)
    return end < 0 ? undefined : v.slice(1, end).replace(/\\(["'`\\])/g, '$1')
  }
  if (!allowBare) return undefined
  // YAML block scalars, flow collections and anchors hold no single value on this line.
  if (/^[|>[{&*!]/.test(v)) return undefined
  return v.replace(/\s+#.*$/, '').replace(/[,;]$/, '').trim()
}

// No credential is longer; bounding the search keeps a minified line with many unclosed quotes linear.
const MAX_QUOTED_LENGTH = 4096

/** Index of the quote that closes the one at `open` (within MAX_QUOTED_LENGTH), or -1. */
function closingQuote(v: string, open: number): number {
  const q = v[open]
  const last = Math.min(v.length, open + 1 + MAX_QUOTED_LENGTH)
  for (let i = open + 1; i < last; i++) {
    if (v[i] === '\\') i++
    else if (v[i] === q) return i
  }
  return -1
}

export function assignmentsIn(line: string, kind: FileKind): Assignment[] {
  if (COMMENT.test(line)) return []
  const found: Assignment[] = []
  const bare = kind !== 'code' && kind !== 'json'
  const m = kind === 'code' ? null : LINE_ASSIGNMENT.exec(line)
  if (m) {
    let [, name, rest] = m
    // compose `- "KEY=value"`: the quotes wrap the whole assignment
    const inner = /^-\s+["'](.*)["']\s*$/.exec(line.trim())
    if (inner) {
      const again = LINE_ASSIGNMENT.exec(inner[1])
      if (again) [, name, rest] = again
    }
    const value = unquote(rest, bare)
    if (value !== undefined && value !== '') found.push({ name, value })
  }
  for (const q of quotedAssignments(line)) {
    if (!found.some((f) => f.name === q.name && f.value === q.value)) found.push(q)
  }
  return found
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t'
function isNameChar(c: string | undefined): boolean {
  if (c === undefined) return false
  const x = c.charCodeAt(0)
  return (x >= 97 && x <= 122) || (x >= 65 && x <= 90) || (x >= 48 && x <= 57) || x === 95 || x === 45
}

/**
 * The name assigned the literal that starts at `at`: `name = "…"`, `name: '…'`, `"name": "…"`,
 * `name := "…"`, `name => "…"`. Undefined for arguments (`f("…")`), the common case, found by
 * looking back one character at a time instead of running an expression over the line.
 */
export function nameBefore(line: string, at: number): string | undefined {
  let i = at - 1
  while (isSpace(line[i])) i--
  if (line[i] !== ':' && line[i] !== '=' && line[i] !== '>') return undefined
  if (line[i] === '>' && line[i - 1] !== '=') return undefined
  i--
  if (line[i] === ':' || line[i] === '=') i--
  while (isSpace(line[i])) i--
  if (line[i] === '"' || line[i] === "'") i--
  const end = i + 1
  while (i >= 0 && end - i <= LOOK_BACK && isNameChar(line[i])) i--
  const name = line.slice(i + 1, end)
  return /^[A-Za-z_]/.test(name) ? name : undefined
}

function quotedAssignments(line: string): Assignment[] {
  const found: Assignment[] = []
  const re = OPERATOR_THEN_QUOTE
  re.lastIndex = 0
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const open = re.lastIndex - 1
    const close = closingQuote(line, open)
    if (close < 0 || close - open - 1 < MIN_QUOTED_SECRET) continue
    const name = nameBefore(line, open)
    if (name) found.push({ name, value: line.slice(open + 1, close).replace(/\\(["'`\\])/g, '$1') })
  }
  return found
}
