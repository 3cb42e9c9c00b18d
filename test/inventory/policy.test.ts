// Policy documents as the CLI prints them, as the raw API returns them (URL-encoded), and as
// hand-made snapshots carry them (form-encoded, plain JSON strings).
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { parsePolicyDocument } from '../../src/inventory/policy.js'

const doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/a+b' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x y+z%41' } } }],
}
const parsed = parsePolicyDocument(doc, 'f', '$')
const parse = (raw: unknown) => parsePolicyDocument(raw, 'f', '$.Doc')

describe('parsePolicyDocument', () => {
  it('an RFC 3986 URL-encoded string (the raw API) reads as the object', () => {
    expect(parse(encodeURIComponent(JSON.stringify(doc)))).toEqual(parsed)
  })
  it('a form-encoded string (spaces as +, + as %2B) reads as the object', () => {
    expect(parse(encodeURIComponent(JSON.stringify(doc, null, 2)).replace(/%20/g, '+'))).toEqual(parsed)
  })
  it('a plain JSON string keeps + and %41 in its values literally', () => {
    expect(parse(JSON.stringify(doc))).toEqual(parsed)
    expect(parse(JSON.stringify(doc, null, 2))).toEqual(parsed)
  })
  it('a single Statement object, single Action and a bare account id Principal stay as given (as lists)', () => {
    const one = parse({ Statement: { Effect: 'Deny', Principal: { AWS: '123456789012' }, NotAction: 's3:Get*', NotResource: 'arn:aws:s3:::b/*' } })
    expect(one.Statement).toEqual([{ Effect: 'Deny', Principal: { AWS: ['123456789012'] }, NotAction: ['s3:Get*'], NotResource: ['arn:aws:s3:::b/*'] }])
  })
  it('a string that is neither JSON nor encoded JSON, and a malformed % escape, are input errors at the path', () => {
    for (const bad of ['not json', '%7B%22Statement%22%3A%5B%5D', '%E0%A4%A']) {
      expect(() => parse(bad)).toThrow(InputError)
      expect(() => parse(bad)).toThrow(/^f: \$\.Doc: expected a policy document/)
    }
  })
  it('a condition value that is an object, a nested list or null is an input error at its key, not "[object Object]"', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)
    for (const v of [{ a: 1 }, [['a']], null, deep]) {
      const e = (() => {
        try {
          parse({ Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': v } } }] })
        } catch (err) {
          return err
        }
      })()
      expect(e).toBeInstanceOf(InputError)
      expect((e as InputError).jsonPath).toBe('$.Doc.Statement[0].Condition.StringEquals["aws:PrincipalOrgID"]')
    }
  })
  it('condition values that are numbers or booleans become strings, as IAM compares them', () => {
    const d = parse({ Statement: [{ Effect: 'Allow', Action: '*', Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': [10, '20'] } } }] })
    expect(d.Statement[0].Condition).toEqual({ Bool: { 'aws:SecureTransport': ['false'] }, NumericLessThan: { 's3:max-keys': ['10', '20'] } })
  })
})
