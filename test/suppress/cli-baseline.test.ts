// The baseline and suppression workflow through the built CLI, as a user runs it: scan, accept
// today's findings, scan again with --baseline (exit 0), then a suppression in the config.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Report } from '../../src/report/model.js'
import { cli, fixture } from '../support/cli.js'
import { assertValidReport } from '../support/report-schema.js'

const dir = mkdtempSync(join(tmpdir(), 'bulkhead-cli-baseline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const estate = fixture('shared-blast-radius')
const readReport = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Report

describe('bulkhead baseline, then scan --baseline', () => {
  const first = join(dir, 'first.json')
  const baseline = join(dir, 'baseline.json')

  it('fails on the estate, accepts its findings, then passes with the baseline and counts them', () => {
    const scan = cli(['scan', '--snapshot', estate, '--format', 'json', '--output', first])
    expect(scan.code).toBe(1)
    const before = readReport(first)
    expect(before.summary.critical).toBeGreaterThan(0)

    const made = cli(['baseline', '--from', first, '--out', baseline])
    expect(made.code).toBe(0)
    expect(made.stderr).toContain(`baseline: ${before.findings.length} findings accepted into ${baseline}`)

    const again = cli(['scan', '--snapshot', estate, '--format', 'json', '--baseline', baseline])
    expect(again.code).toBe(0)
    const after = JSON.parse(again.stdout) as Report
    assertValidReport(after)
    expect(after.summary.baselined).toBe(before.findings.length)
    expect(after.summary.critical).toBe(0)
    expect(after.findings.every((f) => f.suppressed?.kind === 'baseline' && f.suppressed.reason === `in baseline ${baseline}`)).toBe(true)
    expect(after.score.value).toBe(100)
    // same fingerprints on the second run: nothing new
    expect(after.findings.map((f) => f.fingerprint).sort()).toEqual(before.findings.map((f) => f.fingerprint).sort())
  })

  it('still fails on a new critical finding that the baseline does not hold', () => {
    const older = join(dir, 'older.json')
    const olderBaseline = join(dir, 'older-baseline.json')
    // the baseline was taken before the IAM check that finds the unrecoverable deletion existed
    expect(cli(['scan', '--snapshot', estate, '--skip-checks', 'unrecoverable-deletion', '--format', 'json', '--output', older]).code).toBe(1)
    expect(cli(['baseline', '--from', older, '--out', olderBaseline]).code).toBe(0)
    const r = cli(['scan', '--snapshot', estate, '--format', 'json', '--baseline', olderBaseline])
    expect(r.code).toBe(1)
    const open = (JSON.parse(r.stdout) as Report).findings.filter((f) => !f.suppressed)
    expect(new Set(open.map((f) => f.checkId))).toEqual(new Set(['unrecoverable-deletion']))
    expect(open.every((f) => f.severity === 'critical')).toBe(true)
  })

  it('exits 2 naming the file and JSON path for a broken baseline', () => {
    const bad = join(dir, 'bad-baseline.json')
    writeFileSync(bad, JSON.stringify({ bulkheadBaseline: 1, createdAt: '2026-11-27T00:00:00Z', findings: [{ checkId: 'x', resourceArn: 'y' }] }))
    const r = cli(['scan', '--snapshot', estate, '--baseline', bad])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`bulkhead: ${bad}: $.findings[0].fingerprint: expected this field to be present\n`)
  })

  it('exits 2 when --from is not a JSON report, and never overwrites it', () => {
    const sarif = join(dir, 'report.sarif')
    writeFileSync(sarif, '{"version":"2.1.0","runs":[]}')
    expect(cli(['baseline', '--from', sarif, '--out', join(dir, 'x.json')]).code).toBe(2)
    const same = cli(['baseline', '--from', first, '--out', first])
    expect(same.code).toBe(2)
    expect(readReport(first).findings.length).toBeGreaterThan(0)
  })
})

describe('suppressions from the config', () => {
  it('flags matched findings, drops them from the verdict and warns about stale and expired rules', () => {
    const report = JSON.parse(cli(['scan', '--snapshot', estate, '--format', 'json']).stdout) as Report
    const criticalChecks = [...new Set(report.findings.filter((f) => f.severity === 'critical').map((f) => f.checkId))]
    const config = join(dir, 'bulkhead.config.json')
    writeFileSync(config, JSON.stringify({
      suppressions: [
        ...criticalChecks.map((check) => ({ check, reason: 'accepted for the migration', owner: 'sre@acme.example', expires: '2099-12-31' })),
        { resource: 'arn:aws:rds:*:*:db:no-such-db', reason: 'old', owner: 'sre@acme.example', expires: '2099-12-31' },
        { check: 'root-access-key', reason: 'long gone', owner: 'sre@acme.example', expires: '2000-01-01' },
      ],
    }))
    const r = cli(['scan', '--snapshot', estate, '--config', config, '--format', 'json'])
    const out = JSON.parse(r.stdout) as Report
    assertValidReport(out)
    expect(out.summary.critical).toBe(0)
    expect(out.summary.suppressed).toBe(report.summary.critical)
    expect(r.code).toBe(0) // default --fail-on critical: every critical is suppressed
    expect(out.warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/^stale suppression: suppression #\d+ \(resource=arn:aws:rds:\*:\*:db:no-such-db; owner sre@acme.example\) matched no finding/),
      expect.stringMatching(/\(check=root-access-key; owner sre@acme.example\) expired on 2000-01-01/),
    ]))
    expect(r.stderr).toContain('bulkhead: warning: stale suppression')
  })
})
