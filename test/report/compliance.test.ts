import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FRAMEWORKS, type Check } from '../../src/checks/define.js'
import { complianceSection, isComplianceSection } from '../../src/report/compliance.js'
import { CATALOGUE, canonicalControlId, controlTitle } from '../../src/report/controls.js'
import { complianceCsv, csvField, findingsCsv, toCsv } from '../../src/report/csv.js'
import { dbArn, meta, sampleFinding, sampleReport } from '../support/sample-report.js'
import { assertValidReport } from '../support/report-schema.js'

const checks = [
  meta('rds-deletion-protection-off', 'backup', 'high', { 'nist-800-53': ['CM-3'], soc2: ['A1.2'] }),
  meta('rds-backup-retention-short', 'backup', 'medium', { 'nist-800-53': ['CP-9'], soc2: ['A1.2'], 'iso-27001': ['8.13'] }),
  meta('backup-vault-unlocked', 'backup', 'high', { 'nist-800-53': ['CP-9', 'CP-9 (7)'] }),
  meta('root-access-key', 'privilege', 'critical', { 'cis-aws': ['1.4'], 'nist-800-53': ['AC-6(5)'] }),
  meta('made-up-check', 'privilege', 'low', { 'nist-800-53': ['ZZ-99'] }),
]

const report = sampleReport(
  [
    sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('orders') }),
    sampleFinding({ checkId: 'rds-backup-retention-short', resource: dbArn('orders'), suppressed: { kind: 'baseline', reason: 'in baseline b.json' } }),
  ],
  { skipped: [{ checkId: 'backup-vault-unlocked', reason: 'backup vaults not collected (111111111111/us-east-1): AccessDenied' }] },
)

describe('complianceSection', () => {
  const nist = complianceSection(report, checks, 'nist-800-53')
  const control = (id: string) => nist.controls.find((c) => c.id === id)!

  it('names the framework and its version', () => {
    expect(nist).toMatchObject({ framework: 'nist-800-53', name: 'NIST SP 800-53', version: 'Rev. 5' })
  })

  it('fails a control whose check has an open finding', () => {
    expect(control('CM-3')).toMatchObject({ title: 'Configuration Change Control', status: 'fail', checks: ['rds-deletion-protection-off'], openFindings: 1 })
  })

  it('passes a control whose checks looked and found only accepted findings (baselined, suppressed)', () => {
    expect(control('CP-9')).toMatchObject({
      status: 'pass', checks: ['backup-vault-unlocked', 'rds-backup-retention-short'], checksNotEvaluated: ['backup-vault-unlocked'], acceptedFindings: 1,
    })
  })

  it('does not cover a control whose only check could not look', () => {
    expect(control('CP-9(7)')).toMatchObject({ status: 'not-covered', checks: ['backup-vault-unlocked'], checksNotEvaluated: ['backup-vault-unlocked'] })
  })

  it('passes a control whose check looked and found nothing', () => {
    expect(control('AC-6(5)')).toMatchObject({ status: 'pass', openFindings: 0, checks: ['root-access-key'] })
  })

  it('lists catalogue controls no selected check maps as not covered', () => {
    expect(control('IA-5(7)')).toMatchObject({ status: 'not-covered', checks: [] })
  })

  it('keeps an id the catalogue lacks, saying so', () => {
    expect(control('ZZ-99')).toMatchObject({ inCatalogue: false, status: 'pass', checks: ['made-up-check'] })
  })

  it('counts the statuses and sorts controls in natural order', () => {
    const ids = nist.controls.map((c) => c.id)
    expect(ids.indexOf('CP-9')).toBeLessThan(ids.indexOf('CP-10'))
    expect(nist.totals.fail + nist.totals.pass + nist.totals['not-covered']).toBe(nist.controls.length)
    expect(nist.totals.fail).toBe(1)
  })

  it('matches ISO ids written without "A."', () => {
    const iso = complianceSection(report, checks, 'iso-27001')
    expect(iso.controls.find((c) => c.id === 'A.8.13')).toMatchObject({ checks: ['rds-backup-retention-short'], status: 'pass' })
  })

  it('fits in report.compliance and is recognised there', () => {
    const section = complianceSection(report, checks, 'soc2')
    assertValidReport({ ...report, compliance: section })
    expect(isComplianceSection(section)).toBe(true)
    expect(isComplianceSection({ framework: 'pci' })).toBe(false)
  })
})

describe('control catalogue', () => {
  it('cites the current version of each framework', () => {
    expect(CATALOGUE['cis-aws'].version).toBe('v3.0.0')
    expect(CATALOGUE['nist-800-53'].version).toBe('Rev. 5')
    expect(CATALOGUE.soc2.version).toMatch(/^2017.*2022/)
    expect(CATALOGUE['iso-27001'].version).toBe('2022')
    for (const fw of FRAMEWORKS) {
      expect(CATALOGUE[fw].reference).toMatch(/^https:\/\//)
      for (const id of Object.keys(CATALOGUE[fw].controls)) expect(canonicalControlId(fw, id)).toBe(id)
    }
  })

  it('knows every control id any check in checks/ maps to', async () => {
    const root = resolve(import.meta.dirname, '../../checks')
    const files = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => f.endsWith('.ts')).map((f) => join(root, d.name, f)))
    expect(files.length).toBeGreaterThan(0)
    const unknown: string[] = []
    for (const file of files) {
      const check = (await import(pathToFileURL(file).href)).default as Check
      for (const fw of FRAMEWORKS) for (const id of check.compliance[fw] ?? []) if (!controlTitle(fw, id)) unknown.push(`${check.id}: ${fw} ${id}`)
    }
    expect(unknown).toEqual([])
  })
})

describe('CSV export', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    // a line break or an escape sequence in data is shown, as in text, not run by a terminal
    expect(csvField('two\nlines')).toBe('two\\nlines')
    expect(csvField('a\u001b[2J,b')).toBe('"a\\x1b[2J,b"')
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('-1+2')).toBe("'-1+2")
    expect(csvField(undefined)).toBe('')
    expect(toCsv([['a', 'b'], ['c', 1]])).toBe('a,b\r\nc,1\r\n')
  })

  it('writes one row per finding with its status and control ids', () => {
    const csv = findingsCsv(sampleReport([
      sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('orders'), compliance: { 'nist-800-53': ['CM-3', 'SC-5(2)'] } }),
      sampleFinding({ checkId: 'rds-backup-retention-short', resource: dbArn('x'), message: 'short, "very" short', suppressed: { kind: 'suppression', reason: 'r', owner: 'o', expires: '2027-01-01' } }),
    ]))
    const lines = csv.split('\r\n')
    expect(lines).toHaveLength(4) // header, 2 rows, trailing empty
    expect(lines[0].split(',')).toContain('compliance:nist-800-53')
    expect(lines[1]).toMatch(/^high,rds-deletion-protection-off,.*,open,,,,.*,,CM-3 SC-5\(2\),,$/)
    expect(lines[2]).toContain(',"short, ""very"" short",')
    expect(csv).toContain('suppressed,r,o,2027-01-01')
  })

  it('writes one row per control of a compliance section', () => {
    const csv = complianceCsv(complianceSection(report, checks, 'cis-aws'))
    expect(csv).toContain('CIS Amazon Web Services Foundations Benchmark,v3.0.0,1.4,No access key exists for the root user,pass,root-access-key,,0,0\r\n')
  })
})
