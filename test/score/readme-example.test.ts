// The README's worked scoring example, recomputed, so the documentation cannot drift from the code.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fingerprintOf, type Finding, type RiskClass, type Severity } from '../../src/checks/define.js'
import { computeScore } from '../../src/score/score.js'

const finding = (checkId: string, riskClass: RiskClass, severity: Severity, n: number): Finding => ({
  fingerprint: fingerprintOf(checkId, `arn:aws:rds:us-east-1:111111111111:db:db-${n}`), checkId, title: checkId, severity, riskClass,
  accountId: '111111111111', region: 'us-east-1', environment: 'prod', environmentRule: 'account: manifest',
  resource: { arn: `arn:aws:rds:us-east-1:111111111111:db:db-${n}`, type: 'AWS::RDS::DBInstance' },
  message: 'x', evidence: {}, remediation: 'x', compliance: {}, location: { file: 'snapshot.json' },
})

describe('README worked example', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')
  const base = [
    finding('cross-env-role-trust', 'isolation', 'high', 1),
    finding('rds-deletion-protection-off', 'backup', 'high', 2),
    finding('rds-deletion-protection-off', 'backup', 'high', 3),
    finding('stale-access-key', 'privilege', 'medium', 4),
  ]
  it('scores 82, grade B, with classes 85/78/95', () => {
    expect(computeScore(base)).toEqual({ value: 82, grade: 'B', byRiskClass: { isolation: 85, backup: 78, privilege: 95 } })
    expect(readme).toContain('round(0.5 × 78 + 0.5 × 86) = 82  → grade B')
  })
  it('drops to 55, grade F, with one critical more', () => {
    const s = computeScore([...base, finding('rds-only-automated-backups', 'backup', 'critical', 5)])
    expect(s).toEqual({ value: 55, grade: 'F', byRiskClass: { isolation: 85, backup: 38, privilege: 95 } })
    expect(readme).toContain('round(0.5 × 38 + 0.5 × 72.67) = 55`, grade F')
  })
})
