// Every human and auditor format from one real scan of a fixture estate, through the built CLI:
// `--compliance` in JSON and HTML, JUnit valid against the XSD, Markdown and CSV.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../src/report/model.js'
import { isComplianceSection } from '../../src/report/compliance.js'
import { cli, fixture } from '../support/cli.js'
import { assertValidReport } from '../support/report-schema.js'

const dir = mkdtempSync(join(tmpdir(), 'bulkhead-formats-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const out = (f: string) => join(dir, f)

describe('scan --compliance with every report format', () => {
  let code: number
  let report: Report
  beforeAll(() => {
    const r = cli([
      'scan', '--snapshot', fixture('shared-blast-radius'), '--compliance', 'nist-800-53', '--format', 'json', '--output', out('r.json'),
      '--report', `junit=${out('r.xml')}`, '--report', `markdown=${out('r.md')}`, '--report', `html=${out('r.html')}`, '--report', `csv=${out('r.csv')}`,
    ])
    code = r.code
    report = JSON.parse(readFileSync(out('r.json'), 'utf8')) as Report
  })

  it('puts a per-control section in the JSON report', () => {
    expect(code).toBe(1)
    assertValidReport(report)
    expect(isComplianceSection(report.compliance)).toBe(true)
    const section = report.compliance as { framework: string; controls: { id: string; status: string; checks: string[] }[] }
    expect(section.framework).toBe('nist-800-53')
    const cp9 = section.controls.find((c) => c.id === 'CP-9')!
    expect(cp9.status).toBe('fail')
    expect(cp9.checks).toContain('rds-only-automated-backups')
  })

  it('writes JUnit that validates against the XSD, one failure per failing check × resource', () => {
    const xsd = resolve(import.meta.dirname, '../support/junit.xsd')
    const v = spawnSync('xmllint', ['--noout', '--schema', xsd, out('r.xml')], { encoding: 'utf8' })
    expect(v.stderr).toContain('validates')
    const failures = spawnSync('xmllint', ['--xpath', 'string(/testsuites/@failures)', out('r.xml')], { encoding: 'utf8' }).stdout.trim()
    const open = report.findings.filter((f) => !f.suppressed)
    expect(Number(failures)).toBe(new Set(open.map((f) => `${f.checkId} ${f.resource.arn}`)).size)
  })

  it('writes Markdown, HTML with the compliance section, and CSV with one row per finding', () => {
    const md = readFileSync(out('r.md'), 'utf8')
    expect(md).toContain(`### Score ${report.score.value}/100, grade ${report.score.grade}`)
    const html = readFileSync(out('r.html'), 'utf8')
    expect(html).toContain('<h2>Compliance: NIST SP 800-53 Rev. 5</h2>')
    expect(html.match(/<article class="finding/g)).toHaveLength(report.findings.length)
    const csv = readFileSync(out('r.csv'), 'utf8')
    expect(csv.startsWith('severity,checkId,')).toBe(true)
    // rows end in CRLF; quoted fields may hold a bare LF
    expect(csv.split('\r\n').length - 2).toBe(report.findings.length)
  })
})
