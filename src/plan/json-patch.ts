// RFC 6902 JSON Patch, the three operations a plan writes (add, remove, replace), and the diff
// that writes them: the smallest edit at the deepest place that changed, so a reviewer reads one
// replaced Action list, not a replaced file. The tests apply these patches with an independent
// implementation (fast-json-patch) to prove they mean what `apply` makes of them.

export type JsonPatchOp =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: unknown }

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export const escapeToken = (token: string | number): string => String(token).replace(/~/g, '~0').replace(/\//g, '~1')
export const pointer = (...tokens: (string | number)[]): string => tokens.map((t) => `/${escapeToken(t)}`).join('')

function tokensOf(path: string): string[] {
  if (path === '') return []
  if (!path.startsWith('/')) throw new Error(`JSON pointer '${path}' does not start with /`)
  return path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))

function index(arr: unknown[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return arr.length
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new Error(`'${token}' is not an array index`)
  const i = Number(token)
  if (i > arr.length || (!forAdd && i === arr.length)) throw new Error(`index ${i} is out of range`)
  return i
}

/** Apply a patch to a copy of `doc` (undefined: the file does not exist yet; only a whole-document add creates it). */
export function applyPatch(doc: unknown, ops: readonly JsonPatchOp[]): unknown {
  let root = clone(doc)
  for (const op of ops) {
    const tokens = tokensOf(op.path)
    if (tokens.length === 0) {
      if (op.op === 'remove') throw new Error('cannot remove the whole document')
      root = clone(op.value)
      continue
    }
    let parent: unknown = root
    for (const t of tokens.slice(0, -1)) {
      parent = Array.isArray(parent) ? parent[index(parent, t, false)] : isObject(parent) && Object.hasOwn(parent, t) ? parent[t] : undefined
      if (parent === undefined) throw new Error(`${op.path}: no such location`)
    }
    const last = tokens[tokens.length - 1]
    if (Array.isArray(parent)) {
      const i = index(parent, last, op.op === 'add')
      if (op.op === 'add') parent.splice(i, 0, clone(op.value))
      else if (op.op === 'remove') parent.splice(i, 1)
      else parent[i] = clone(op.value)
    } else if (isObject(parent)) {
      if (op.op !== 'add' && !Object.hasOwn(parent, last)) throw new Error(`${op.path}: no such member`)
      if (op.op === 'remove') delete parent[last]
      else parent[last] = clone(op.value)
    } else {
      throw new Error(`${op.path}: the parent is not a container`)
    }
  }
  return root
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * The operations that turn `before` into `after`. Objects are compared member by member; an
 * array that only grew at its end gets adds, one of the same length is compared element by
 * element, anything else is replaced whole (statement lists are short; a replaced list reads
 * better than a chain of index shifts).
 */
export function diff(before: unknown, after: unknown, path = ''): JsonPatchOp[] {
  if (same(before, after)) return []
  if (before === undefined) return [{ op: 'add', path, value: clone(after) }]
  if (isObject(before) && isObject(after)) {
    const ops: JsonPatchOp[] = []
    for (const k of Object.keys(before)) if (!Object.hasOwn(after, k)) ops.push({ op: 'remove', path: `${path}/${escapeToken(k)}` })
    for (const [k, v] of Object.entries(after)) {
      const p = `${path}/${escapeToken(k)}`
      if (!Object.hasOwn(before, k)) ops.push({ op: 'add', path: p, value: clone(v) })
      else ops.push(...diff(before[k], v, p))
    }
    return ops
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (after.length >= before.length && before.every((v, i) => same(v, after[i]))) {
      return after.slice(before.length).map((v) => ({ op: 'add' as const, path: `${path}/-`, value: clone(v) }))
    }
    if (after.length === before.length) return before.flatMap((v, i) => diff(v, after[i], `${path}/${i}`))
  }
  return [{ op: 'replace', path, value: clone(after) }]
}
