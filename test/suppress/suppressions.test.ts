import { describe, expect, it } from 'vitest'
import { Ajv } from 'ajv'
import { arnMatches } from '../../src/inventory/environment.js'
import { applySuppressions, suppressionsConfigSchema, type SuppressionRule } from '../../src/suppress/suppressions.js'
import { dbArn, roleArn, sampleFinding } from '../support/sample-report.js'
import { STAGING } from '../support/estate.js'
import { assertValidFinding } from '../support/report-schema.js'

const TODAY = '2026-11-27T00:00:00Z'
const rule = (o: Partial<SuppressionRule>): SuppressionRule => ({ reason: 'accepted until migration', owner: 'dba-team', expires: '2026-12-31', ...o })

const orders = sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('orders') })
const billing = sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('billing') })
const deleter = sampleFinding({ checkId: 'can-delete-prod-database', resource: dbArn('orders'), principal: roleArn('ci-deployer', STAGING) })

describe('applySuppressions', () => {
  it('flags a finding matched by check and resource glob, with reason, owner and expiry', () => {
    const { findings, warnings } = applySuppressions([orders, billing], [rule({ check: 'rds-deletion-protection-off', resource: 'arn:aws:rds:*:*:db:ord*' })], TODAY)
    expect(findings[0].suppressed).toEqual({ kind: 'suppression', reason: 'accepted until migration', owner: 'dba-team', expires: '2026-12-31' })
    expect(findings[1].suppressed).toBeUndefined()
    expect(warnings).toEqual([])
    for (const f of findings) assertValidFinding(f)
  })

  it('does not mutate its input', () => {
    const input = [orders]
    applySuppressions(input, [rule({ check: orders.checkId })], TODAY)
    expect(input[0].suppressed).toBeUndefined()
  })

  it('matches on principal glob and never matches a finding without a principal', () => {
    const { findings } = applySuppressions([orders, deleter], [rule({ principal: `arn:aws:iam::${STAGING}:role/ci-*` })], TODAY)
    expect(findings.map((f) => f.suppressed?.kind)).toEqual([undefined, 'suppression'])
  })

  it('needs every given matcher to match (check AND resource)', () => {
    const { findings, warnings } = applySuppressions([orders], [rule({ check: 'can-delete-prod-database', resource: dbArn('orders') })], TODAY)
    expect(findings[0].suppressed).toBeUndefined()
    expect(warnings[0]).toMatch(/^stale suppression: suppression #1 \(check=can-delete-prod-database, resource=arn:aws:rds:us-east-1:111111111111:db:orders; owner dba-team\) matched no finding/)
  })

  it('still applies on its expiry day, stops the day after and warns', () => {
    const onTheDay = applySuppressions([orders], [rule({ check: orders.checkId, expires: '2026-11-27' })], TODAY)
    expect(onTheDay.findings[0].suppressed?.kind).toBe('suppression')
    expect(onTheDay.warnings).toEqual([])
    const after = applySuppressions([orders], [rule({ check: orders.checkId, expires: '2026-11-26' })], TODAY)
    expect(after.findings[0].suppressed).toBeUndefined()
    expect(after.warnings).toEqual([
      'suppression #1 (check=rds-deletion-protection-off; owner dba-team) expired on 2026-11-26: its findings count again; renew it or fix them',
    ])
  })

  it('uses the date it is given, not the clock (a snapshot always gives the same report)', () => {
    const r = [rule({ check: orders.checkId, expires: '2020-01-01' })]
    expect(applySuppressions([orders], r, '2019-12-31').findings[0].suppressed?.kind).toBe('suppression')
    expect(applySuppressions([orders], r, '2020-01-02').findings[0].suppressed).toBeUndefined()
  })

  it('does not call a rule stale when its check was not selected this run', () => {
    const r = [rule({ check: 'backup-vault-unlocked' })]
    expect(applySuppressions([orders], r, TODAY, { checksRun: ['rds-deletion-protection-off'] }).warnings).toEqual([])
    expect(applySuppressions([orders], r, TODAY, { checksRun: ['backup-vault-unlocked'] }).warnings).toHaveLength(1)
    // an id that is no check at all is not "not run this time": it is a typo, and says so
    const typo = [rule({ check: 'rds-deletion-protecton-off' })]
    const out = applySuppressions([orders], typo, TODAY, { checksRun: ['rds-deletion-protection-off'], knownChecks: ['rds-deletion-protection-off'] })
    expect(out.warnings).toEqual([`suppression #1 (check=rds-deletion-protecton-off; owner dba-team) names check 'rds-deletion-protecton-off', which is no bulkhead check (see 'bulkhead checks'): it matches nothing`])
    expect(out.findings[0].suppressed).toBeUndefined()
  })

  it('replaces a baseline flag: the signed, expiring decision is the one shown', () => {
    const baselined = { ...orders, suppressed: { kind: 'baseline' as const, reason: 'in baseline b.json' } }
    const { findings, warnings } = applySuppressions([baselined], [rule({ check: orders.checkId })], TODAY)
    expect(findings[0].suppressed).toMatchObject({ kind: 'suppression', owner: 'dba-team' })
    expect(warnings).toEqual([])
  })

  it('keeps the first matching rule when several match', () => {
    const { findings, warnings } = applySuppressions([orders], [rule({ check: orders.checkId, owner: 'first' }), rule({ resource: dbArn('orders'), owner: 'second' })], TODAY)
    expect(findings[0].suppressed?.owner).toBe('first')
    expect(warnings).toEqual([]) // the second matched too, so it is not stale
  })

  it('ignores, with a warning, a rule that names nothing to match', () => {
    const { findings, warnings } = applySuppressions([orders], [rule({})], TODAY)
    expect(findings[0].suppressed).toBeUndefined()
    expect(warnings[0]).toMatch(/names no check, resource or principal/)
  })
})

describe('arnMatches (the suppression ARN glob)', () => {
  it('treats * as any run (across : and /), ? as one character, the rest literally', () => {
    expect(arnMatches('arn:aws:iam::*:role/*', 'arn:aws:iam::111111111111:role/a/b')).toBe(true)
    expect(arnMatches('arn:aws:rds:us-east-?:*', 'arn:aws:rds:us-east-1:1:db:x')).toBe(true)
    expect(arnMatches('arn:aws:rds:us-east-?:*', 'arn:aws:rds:us-east-12:1:db:x')).toBe(false)
    expect(arnMatches('a.b+c', 'a.b+c')).toBe(true)
    expect(arnMatches('a.b', 'axb')).toBe(false)
  })
})

describe('suppressionsConfigSchema', () => {
  const validate = new Ajv({ strict: false }).compile(suppressionsConfigSchema)
  it('accepts a complete rule', () => {
    expect(validate([rule({ check: 'admin-principal', principal: 'arn:aws:iam::*:role/admin' })])).toBe(true)
  })
  it.each([
    ['no matcher', { reason: 'r', owner: 'o', expires: '2026-12-31' }],
    ['no reason', { check: 'admin-principal', owner: 'o', expires: '2026-12-31' }],
    ['no owner', { check: 'admin-principal', reason: 'r', expires: '2026-12-31' }],
    ['no expiry', { check: 'admin-principal', reason: 'r', owner: 'o' }],
    ['a bad date', { check: 'admin-principal', reason: 'r', owner: 'o', expires: '31/12/2026' }],
    ['an unknown key', { check: 'admin-principal', reason: 'r', owner: 'o', expires: '2026-12-31', forever: true }],
  ])('rejects a rule with %s', (_what, r) => {
    expect(validate([r])).toBe(false)
  })
})
