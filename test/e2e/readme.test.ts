// README's first screen: the demo command runs and every line of the sample output shown in the
// README is a line the demo really prints, so the documentation cannot drift from the product.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { render as renderAsff } from '../../src/report/asff.js'
import { BIN, cli, fixture, ROOT } from '../support/cli.js'
import { PROD, STAGING } from '../support/estate.js'
import { sampleReport } from '../support/report-fixture.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

describe('README', () => {
  const sample = readme.slice(readme.indexOf('<!-- sample:start -->'), readme.indexOf('<!-- sample:end -->'))
  const [command, ...shown] = sample.split('```')[1].trim().split('\n')

  it('shows the demo command that the first screen gives', () => {
    expect(command).toMatch(/^\$ \.\/bin\/bulkhead\.js scan --snapshot fixtures\/estates\/shared-blast-radius --workspace /)
    expect(readme.slice(0, 1500)).toContain(command.slice(2))
  })
  it('shows the real first screen: exactly the lines the demo prints, from the top, opening with Fix first', () => {
    const r = cli(command.slice(2).replace('./bin/bulkhead.js ', '').split(' '))
    expect(r.code).toBe(1)
    const printed = r.stdout.trimEnd().split('\n')
    expect(shown).toEqual(printed.slice(0, Math.min(printed.length, 60)))
    expect(shown[2]).toMatch(/^Fix first: \d+ changes remove /)
  })
  it('gives the test command that CI runs', () => {
    expect(readme.slice(0, 1500)).toContain('npm ci && npm test')
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m)
  })
})

describe("README's Where findings go", () => {
  const section = readme.slice(readme.indexOf('## Where findings go'), readme.indexOf('## Scoring'))
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1])
  const dirs: string[] = []
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
  const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'bulkhead-readme-')); dirs.push(d); return d }
  /** README's `bulkhead scan --aws ...`, run against the demo snapshot instead of live AWS */
  const demoScan = (line: string, cwd: string) => {
    const argv = line.trim().split(/\s+/).slice(1)
    expect(argv.slice(0, 2)).toEqual(['scan', '--aws'])
    return cli(['scan', '--snapshot', fixture('shared-blast-radius'), ...argv.slice(2)], { cwd })
  }

  it('has a section per exchange format, each writing its file with a real bulkhead scan', () => {
    for (const h of ['### SARIF', '### Markdown', '### JUnit', '### OCSF', '### ASFF']) expect(section).toContain(h)
    const scans = blocks.map((b) => b.split('\n')[0]).filter((l) => l.startsWith('bulkhead scan'))
    expect(scans.map((l) => /--format (\w+)/.exec(l)![1])).toEqual(['sarif', 'markdown', 'ocsf', 'asff'])
    for (const line of scans) {
      const dir = tmp()
      const r = demoScan(line, dir)
      expect(r.code, line).toBe(1)
      const file = /--output (\S+)/.exec(line)![1]
      expect(readFileSync(join(dir, file), 'utf8').length, line).toBeGreaterThan(1000)
    }
  })

  const asffBlock = readme.slice(readme.indexOf('<!-- asff-send:start -->'), readme.indexOf('<!-- asff-send:end -->')).split('```sh\n')[1].split('```')[0]
  const [scanLine, ...send] = asffBlock.trim().split('\n')
  const sendToSecurityHub = (cwd: string, account: string) => {
    const log = join(cwd, `calls-${account}.jsonl`)
    const r = spawnSync('bash', ['-eo', 'pipefail', '-c', send.join('\n')], {
      cwd, encoding: 'utf8',
      env: { ...process.env, PATH: `${join(ROOT, 'test/support/fake-aws')}${delimiter}${process.env.PATH}`, FAKE_AWS_LOG: log, FAKE_AWS_ACCOUNT: account },
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { region: string; accounts: string[]; count: number; errors: string[] }) : []
  }

  it('sends the ASFF of the demo to Security Hub with batch-import-findings, each account its own (an AWS CLI stand-in that validates each call)', () => {
    const dir = tmp()
    expect(demoScan(scanLine, dir).code).toBe(1)
    const written = JSON.parse(readFileSync(join(dir, 'bulkhead.asff.json'), 'utf8')) as { AwsAccountId: string }[]
    const of = (account: string) => written.filter((f) => f.AwsAccountId === account).length
    expect(of(PROD)).toBeGreaterThan(0)
    expect(of(PROD) + of(STAGING)).toBe(written.length)
    expect(sendToSecurityHub(dir, PROD)).toEqual([{ region: 'us-east-1', accounts: [PROD], count: of(PROD), errors: [] }])
    expect(sendToSecurityHub(dir, '999999999999')).toEqual([])
  })

  it('sends 100 findings a call, one region a call', () => {
    const dir = tmp()
    const { report, checks } = sampleReport()
    const base = report.findings[1]
    const copy = (i: number, region: string) => ({
      ...base, region, fingerprint: `${i}`.padStart(32, '0'),
      resource: { ...base.resource, arn: `arn:aws:rds:${region}:${base.accountId}:db:orders-${i}` },
    })
    const findings = [...Array.from({ length: 250 }, (_, i) => copy(i, 'us-east-1')), ...Array.from({ length: 30 }, (_, i) => copy(250 + i, 'eu-west-1'))]
    writeFileSync(join(dir, 'bulkhead.asff.json'), renderAsff({ ...report, findings }, { color: false, checks }))
    const call = (region: string, count: number) => ({ region, accounts: [PROD], count, errors: [] })
    expect(sendToSecurityHub(dir, PROD)).toEqual([call('eu-west-1', 30), call('us-east-1', 100), call('us-east-1', 100), call('us-east-1', 50)])
  })
})

