import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadChecks } from '../../src/checks/registry.js'
import { loadConfig } from '../../src/config/load.js'
import { InputError } from '../../src/errors.js'
import { cli, fixture } from '../support/cli.js'

const write = (name: string, text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-cfg-'))
  writeFileSync(join(dir, name), text)
  return { dir, file: join(dir, name) }
}

describe('config file', () => {
  it('YAML and JSON give the same config', async () => {
    const checks = await loadChecks()
    const yaml = write('bulkhead.config.yaml', 'environments:\n  staging:\n    accounts: ["222222222222"]\n    arns: ["arn:aws:rds:*:*:db:*-stg"]\nbreakGlass: ["arn:aws:iam::*:role/break-glass"]\nchecks:\n  rds-backup-retention-short:\n    minRetentionDays: 14\n')
    const json = write('bulkhead.config.json', JSON.stringify({ environments: { staging: { accounts: ['222222222222'], arns: ['arn:aws:rds:*:*:db:*-stg'] } }, breakGlass: ['arn:aws:iam::*:role/break-glass'], checks: { 'rds-backup-retention-short': { minRetentionDays: 14 } } }))
    const a = loadConfig(yaml.file, checks)
    const b = loadConfig(json.file, checks)
    expect({ ...a, file: '' }).toEqual({ ...b, file: '' })
    expect(a.environments).toEqual({ arns: { staging: ['arn:aws:rds:*:*:db:*-stg'] }, accounts: { staging: ['222222222222'] } })
  })
  it('is found in the working directory when --config is not given', async () => {
    const { dir } = write('bulkhead.config.yml', 'breakGlass: ["arn:aws:iam::111111111111:role/bg"]\n')
    expect(loadConfig(undefined, await loadChecks(), dir).breakGlass).toEqual(['arn:aws:iam::111111111111:role/bg'])
  })
  it('rejects an unknown check, a bad option value and invalid YAML with file, path and expectation', async () => {
    const checks = await loadChecks()
    const bad = (text: string, name = 'bulkhead.config.yaml') => {
      try {
        loadConfig(write(name, text).file, checks)
      } catch (e) {
        if (e instanceof InputError) return `${e.jsonPath}: ${e.expected}`
        throw e
      }
      throw new Error('expected an InputError')
    }
    expect(bad('checks:\n  no-such-check: {}\n')).toBe('$.checks["no-such-check"]: no such field (not allowed here)')
    expect(bad('checks:\n  rds-backup-retention-short:\n    minRetentionDays: "seven"\n')).toBe('$.checks["rds-backup-retention-short"].minRetentionDays: an integer')
    expect(bad('environments: [\n')).toMatch(/^\$: valid YAML/)
    expect(bad('{"breakGlass": [1]}', 'bulkhead.config.json')).toBe('$.breakGlass[0]: a string')
  })
})

