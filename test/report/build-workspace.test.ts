// A workspace file or directory bulkhead could not read (permission denied) leaves the token
// search incomplete: the report says so instead of staying silently green.
import { describe, expect, it } from 'vitest'
import { buildReport } from '../../src/report/build.js'
import { render as renderText } from '../../src/report/text.js'
import type { WorkspaceScan } from '../../src/inventory/types.js'
import { estate } from '../support/estate.js'

const run = { findings: [], skipped: [], checksRun: 2, checksSkipped: 0 }
const skipped = (unreadable: number): WorkspaceScan['filesSkipped'] => ({ binary: 3, tooLarge: 1, symlink: 2, unreadable, excluded: 4 })

function reportWith(workspace: WorkspaceScan | undefined) {
  const inventory = { ...estate().prodAccount().build(), ...(workspace ? { workspace } : {}) }
  return buildReport({ inventory, run, checksRun: ['token-in-workspace', 'shared-credential-in-workspace'], version: '0.0.0', generatedAt: inventory.collectedAt })
}

describe('workspace paths that could not be read', () => {
  it('are a warning naming how many', () => {
    const report = reportWith({ roots: ['repo'], filesScanned: 10, tokens: [], filesSkipped: skipped(2) })
    expect(report.warnings).toEqual(['2 files or directories of --workspace repo could not be read (permission denied?): the search for tokens there is incomplete'])
    expect(renderText(report, { color: false, checks: [] })).toContain('2 files or directories of --workspace repo could not be read')
    const one = reportWith({ roots: ['a', 'b'], filesScanned: 10, tokens: [], filesSkipped: skipped(1) })
    expect(one.warnings).toEqual(['1 file or directory of --workspace a, b could not be read (permission denied?): the search for tokens there is incomplete'])
  })

  it('name the files not searched, over the size limit or in an encoding not read, with what to do', () => {
    const notSearched = [
      { workspace: 'repo', file: '.env.big', reason: 'too-large' as const, detail: '2 MiB, over the 1 MiB limit' },
      { workspace: 'repo', file: 'win/secrets.txt', reason: 'encoding' as const, detail: 'UTF-32 text, not read' },
    ]
    const report = reportWith({ roots: ['repo'], filesScanned: 10, tokens: [], filesSkipped: skipped(0), notSearched })
    expect(report.warnings).toEqual([
      '2 files of --workspace not searched for tokens: repo/.env.big (2 MiB, over the 1 MiB limit), repo/win/secrets.txt (UTF-32 text, not read); raise workspace.maxFileBytes, or list a file in workspace.exclude to skip it on purpose',
    ])
    const many = Array.from({ length: 12 }, (_, i) => ({ ...notSearched[1], file: `f${i}.txt` }))
    expect(reportWith({ roots: ['repo'], filesScanned: 10, tokens: [], notSearched: many }).warnings![0]).toMatch(/^12 files of --workspace not searched for tokens: repo\/f0\.txt .*repo\/f9\.txt \(UTF-32 text, not read\) and 2 more$/)
  })

  it('say nothing when every file was read (binaries, symlinks and excluded files are skipped by design)', () => {
    expect(reportWith({ roots: ['repo'], filesScanned: 10, tokens: [], filesSkipped: skipped(0) }).warnings).toBeUndefined()
    expect(reportWith(undefined).warnings).toBeUndefined()
  })
})

// A snapshot written by another tool (or an older bulkhead) may carry AWS's signature-mismatch
// text in its errors[]: the canonical request it echoes holds the session token.
describe('collection errors read from a snapshot', () => {
  it('lose the session token AWS echoed in a signature mismatch', () => {
    const token = `IQoJb3JpZ2luX2VjE${'Qm7+/'.repeat(30)}`
    const inventory = estate().prodAccount().build()
    inventory.errors.push({
      accountId: '111111111111', operation: 'iam:GetAccountAuthorizationDetails', file: '111111111111/global/iam-get-account-authorization-details.json',
      message: `SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. The Canonical String for this request should have been 'POST / host:iam.amazonaws.com x-amz-security-token:${token} host;x-amz-security-token'`,
    })
    const report = buildReport({ inventory, run, checksRun: [], version: '0.0.0', generatedAt: inventory.collectedAt })
    expect(report.errors).toHaveLength(1)
    expect(report.errors[0].message).toBe('SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.')
    expect(JSON.stringify(report)).not.toContain(token.slice(0, 20))
  })
})
