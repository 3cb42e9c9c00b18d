// A key given twice is refused wherever bulkhead reads JSON (issue 11): the manifest, every
// snapshot file, the config, a baseline or a report.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { findDuplicateKey } from '../../src/snapshot/duplicate-keys.js'
import { parseJson } from '../../src/snapshot/validate.js'
import { cli } from '../support/cli.js'
import { writeSnapshotDir } from '../support/snapshot-dir.js'

describe('findDuplicateKey', () => {
  it('names the second occurrence by its JSON path', () => {
    expect(findDuplicateKey('{"formatVersion": 2, "formatVersion": 1}')).toEqual({ path: '$.formatVersion', key: 'formatVersion' })
    expect(findDuplicateKey('{"accounts": [{"id": "1"}, {"id": "2", "regions": [], "id": "3"}]}')).toEqual({ path: '$.accounts[1].id', key: 'id' })
    expect(findDuplicateKey('{"a": {"b c": 1, "b c": 2}}')).toEqual({ path: '$.a["b c"]', key: 'b c' })
    // the same key however it is escaped
    expect(findDuplicateKey('{"Effect": "Deny", "\\u0045ffect": "Allow"}')).toEqual({ path: '$.Effect', key: 'Effect' })
  })
  it('is not fooled by strings, escapes and the same key in different objects', () => {
    expect(findDuplicateKey('{"a": "{\\"a\\": 1, \\"a\\": 2}", "b": "\\\\", "c": ["a", "a"]}')).toBeUndefined()
    expect(findDuplicateKey('[{"id": 1}, {"id": 2}, {"x": {"id": 3}, "id": 4}]')).toBeUndefined()
    expect(findDuplicateKey('{"a\\\\": 1, "a": 2}')).toBeUndefined()
    expect(findDuplicateKey('"x"')).toBeUndefined()
  })
  it('finds nothing in any JSON.stringify output, and the one key a test writes twice', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, '\t'), (value, indent) => {
        expect(findDuplicateKey(JSON.stringify(value, null, indent))).toBeUndefined()
      }),
      { numRuns: 500, seed: 11 },
    )
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.jsonValue(), (object, extra) => {
        const key = Object.keys(object)[0]
        const text = `${JSON.stringify(object).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(extra) ?? 'null'}}`
        expect(findDuplicateKey(text)?.key).toBe(key)
      }),
      { numRuns: 300, seed: 11 },
    )
  })
})

describe('parseJson refuses a key given twice', () => {
  it('with the file, the path and what was expected', () => {
    try {
      parseJson('{"a": {"b": 1, "b": 2}}', 'x.json')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(InputError)
      expect((e as InputError).message).toBe('x.json: $.a.b: expected each key once in an object ("b" is given twice; which one counts would be a guess)')
    }
  })
  it('in the manifest, through the CLI: exit 2, one line', () => {
    const dir = writeSnapshotDir({ 'snapshot.json': '{"formatVersion": 2, "formatVersion": 1, "collectedAt": "2026-11-27T00:00:00Z", "accounts": [{"id": "111111111111", "regions": ["us-east-1"]}]}' })
    const r = cli(['scan', '--snapshot', dir])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`bulkhead: ${dir}/snapshot.json: $.formatVersion: expected each key once in an object ("formatVersion" is given twice; which one counts would be a guess)\n`)
  })
})