describe('config that must be refused or questioned (issue 11)', () => {
  const badConfig = async (name: string, text: string): Promise<InputError> => {
    const { file } = write(name, text)
    try {
      loadConfig(file, await loadChecks())
    } catch (e) {
      if (e instanceof InputError) return e
      throw e
    }
    throw new Error('expected an InputError')
  }
  const suppression = (o: Record<string, string>) => ({ suppressions: [{ check: 'rds-deletion-protection-off', reason: 'migration', owner: 'dba', expires: '2030-01-31', ...o }] })

  it('a file holding null, in JSON or YAML, is no empty config', async () => {
    for (const [name, text] of [['bulkhead.config.json', 'null'], ['bulkhead.config.yaml', 'null\n'], ['bulkhead.config.yml', '~\n']]) {
      const e = await badConfig(name, text)
      expect(e.file).toMatch(new RegExp(`${name.replace('.', '\\.')}$`))
      expect(`${e.jsonPath}: ${e.expected}`).toBe('$: an object')
    }
  })
  it('a YAML file of comments only is an empty config (everything left at its default)', async () => {
    const { file } = write('bulkhead.config.yaml', '# environments:\n#   prod: {}\n')
    expect(loadConfig(file, await loadChecks())).toMatchObject({ breakGlass: [], suppressions: [], checks: {} })
  })
  it('a suppression that expires on a day that does not exist', async () => {
    for (const day of ['2030-02-31', '2029-02-29', '2030-04-31']) {
      const e = await badConfig('bulkhead.config.json', JSON.stringify(suppression({ expires: day })))
      expect(`${e.jsonPath}: ${e.expected}`).toBe('$.suppressions[0].expires: a day that exists, YYYY-MM-DD')
    }
    const { file } = write('bulkhead.config.json', JSON.stringify(suppression({ expires: '2028-02-29' })))
    expect(loadConfig(file, await loadChecks()).suppressions[0].expires).toBe('2028-02-29')
  })
  it('a key given twice, in JSON or YAML: refused with the file and the path of the second', async () => {
    const json = await badConfig('bulkhead.config.json', '{"breakGlass": [], "environments": {"prod": {"accounts": ["111111111111"], "accounts": []}}}')
    expect(`${json.jsonPath}: ${json.expected}`).toBe('$.environments.prod.accounts: each key once in an object ("accounts" is given twice; which one counts would be a guess)')
    const yaml = await badConfig('bulkhead.config.yaml', 'suppressions:\n  - check: rds-deletion-protection-off\n    reason: migration\n    owner: dba\n    expires: "2030-01-31"\n    expires: "2099-12-31"\n')
    expect(yaml.file).toMatch(/bulkhead\.config\.yaml$/)
    expect(`${yaml.jsonPath}: ${yaml.expected}`).toBe('$.suppressions[0].expires: each key once in an object ("expires" is given twice; which one counts would be a guess)')
    const top = await badConfig('bulkhead.config.yml', 'breakGlass: []\nbreakGlass: ["arn:aws:iam::*:role/x"]\n')
    expect(top.jsonPath).toBe('$.breakGlass')
  })
  it('a suppression for a check id that does not exist: the scan warns, naming the rule', () => {
    const { file } = write('bulkhead.config.json', JSON.stringify(suppression({ check: 'rds-deletion-protecton-off' })))
    const r = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--config', file, '--format', 'json', '--fail-on', 'none'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe("bulkhead: warning: suppression #1 (check=rds-deletion-protecton-off; owner dba) names check 'rds-deletion-protecton-off', which is no bulkhead check (see 'bulkhead checks'): it matches nothing\n")
    expect(JSON.parse(r.stdout).warnings).toHaveLength(1)
  })
})

describe('config through the CLI', () => {
  it('a check option changes the threshold and the evidence shows the one used', () => {
    const { file } = write('bulkhead.config.yaml', 'checks:\n  rds-backup-retention-short:\n    minRetentionDays: 14\n')
    const without = JSON.parse(cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', 'rds-backup-retention-short', '--format', 'json']).stdout)
    expect(without.findings).toEqual([])
    const r = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', 'rds-backup-retention-short', '--format', 'json', '--config', file])
    const findings = JSON.parse(r.stdout).findings
    expect(findings.length).toBeGreaterThan(0)
    expect(findings[0].evidence).toMatchObject({ minRetentionDays: 14 })
  })
  it('an environment override reclassifies a database and the finding records the config rule', () => {
    const { file } = write('bulkhead.config.yaml', 'environments:\n  staging:\n    arns: ["arn:aws:rds:us-east-1:111111111111:db:orders-prod"]\n')
    const args = ['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', 'rds-deletion-protection-off', '--format', 'json']
    const before = JSON.parse(cli(args).stdout).findings
    expect(before.map((f: { resource: { arn: string } }) => f.resource.arn)).toContain('arn:aws:rds:us-east-1:111111111111:db:orders-prod')
    expect(before[0].environmentRule).toMatch(/^tag Environment=production/)
    const after = JSON.parse(cli([...args, '--config', file]).stdout).findings
    expect(after).toEqual([])
  })
  it('`enabled: false` turns a check off', () => {
    const { file } = write('bulkhead.config.json', JSON.stringify({ checks: { 'rds-only-automated-backups': { enabled: false } } }))
    const r = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--format', 'json', '--config', file])
    expect(JSON.parse(r.stdout).findings.some((f: { checkId: string }) => f.checkId === 'rds-only-automated-backups')).toBe(false)
  })
  it('`bulkhead schema config` publishes every check option', () => {
    const schema = JSON.parse(cli(['schema', 'config']).stdout)
    expect(schema.properties.checks.properties['rds-backup-retention-short'].properties.minRetentionDays).toMatchObject({ type: 'integer', default: 7 })
    expect(schema.properties.suppressions.items.required).toEqual(['reason', 'owner', 'expires'])
  })
})
