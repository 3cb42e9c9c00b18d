import { describe, expect, it } from 'vitest'
import { cliJson, decodePolicyDocuments, errorMessage, mergePages } from '../../src/collect/output.js'

describe('mergePages', () => {
  it('concatenates the list keys of every page and drops pagination tokens', () => {
    const merged = mergePages(
      [
        { DBInstances: [{ id: 1 }], Marker: 'm1', $metadata: { httpStatusCode: 200 } },
        { DBInstances: [{ id: 2 }, { id: 3 }] },
      ],
      ['DBInstances'],
    )
    expect(merged).toEqual({ DBInstances: [{ id: 1 }, { id: 2 }, { id: 3 }] })
  })
  it('keeps every list key present even when no page had it (the CLI prints [])', () => {
    expect(mergePages([{ IsTruncated: false }], ['UserDetailList', 'Policies'])).toEqual({ UserDetailList: [], Policies: [] })
  })
  it('keeps scalar fields of the first page', () => {
    expect(mergePages([{ BackupPlanId: 'p', BackupSelectionsList: [] }], ['BackupSelectionsList'])).toEqual({ BackupPlanId: 'p', BackupSelectionsList: [] })
  })
})

describe('decodePolicyDocuments', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rds:*', Resource: '*' }] }
  it('decodes the URL-encoded documents IAM returns into the objects the CLI prints', () => {
    const raw = {
      RoleDetailList: [{ AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)), RolePolicyList: [{ PolicyName: 'p', PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }] }],
      Policies: [{ PolicyVersionList: [{ Document: encodeURIComponent(JSON.stringify(doc)), IsDefaultVersion: true }] }],
    }
    const out = decodePolicyDocuments(raw)
    expect(out.RoleDetailList[0].AssumeRolePolicyDocument).toEqual(doc)
    expect(out.RoleDetailList[0].RolePolicyList[0].PolicyDocument).toEqual(doc)
    expect(out.Policies[0].PolicyVersionList[0].Document).toEqual(doc)
  })
  it('keeps a "+" as a plus sign (RFC 3986, not form encoding)', () => {
    const withPlus = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::111111111111:user/a+b' }] }
    expect(decodePolicyDocuments({ PolicyDocument: encodeURIComponent(JSON.stringify(withPlus)).replace(/%2B/g, '+') }).PolicyDocument).toEqual(withPlus)
  })
  it('keeps a string that is not an encoded JSON document as it is', () => {
    expect(decodePolicyDocuments({ PolicyDocument: '%E0%A4%A' })).toEqual({ PolicyDocument: '%E0%A4%A' })
  })
})

describe('cliJson', () => {
  it('prints Dates as ISO strings, bytes as base64, and no $metadata', () => {
    const text = cliJson({ GeneratedTime: new Date('2026-11-27T00:00:00Z'), Content: new TextEncoder().encode('user,arn\n'), $metadata: { requestId: 'x' } })
    expect(JSON.parse(text)).toEqual({ GeneratedTime: '2026-11-27T00:00:00.000Z', Content: Buffer.from('user,arn\n').toString('base64') })
  })
})

describe('errorMessage', () => {
  it('says the error code and message on one line', () => {
    const err = Object.assign(new Error('User: arn:aws:iam::111111111111:user/x is not authorized\n to perform: rds:DescribeDBInstances'), { name: 'AccessDenied' })
    expect(errorMessage(err)).toBe('AccessDenied: User: arn:aws:iam::111111111111:user/x is not authorized to perform: rds:DescribeDBInstances')
  })
  it('names the HTTP status when the answer was not an AWS response', () => {
    const err = Object.assign(new Error('Unexpected token < Deserialization error: to see the raw response...'), { name: 'SyntaxError', $metadata: { httpStatusCode: 404 } })
    expect(errorMessage(err)).toMatch(/^HTTP 404: /)
  })
  // AWS answers a bad signature with the canonical request it expected, signed headers and
  // their values included: the session token of the credentials would land in errors[].
  it('keeps the session token out of a signature mismatch', () => {
    const token = `IQoJb3JpZ2luX2VjE${'Ab9+/'.repeat(40)}`
    const canonical = `POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20261127T040000Z\nx-amz-security-token:${token}\n\ncontent-type;host;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb924`
    const err = Object.assign(
      new Error(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
          `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
          "The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261127T040000Z\n20261127/us-east-1/iam/aws4_request\n0123abcd'\n",
      ),
      { name: 'SignatureDoesNotMatch' },
    )
    const message = errorMessage(err)
    expect(message).toBe('SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.')
    expect(message).not.toContain(token.slice(0, 24))
  })
  it('masks a session token anywhere else in a message', () => {
    const token = `FwoGZXIvYXdz${'Zq8/'.repeat(30)}`
    const err = Object.assign(new Error(`bad request: X-Amz-Security-Token=${token}&Action=GetUser, x-amz-security-token: ${token}`), { name: 'InvalidClientTokenId' })
    const message = errorMessage(err)
    expect(message).not.toContain(token.slice(0, 16))
    expect(message).toBe('InvalidClientTokenId: bad request: X-Amz-Security-Token=(redacted)&Action=GetUser, x-amz-security-token: (redacted)')
  })
})
