// fast-check arbitraries generated from the published JSON Schemas (src/snapshot/schemas): every
// value they produce passes the schema, so whatever the reader and the normalizer do with it must
// be a clean answer, never a crash. Covers the schema keywords the snapshot schemas use; a
// schema with a keyword it does not know fails loudly rather than generating less than it should.
import fc from 'fast-check'
import { isTimestamp } from '../../src/snapshot/validate.js'

type Schema = Record<string, unknown>

const KNOWN = new Set([
  'type', 'properties', 'required', 'items', 'const', 'enum', 'pattern', 'format', 'minimum', 'maximum',
  'minLength', 'minItems', 'uniqueItems', 'anyOf', 'description', 'additionalProperties',
])

/** Strings a hand-made or hostile snapshot holds: empty, wildcards, ARNs, separators, escapes, other scripts. */
const oddString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '*', '?', '*?*', 'arn:aws:iam::111111111111:role/x', 'arn:aws:rds:us-east-1:111111111111:db:orders', 'prod', 'Production', '${aws:username}', 'a/b', '..', '\u001b[2J', 'ſ', 'İ', '0'),
  fc.string({ unit: 'binary', maxLength: 8 }),
)

/** Timestamps as the AWS CLI and SDKs print them, in their variants: Z, offsets, milliseconds, no seconds. */
const timestampUntil = (latest: Date) => fc
  .tuple(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: latest, noInvalidDate: true }), fc.nat(5))
  .map(([d, variant]) => {
    const iso = d.toISOString()
    return [iso, iso.replace(/\.\d+Z$/, 'Z'), iso.replace(/Z$/, '+00:00'), iso.replace('T', ' ').replace(/Z$/, ''), iso.slice(0, 16), iso.replace(/\.\d+Z$/, '-05:00')][variant]
  })
  .filter((t) => isTimestamp(t) && Date.parse(t) <= latest.getTime())

export interface ArbitraryOptions {
  /** extra properties beside the schema's (the schemas allow them: real CLI output has more) */
  extraKeys?: boolean
  /** the latest timestamp to draw (default: the end of 2099) */
  latest?: Date
  /** a replacement for one sub-schema, chosen by a predicate on it */
  custom?: (schema: Schema) => fc.Arbitrary<unknown> | undefined
}

// built once per schema and options: fc.stringMatching compiles its pattern on construction
const built = new WeakMap<ArbitraryOptions, WeakMap<Schema, fc.Arbitrary<unknown>>>()
const DEFAULTS: ArbitraryOptions = {}

export function arbitraryOf(schema: Schema, opts: ArbitraryOptions = DEFAULTS): fc.Arbitrary<unknown> {
  let cache = built.get(opts)
  if (!cache) built.set(opts, (cache = new WeakMap()))
  let arb = cache.get(schema)
  if (!arb) cache.set(schema, (arb = build(schema, opts)))
  return arb
}

function build(schema: Schema, opts: ArbitraryOptions): fc.Arbitrary<unknown> {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`schema-arbitrary: keyword ${key} is not supported`)
  const custom = opts.custom?.(schema)
  if (custom) return custom
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  if (Array.isArray(schema.anyOf)) {
    // each alternative adds required keys to the same object schema
    const { anyOf, ...rest } = schema
    return fc.oneof(...(anyOf as Schema[]).map((alt) => arbitraryOf({ ...rest, required: [...((rest.required as string[]) ?? []), ...((alt.required as string[]) ?? [])] }, opts)))
  }
  const types = schema.type === undefined ? ['any'] : [schema.type].flat() as string[]
  return fc.oneof(...types.map((t) => ofType(t, schema, opts)))
}

function ofType(type: string, schema: Schema, opts: ArbitraryOptions): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      if (schema.format === 'timestamp' || schema.format === 'date-time') return timestampUntil(opts.latest ?? new Date('2099-12-31T23:59:59Z')).map((t) => (schema.format === 'date-time' ? new Date(t.length === 16 ? `${t}Z` : t).toISOString() : t))
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern as string), { size: 'small' })
      return Number(schema.minLength ?? 0) > 0 ? oddString.filter((s) => s.length >= Number(schema.minLength)) : oddString
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'integer': {
      const min = Number(schema.minimum ?? Number.MIN_SAFE_INTEGER)
      const max = Number(schema.maximum ?? Number.MAX_SAFE_INTEGER)
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 400) }), fc.integer({ min, max }))
    }
    case 'array': {
      const items = schema.items ? arbitraryOf(schema.items as Schema, opts) : fc.jsonValue({ maxDepth: 2 })
      const constraints = { minLength: Number(schema.minItems ?? 0), maxLength: Math.max(3, Number(schema.minItems ?? 0)) }
      return schema.uniqueItems ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(items, constraints)
    }
    case 'object':
      return objectOf(schema, opts)
    case 'any':
      return fc.jsonValue({ maxDepth: 3 })
    default:
      throw new Error(`schema-arbitrary: type ${type} is not supported`)
  }
}

function objectOf(schema: Schema, opts: ArbitraryOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  const required = (schema.required ?? []) as string[]
  const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryOf(s, opts)]))
  for (const k of required) model[k] ??= fc.jsonValue({ maxDepth: 2 })
  const known = fc.record(model, { requiredKeys: required })
  if (!opts.extraKeys || schema.additionalProperties === false) return known
  const extra = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('Foo', 'Arn', 'Tags', 'Extra')), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 })
  return fc.tuple(known, extra).map(([k, e]) => ({ ...Object.fromEntries(Object.entries(e).filter(([key]) => !(key in properties))), ...k }))
}
