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
// Anywhere in the line, quoted value only (code, and a second pass on config lines).
const QUOTED_ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_-]*)["']?\s*(?::|=|:=|=>)\s*(["'`])((?:\\.|(?!\2).)*)\2/g

const COMMENT = /^\s*(?:#|\/\/|;|<!--|--\s)/

/** The value of a quoted or bare setting, without quotes, trailing comment or separator. */
export function unquote(raw: string, allowBare: boolean): string | undefined {
  const v = raw.trim()
  const q = v[0]
  if (q === '"' || q === "'" || q === '`') {
    const end = findClosingQuote(v, q)
    return end < 0 ? undefined : v.slice(1, end).replace(/\\(["'`\\])/g, '$1')
  }
  if (!allowBare) return undefined
  // YAML block scalars, flow collections and anchors hold no single value on this line.
  if (/^[|>[{&*!]/.test(v)) return undefined
  return v.replace(/\s+#.*$/, '').replace(/[,;]$/, '').trim()
}

function findClosingQuote(v: string, q: string): number {
  for (let i = 1; i < v.length; i++) {
    if (v[i] === '\\') i++
    else if (v[i] === q) return i
  }
  return -1
}

export function assignmentsIn(line: string, kind: FileKind): Assignment[] {
  if (COMMENT.test(line)) return []
  const found: Assignment[] = []
  const bare = kind !== 'code' && kind !== 'json'
  const m = LINE_ASSIGNMENT.exec(line)
  if (m && kind !== 'code') {
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
  for (const q of line.matchAll(QUOTED_ASSIGNMENT)) {
    const value = q[3].replace(/\\(["'`\\])/g, '$1')
    if (!found.some((f) => f.name === q[1] && f.value === value)) found.push({ name: q[1], value })
  }
  return found
}
