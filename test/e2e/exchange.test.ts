// OCSF and ASFF from real scans of the bundled estates (the built CLI as a process), each
// finding checked by the real consumer: py-ocsf-models' DetectionFinding and botocore's Security
// Hub model (BatchImportFindings, batches of 100). The incident estate is scanned with its
// workspace, so token findings (no region, one with no AWS account) are among them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, fixture } from '../support/cli.js'
import { validateExchangeFile } from '../support/exchange.js'

const ESTATES = [
  { name: 'shared-blast-radius', args: ['--workspace', join(fixture('shared-blast-radius'), 'workspace')], some: true },
  { name: 'well-isolated', args: [], some: false },
]

describe.each(ESTATES)('OCSF and ASFF of $name', ({ name, args, some }) => {
  const dir = mkdtempSync(join(tmpdir(), `bulkhead-exchange-${name}-`))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (ext: string) => join(dir, `report.${ext}`)
  const r = cli(['scan', '--snapshot', fixture(name), ...args, '--fail-on', 'none', '--format', 'json', '--output', file('json'),
    '--report', `ocsf=${file('ocsf.json')}`, '--report', `asff=${file('asff.json')}`])
  const report = JSON.parse(readFileSync(file('json'), 'utf8')) as { findings: { fingerprint: string; severity: string; checkId: string }[]; summary: Record<string, number> }
  const findings = report.findings.length

  it('scans cleanly, with the findings the estate has', () => {
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    // the incident estate has findings of every severity but info; the well-isolated one none
    const counted = ['critical', 'high', 'medium', 'low', 'info'].reduce((n, k) => n + report.summary[k], 0)
    expect(findings).toBe(counted)
    if (some) expect(findings).toBeGreaterThan(30)
    else expect(findings).toBe(0)
  })

  it('every finding validates as a py-ocsf-models DetectionFinding, one per finding of the report', () => {
    expect(validateExchangeFile('ocsf', file('ocsf.json'))).toEqual({ count: findings, batches: 1, errors: [] })
    const ocsf = JSON.parse(readFileSync(file('ocsf.json'), 'utf8')) as { finding_info: { uid: string }; metadata: { event_code: string } }[]
    expect(ocsf.map((o) => [o.finding_info.uid, o.metadata.event_code])).toEqual(report.findings.map((f) => [f.fingerprint, f.checkId]))
  })

  it('every finding validates against botocore\'s BatchImportFindings input, in batches of 100', () => {
    expect(validateExchangeFile('asff', file('asff.json'))).toEqual({ count: findings, batches: Math.ceil(findings / 100), errors: [] })
    const asff = JSON.parse(readFileSync(file('asff.json'), 'utf8')) as { Id: string; Severity: { Original: string } }[]
    expect(asff.map((a) => [a.Id, a.Severity.Original])).toEqual(report.findings.map((f) => [`bulkhead/${f.fingerprint}`, f.severity]))
  })

  it('--format ocsf and --format asff print the same documents on stdout', () => {
    for (const format of ['ocsf', 'asff']) {
      const out = cli(['scan', '--snapshot', fixture(name), ...args, '--fail-on', 'none', '--format', format])
      expect(out.code).toBe(0)
      const printed = JSON.parse(out.stdout) as unknown[]
      const written = JSON.parse(readFileSync(file(`${format}.json`), 'utf8')) as unknown[]
      // the same findings; only the scan's own time differs between two runs
      const timeless = (docs: unknown[]) => JSON.stringify(docs).replace(/"(time|created_time|CreatedAt|UpdatedAt)":("[^"]*"|\d+)/g, '')
      expect(timeless(printed)).toBe(timeless(written))
    }
  })
})

describe('the incident estate in the exchange formats', () => {
  it('never prints an access key id, the message says AKIA…KQD2', () => {
    const out = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', 'unused-credential', '--format', 'asff'])
    expect(out.stdout).not.toMatch(/AKIA[A-Z0-9]{16}/)
    expect(JSON.parse(out.stdout)[0].Description).toContain('AKIA…KQD2')
  })

  it('asff of a workspace-only scan says in one line why it cannot be filed', () => {
    const out = cli(['scan', '--workspace', join(fixture('shared-blast-radius'), 'workspace'), '--format', 'asff'])
    expect(out.code).toBe(2)
    expect(out.stderr).toMatch(/^bulkhead: --format asff: finding [a-z-]+ on workspace:\S+ names no AWS account, and Security Hub files findings by account: scan with --snapshot or --aws too\n$/)
  })
})
