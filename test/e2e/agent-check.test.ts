// `bulkhead agent-check` and `bulkhead reach` as a user runs them: the built CLI as a process, in
// an environment without the test runner's AWS_* variables, on the demo estate and its demo home.
// Every report format opens in its consumer (JSON schema, SARIF validator with GitHub's rules,
// the JUnit XSD); usage errors are one line and exit 2.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPORTERS } from '../../src/report/render.js'
import { BIN, ROOT, fixture } from '../support/cli.js'
import { assertValidReport } from '../support/report-schema.js'
import { validateSarif } from '../support/sarif-validate.js'
import { awsSecret } from '../workspace/support.js'

const ESTATE = fixture('shared-blast-radius')
const HOME = join(ESTATE, 'agent-home')
const WORKSPACE = join(ESTATE, 'workspace')
const XSD = resolve(ROOT, 'test/support/junit.xsd')
const out = mkdtempSync(join(tmpdir(), 'bulkhead-agent-e2e-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** The CLI with only these variables (the runner's own AWS_* would be credentials too). */
function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', HOME: out, NO_COLOR: '1', ...env } })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

const demo = ['agent-check', '--snapshot', ESTATE, '--home', HOME]

describe('bulkhead agent-check on the demo estate', () => {
  const r = run([...demo, '--workspace', WORKSPACE])

  it('exits 1 on critical findings and names the chore key, the staging key and the role chain with their paths', () => {
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const lines = r.stdout.split('\n')
    const critical = lines.filter((l) => l.startsWith('    agent-credential-reach  ')).slice(0, 6)
    expect(critical.map((l) => l.trim().split(/ {2}/)[1])).toEqual([
      'agent:profile/default', 'agent:profile/prod-deploy', 'agent:profile/staging', 'workspace:.env.production:2', 'workspace:.env.staging:2', 'workspace:scripts/renew-domain.sh:4',
    ])
    expect(r.stdout).toContain('holds AWS access key AKIA…KQD2 of IAM user domain-bot (111111111111), which can delete prod databases billing-prod and orders-prod directly and every recovery point that would survive them (unrecoverable-deletion)')
    expect(r.stdout).toContain('1. arn:aws:iam::222222222222:user/staging-deploy sts:AssumeRole → arn:aws:iam::111111111111:role/deploy-prod')
    expect(r.stdout).toMatch(/profile prod-readonly .*\(role AWSReservedSSO_ProdReadOnly_4f2c1a9b8e7d6c5a\); that role can delete no prod database/)
    expect(r.stdout).toMatch(/profile old-laptop .* holds AWS access key AKIA…JQE4, which bulkhead cannot map to a principal/)
  })

  it('ends with what to do before starting an agent: commands to paste', () => {
    const tail = r.stdout.slice(r.stdout.indexOf('Before you start an agent'))
    expect(tail).toContain('env AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_CONFIG_FILE=/dev/null <your agent command>')
    expect(tail).toContain("cat > bulkhead-agent-boundary-111111111111.json <<'EOF'")
    expect(tail).toContain('aws iam put-user-permissions-boundary --user-name domain-bot --permissions-boundary arn:aws:iam::111111111111:policy/bulkhead-agent-boundary')
    expect(tail).toContain('aws iam put-role-permissions-boundary --role-name deploy-prod')
    // the here-documents hold valid JSON
    const docs = [...tail.matchAll(/<<'EOF'\n(.*)\nEOF/g)].map((m) => JSON.parse(m[1]) as { Statement: { Condition?: unknown }[] })
    expect(docs).toHaveLength(2)
    expect(docs[1].Statement[0].Condition).toEqual({ Bool: { 'aws:ViaAWSMCPService': 'true' } })
  })

  it('adds keys in the environment, used by default, to unset', () => {
    const env = run([...demo, '--fail-on', 'none'], { AWS_ACCESS_KEY_ID: 'AKIA2WXPTWLL4FYTJLJL', AWS_SECRET_ACCESS_KEY: awsSecret() })
    expect(env.code).toBe(0)
    expect(env.stdout).toMatch(/agent:env\/AWS_ACCESS_KEY_ID {2}environment AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, the one used when no profile is named, hold AWS access key AKIA…JLJL of IAM user staging-deploy/)
    expect(env.stdout).toContain('unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY')
    expect(env.stdout).toContain('env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_SHARED_CREDENTIALS_FILE=/dev/null')
  })
})

describe('agent-check in every report format', () => {
  const formats = Object.keys(REPORTERS)
  const reports = formats.flatMap((f) => ['--report', `${f}=${join(out, `agent.${f}`)}`])
  // with keys in the environment too: a credential without a file still gets a SARIF location
  const r = run([...demo, '--workspace', WORKSPACE, '--fail-on', 'none', '--format', 'json', ...reports], { AWS_ACCESS_KEY_ID: 'AKIA2WXPTWLL4FYTJLJL', AWS_SECRET_ACCESS_KEY: awsSecret() })

  it(`writes ${formats.join(', ')}`, () => {
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    for (const f of formats) expect(readFileSync(join(out, `agent.${f}`), 'utf8').length, f).toBeGreaterThan(100)
  })
  it('JSON validates against the report schema, one check run', () => {
    const report = JSON.parse(r.stdout)
    assertValidReport(report)
    expect(report.summary).toMatchObject({ critical: 7, checksRun: 1, checksSkipped: 0 })
    expect(new Set(report.findings.map((f: { checkId: string }) => f.checkId))).toEqual(new Set(['agent-credential-reach']))
  })
  it('SARIF passes sarif-multitool validate --rule-kind "Gh;Sarif", with home files as file: locations and the path as a code flow', () => {
    const v = validateSarif({ file: join(out, 'agent.sarif') })
    expect(v.schemaErrors).toEqual([])
    expect(v.errors).toEqual([])
    expect(v.warnings).toEqual([])
    const results = JSON.parse(readFileSync(join(out, 'agent.sarif'), 'utf8')).runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; codeFlows?: unknown[] }[]
    expect(results.every((x) => x.ruleId === 'agent-credential-reach')).toBe(true)
    const uris = results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri)
    expect(uris).toContain(`file://${HOME}/.aws/credentials`)
    expect(uris).toContain(`file://${WORKSPACE}/.env.production`)
    expect(uris).toContain('environment')
    expect(results.filter((x) => x.level === 'error' && x.codeFlows).length).toBe(7)
  })
  it('JUnit validates against the XSD', () => {
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, join(out, 'agent.junit')], { encoding: 'utf8' })
    expect(lint.status, lint.stderr).toBe(0)
  })
})

