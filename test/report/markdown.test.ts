import { describe, expect, it } from 'vitest'
import { MAX_FINDING_ROWS, MAX_MARKDOWN_CHARS, render } from '../../src/report/markdown.js'
import type { Severity } from '../../src/checks/define.js'
import { complianceSection } from '../../src/report/compliance.js'
import { ctxOf, dbArn, meta, roleArn, sampleFinding, sampleReport } from '../support/sample-report.js'
import { STAGING } from '../support/estate.js'

const ctx = ctxOf([])

describe('Markdown reporter', () => {
  it('shows score, grade, class scores and counts, and the open findings worst first', () => {
    const md = render(
      sampleReport([
        sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('orders'), severity: 'high' }),
        sampleFinding({ checkId: 'unrecoverable-deletion', resource: dbArn('orders'), principal: roleArn('ci', STAGING), severity: 'critical', riskClass: 'privilege' }),
        sampleFinding({ checkId: 'backup-no-cross-region-copy', resource: dbArn('logs'), severity: 'medium', suppressed: { kind: 'suppression', reason: 'single region', owner: 'sre', expires: '2027-01-01' } }),
      ]),
      ctx,
    )
    expect(md).toMatch(/^## bulkhead: score \d+\/100, grade F\n/)
    expect(md).toMatch(/Isolation \*\*100\*\* · Backup \*\*\d+\*\* · Privilege \*\*\d+\*\*/)
    expect(md).toContain('| 🟥 critical | 1 |')
    expect(md).toContain('| 🟧 high | 1 |')
    expect(md).toContain('| 🟨 medium | 0 |')
    expect(md).toContain('| suppressed | 1 |')
    expect(md).toContain('### Top findings (2 open)')
    const rows = md.split('\n').filter((l) => /^\| (🟥|🟧|🟨) (critical|high|medium) \| `/.test(l))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('`unrecoverable-deletion`')
    expect(rows[0]).toContain(`\`${roleArn('ci', STAGING)}\` → \`${dbArn('orders')}\``)
    expect(md).not.toContain('backup-no-cross-region-copy')
    expect(md).not.toContain('more finding')
  })

  it('keeps table cells in one cell: pipes escaped, newlines flattened, HTML neutralised', () => {
    const md = render(sampleReport([sampleFinding({ checkId: 'token-in-workspace', resource: 'workspace:a|b.env', message: 'a | b\nc <img src=x>' })]), ctx)
    const row = md.split('\n').find((l) => l.includes('token-in-workspace'))!
    expect(row).toContain('a \\| b c &lt;img src=x&gt;')
    expect(row).toContain('workspace:a\\|b.env')
    expect(row.split(/(?<!\\)\|/).length).toBe(7) // 5 cells between 6 pipes
  })

  it('says so when nothing is open, and lists warnings and collection errors', () => {
    const md = render(
      sampleReport([], {
        warnings: ['stale suppression: suppression #1 (check=admin-principal; owner sre) matched no finding; remove it'],
        errors: [{ accountId: '111111111111', region: 'us-east-1', operation: 'rds:DescribeDBInstances', message: 'AccessDenied' }],
      }),
      ctx,
    )
    expect(md).toContain('✅ No open findings.')
    expect(md).toContain('- stale suppression: suppression #1')
    expect(md).toContain('⚠️ **partial scan**: 1 collection error')
    expect(md).toContain('- 111111111111/us-east-1 rds:DescribeDBInstances: AccessDenied')
  })

  it('stays under 65,000 characters on a huge report and says how many findings it left out', () => {
    const severities: Severity[] = ['critical', 'high', 'medium', 'low']
    const findings = Array.from({ length: 8_000 }, (_, i) =>
      sampleFinding({
        checkId: 'can-delete-prod-database', resource: dbArn(`db-${i}`), principal: roleArn(`role-${'x'.repeat(40)}-${i}`, STAGING),
        severity: severities[i % 4], message: `role-${i} can delete db-${i} ${'because of a long chain of reasons '.repeat(20)}`,
      }),
    )
    const md = render(sampleReport(findings, { warnings: Array.from({ length: 200 }, (_, i) => `warning ${i} ${'w'.repeat(900)}`) }), ctx)
    expect(md.length).toBeLessThan(MAX_MARKDOWN_CHARS)
    const shown = md.split('\n').filter((l) => l.includes('`can-delete-prod-database`')).length
    expect(shown).toBeGreaterThan(10)
    expect(shown).toBeLessThanOrEqual(MAX_FINDING_ROWS)
    expect(md).toContain(`_… and ${8_000 - shown} more findings (see the full JSON, SARIF or HTML report)._`)
    expect(md).toMatch(/\| 🟥 critical \| 2000 \|/)
  })

  it('sums up the compliance section when --compliance was given', () => {
    const findings = [sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('orders') })]
    const base = sampleReport(findings)
    const report = { ...base, compliance: complianceSection(base, [meta('rds-deletion-protection-off', 'backup', 'high', { 'nist-800-53': ['CM-3', 'CP-9'] })], 'nist-800-53') }
    expect(render(report, ctx)).toMatch(/\*\*NIST SP 800-53 Rev\. 5\*\*: 2 failing, 0 passing, \d+ not covered — failing: `CM-3`, `CP-9`\n/)
  })

  it('cuts by length before the row limit when rows are long', () => {
    const findings = Array.from({ length: MAX_FINDING_ROWS }, (_, i) =>
      sampleFinding({ checkId: 'admin-principal', resource: roleArn(`r${i}-${'y'.repeat(900)}`), principal: roleArn(`p${i}-${'z'.repeat(900)}`), message: 'm'.repeat(2000) }),
    )
    const md = render(sampleReport(findings), ctx)
    expect(md.length).toBeLessThan(MAX_MARKDOWN_CHARS)
    const shown = md.split('\n').filter((l) => l.includes('`admin-principal`')).length
    expect(shown).toBeLessThan(MAX_FINDING_ROWS)
    expect(md.length + 1000).toBeGreaterThan(MAX_MARKDOWN_CHARS) // it filled the room it had
    expect(md).toContain(`_… and ${MAX_FINDING_ROWS - shown} more findings`)
  })
})
