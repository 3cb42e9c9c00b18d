// JSON.parse lets the last of two equal keys win without a word: `"formatVersion": 2,
// "formatVersion": 1` reads as 1, and `"Effect": "Deny", "Effect": "Allow"` as an Allow. Input
// that says two things is refused instead (issue 11); this finds the first such key.

export interface DuplicateKey {
  /** JSON path of the second occurrence, e.g. `$.accounts[0].id` */
  path: string
  key: string
}

/** An object: its keys so far (a list while short, then a set: a hostile object may hold
 * 100,000 keys) and the last one; an array: its index. */
interface Frame {
  keys?: string[] | Set<string>
  key?: string
  index: number
}

const SMALL = 16

/** `$`, `.name`, `["odd key"]`, `[3]`: the form error messages use everywhere (jsonPathOf). */
export function pathOf(segments: (string | number)[]): string {
  return segments.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${acc}.${p}` : `${acc}[${JSON.stringify(p)}]`),
    '$',
  )
}

function segmentsOf(stack: Frame[]): (string | number)[] {
  return stack.map((f) => (f.keys ? f.key ?? '' : f.index))
}

// a whole string (escapes included: the unrolled loop has no ambiguity, so no backtracking), or
// one structural character; numbers, literals and white space are skipped by the search itself
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|[{}[\],]/g

/**
 * The first key that appears twice in one object of `text`, which must be valid JSON (parse it
 * first). One pass over the text; only keys are decoded (`"a"` and `"\u0061"` are one key).
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = []
  let expectKey = false
  const token = new RegExp(TOKEN)
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    const t = m[0]
    const c = t.charCodeAt(0)
    if (c === 34 /* " */) {
      if (!expectKey) continue
      const top = stack[stack.length - 1]
      const key = t.indexOf('\\') === -1 ? t.slice(1, -1) : (JSON.parse(t) as string)
      const keys = top.keys!
      if (Array.isArray(keys) ? keys.includes(key) : keys.has(key)) {
        top.key = key
        return { path: pathOf(segmentsOf(stack)), key }
      }
      if (Array.isArray(keys)) {
        keys.push(key)
        if (keys.length > SMALL) top.keys = new Set(keys)
      } else keys.add(key)
      top.key = key
      expectKey = false
    } else if (c === 123 /* { */) {
      stack.push({ keys: [], index: 0 })
      expectKey = true
    } else if (c === 91 /* [ */) {
      stack.push({ index: 0 })
      expectKey = false
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1]
      if (top.keys) expectKey = true
      else top.index++
    } else {
      stack.pop()
      expectKey = false
    }
  }
  return undefined
}
