// Policy documents arrive as JSON objects (what the AWS CLI prints) or URL-encoded JSON strings
// (what the raw API returns). Statement, Action, Resource and Principal values may be a single
// value or a list; here they become lists, once, so the IAM engine reads one shape.
import { InputError } from '../errors.js'
import type { PolicyDocument, PolicyPrincipal, PolicyStatement } from './types.js'

const EXPECTED = 'a policy document: a JSON object, or a (URL-encoded) JSON string of one, with a Statement'

/** Where a policy document was read: the snapshot file (as shown in messages) and its JSON path there. */
export interface PolicyOrigin {
  file: string
  jsonPath: string
}

// Kept beside the documents rather than on them: a document stays the plain JSON shape it was
// (compared, printed and patched as such), and a copy made later is not from that file.
const origins = new WeakMap<object, PolicyOrigin>()

/** The file and JSON path a parsed document came from, for error messages further down the pipeline. */
export function policyOrigin(document: unknown): PolicyOrigin | undefined {
  return typeof document === 'object' && document !== null ? origins.get(document) : undefined
}

export function parsePolicyDocument(raw: unknown, file: string, jsonPath: string): PolicyDocument {
  const doc = parseDocument(raw, file, jsonPath)
  origins.set(doc, { file, jsonPath })
  return doc
}

function parseDocument(raw: unknown, file: string, jsonPath: string): PolicyDocument {
  let value = raw
  if (typeof value === 'string') {
    value = decodePolicyText(value)
    if (value === undefined) throw new InputError(file, jsonPath, EXPECTED)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(file, jsonPath, EXPECTED)
  const doc = value as Record<string, unknown>
  const statements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
  return {
    ...(typeof doc.Version === 'string' ? { Version: doc.Version } : {}),
    ...(typeof doc.Id === 'string' ? { Id: doc.Id } : {}),
    Statement: statements.map((s, i) => parseStatement(s, file, `${jsonPath}.Statement[${i}]`)),
  }
}

/**
 * A policy given as text: plain JSON first (so a literal `%2B` or `+` in a value stays as it is),
 * then URL-encoded JSON as the raw API returns it (RFC 3986: `%20`, `%2B`), then form-encoded JSON
 * (`+` for a space) as hand-made snapshots carry it. undefined when none of them is JSON.
 */
function decodePolicyText(text: string): unknown {
  const attempts = [() => text, () => decodeURIComponent(text), () => decodeURIComponent(text.replace(/\+/g, ' '))]
  for (const decode of attempts) {
    try {
      return JSON.parse(decode())
    } catch {
      // not this encoding: try the next
    }
  }
  return undefined
}

function list(value: unknown, file: string, path: string): string[] | undefined {
  if (value === undefined) return undefined
  const values = Array.isArray(value) ? value : [value]
  if (!values.every((v) => typeof v === 'string')) throw new InputError(file, path, 'a string or a list of strings')
  return values as string[]
}

function principal(value: unknown, file: string, path: string): PolicyPrincipal | undefined {
  if (value === undefined) return undefined
  if (value === '*') return '*'
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(file, path, '"*" or an object such as {"AWS": [...]} or {"Service": [...]}')
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, list(v, file, `${path}.${k}`)!]))
}

function parseStatement(raw: unknown, file: string, path: string): PolicyStatement {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(file, path, 'a statement object')
  const s = raw as Record<string, unknown>
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new InputError(file, `${path}.Effect`, '"Allow" or "Deny"')
  const out: PolicyStatement = { Effect: s.Effect }
  if (typeof s.Sid === 'string') out.Sid = s.Sid
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const v = list(s[key], file, `${path}.${key}`)
    if (v) out[key] = v
  }
  const p = principal(s.Principal, file, `${path}.Principal`)
  if (p) out.Principal = p
  const np = principal(s.NotPrincipal, file, `${path}.NotPrincipal`)
  if (np) out.NotPrincipal = np
  if (s.Condition !== undefined) out.Condition = condition(s.Condition, file, `${path}.Condition`)
  if (!out.Action && !out.NotAction) throw new InputError(file, path, 'an Action or NotAction')
  return out
}

function condition(raw: unknown, file: string, path: string): Record<string, Record<string, string[]>> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(file, path, 'an object of condition operators')
  const out: Record<string, Record<string, string[]>> = {}
  for (const [op, block] of Object.entries(raw)) {
    if (block === null || typeof block !== 'object' || Array.isArray(block)) throw new InputError(file, member(path, op), 'an object of condition keys')
    out[op] = {}
    for (const [key, v] of Object.entries(block)) {
      const values: unknown[] = Array.isArray(v) ? v : [v]
      // IAM compares scalars as strings; anything else would become "[object Object]" (or, deeply
      // nested, overflow the stack while being stringified)
      if (!values.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
        throw new InputError(file, member(member(path, op), key), 'a string, number or boolean, or a list of them')
      }
      out[op][key] = values.map((x) => String(x))
    }
  }
  return out
}

/** `path.key`, or `path["aws:Key"]` when the key is no identifier */
function member(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}
