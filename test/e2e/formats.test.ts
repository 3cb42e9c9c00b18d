// Every output format of real scans of the bundled estates opens in the tool its users use:
// JSON against the published schema, SARIF through Microsoft's validator with GitHub's rules.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, fixture } from '../support/cli.js'
import { assertValidReport } from '../support/report-schema.js'
import { validateSarif } from '../support/sarif-validate.js'

describe.each(['shared-blast-radius', 'well-isolated'])('reports of %s', (estate) => {
  const dir = mkdtempSync(join(tmpdir(), `bulkhead-${estate}-`))
  const r = cli(['scan', '--snapshot', fixture(estate), '--fail-on', 'none', '--format', 'json', '--output', join(dir, 'report.json'), '--report', `sarif=${join(dir, 'report.sarif')}`])

  it('scans cleanly', () => {
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })
  it('JSON validates against `bulkhead schema report`', () => {
    const published = JSON.parse(cli(['schema', 'report']).stdout)
    expect(published.$id).toMatch(/report/)
    assertValidReport(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')))
  })
  it('SARIF has zero errors and zero warnings from sarif-multitool validate --rule-kind "Gh;Sarif"', () => {
    const v = validateSarif({ file: join(dir, 'report.sarif') })
    expect(v.schemaErrors).toEqual([])
    expect(v.errors).toEqual([])
    expect(v.warnings).toEqual([])
    const sarif = JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8'))
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))
    expect(sarif.runs[0].results).toHaveLength(report.findings.length)
  })
})
