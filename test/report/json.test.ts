import { describe, expect, it } from 'vitest'
import { render } from '../../src/report/json.js'
import { isReportFormat, loadReporter, REPORTERS } from '../../src/report/render.js'
import { assertValidReport } from '../support/report-schema.js'
import { reportOf, sampleReport } from '../support/report-fixture.js'

describe('json reporter', () => {
  it('prints the report object verbatim, valid against the published schema', () => {
    const { report, checks } = sampleReport({ errors: [{ accountId: '111111111111', region: 'eu-west-1', operation: 'rds:DescribeDBInstances', message: 'AccessDenied' }] })
    const out = render(report, { color: false, checks })
    expect(out.endsWith('}\n')).toBe(true)
    const parsed = JSON.parse(out)
    expect(parsed).toEqual(report)
    assertValidReport(parsed)
  })

  it('renders an empty report as a valid one', () => {
    const out = render(reportOf([]), { color: true, checks: [] })
    assertValidReport(JSON.parse(out))
    expect(JSON.parse(out).score).toEqual({ value: 100, grade: 'A', byRiskClass: { isolation: 100, backup: 100, privilege: 100 } })
  })

  it('keeps suppressed findings with their suppression, and the score ignores them', () => {
    const { report } = sampleReport()
    const parsed = JSON.parse(render(report, { color: false, checks: [] }))
    expect(parsed.findings.filter((f: { suppressed?: unknown }) => f.suppressed).map((f: { checkId: string }) => f.checkId))
      .toEqual(['backup-vault-unlocked', 'backup-no-cross-region-copy'])
    expect(parsed.summary).toMatchObject({ critical: 1, high: 2, medium: 1, low: 1, suppressed: 1, baselined: 1 })
  })
})

describe('reporter registry', () => {
  it('loads every registered format lazily as a render function that returns text', async () => {
    const { report, checks } = sampleReport()
    for (const format of Object.keys(REPORTERS)) {
      expect(isReportFormat(format)).toBe(true)
      const render = await loadReporter(format as keyof typeof REPORTERS)
      const out = render(report, { color: false, checks })
      expect(typeof out).toBe('string')
      expect(out.length).toBeGreaterThan(0)
    }
  })

  it('knows text, json and sarif, and nothing by an inherited name', async () => {
    expect(['text', 'json', 'sarif'].every(isReportFormat)).toBe(true)
    expect(isReportFormat('toString')).toBe(false)
    expect(isReportFormat('yaml')).toBe(false)
    expect(await loadReporter('json')).toBe(render)
  })
})

describe('a large JSON report, written in pieces', () => {
  it('is the same text as the whole report, for any number of findings', async () => {
    const { render, renderChunks } = await import('../../src/report/json.js')
    const { sampleReport } = await import('../support/report-fixture.js')
    const { report } = sampleReport()
    for (const findings of [[], report.findings.slice(0, 1), report.findings]) {
      const r = { ...report, findings }
      expect([...renderChunks(r)].join('')).toBe(render(r))
    }
  })
})
