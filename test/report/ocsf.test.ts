// OCSF Detection Finding (spec §11), checked by its real consumer: every finding must load as
// py_ocsf_models' DetectionFinding (the models Prowler emits with) and dump back unchanged, so
// an attribute the model does not know, or a value it would coerce, fails too.
import { describe, expect, it } from 'vitest'
import { fingerprintOf, type Finding } from '../../src/checks/define.js'
import { render } from '../../src/report/ocsf.js'
import type { Report } from '../../src/report/model.js'
import { validateExchange } from '../support/exchange.js'
import { reportOf, sampleReport } from '../support/report-fixture.js'
import { PROD } from '../support/estate.js'

type Ocsf = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const parse = (report: Report, checks = sampleReport().checks): Ocsf[] => JSON.parse(render(report, { color: false, checks }))

describe('OCSF reporter', () => {
  const { report, checks } = sampleReport()
  const text = render(report, { color: false, checks })
  const out: Ocsf[] = JSON.parse(text)

  it('is one JSON array with one Detection Finding per finding, each valid for py-ocsf-models', () => {
    expect(out).toHaveLength(report.findings.length)
    expect(validateExchange('ocsf', text)).toEqual({ count: report.findings.length, batches: 1, errors: [] })
  })

  it('is class 2004 in category 2, type 200401 (create), OCSF 1.5.0, product bulkhead', () => {
    for (const o of out) {
      expect(o).toMatchObject({ class_uid: 2004, category_uid: 2, type_uid: 200401, activity_id: 1 })
      expect(o.metadata).toMatchObject({ version: '1.5.0', product: { name: 'bulkhead', vendor_name: 'bulkhead', version: '0.1.0' }, profiles: ['cloud'] })
    }
  })

  it('takes uid, title, event code, resource, account and severity from the finding', () => {
    report.findings.forEach((f, i) => {
      const o = out[i]
      expect(o.finding_info).toMatchObject({ uid: f.fingerprint, title: f.title })
      expect(o.finding_info.desc).toBe(checks.find((c) => c.id === f.checkId)!.description)
      expect(o.metadata.event_code).toBe(f.checkId)
      expect(o.message).toBe(f.message)
      expect(o.resources).toEqual([expect.objectContaining({ uid: f.resource.arn, type: f.resource.type, region: f.region, data: expect.objectContaining({ account_uid: f.accountId }) })])
      expect(o.cloud).toMatchObject({ provider: 'AWS', region: f.region, account: { uid: f.accountId, type_id: 10 } })
      expect([o.severity_id, o.severity]).toEqual(
        ({ critical: [5, 'Critical'], high: [4, 'High'], medium: [3, 'Medium'], low: [2, 'Low'], info: [1, 'Informational'] } as const)[f.severity],
      )
    })
    expect(out[0].cloud.account.name).toBe('acme-prod')
  })

  it('fills remediation from the finding and references from its check', () => {
    const o = out[0]
    expect(o.remediation).toEqual({ desc: report.findings[0].remediation, references: checks[0].references })
    expect(o.finding_info.src_url).toBe(checks[0].references[0])
  })

  it('marks open findings New and accepted ones Suppressed, saying by what', () => {
    const status = out.map((o) => [o.status_id, o.status, o.status_detail ?? null])
    const byCheck = Object.fromEntries(report.findings.map((f, i) => [f.checkId, status[i]]))
    expect(byCheck['rds-deletion-protection-off']).toEqual([1, 'New', null])
    expect(byCheck['backup-vault-unlocked']).toEqual([3, 'Suppressed', 'suppression: lock scheduled for the next change window (owner platform@acme.example, expires 2027-01-31)'])
    expect(byCheck['backup-no-cross-region-copy']).toEqual([3, 'Suppressed', 'baseline: accepted in baseline of 2026-11-01'])
    for (const o of out) expect(o.status_code).toBe('FAIL')
  })

  it('maps compliance where the finding has mappings, and its types', () => {
    const f = report.findings[0]
    expect(out[0].unmapped.compliance).toEqual(f.compliance)
    expect(out[0].finding_info.types).toEqual([
      'Software and Configuration Checks/AWS Security Best Practices/Excessive Privilege',
      'Software and Configuration Checks/Industry and Regulatory Standards/NIST 800-53 Controls (USA)',
      'Software and Configuration Checks/Industry and Regulatory Standards/SOC 2',
    ])
    const unmapped = parse(reportOf([{ ...f, compliance: {} }]))[0]
    expect(unmapped.unmapped.compliance).toEqual({})
    expect(unmapped.finding_info.types).toEqual(['Software and Configuration Checks/AWS Security Best Practices/Excessive Privilege'])
  })

  it('carries the severity the finding has, never the check default', () => {
    const f = { ...report.findings[1], severity: 'low' as const } // the check's default is high
    expect(parse(reportOf([f]))[0]).toMatchObject({ severity_id: 2, severity: 'Low' })
  })

  it('leaves out the cloud account of a finding that names none (a token of another service)', () => {
    const f: Finding = { ...report.findings[2], accountId: '' }
    const text = render(reportOf([f]), { color: false, checks })
    expect(JSON.parse(text)[0].cloud).toEqual({ provider: 'AWS', region: 'global' })
    expect(validateExchange('ocsf', text).errors).toEqual([])
  })

  it('masks access key ids and escapes control characters from the estate', () => {
    const key = 'AKIAZQXWVUTSRQPOKQD2' // made up
    const f: Finding = {
      ...report.findings[1],
      message: `user ci\u001b[2J\r\nforged line has access key ${key} and ASIAZQXWVUTSRQPO1234`,
      evidence: { keys: [key] },
    }
    const text = render(reportOf([f]), { color: false, checks })
    expect(text).not.toContain(key)
    expect(text).not.toContain('ASIAZQXWVUTSRQPO1234')
    // eslint-disable-next-line no-control-regex
    expect(JSON.parse(text)[0].message).not.toMatch(/[\u0000-\u001f]/)
    expect(JSON.parse(text)[0].message).toBe('user ci\\x1b[2J\\r\\nforged line has access key AKIA…KQD2 and ASIA…1234')
    expect(JSON.parse(text)[0].unmapped.evidence).toEqual({ keys: ['AKIA…KQD2'] })
    expect(validateExchange('ocsf', text).errors).toEqual([])
  })

  it('is an empty array for a report without findings', () => {
    expect(render(reportOf([]), { color: false, checks })).toBe('[]\n')
  })
})

describe('the OCSF validator (the harness itself)', () => {
  const { report, checks } = sampleReport()
  const one = JSON.parse(render(report, { color: false, checks }))[0]
  it('rejects an attribute the model does not declare, a wrong enum, a missing uid and a coerced type', () => {
    const bad = [
      { ...one, finding_info: { ...one.finding_info, titel: 'x' } },
      { ...one, severity_id: 7 },
      { ...one, finding_info: { ...one.finding_info, uid: undefined } },
      { ...one, time: String(one.time) },
    ]
    const v = validateExchange('ocsf', JSON.stringify(bad))
    expect(v.errors).toEqual([
      '[0].finding_info.titel: not an attribute of the model (dropped)',
      expect.stringMatching(/^\[1\]\.severity_id: Input should be/),
      '[2].finding_info.uid: Field required',
      expect.stringMatching(/^\[3\]\.time: wrote '\d+', the model reads \d+$/),
    ])
  })
  it('is fed real findings (fingerprints of the sample report)', () => {
    expect(one.finding_info.uid).toBe(fingerprintOf('unrecoverable-deletion', report.findings[0].resource.arn, report.findings[0].principal?.arn))
    expect(report.findings[0].accountId).toBe(PROD)
  })
})
