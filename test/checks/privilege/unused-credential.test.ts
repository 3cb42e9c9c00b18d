import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/unused-credential.js'
import { daysAgo, estate } from '../../support/estate.js'
import type { Credentials } from '../../../src/inventory/types.js'
import { runCheck } from '../../support/run-check.js'

const user = (credentials: Credentials) => estate().prodAccount().user('alice', { credentials }).build()

describe('unused-credential', () => {
  it('fires, low, on an active key last used 200 days ago', () => {
    const inv = user({ passwordEnabled: false, accessKeys: [{ id: 'AKIAEXAMPLE000000001', active: true, createdAt: daysAgo(500), lastUsedAt: daysAgo(200) }] })
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'low', resource: { arn: inv.arnOf('alice') }, principal: { arn: inv.arnOf('alice') } })
    expect(finding.message).toBe('user alice has an active access key AKIA…0001 unused for 200 days (limit 90 days)')
  })
  it('fires on a console password never used since it was set 120 days ago', () => {
    const inv = user({ passwordEnabled: true, passwordLastChangedAt: daysAgo(120), accessKeys: [] })
    const [finding] = runCheck(check, inv)
    expect(finding.message).toContain('console password never used')
  })
  it('stays quiet for a key used yesterday and a key created last week but never used', () => {
    const inv = user({
      passwordEnabled: false,
      accessKeys: [
        { id: 'AKIAEXAMPLE000000001', active: true, createdAt: daysAgo(500), lastUsedAt: daysAgo(1) },
        { id: 'AKIAEXAMPLE000000002', active: true, createdAt: daysAgo(7) },
      ],
    })
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet for an inactive key unused for years', () => {
    const inv = user({ passwordEnabled: false, accessKeys: [{ id: 'AKIAEXAMPLE000000001', active: false, createdAt: daysAgo(1000), lastUsedAt: daysAgo(900) }] })
    expect(runCheck(check, inv)).toEqual([])
  })
  it('excludes the root user', () => {
    const inv = estate().prodAccount()
      .root({ credentials: { passwordEnabled: true, passwordLastUsedAt: daysAgo(300), accessKeys: [{ active: true, createdAt: daysAgo(400), lastUsedAt: daysAgo(300) }] } })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
