import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fingerprintOf, RISK_CLASSES, SEVERITIES, type Finding, type RiskClass, type Severity } from '../../src/checks/define.js'
import { computeScore, explainScore, gradeOf, CRITICAL_CAP, SEVERITY_WEIGHT } from '../../src/score/score.js'

let serial = 0
function finding(checkId: string, severity: Severity, riskClass: RiskClass, over: Partial<Finding> = {}): Finding {
  const arn = `arn:aws:rds:us-east-1:111111111111:db:db${serial++}`
  return {
    fingerprint: fingerprintOf(checkId, arn), checkId, title: checkId, severity, riskClass,
    accountId: '111111111111', region: 'us-east-1', environment: 'prod', environmentRule: 'manifest: prod',
    resource: { arn, type: 'AWS::RDS::DBInstance' }, message: `${checkId} on ${arn}`, evidence: {},
    remediation: 'fix it', compliance: {}, location: { file: '111111111111/us-east-1/rds-describe-db-instances.json' },
    ...over,
  }
}

const arbFinding = fc
  .record({
    checkId: fc.constantFrom('check-a', 'check-b', 'check-c', 'check-d'),
    severity: fc.constantFrom(...SEVERITIES),
    riskClass: fc.constantFrom(...RISK_CLASSES),
    suppressed: fc.boolean(),
  })
  .map(({ checkId, severity, riskClass, suppressed }) =>
    finding(checkId, severity, riskClass, suppressed ? { suppressed: { kind: 'suppression', reason: 'accepted' } } : {}))

const scores = (fs: Finding[]) => {
  const g = computeScore(fs)
  return [g.value, ...RISK_CLASSES.map((c) => g.byRiskClass[c])].map(assessedValue)
}
/** every class is assessed by default, so every value is a number */
const assessedValue = (v: number | null): number => {
  if (v === null) throw new Error('a score of an assessed class is null')
  return v
}
const noneHigher = (after: number[], before: number[]) => after.every((v, i) => v <= before[i])
const worse = (s: Severity): Severity[] => SEVERITIES.slice(0, SEVERITIES.indexOf(s))

describe('computeScore', () => {
  it('is 100 / A for no findings', () => {
    expect(computeScore([])).toEqual({ value: 100, grade: 'A', byRiskClass: { isolation: 100, backup: 100, privilege: 100 } })
  })

  it('charges one high finding 15 points of its class and blends worst and mean for the total', () => {
    const g = computeScore([finding('rds-deletion-protection-off', 'high', 'backup')])
    expect(g.byRiskClass).toEqual({ isolation: 100, backup: 85, privilege: 100 })
    // round(0.5 × 85 + 0.5 × 95) = 90
    expect(g).toMatchObject({ value: 90, grade: 'A' })
  })

  it('gives diminishing returns to repeats of one check, but not across checks', () => {
    const same = computeScore([1, 2, 3].map(() => finding('rds-deletion-protection-off', 'high', 'backup')))
    const distinct = computeScore(['a-x', 'b-x', 'c-x'].map((id) => finding(id, 'high', 'backup')))
    expect(same.byRiskClass.backup).toBe(100 - Math.round(15 + 7.5 + 3.75)) // 74
    expect(distinct.byRiskClass.backup).toBe(100 - 45)
  })

  it('caps a class at 0 and the grade at F with an unsuppressed critical', () => {
    const many = ['a-1', 'b-1', 'c-1'].map((id) => finding(id, 'critical', 'privilege'))
    expect(computeScore(many).byRiskClass.privilege).toBe(0)
    const one = computeScore([finding('root-access-key', 'critical', 'privilege')])
    expect(one.value).toBe(CRITICAL_CAP)
    expect(one.grade).toBe('F')
  })

  it('ignores suppressed and baselined findings', () => {
    const suppressed = finding('root-access-key', 'critical', 'privilege', { suppressed: { kind: 'baseline', reason: 'in baseline' } })
    expect(computeScore([suppressed])).toEqual(computeScore([]))
  })

  it('gives info findings no weight', () => {
    expect(SEVERITY_WEIGHT.info).toBe(0)
    expect(computeScore([finding('note-x', 'info', 'isolation')])).toEqual(computeScore([]))
  })

  it('is deterministic: the order of findings does not matter', () => {
    fc.assert(fc.property(fc.array(arbFinding, { maxLength: 25 }), (fs) => {
      expect(computeScore([...fs].reverse())).toEqual(computeScore(fs))
    }))
  })

  it('property: adding a finding never raises any score', () => {
    fc.assert(fc.property(fc.array(arbFinding, { maxLength: 25 }), arbFinding, (fs, extra) => {
      expect(noneHigher(scores([...fs, extra]), scores(fs))).toBe(true)
    }), { numRuns: 500 })
  })

  it('property: worsening a severity never raises any score', () => {
    fc.assert(fc.property(fc.array(arbFinding, { minLength: 1, maxLength: 25 }), fc.nat(), fc.nat(), (fs, i, j) => {
      const k = i % fs.length
      const options = worse(fs[k].severity)
      fc.pre(options.length > 0)
      const worsened = fs.map((f, n) => (n === k ? { ...f, severity: options[j % options.length] } : f))
      expect(noneHigher(scores(worsened), scores(fs))).toBe(true)
    }), { numRuns: 500 })
  })

  it('property: removing a suppression never raises any score', () => {
    fc.assert(fc.property(fc.array(arbFinding, { minLength: 1, maxLength: 25 }), fc.nat(), (fs, i) => {
      const k = i % fs.length
      const unsuppressed = fs.map((f, n) => (n === k ? { ...f, suppressed: undefined } : f))
      expect(noneHigher(scores(unsuppressed), scores(fs))).toBe(true)
    }), { numRuns: 300 })
  })

  it('property: the grade follows the value and is F whenever an unsuppressed critical remains', () => {
    fc.assert(fc.property(fc.array(arbFinding, { maxLength: 25 }), (fs) => {
      const g = computeScore(fs)
      expect(g.grade).toBe(gradeOf(assessedValue(g.value)))
      if (fs.some((f) => f.severity === 'critical' && !f.suppressed)) expect(g.grade).toBe('F')
      for (const v of [g.value, ...Object.values(g.byRiskClass)].map(assessedValue)) expect(Number.isInteger(v) && v >= 0 && v <= 100).toBe(true)
    }))
  })

  it('grade bands: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F', () => {
    expect([100, 90, 89, 80, 79, 70, 69, 60, 59, 0].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'F', 'F'])
  })
})

