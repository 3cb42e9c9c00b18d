import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { render } from '../../src/report/junit.js'
import { ctxOf, dbArn, meta, roleArn, sampleFinding, sampleReport } from '../support/sample-report.js'
import { STAGING } from '../support/estate.js'

// xmllint comes from Debian's libxml2-utils (the test setup finds or installs it: test/support/tools.ts).
const XSD = resolve(import.meta.dirname, '../support/junit.xsd')
const dir = mkdtempSync(join(tmpdir(), 'bulkhead-junit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function xmllint(xml: string, ...args: string[]) {
  const file = join(dir, `r${Math.random().toString(36).slice(2)}.xml`)
  writeFileSync(file, xml)
  return spawnSync('xmllint', [...args, file], { encoding: 'utf8' })
}
const validate = (xml: string) => xmllint(xml, '--noout', '--schema', XSD)
const xpath = (xml: string, expr: string) => xmllint(xml, '--xpath', expr).stdout.replace(/\n$/, '')

const checks = [
  meta('rds-deletion-protection-off'),
  meta('can-delete-prod-database', 'privilege'),
  meta('backup-vault-unlocked'),
  meta('token-in-workspace', 'privilege'),
  meta('admin-principal', 'privilege'),
]
const report = sampleReport(
  [
    sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('orders') }),
    sampleFinding({ checkId: 'rds-deletion-protection-off', resource: dbArn('billing'), suppressed: { kind: 'baseline', reason: 'in baseline b.json' } }),
    sampleFinding({ checkId: 'can-delete-prod-database', resource: dbArn('orders'), principal: roleArn('ci', STAGING), severity: 'critical', riskClass: 'privilege' }),
    sampleFinding({ checkId: 'can-delete-prod-database', resource: dbArn('orders'), principal: roleArn('ops', STAGING), riskClass: 'privilege' }),
  ],
  { skipped: [{ checkId: 'token-in-workspace', reason: 'no --workspace given' }] },
)

describe('JUnit reporter', () => {
  const xml = render(report, ctxOf(checks))

  it('is valid against the Jenkins junit-10 XSD', () => {
    const r = validate(xml)
    expect(r.stderr).toContain('validates')
    expect(r.status).toBe(0)
  })

  it('has one testsuite per check and one testcase per check × resource', () => {
    expect(xpath(xml, 'count(//testsuite)')).toBe('5')
    expect(xpath(xml, 'count(//testsuite[@name="rds-deletion-protection-off"]/testcase)')).toBe('2')
    // two principals on one database: one testcase, one failure naming the worst
    expect(xpath(xml, 'count(//testsuite[@name="can-delete-prod-database"]/testcase)')).toBe('1')
    expect(xpath(xml, 'string(//testsuite[@name="can-delete-prod-database"]//failure/@type)')).toBe('critical')
    expect(xpath(xml, 'string(//testsuite[@name="can-delete-prod-database"]//failure/@message)')).toMatch(/\(and 1 more on this resource\)$/)
    expect(xpath(xml, 'string(/testsuites/@tests)')).toBe('6')
    expect(xpath(xml, 'string(/testsuites/@failures)')).toBe('2')
  })

  it('fails unsuppressed findings with message and severity, and skips baselined ones', () => {
    expect(xpath(xml, `string(//testcase[@name="${dbArn('orders')}" and @classname="rds-deletion-protection-off"]/failure/@type)`)).toBe('high')
    expect(xpath(xml, `string(//testcase[@name="${dbArn('billing')}"]/skipped/@message)`)).toBe('accepted: in baseline b.json')
  })

  it('gives a check without findings one passing testcase named after it, and skips one that could not look', () => {
    expect(xpath(xml, 'count(//testsuite[@name="admin-principal"]/testcase[@name="admin-principal"][not(*)])')).toBe('1')
    expect(xpath(xml, 'string(//testsuite[@name="token-in-workspace"]/testcase/skipped/@message)')).toBe('not evaluated: no --workspace given')
  })

  it('escapes markup, quotes and control characters so the file stays valid XML', () => {
    const nasty = sampleFinding({
      checkId: 'token-in-workspace', resource: 'workspace:src/<evil>&"quoted".env', riskClass: 'privilege',
      message: `token in "a&b" <script>alert('x')</script> ]]> \u0001 done\nline two`,
      location: { file: 'src/<evil>&"quoted".env', line: 3 },
    })
    const x = render(sampleReport([nasty]), ctxOf([meta('token-in-workspace', 'privilege')]))
    expect(validate(x).status).toBe(0)
    expect(x).not.toContain('<script>')
    // control characters and line breaks of the data are shown as escapes, as in text
    expect(xpath(x, 'string(//failure/@message)')).toBe(`token in "a&b" <script>alert('x')</script> ]]> \\x01 done\\nline two`)
    expect(xpath(x, 'string(//testcase/@name)')).toBe('workspace:src/<evil>&"quoted".env')
  })

  it('is valid with no checks and no findings at all', () => {
    const x = render(sampleReport([]), ctxOf([]))
    expect(validate(x).status).toBe(0)
    expect(xpath(x, 'string(/testsuites/@tests)')).toBe('0')
  })
})
