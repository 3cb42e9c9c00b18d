// Every output format of real scans of the bundled estates opens in the tool its users use:
// JSON against the published schema, SARIF through Microsoft's validator with GitHub's rules.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, fixture } from '../support/cli.js'
import { assertValidReport } from '../support/report-schema.js'
import { validateSarif } from '../support/sarif-validate.js'

describe('the incident estate in SARIF', () => {
  it('shows the staging token\'s path to deleting prod and its backups as a code flow', () => {
    const r = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--format', 'sarif', '--checks', 'unrecoverable-deletion'])
    const results = JSON.parse(r.stdout).runs[0].results as { message: { text: string }; codeFlows: { threadFlows: { locations: { location: { message: { text: string } } }[] }[] }[] }[]
    const staging = results.find((x) => x.message.text.startsWith('staging-deploy can delete prod database orders-prod'))!
    const steps = staging.codeFlows[0].threadFlows[0].locations.map((l) => l.location.message.text)
    expect(steps[0]).toMatch(/^arn:aws:iam::222222222222:user\/staging-deploy sts:AssumeRole → arn:aws:iam::111111111111:role\/deploy-prod/)
    expect(steps[1]).toMatch(/rds:DeleteDBInstance on arn:aws:rds:us-east-1:111111111111:db:orders-prod/)
    expect(steps[2]).toMatch(/backup:DeleteRecoveryPoint/)
  })
})

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
    // every finding with a step-by-step path carries it as a code flow, in order
    report.findings.forEach((f: { evidence: { path?: unknown[] } }, i: number) => {
      const flow = sarif.runs[0].results[i].codeFlows?.[0]?.threadFlows[0].locations ?? []
      expect(flow.length > 0).toBe(Array.isArray(f.evidence.path) && f.evidence.path.length > 0)
      flow.forEach((l: { executionOrder: number }, n: number) => expect(l.executionOrder).toBe(n + 1))
    })
  })
})
