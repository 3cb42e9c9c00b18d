// Exit codes 0/1/2/3 and --fail-on exactly as spec §1, through the built CLI as a process.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, fixture } from '../support/cli.js'
import { assertValidReport } from '../support/report-schema.js'
import { ACCOUNT, REGION, minimalSnapshotFiles, writeSnapshotDir } from '../support/snapshot-dir.js'

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/)

describe('exit codes', () => {
  it('1 on the incident estate (critical findings at the default --fail-on critical)', () => {
    const r = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--format', 'json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    assertValidReport(report)
    expect(report.summary.critical).toBeGreaterThan(0)
  })
  it('0 on the well-isolated estate, which has no critical or high finding', () => {
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--format', 'json', '--fail-on', 'high'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    assertValidReport(report)
    expect(report.summary.critical + report.summary.high).toBe(0)
  })
  it('--fail-on none never fails on findings; --fail-on low fails on any', () => {
    expect(cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--fail-on', 'none', '--format', 'json']).code).toBe(0)
    const low = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--fail-on', 'low', '--checks', 'unused-credential', '--format', 'json'])
    expect(JSON.parse(low.stdout).summary.low).toBeGreaterThan(0)
    expect(low.code).toBe(1)
  })
  it('--fail-on counts only findings at or above it', () => {
    // only medium findings selected: fail-on high passes, fail-on medium fails
    const args = ['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', 'shared-db-secret', '--format', 'json']
    expect(cli([...args, '--fail-on', 'high']).code).toBe(0)
    expect(cli([...args, '--fail-on', 'medium']).code).toBe(1)
  })
  it('3 when a snapshot file was not collected, 0 with --allow-partial', () => {
    const vaults = `${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`
    const dir = writeSnapshotDir({
      [vaults]: null,
      'snapshot.json': {
        formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z', accounts: [{ id: ACCOUNT, environment: 'prod', regions: [REGION] }],
        errors: [{ file: vaults, operation: 'backup:ListBackupVaults', message: 'AccessDeniedException' }],
      },
    })
    const r = cli(['scan', '--snapshot', dir, '--format', 'json'])
    expect(r.code).toBe(3)
    const report = JSON.parse(r.stdout)
    assertValidReport(report)
    expect(report.errors).toEqual([expect.objectContaining({ operation: 'backup:ListBackupVaults', accountId: ACCOUNT, region: REGION })])
    expect(report.skipped.map((s: { checkId: string }) => s.checkId)).toContain('backup-vault-unlocked')
    expect(cli(['scan', '--snapshot', dir, '--allow-partial', '--format', 'json']).code).toBe(0)
  })
  it('1 beats 3: findings at --fail-on fail even when the scan is partial', () => {
    const vaults = `${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`
    const files = minimalSnapshotFiles()
    const dir = writeSnapshotDir({
      [vaults]: null,
      [`${ACCOUNT}/${REGION}/rds-describe-db-instances.json`]: { DBInstances: [{ DBInstanceIdentifier: 'orders-prod', DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-prod`, Engine: 'postgres', BackupRetentionPeriod: 0, DeletionProtection: true }] },
      'snapshot.json': { ...(files['snapshot.json'] as object), errors: [{ file: vaults, operation: 'backup:ListBackupVaults', message: 'AccessDenied' }] },
    })
    expect(cli(['scan', '--snapshot', dir, '--format', 'json']).code).toBe(1)
  })
})

describe('exit 2: usage and input errors, one message, no stack trace', () => {
  it('a snapshot with a bad file names the file, the JSON path and what was expected', () => {
    const rds = `${ACCOUNT}/${REGION}/rds-describe-db-instances.json`
    const dir = writeSnapshotDir({ [rds]: { DBInstances: [{ DBInstanceIdentifier: 'x', Engine: 'postgres' }] } })
    const before = readFileSync(join(dir, rds), 'utf8')
    const r = cli(['scan', '--snapshot', dir])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim()).toBe(`bulkhead: ${join(dir, rds)}: $.DBInstances[0].DBInstanceArn: expected this field to be present`)
    expect(readFileSync(join(dir, rds), 'utf8')).toBe(before)
  })
  it('truncated JSON, a missing manifest, an empty directory', () => {
    const truncated = writeSnapshotDir({ [`${ACCOUNT}/global/iam-get-credential-report.json`]: '{"Content": "dXNlcg' })
    const empty = mkdtempSync(join(tmpdir(), 'bulkhead-empty-'))
    for (const [dir, pattern] of [[truncated, /iam-get-credential-report\.json: \$: expected valid JSON/], [writeSnapshotDir({ 'snapshot.json': null }), /snapshot\.json: \$: expected a snapshot manifest/], [empty, /expected a snapshot directory \(this one is empty\)/]] as const) {
      const r = cli(['scan', '--snapshot', dir])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(pattern)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      noStack(r.stderr)
    }
  })
  it('a config file of the wrong shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-cfg-'))
    const cfg = join(dir, 'bulkhead.config.yaml')
    writeFileSync(cfg, 'environments:\n  prod:\n    accounts: ["12345"]\n')
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--config', cfg])
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(`bulkhead: ${cfg}: $.environments.prod.accounts[0]: expected a string matching ^[0-9]{12}$`)
  })
  it('unknown flags, unknown checks, conflicting sources', () => {
    for (const args of [
      ['scan', '--snapshot', fixture('well-isolated'), '--bogus'],
      ['scan', '--snapshot', fixture('well-isolated'), '--checks', 'no-such-check'],
      ['scan', '--snapshot', fixture('well-isolated'), '--aws'],
      ['scan'],
      ['scan', '--snapshot', fixture('well-isolated'), '--format', 'pdf'],
      ['explain', 'no-such-check'],
      ['scan', '--snapshot', fixture('well-isolated'), '--concurrency', '2abc'],
      ['scan', '--snapshot', fixture('well-isolated'), '--checks', ''],
    ]) {
      const r = cli(args)
      expect(r.code, args.join(' ')).toBe(2)
      noStack(r.stderr)
    }
  })
  it('commander\'s usage errors are one `bulkhead:` line too: a bad choice, an unknown option, a missing value or argument', () => {
    const cases: [string[], string | RegExp][] = [
      [['scan', '--format', 'xml'], /^bulkhead: option '--format <format>' argument 'xml' is invalid\. Allowed choices are text, json, sarif, junit, markdown, html, csv[a-z, ]*\. \(run with --help for usage\)\n$/],
      [['scan', '--snapshto', 'x'], "bulkhead: unknown option '--snapshto' (Did you mean --snapshot?) (run with --help for usage)"],
      [['scan', '--snapshot'], "bulkhead: option '--snapshot <dir|file>' argument missing (run with --help for usage)"],
      [['explain'], "bulkhead: missing required argument 'check-id' (run with --help for usage)"],
      [['frobnicate'], "bulkhead: unknown command 'frobnicate' (run with --help for usage)"],
      [['scan', '--fail-on', 'sometimes'], "bulkhead: option '--fail-on <severity>' argument 'sometimes' is invalid. Allowed choices are critical, high, medium, low, none. (run with --help for usage)"],
    ]
    for (const [args, line] of cases) {
      const r = cli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stdout).toBe('')
      if (typeof line === 'string') expect(r.stderr).toBe(`${line}\n`)
      else expect(r.stderr).toMatch(line)
    }
  })
  it('refuses to write a report over an input', () => {
    const dir = writeSnapshotDir()
    const manifest = join(dir, 'snapshot.json')
    const before = readFileSync(manifest, 'utf8')
    const r = cli(['scan', '--snapshot', manifest, '--output', manifest])
    expect(r.code).toBe(2)
    expect(readFileSync(manifest, 'utf8')).toBe(before)
  })
})

describe('check selection', () => {
  it('--checks repeats and merges', () => {
    const r = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', 'root-access-key', '--checks', 'shared-db-secret,rds-only-automated-backups', '--format', 'json', '--fail-on', 'none'])
    expect(JSON.parse(r.stdout).summary.checksRun).toBe(3)
  })
})

describe('outputs', () => {
  it('--output and repeatable --report FORMAT=FILE write every format from one scan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-out-'))
    const r = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--output', join(dir, 'r.txt'), '--report', `json=${join(dir, 'r.json')}`, '--report', `sarif=${join(dir, 'r.sarif')}`])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toMatch(/^bulkhead \d+\.\d+\.\d+/)
    assertValidReport(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')))
    expect(JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0')
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'r.sarif', 'r.txt'])
  })
  it('--help of every command and --version', () => {
    for (const cmd of [[], ['scan'], ['collect'], ['checks'], ['explain'], ['baseline'], ['policy'], ['schema']]) {
      const r = cli([...cmd, '--help'])
      expect(r.code, cmd.join(' ')).toBe(0)
      expect(r.stdout).toMatch(/^Usage: bulkhead/)
    }
    expect(cli(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version)
  })
})
