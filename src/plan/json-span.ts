// Where a JSON value stands in a file's text: the character range of the value a JSON pointer
// names, found by walking only the path to it (other values are skipped, not parsed). A SARIF
// fix is a set of character replacements in the file as it is; this turns a JSON patch into them.
import { diff, type JsonPatchOp } from './json-patch.js'

const WS = /\s/

function skipWs(t: string, i: number): number {
  while (i < t.length && WS.test(t[i])) i++
  return i
}

function skipString(t: string, i: number): number {
  // t[i] === '"'
  i++
  while (i < t.length) {
    if (t[i] === '\\') i += 2
    else if (t[i] === '"') return i + 1
    else i++
  }
  throw new Error('unterminated string')
}

/** The end (exclusive) of the value starting at i. */
function skipValue(t: string, i: number): number {
  const c = t[i]
  if (c === '"') return skipString(t, i)
  if (c === '{' || c === '[') {
    let depth = 0
    while (i < t.length) {
      const ch = t[i]
      if (ch === '"') { i = skipString(t, i); continue }
      if (ch === '{' || ch === '[') depth++
      else if (ch === '}' || ch === ']') { depth--; if (depth === 0) return i + 1 }
      i++
    }
    throw new Error('unterminated container')
  }
  let j = i
  while (j < t.length && !/[,\]}\s]/.test(t[j])) j++
  return j
}

function tokensOf(path: string): string[] {
  return path === '' ? [] : path.slice(1).split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** [start, end) of the value at `pointer` in the JSON text, or undefined when it is not there. */
export function spanAt(text: string, pointer: string): [number, number] | undefined {
  let i = skipWs(text, 0)
  for (const token of tokensOf(pointer)) {
    const c = text[i]
    if (c === '{') {
      i = skipWs(text, i + 1)
      let found = false
      while (text[i] !== '}') {
        const keyEnd = skipString(text, i)
        const key = JSON.parse(text.slice(i, keyEnd)) as string
        i = skipWs(text, skipWs(text, keyEnd) + 1) // past ':'
        if (key === token) { found = true; break }
        i = skipWs(text, skipValue(text, i))
        if (text[i] === ',') i = skipWs(text, i + 1)
      }
      if (!found) return undefined
    } else if (c === '[') {
      const want = Number(token)
      if (!Number.isInteger(want)) return undefined
      i = skipWs(text, i + 1)
      for (let k = 0; k < want; k++) {
        if (text[i] === ']') return undefined
        i = skipWs(text, skipValue(text, i))
        if (text[i] === ',') i = skipWs(text, i + 1)
      }
      if (text[i] === ']') return undefined
    } else {
      return undefined
    }
  }
  return [i, skipValue(text, i)]
}

export interface TextEdit {
  offset: number
  length: number
  text: string
}

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/'))
const within = (outer: string, inner: string): boolean => inner === outer || inner.startsWith(`${outer}/`)

function valueAt(doc: unknown, path: string): unknown {
  let v = doc
  for (const t of tokensOf(path)) v = Array.isArray(v) ? v[Number(t)] : (v as Record<string, unknown>)[t]
  return v
}

/**
 * The edits that turn `text` (whose JSON is `before`) into `after`: each value a patch op
 * replaces, or the container an op adds to or removes from, rewritten whole; a file that does not
 * exist yet is inserted whole.
 */
export function textEdits(text: string | undefined, before: unknown, after: unknown): TextEdit[] {
  if (text === undefined) return [{ offset: 0, length: 0, text: `${JSON.stringify(after, null, 2)}\n` }]
  const ops: JsonPatchOp[] = diff(before, after)
  const targets = [...new Set(ops.map((op) => (op.op === 'replace' ? op.path : parentOf(op.path))))]
  const outer = targets.filter((t) => !targets.some((o) => o !== t && within(o, t)))
  const edits: TextEdit[] = []
  for (const pointer of outer) {
    const span = spanAt(text, pointer)
    if (!span) return [{ offset: 0, length: text.length, text: `${JSON.stringify(after, null, 2)}\n` }]
    edits.push({ offset: span[0], length: span[1] - span[0], text: JSON.stringify(valueAt(after, pointer)) })
  }
  return edits.sort((a, b) => a.offset - b.offset)
}
