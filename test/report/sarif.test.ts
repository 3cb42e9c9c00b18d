import { describe, expect, it } from 'vitest'
import { pascalCase, render, sentence } from '../../src/report/sarif.js'
import { reportOf, sampleFindings, sampleReport, SAMPLE_CHECKS } from '../support/report-fixture.js'
import { assertValidSarif, validateSarif } from '../support/sarif-validate.js'
import { toCheckMeta } from '../../src/report/render.js'

const collectionError = { accountId: '111111111111', region: 'eu-west-1', operation: 'rds:DescribeDBInstances', message: 'AccessDenied' }

interface SarifResult {
  ruleId: string; ruleIndex: number; level: string; message: { text: string }
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[]
  partialFingerprints: Record<string, string>
  suppressions?: { kind: string; status: string; justification: string }[]
  properties: Record<string, unknown>
}
interface SarifRule {
  id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }
  help: { text: string; markdown: string }; helpUri?: string; defaultConfiguration: { level: string }
  properties: { tags: string[]; 'security-severity': string; precision: string }
}

function sarifOf(...args: Parameters<typeof sampleReport>) {
  const { report, checks } = sampleReport(...args)
  const text = render(report, { color: true, checks })
  const log = JSON.parse(text)
  const run = log.runs[0]
  return { text, log, run, report, rules: run.tool.driver.rules as SarifRule[], results: run.results as SarifResult[] }
}

