import { describe, expect, it } from 'vitest'
import { render } from '../../src/report/text.js'
import { reportOf, sampleReport } from '../support/report-fixture.js'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/

const error = { accountId: '111111111111', region: 'eu-west-1', operation: 'rds:DescribeDBInstances', message: 'AccessDenied' }

function text(color: boolean, withErrors = true, verbose = false) {
  const { report, checks } = sampleReport({ errors: withErrors ? [error] : [] })
  return { out: render(report, { color, checks, verbose }), report }
}

describe('text reporter', () => {
  it('has not a single escape code with color off, whatever FORCE_COLOR says', () => {
    const before = process.env.FORCE_COLOR
    process.env.FORCE_COLOR = '3'
    try {
      expect(text(false).out).not.toMatch(ANSI)
    } finally {
      if (before === undefined) delete process.env.FORCE_COLOR
      else process.env.FORCE_COLOR = before
    }
  })

  it('uses colour when asked, and only then', () => {
    const { out } = text(true)
    expect(out).toMatch(ANSI)
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).toBe(text(false).out)
  })

  it('puts the score, grade and per-class scores at the top, then the summary counts', () => {
    const { out, report } = text(false)
    const lines = out.split('\n')
    expect(lines[0]).toBe('bulkhead 0.1.0 · snapshot fixtures/estates/sample · collected 2026-11-27T00:00:00Z · 2 accounts')
    const { isolation, backup, privilege } = report.score.byRiskClass
    expect(lines[2]).toBe(`Score ${report.score.value}/100 grade F (2 accepted findings not counted)   isolation ${isolation} · backup ${backup} · privilege ${privilege}`)
    // shared-db-secret ran without one optional file: in part, not "not run"
    expect(lines[3]).toBe('1 critical · 2 high · 1 medium · 1 low · 0 info   8 checks run · 0 not run · 1 in part · 1 suppressed · 1 baselined')
  })

  it('groups findings by severity, one line per check naming its resources (and with --verbose, each finding and why)', () => {
    for (const verbose of [false, true]) {
      const { out } = text(false, true, verbose)
      const sections = ['CRITICAL (1)', 'HIGH (2)', 'MEDIUM (1)', 'LOW (1)'].map((h) => out.indexOf(`\n${h}\n`))
      expect(sections.every((i) => i > 0)).toBe(true)
      expect([...sections].sort((a, b) => a - b)).toEqual(sections)
      expect(out).not.toContain('INFO (')
    }
    expect(text(false).out).toContain('HIGH (2)\n  rds-deletion-protection-off  orders\n  token-in-workspace  deploy/.env:3\n')
    expect(text(false, true, true).out).toContain('HIGH (2)\n    rds-deletion-protection-off  arn:aws:rds:us-east-1:111111111111:db:orders  orders has deletion protection off\n    token-in-workspace  workspace:deploy/.env:3  deploy/.env line 3 holds a GitHub token')
  })

  it('shows the principal and the step-by-step path under an unrecoverable-deletion finding with --verbose (and names the principal without)', () => {
    expect(text(false).out).toContain('\nCRITICAL (1)\n  unrecoverable-deletion  orders  by deployer\n')
    expect(text(false).out).not.toContain('rds:DeleteDBInstance')
    const { out } = text(false, true, true)
    expect(out).toContain([
      '    unrecoverable-deletion  arn:aws:rds:us-east-1:111111111111:db:orders  deployer can delete orders and its only surviving recovery point rp-1',
      '      principal arn:aws:iam::111111111111:role/deployer',
      '      1. assume arn:aws:iam::111111111111:role/deployer from account 222222222222',
      '      2. arn:aws:iam::111111111111:role/deployer rds:DeleteDBInstance on arn:aws:rds:us-east-1:111111111111:db:orders via arn:aws:iam::111111111111:role/deployer/inline/inline#Statement[0]',
      '      3. kind note, detail automated backups go with the instance',
      '      4. backup:DeleteRecoveryPoint on arn:aws:rds:us-east-1:111111111111:snapshot:awsbackup:rp-1 (vault policy does not deny it)',
    ].join('\n'))
  })

  it('prints an IAM path step compactly, marks conditional and escalation steps, and prints a repeated hop once', () => {
    const { report } = sampleReport()
    const hop = { from: 'arn:aws:iam::222222222222:user/ci', action: 'sts:AssumeRole', to: 'arn:aws:iam::111111111111:role/deployer', verdict: 'conditional', via: [] }
    const grant = { from: 'arn:aws:iam::111111111111:role/deployer', action: 'iam:PutRolePolicy', to: 'arn:aws:iam::111111111111:role/deployer (full)', method: 'put-role-policy', verdict: 'allowed', via: ['p#Statement[0]'] }
    const [first] = report.findings
    const withPath = { ...first, evidence: { path: [hop, grant, hop, 'done'] } }
    const out = render({ ...report, findings: [withPath] }, { color: false, checks: [], verbose: true })
    expect(out).toContain([
      '      1. arn:aws:iam::222222222222:user/ci sts:AssumeRole → arn:aws:iam::111111111111:role/deployer [conditional]',
      '      2. arn:aws:iam::111111111111:role/deployer iam:PutRolePolicy → arn:aws:iam::111111111111:role/deployer (full) (escalation: put-role-policy) via p#Statement[0]',
      '      3. done\n',
    ].join('\n'))
  })

  it('omits the principal line when the principal is the resource', () => {
    const { out } = text(false, true, true)
    expect(out).toContain('old-ci has an access key unused for 212 days\n\n')
  })

  it('does not list suppressed or baselined findings, but counts them', () => {
    const { out } = text(false)
    expect(out).not.toContain('prod-vault has no Vault Lock')
    expect(out).not.toContain('no surviving recovery point outside us-east-1')
    expect(out).toContain('1 suppressed and 1 baselined finding(s) not shown')
  })

  it('lists skipped checks and errors one line each, and says the scan is incomplete', () => {
    const { out } = text(false)
    expect(out).toContain('Run in part (1)\n  shared-db-secret: kms-list-aliases.json not collected (111111111111/us-east-1): optional file absent\n')
    expect(out).toContain('Errors (1)\n  111111111111/eu-west-1 rds:DescribeDBInstances: AccessDenied\n')
    expect(out).toContain('The scan is incomplete (2 gaps)')
  })

  it('says so when there is nothing to fix, and does not call a complete scan incomplete', () => {
    const out = render(reportOf([]), { color: false, checks: [] })
    expect(out).toContain('Score 100/100 grade A')
    expect(out).toContain('\nNo findings.\n')
    expect(out).not.toContain('incomplete')
    expect(out).not.toContain('Skipped')
  })

  it('prints report warnings', () => {
    const r = { ...reportOf([]), warnings: ['suppression for backup-vault-unlocked expired on 2026-11-01'] }
    expect(render(r, { color: false, checks: [] })).toContain('Warnings (1)\n  suppression for backup-vault-unlocked expired on 2026-11-01\n')
  })
})
