import { describe, expect, it } from 'vitest'
import type { Finding, Severity } from '../../src/checks/define.js'
import { failingFindings, incompleteness, verdict } from '../../src/report/verdict.js'
import { reportOf, sampleFindings } from '../support/report-fixture.js'

const error = { accountId: '111111111111', region: 'eu-west-1', operation: 'backup:ListBackupVaults', message: 'ThrottlingException' }
const notCollected = { checkId: 'shared-db-secret', reason: 'kms-list-aliases.json not collected (111111111111/us-east-1): AccessDenied' }
const breakGlass = { checkId: 'admin-principal', reason: 'break-glass principal arn:aws:iam::111111111111:role/break-glass skipped' }

const only = (severity: Severity, suppressed = false): Finding[] => {
  const [f] = sampleFindings().filter((x) => !x.suppressed)
  return [{ ...f, severity, ...(suppressed ? { suppressed: { kind: 'suppression' as const, reason: 'accepted risk' } } : {}) }]
}

describe('verdict', () => {
  it('0 for a clean, complete scan', () => {
    expect(verdict(reportOf([]), 'critical', false)).toBe(0)
  })

  it('1 for an unsuppressed finding at --fail-on, 0 for one below it', () => {
    expect(verdict(reportOf(only('critical')), 'critical', false)).toBe(1)
    expect(verdict(reportOf(only('high')), 'critical', false)).toBe(0)
    expect(verdict(reportOf(only('high')), 'high', false)).toBe(1)
    expect(verdict(reportOf(only('medium')), 'high', false)).toBe(0)
    expect(verdict(reportOf(only('low')), 'low', false)).toBe(1)
    expect(verdict(reportOf(only('info')), 'low', false)).toBe(0)
  })

  it('never fails on a suppressed or baselined finding', () => {
    expect(verdict(reportOf(only('critical', true)), 'low', false)).toBe(0)
    expect(failingFindings(reportOf(sampleFindings()), 'low').some((f) => f.suppressed)).toBe(false)
  })

  it('--fail-on none never returns 1', () => {
    expect(verdict(reportOf(sampleFindings()), 'none', false)).toBe(0)
  })

  it('3 for a scan with collection errors and nothing else failing', () => {
    expect(verdict(reportOf(only('high'), { skipped: [], errors: [error] }), 'critical', false)).toBe(3)
  })

  it('3 for a check skipped because its data was not collected', () => {
    expect(verdict(reportOf([], { skipped: [notCollected], errors: [] }), 'critical', false)).toBe(3)
  })

  it('a chosen skip (break-glass, no workspace) is not a partial scan', () => {
    const r = reportOf([], { skipped: [breakGlass, { checkId: 'token-in-workspace', reason: 'no --workspace given' }], errors: [] })
    expect(incompleteness(r)).toEqual([])
    expect(verdict(r, 'critical', false)).toBe(0)
  })

  it('1 beats 3: failing findings in a partial scan exit 1', () => {
    expect(verdict(reportOf(only('critical'), { skipped: [notCollected], errors: [error] }), 'critical', false)).toBe(1)
  })

  it('--allow-partial turns 3 into 0, never 1 into 0', () => {
    expect(verdict(reportOf([], { skipped: [notCollected], errors: [error] }), 'critical', true)).toBe(0)
    expect(verdict(reportOf(only('critical'), { skipped: [notCollected], errors: [error] }), 'critical', true)).toBe(1)
  })

  it('explains why a scan is partial', () => {
    expect(incompleteness(reportOf([], { skipped: [notCollected, breakGlass], errors: [error] }))).toEqual([
      '111111111111/eu-west-1: backup:ListBackupVaults failed: ThrottlingException',
      `shared-db-secret: ${notCollected.reason}`,
    ])
  })
})