describe('agent-check input errors: one line, exit 2', () => {
  it.each([
    [['agent-check', '--home', join(ESTATE, 'snapshot.json')], `bulkhead: --home ${join(ESTATE, 'snapshot.json')}: not a directory\n`],
    [['agent-check', '--snapshot', ESTATE, '--aws'], 'bulkhead: agent-check: give --snapshot or --aws, not both\n'],
    [['agent-check', '--org'], 'bulkhead: agent-check: --org and --profile go with --aws\n'],
    [['scan', '--snapshot', ESTATE, '--checks', 'agent-credential-reach'], "bulkhead: --checks: agent-credential-reach runs under 'bulkhead agent-check', which reads the credentials of this machine; scan never does\n"],
  ])('%j', (args, stderr) => {
    expect(run(args)).toEqual({ code: 2, stdout: '', stderr })
  })

  it('runs without a snapshot, mapping nothing and saying how to', () => {
    const r = run(['agent-check', '--home', HOME, '--format', 'json', '--fail-on', 'none'])
    expect(r.code).toBe(0)
    const findings = JSON.parse(r.stdout).findings as { severity: string; evidence: { mapping: { reason?: string } } }[]
    expect(findings.filter((f) => f.severity === 'medium').length).toBeGreaterThanOrEqual(4)
    expect(findings.some((f) => f.evidence.mapping.reason === 'no IAM data to map the key id to (give --snapshot DIR or --aws)')).toBe(true)
  })

  it('is not part of scan, whose report stays as it was', () => {
    const r = run(['scan', '--snapshot', ESTATE, '--workspace', WORKSPACE, '--format', 'json', '--fail-on', 'none'])
    const report = JSON.parse(r.stdout)
    expect(report.summary).toMatchObject({ critical: 13, high: 21, medium: 6, low: 1, info: 0, checksRun: 25, checksSkipped: 0 })
  })
})