describe('README: Fix first', () => {
  const sample = readme.slice(readme.indexOf('<!-- fix-sample:start -->'), readme.indexOf('<!-- fix-sample:end -->'))
  const [command, ...shown] = sample.split('```')[1].trim().split('\n')

  it('shows bulkhead fix --verify on the demo: only lines it prints, the headline and the verdict among them', () => {
    expect(command).toMatch(/^\$ \.\/bin\/bulkhead\.js fix --snapshot fixtures\/estates\/shared-blast-radius .*--verify$/)
    const r = cli(command.slice(2).replace('./bin/bulkhead.js ', '').split(' '))
    expect(r.code).toBe(0)
    const printed = new Set(r.stdout.split('\n'))
    const missing = shown.filter((l) => l.trim() !== '…' && l !== '' && !printed.has(l))
    expect(missing).toEqual([])
    expect(shown.some((l) => /^Fix first: \d+ changes remove /.test(l))).toBe(true)
    expect(shown.some((l) => l.startsWith('Verified: '))).toBe(true)
    expect(shown.some((l) => l.trim().startsWith('aws backup put-backup-vault-access-policy '))).toBe(true)
  })
})

describe('README: Before you start an agent', () => {
  const sample = readme.slice(readme.indexOf('<!-- agent-sample:start -->'), readme.indexOf('<!-- agent-sample:end -->'))
  const [command, ...shown] = sample.split('```')[1].trim().split('\n')

  it('shows the agent-check command on the demo estate and its home', () => {
    expect(command).toMatch(/^\$ \.\/bin\/bulkhead\.js agent-check --snapshot fixtures\/estates\/shared-blast-radius --home fixtures\/estates\/shared-blast-radius\/agent-home /)
  })
  it('shows only lines it prints, run with no AWS_* (or other token) variables set, as the README says', () => {
    const args = command.slice(2).replace('./bin/bulkhead.js ', '').split(' ')
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: ROOT } })
    expect(r.status).toBe(1)
    const printed = new Set(r.stdout.split('\n'))
    const missing = shown.filter((l) => l.trim() !== '…' && l !== '' && !printed.has(l))
    expect(missing).toEqual([])
    expect(shown.filter((l) => l.includes('CRITICAL') || l.includes('critical')).length).toBeGreaterThan(0)
  })
})