describe('sarif reporter', () => {
  it('passes the official validator with GitHub rules (zero errors, zero warnings) and the SARIF schema', () => {
    const { text } = sarifOf({ errors: [collectionError] })
    const v = assertValidSarif({ text })
    expect(v.exitCode).toBe(0)
  })

  it('passes the validator for a clean report with no results, and with no rules at all', () => {
    assertValidSarif({ text: render(reportOf([]), { color: false, checks: SAMPLE_CHECKS.map(toCheckMeta) }) })
    assertValidSarif({ text: render(reportOf([]), { color: false, checks: [] }) })
  })

  it('the validator helper is not vacuous: it reports a result without a location and a schema violation', () => {
    const { log } = sarifOf()
    delete log.runs[0].results[0].locations
    expect(validateSarif({ text: JSON.stringify(log) }).errors.map((e) => e.ruleId)).toContain('GH1015')
    // the multitool says nothing at all about this one; the schema check catches it
    const { log: other } = sarifOf()
    other.runs[0].results[1].level = 'fatal'
    expect(validateSarif({ text: JSON.stringify(other) }).schemaErrors.join('\n')).toMatch(/results\/1\/level/)
  })

  it('is a SARIF 2.1.0 log from bulkhead', () => {
    const { log, run } = sarifOf()
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(log.version).toBe('2.1.0')
    expect(run.tool.driver).toMatchObject({ name: 'bulkhead', version: '0.1.0', semanticVersion: '0.1.0', informationUri: expect.stringMatching(/^https:\/\//) })
    expect(Object.keys(run.originalUriBaseIds)).toEqual(['%SRCROOT%'])
  })

  it('has one rule per check with help, security-severity by default severity, tags and helpUri', () => {
    const { rules } = sarifOf()
    expect(rules.map((r) => r.id)).toEqual(SAMPLE_CHECKS.map((c) => c.id))
    const unrecoverable = rules.find((r) => r.id === 'unrecoverable-deletion')!
    expect(unrecoverable).toMatchObject({
      name: 'UnrecoverableDeletion',
      shortDescription: { text: 'Principal can delete a prod database and every way back.' },
      helpUri: 'https://docs.aws.amazon.com/bulkhead-sample/unrecoverable-deletion.html',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '9.5', precision: 'high' },
    })
    expect(unrecoverable.properties.tags).toEqual(['security', 'privilege', 'nist-800-53/CP-9', 'soc2/CC7.2'])
    expect(unrecoverable.help.markdown).toContain('**Remediation:** Fix unrecoverable-deletion')
    expect(unrecoverable.help.markdown).toContain('- https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html')
    expect(unrecoverable.help.text).toContain('Remediation: Fix unrecoverable-deletion')
    const bySeverity = Object.fromEntries(rules.map((r) => [r.id, [r.properties['security-severity'], r.defaultConfiguration.level]]))
    expect(bySeverity).toMatchObject({
      'rds-deletion-protection-off': ['8.0', 'error'], 'prod-nonprod-same-account': ['5.5', 'warning'], 'unused-credential': ['3.0', 'note'],
    })
  })

  it('has one result per finding, pointing at its rule, with fingerprint, level and sentence message', () => {
    const { results, rules, report } = sarifOf()
    expect(results).toHaveLength(report.findings.length)
    for (const [i, r] of results.entries()) {
      const f = report.findings[i]
      expect(rules[r.ruleIndex].id).toBe(r.ruleId)
      expect(r.ruleId).toBe(f.checkId)
      expect(r.partialFingerprints).toEqual({ 'bulkhead/v1': f.fingerprint })
      expect(r.message.text).toBe(`${f.message}.`)
      expect(r.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: f.resource.arn, kind: 'resource' }])
      expect(r.properties).toMatchObject({ severity: f.severity, accountId: f.accountId, region: f.region, environment: f.environment, evidence: f.evidence })
    }
    expect(results.map((r) => r.level)).toEqual(['error', 'error', 'error', 'error', 'warning', 'warning', 'note'])
    expect(results[0].properties.principal).toMatch(/:role\/deployer$/)
  })

  it('places a workspace finding at its file and line, and a cloud finding at its snapshot file, line 1', () => {
    const { results } = sarifOf()
    const token = results.find((r) => r.ruleId === 'token-in-workspace')!
    expect(token.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'deploy/.env', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } })
    const db = results.find((r) => r.ruleId === 'rds-deletion-protection-off')!
    expect(db.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: '111111111111/us-east-1/rds-describe-db-instances.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 },
    })
  })

  it('marks suppressed and baselined findings as accepted external suppressions with their reason', () => {
    const { results } = sarifOf()
    expect(results.filter((r) => r.suppressions).map((r) => [r.ruleId, r.suppressions])).toEqual([
      ['backup-vault-unlocked', [{ kind: 'external', status: 'accepted', justification: 'suppression: lock scheduled for the next change window' }]],
      ['backup-no-cross-region-copy', [{ kind: 'external', status: 'accepted', justification: 'baseline: accepted in baseline of 2026-11-01' }]],
    ])
  })

  it('reports collection errors and skipped checks as tool execution notifications', () => {
    const { run } = sarifOf({ errors: [collectionError] })
    const [invocation] = run.invocations
    expect(invocation.executionSuccessful).toBe(true)
    expect(invocation.toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: '111111111111/eu-west-1: rds:DescribeDBInstances failed: AccessDenied.' } },
      expect.objectContaining({ level: 'note', associatedRule: { id: 'shared-db-secret', index: 7 } }),
    ])
  })

  it('keeps at most 10 tags per rule (GitHub drops the rest) and the full compliance mapping beside them', () => {
    const many = { ...toCheckMeta(SAMPLE_CHECKS[0]), compliance: { 'nist-800-53': ['AC-1', 'AC-2', 'AC-3', 'AC-6', 'CP-9', 'CP-10'], 'iso-27001': ['A.5.15', 'A.8.2', 'A.8.13'] } }
    const text = render(reportOf([]), { color: false, checks: [many] })
    const [r] = JSON.parse(text).runs[0].tool.driver.rules
    expect(r.properties.tags).toHaveLength(10)
    expect(r.properties.tags.slice(0, 3)).toEqual(['security', 'privilege', 'nist-800-53/AC-1'])
    expect(r.properties.compliance).toEqual(many.compliance)
    assertValidSarif({ text })
  })

  it('gives a finding of a check missing from ctx.checks a rule of its own', () => {
    const findings = sampleFindings()
    const log = JSON.parse(render(reportOf(findings), { color: false, checks: [] }))
    const run = log.runs[0]
    expect(run.tool.driver.rules.map((r: SarifRule) => r.id)).toEqual([...new Set(findings.map((f) => f.checkId))])
    for (const r of run.results as SarifResult[]) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId)
  })

  it('encodes awkward relative paths and keeps absolute ones as file URIs', () => {
    const [f] = sampleFindings().filter((x) => x.checkId === 'token-in-workspace')
    const odd = [
      { ...f, location: { file: './my dir/a#b.env', line: 2 } },
      { ...f, fingerprint: 'a'.repeat(32), location: { file: '/abs/path/x.env' } },
    ]
    const text = render(reportOf(odd), { color: false, checks: [] })
    const [a, b] = JSON.parse(text).runs[0].results as SarifResult[]
    expect(a.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'my%20dir/a%23b.env', uriBaseId: '%SRCROOT%' })
    expect(b.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///abs/path/x.env' })
  })
})

describe('sarif helpers', () => {
  it('pascalCase and sentence', () => {
    expect(pascalCase('backup-no-cross-account-copy')).toBe('BackupNoCrossAccountCopy')
    expect(sentence('done')).toBe('done.')
    expect(sentence('done.')).toBe('done.')
    expect(sentence('really? ')).toBe('really?')
  })
})