describe('bulkhead reach', () => {
  it('--profile: the role chain in text, with its hop, what it destroys and the containment', () => {
    const r = run(['reach', '--profile', 'prod-deploy', '--snapshot', ESTATE, '--home', HOME])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'bulkhead 0.1.0 reach · snapshot ' + ESTATE + ' · collected 2026-11-27T00:00:00Z', '',
      'CRITICAL  profile prod-deploy (~/.aws/config line 8) assumes role deploy-prod in account 111111111111 with profile staging, which its source, IAM user staging-deploy (222222222222), may assume; that role can delete prod databases billing-prod and orders-prod directly and every recovery point that would survive them (unrecoverable-deletion)',
    ])
    expect(r.stdout).toContain('  assumes    arn:aws:iam::222222222222:user/staging-deploy → arn:aws:iam::111111111111:role/deploy-prod (profile staging): allowed')
    expect(r.stdout).toContain('    arn:aws:rds:us-east-1:111111111111:db:orders-prod  can-delete-prod-database, can-delete-prod-backups, unrecoverable-deletion')
    expect(r.stdout).toContain('aws iam put-role-permissions-boundary --role-name deploy-prod')
  })

  it('--access-key in JSON: the same finding agent-check gives for that key', () => {
    const r = run(['reach', '--access-key', 'AKIA4SILGXXUTKLZKQD2', '--snapshot', ESTATE, '--format', 'json'])
    expect(r.code).toBe(0)
    const { finding, source } = JSON.parse(r.stdout)
    expect(source).toMatchObject({ kind: 'snapshot', collectedAt: '2026-11-27T00:00:00Z' })
    expect(finding).toMatchObject({ checkId: 'agent-credential-reach', severity: 'critical', principal: { arn: 'arn:aws:iam::111111111111:user/domain-bot' } })
    const report = JSON.parse(run([...demo, '--format', 'json']).stdout)
    const same = report.findings.find((f: { resource: { arn: string } }) => f.resource.arn === 'agent:profile/default')
    expect(finding.evidence.destruction).toEqual(same.evidence.destruction)
    expect(finding.evidence.path).toEqual(same.evidence.path)
  })

  it('--principal: a read-only SSO role destroys nothing', () => {
    const r = run(['reach', '--principal', 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ProdReadOnly_4f2c1a9b8e7d6c5a', '--snapshot', ESTATE, '--format', 'json'])
    expect(JSON.parse(r.stdout).finding).toMatchObject({ severity: 'info', evidence: { destruction: [] } })
  })

  it.each([
    [['reach', '--snapshot', ESTATE], 'bulkhead: reach: give exactly one of --principal ARN, --access-key AKIA… or --profile NAME\n'],
    [['reach', '--principal', 'arn:aws:iam::111111111111:role/x', '--access-key', 'AKIA4SILGXXUTKLZKQD2', '--snapshot', ESTATE], 'bulkhead: reach: give exactly one of --principal ARN, --access-key AKIA… or --profile NAME\n'],
    [['reach', '--access-key', 'AKIA4SILGXXUTKLZKQD2'], 'bulkhead: reach: give --snapshot DIR or --aws: the IAM data the answer is judged against\n'],
    [['reach', '--access-key', 'wJalrXUtnFEMIK7MDENGbPxRfiCY', '--snapshot', ESTATE], 'bulkhead: --access-key: expected an access key id (AKIA or ASIA and 16 more letters and digits), got 28 characters that are not one (not shown: it may be a secret)\n'],
    [['reach', '--principal', 'arn:aws:iam::111111111111:role/nope', '--snapshot', ESTATE], 'bulkhead: --principal: arn:aws:iam::111111111111:role/nope is no user or role of the snapshot\n'],
    [['reach', '--profile', 'nope', '--snapshot', ESTATE, '--home', HOME], 'bulkhead: --profile: no profile nope with credentials in ~/.aws/credentials or ~/.aws/config (profiles: default, old-laptop, prod-deploy, prod-readonly, staging, vault)\n'],
  ])('%j', (args, stderr) => {
    expect(run(args)).toEqual({ code: 2, stdout: '', stderr })
  })
})

describe('the catalogue', () => {
  it('lists agent-credential-reach and explains it', () => {
    expect(run(['checks']).stdout).toContain('agent-credential-reach')
    const e = run(['explain', 'agent-credential-reach'])
    expect(e.code).toBe(0)
    expect(e.stdout).toContain('aws:ViaAWSMCPService')
  })
})

