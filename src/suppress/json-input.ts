// Reads a JSON file a user hands us (a report, a baseline) and turns the first thing wrong with it
// into one InputError naming the file, the JSON path and what was expected (spec §1, exit 2).
import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { InputError } from '../errors.js'

const ajv = new Ajv({ allErrors: false, strict: false })
;(addFormats as unknown as (a: Ajv) => void)(ajv)

const compiled = new WeakMap<object, ValidateFunction>()

function validatorFor(schema: object): ValidateFunction {
  let v = compiled.get(schema)
  if (!v) {
    const id = (schema as { $id?: unknown }).$id
    v = (typeof id === 'string' && ajv.getSchema(id)) || ajv.compile(schema)
    compiled.set(schema, v)
  }
  return v
}

/** `/findings/0/fingerprint` → `$.findings[0].fingerprint` */
export function jsonPathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `${acc}.${seg}` : `${acc}[${JSON.stringify(seg)}]`), '$')
}

/** What the schema wanted, in words, from one ajv error. */
export function expectedOf(err: ErrorObject): { path: string; expected: string } {
  const path = jsonPathOf(err.instancePath)
  const p = err.params as Record<string, unknown>
  switch (err.keyword) {
    case 'required':
      return { path, expected: `a property "${String(p.missingProperty)}"` }
    case 'additionalProperties':
      return { path: `${path}.${String(p.additionalProperty)}`, expected: 'no such property (not in the schema)' }
    case 'type':
      return { path, expected: `${String(p.type)}` }
    case 'const':
      return { path, expected: JSON.stringify(p.allowedValue) }
    case 'enum':
      return { path, expected: `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` }
    case 'pattern':
      return { path, expected: `a string matching ${String(p.pattern)}` }
    case 'format':
      return { path, expected: `a ${String(p.format)} string` }
    default:
      return { path, expected: `a value that ${err.message ?? `satisfies ${err.keyword}`}` }
  }
}

/** Parse and validate; throws InputError on a missing file, bad JSON or the first schema error. */
export function readJsonFile<T>(file: string, schema: object, what: string): T {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputError(file, '$', `a readable ${what} file (${code === 'ENOENT' ? 'it does not exist' : code ?? 'unreadable'})`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new InputError(file, '$', `valid JSON for a ${what} (${(err as Error).message})`)
  }
  const validate = validatorFor(schema)
  if (!validate(data)) {
    const { path, expected } = expectedOf(validate.errors![0])
    throw new InputError(file, path, `${expected} (not a valid ${what})`)
  }
  return data as T
}