describe('explainScore', () => {
  it('explains each cost and agrees with computeScore', () => {
    const fs = [
      finding('rds-deletion-protection-off', 'high', 'backup'),
      finding('rds-deletion-protection-off', 'high', 'backup'),
      finding('backup-no-cross-region-copy', 'medium', 'backup'),
      finding('admin-principal', 'low', 'privilege'),
    ]
    const e = explainScore(fs)
    expect(e.grade).toEqual(computeScore(fs))
    const backup = e.classes.find((c) => c.riskClass === 'backup')!
    expect(backup.findings.map((s) => [s.checkId, s.repeat, s.cost])).toEqual([
      ['backup-no-cross-region-copy', 1, 5], ['rds-deletion-protection-off', 1, 15], ['rds-deletion-protection-off', 2, 7.5],
    ])
    expect(backup.score).toBe(73) // round(100 − 27.5) Math.round: 72.5 → 73
    expect(e.lines.at(-1)).toBe(`grade ${e.grade.grade} (${e.grade.value})`)
    expect(e.lines[1]).toContain('rds-deletion-protection-off #2 high 15×0.5=7.5')
  })
})

describe('the README worked example', () => {
  const estate = [
    ...[1, 2, 3].map(() => finding('rds-deletion-protection-off', 'high', 'backup')),
    finding('backup-no-cross-region-copy', 'medium', 'backup'),
    ...[1, 2].map(() => finding('stale-access-key', 'medium', 'privilege')),
    ...[1, 2, 3, 4].map(() => finding('unused-credential', 'low', 'privilege')),
    finding('prod-nonprod-same-account', 'medium', 'isolation'),
  ]

  it('scores 77 / C without a critical', () => {
    const e = explainScore(estate)
    expect(e.classes.map((c) => [c.riskClass, c.cost, c.score])).toEqual([
      ['isolation', 5, 95], ['backup', 31.25, 69], ['privilege', 9.375, 91],
    ])
    expect(e.grade).toEqual({ value: 77, grade: 'C', byRiskClass: { isolation: 95, backup: 69, privilege: 91 } })
  })

  it('drops to 59 / F with one unrecoverable-deletion critical', () => {
    const e = explainScore([...estate, finding('unrecoverable-deletion', 'critical', 'privilege')])
    expect(e.classes.find((c) => c.riskClass === 'privilege')).toMatchObject({ cost: 49.375, score: 51 })
    expect(e.uncapped).toBe(61)
    expect(e.criticalCapApplied).toBe(true)
    expect(e.grade).toEqual({ value: 59, grade: 'F', byRiskClass: { isolation: 95, backup: 69, privilege: 51 } })
  })
})
