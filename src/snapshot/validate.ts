// ajv validation of snapshot files, turned into one InputError naming file, JSON path and
// what was expected.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { InputError } from '../errors.js'
import { findDuplicateKey } from './duplicate-keys.js'
import { FILE_NAME_PART, TIMESTAMP_PATTERN } from './schemas/index.js'

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv
const ajv = new Ajv({ allErrors: false, strict: false })
addFormats(ajv)
ajv.addFormat('timestamp', isTimestamp)

const TIMESTAMP = new RegExp(TIMESTAMP_PATTERN)
const TIMESTAMP_SHAPE = 'ISO 8601, as the AWS CLI prints it'

/** An ISO 8601 date and time as the AWS CLI and SDKs print them, and one that is a real date:
 * every age and RPO is computed from these, and NaN would make a check silently quiet. */
export function isTimestamp(value: string): boolean {
  return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
}
const compiled = new WeakMap<object, ValidateFunction>()

export function jsonPathOf(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (extra !== undefined) parts.push(extra)
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${acc}.${p}` : `${acc}[${JSON.stringify(p)}]`), '$')
}

export function describeExpectation(e: ErrorObject): { path: string; expected: string } {
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required':
      return { path: jsonPathOf(e.instancePath, String(p.missingProperty)), expected: 'this field to be present' }
    case 'type':
      return { path: jsonPathOf(e.instancePath), expected: [p.type].flat().map((t) => `${/^[aeiou]/.test(String(t)) ? 'an' : 'a'} ${String(t)}`).join(' or ') }
    case 'const':
      return { path: jsonPathOf(e.instancePath), expected: JSON.stringify(p.allowedValue) }
    case 'enum':
      return { path: jsonPathOf(e.instancePath), expected: `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` }
    case 'pattern':
      if (p.pattern === TIMESTAMP_PATTERN) return { path: jsonPathOf(e.instancePath), expected: `a timestamp such as 2026-11-27T00:00:00Z (${TIMESTAMP_SHAPE})` }
      if (p.pattern === FILE_NAME_PART) return { path: jsonPathOf(e.instancePath), expected: 'a name without /, \\ or control characters (it is part of a snapshot file name)' }
      return { path: jsonPathOf(e.instancePath), expected: `a string matching ${String(p.pattern)}` }
    case 'format':
      if (p.format === 'timestamp') return { path: jsonPathOf(e.instancePath), expected: `a timestamp such as 2026-11-27T00:00:00Z (${TIMESTAMP_SHAPE})` }
      if (p.format === 'date') return { path: jsonPathOf(e.instancePath), expected: 'a day that exists, YYYY-MM-DD' }
      return { path: jsonPathOf(e.instancePath), expected: `a ${String(p.format)} string` }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: jsonPathOf(e.instancePath), expected: `a number ${String(p.comparison)} ${String(p.limit)}` }
    case 'minLength':
      return { path: jsonPathOf(e.instancePath), expected: Number(p.limit) === 1 ? 'a non-empty string' : `a string of at least ${String(p.limit)} characters` }
    case 'maxLength':
      return { path: jsonPathOf(e.instancePath), expected: `a string of at most ${String(p.limit)} characters` }
    case 'uniqueItems':
      return { path: jsonPathOf(e.instancePath, String(Math.max(Number(p.i), Number(p.j)))), expected: `no duplicate (item ${String(Math.min(Number(p.i), Number(p.j)))} is the same)` }
    case 'minItems':
      return { path: jsonPathOf(e.instancePath), expected: `at least ${String(p.limit)} item(s)` }
    case 'anyOf':
      return { path: jsonPathOf(e.instancePath), expected: 'an object with at least one of the expected keys' }
    case 'additionalProperties':
      return { path: jsonPathOf(e.instancePath, String(p.additionalProperty)), expected: 'no such field (not allowed here)' }
    default:
      return { path: jsonPathOf(e.instancePath), expected: e.message ?? 'a valid value' }
  }
}

/** Validate `data` against `schema`; throws InputError(file, path, expected) on the first error. */
export function validateOrThrow<T>(schema: object, data: unknown, file: string): T {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  if (!validate(data)) {
    const err = validate.errors![0]
    const { path, expected } = describeExpectation(err)
    throw new InputError(file, path, expected)
  }
  return data as T
}

/**
 * JSON.parse with an InputError that says where the text broke, and one for a key given twice in
 * an object (JSON.parse would keep the last without a word).
 */
export function parseJson(text: string, file: string): unknown {
  // a UTF-8 byte order mark (Windows editors, PowerShell's Set-Content) is not part of the JSON
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (err) {
    throw new InputError(file, '$', `valid JSON (${text.trim() === '' ? 'the file is empty' : syntaxProblem(err, text)})`)
  }
  const duplicate = findDuplicateKey(body)
  if (duplicate) throw new InputError(file, duplicate.path, duplicateKeyExpectation(duplicate.key))
  return value
}

/** What a file with a key given twice should have had, for JSON and YAML alike. */
export function duplicateKeyExpectation(key: string): string {
  const shown = key.length > 60 ? `${key.slice(0, 59)}…` : key
  return `each key once in an object (${JSON.stringify(shown)} is given twice; which one counts would be a guess)`
}

/**
 * V8's message without the quoted excerpt of the input it may carry (`Unexpected token 'x',
 * "…" is not valid JSON`): the file may hold a secret, and the line and column say enough.
 */
function syntaxProblem(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err)
  const what = message.replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '')
  const position = /at position (\d+)/.exec(message)?.[1]
  if (position === undefined) return what
  const before = text.slice(0, Number(position))
  const line = before.split('\n').length
  const column = Number(position) - before.lastIndexOf('\n')
  return `${what} at line ${line}, column ${column}`
}
