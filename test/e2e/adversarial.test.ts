// Bad and odd input through the built CLI, as a careless user or a hostile file would give it.
// The contract (spec §1): exit 2 with one line `bulkhead: <file>: <json path>: expected <what>`
// (or a usage message), never an internal error or a stack, never a change to what the user
// gave, and never a silently green scan.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { closeSync, cpSync, openSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, cli, fixture, type CliResult } from '../support/cli.js'
import { ACCOUNT, REGION, minimalSnapshotFiles, writeSnapshotDir } from '../support/snapshot-dir.js'

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `bulkhead-adv-${prefix}-`))

/** exit 2, one line naming the file, the JSON path and what was expected; no stack, no bug report */
function expectInputError(r: CliResult, file: string, jsonPath: string): void {
  expect(r.stderr).not.toMatch(/internal error/)
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(r.stderr).toContain(`${file}: ${jsonPath}: expected `)
  expect(r.stderr).toMatch(/^bulkhead: /)
  expect(r.code).toBe(2)
}

/** exit 2 with one clean line mentioning `what`; nothing written to stdout */
function expectCleanError(r: CliResult, what: RegExp | string): void {
  expect(r.stderr).not.toMatch(/internal error/)
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(r.stderr).toMatch(typeof what === 'string' ? new RegExp(what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : what)
  expect(r.stdout).toBe('')
  expect(r.code).toBe(2)
}

const copyEstate = (name: string) => {
  const dir = join(tmp(name), name)
  cpSync(fixture(name), dir, { recursive: true })
  return dir
}

/** every file under dir with its content, to prove a run changed nothing */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name)
      if (e.isDirectory()) walk(full)
      else out[full] = readFileSync(full, 'utf8')
    }
  }
  walk(dir)
  return out
}

describe('report outputs never overwrite input and fail cleanly', () => {
  it('--output onto a file of the snapshot directory is refused and the snapshot stays intact', () => {
    const snap = copyEstate('shared-blast-radius')
    const before = contents(snap)
    const r = cli(['scan', '--snapshot', snap, '--output', join(snap, 'snapshot.json')])
    expectCleanError(r, 'snapshot.json')
    expect(contents(snap)).toEqual(before)
    const r2 = cli(['scan', '--snapshot', snap, '--report', `sarif=${join(snap, ACCOUNT, REGION, 'rds-describe-db-instances.json')}`])
    expect(r2.code).toBe(2)
    expect(r2.stderr).not.toMatch(/internal error/)
    expect(contents(snap)).toEqual(before)
  })
  it('--output into a directory that does not exist: a clean error before any scan output, no temp file left', () => {
    const dir = tmp('out')
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--output', join(dir, 'missing', 'report.json')])
    expectCleanError(r, join(dir, 'missing'))
    expect(readdirSync(dir)).toEqual([])
  })
  it('--report into a directory that does not exist fails before the main report is printed', () => {
    const dir = tmp('rep')
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--report', `sarif=${join(dir, 'missing', 'r.sarif')}`])
    expectCleanError(r, join(dir, 'missing'))
  })
  it('--output naming a directory: a clean error, the directory untouched, no temp file beside it', () => {
    const dir = tmp('isdir')
    mkdirSync(join(dir, 'reports'))
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--output', join(dir, 'reports')])
    expectCleanError(r, join(dir, 'reports'))
    expect(readdirSync(dir)).toEqual(['reports'])
    expect(lstatSync(join(dir, 'reports')).isDirectory()).toBe(true)
  })
  it('--output through a symlink writes the file it points to and keeps the link (never replaces it)', () => {
    const dir = tmp('link')
    mkdirSync(join(dir, 'real'))
    writeFileSync(join(dir, 'real', 'report.json'), 'old')
    symlinkSync(join(dir, 'real', 'report.json'), join(dir, 'link.json'))
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--format', 'json', '--fail-on', 'none', '--output', join(dir, 'link.json')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(dir, 'link.json'))).toBe(join(dir, 'real', 'report.json'))
    expect(JSON.parse(readFileSync(join(dir, 'real', 'report.json'), 'utf8')).schemaVersion).toBe('1')
  })
  it('--output to a named pipe writes into it and leaves the pipe a pipe (a rename would replace the node)', async () => {
    const dir = tmp('fifo')
    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    const reader = spawn('cat', [fifo])
    let got = ''
    reader.stdout.on('data', (d: Buffer) => (got += d.toString()))
    const done = new Promise((resolve) => reader.on('close', resolve))
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--format', 'json', '--fail-on', 'none', '--output', fifo])
    await done
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(lstatSync(fifo).isFIFO()).toBe(true)
    expect(JSON.parse(got).schemaVersion).toBe('1')
  })
  it('two reports to the same file is a usage error (the second would silently replace the first)', () => {
    const dir = tmp('dup')
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--output', join(dir, 'r'), '--report', `sarif=${join(dir, 'r')}`])
    expectCleanError(r, join(dir, 'r'))
    expect(existsSync(join(dir, 'r'))).toBe(false)
  })
  it('baseline --out into a directory that does not exist', () => {
    const dir = tmp('bl')
    const report = join(dir, 'report.json')
    expect(cli(['scan', '--snapshot', fixture('well-isolated'), '--format', 'json', '--fail-on', 'none', '--output', report]).code).toBe(0)
    const r = cli(['baseline', '--from', report, '--out', join(dir, 'missing', 'baseline.json')])
    expectCleanError(r, join(dir, 'missing'))
  })
})

describe('stdout that cannot take the report', () => {
  it('a reader that stops early (| head) ends the scan quietly: no stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" scan --snapshot "${fixture('shared-blast-radius')}" --format json | head -c 1 >/dev/null`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } })
    expect(r.stderr).toBe('')
  })
  it('a full disk on stdout is exit 2 with one line, not exit 1 ("findings") with a stack trace', () => {
    const full = openSync('/dev/full', 'w')
    const r = spawnSync(process.execPath, [BIN, 'scan', '--snapshot', fixture('well-isolated'), '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', stdio: ['ignore', full, 'pipe'] })
    closeSync(full)
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^bulkhead: .*stdout.*ENOSPC/)
    expect(r.status).toBe(2)
  })
})

describe('collect --out', () => {
  it('a file, or a directory of other files, is refused before any AWS call (not after a long collection)', () => {
    const dir = tmp('collect')
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true' }
    const onFile = cli(['collect', '--out', join(dir, 'notes.txt'), '--quiet'], { env })
    expectCleanError(onFile, `--out ${join(dir, 'notes.txt')}`)
    const onDir = cli(['collect', '--out', dir, '--quiet'], { env })
    expectCleanError(onDir, `--out ${dir}`)
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine')
  })
})

describe('command line', () => {
  it('--checks with nothing in it is a usage error, not a green scan of zero checks', () => {
    expectCleanError(cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', '']), '--checks')
    expectCleanError(cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', ' , ']), '--checks')
  })
  it('--checks and --skip-checks that leave nothing to run is a usage error', () => {
    const id = 'rds-deletion-protection-off'
    expectCleanError(cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--checks', id, '--skip-checks', id]), /no check/)
  })
  it('--config naming a directory', () => {
    const dir = tmp('cfgdir')
    mkdirSync(join(dir, 'bulkhead.config.yaml'))
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--config', join(dir, 'bulkhead.config.yaml')])
    expectInputError(r, join(dir, 'bulkhead.config.yaml'), '$')
  })
  it('a YAML config that expands aliases exponentially (a "billion laughs") is an input error, not a crash', () => {
    const dir = tmp('bomb')
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`)
    lines.push('breakGlass: *i')
    writeFileSync(join(dir, 'bomb.yaml'), lines.join('\n'))
    expectInputError(cli(['scan', '--snapshot', fixture('well-isolated'), '--config', join(dir, 'bomb.yaml')]), join(dir, 'bomb.yaml'), '$')
  })
  it('one account given to two environments in the config is an input error (first match would win silently)', () => {
    const dir = tmp('cfgenv')
    writeFileSync(join(dir, 'c.yaml'), 'environments:\n  prod: { accounts: ["111111111111"] }\n  staging: { accounts: ["222222222222", "111111111111"] }\n')
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--config', join(dir, 'c.yaml')])
    expectInputError(r, join(dir, 'c.yaml'), '$.environments.staging.accounts[1]')
    expect(r.stderr).toMatch(/environments\.prod\.accounts/)
  })
  it('a config option out of range says what is allowed in words', () => {
    const dir = tmp('cfgrange')
    writeFileSync(join(dir, 'c.yaml'), 'checks:\n  rds-backup-retention-short: { minRetentionDays: -1 }\n')
    const r = cli(['scan', '--snapshot', fixture('well-isolated'), '--config', join(dir, 'c.yaml')])
    expectInputError(r, join(dir, 'c.yaml'), '$.checks["rds-backup-retention-short"].minRetentionDays')
    expect(r.stderr).not.toMatch(/expected must/)
    expect(r.stderr).toMatch(/expected a number >= 1/)
  })
  it('a JSON config or snapshot file saved with a UTF-8 byte order mark (Windows editors) is read', () => {
    const dir = tmp('bom')
    writeFileSync(join(dir, 'c.json'), `\uFEFF${JSON.stringify({ breakGlass: [] })}`)
    const snap = writeSnapshotDir({ 'snapshot.json': `\uFEFF${JSON.stringify(minimalSnapshotFiles()['snapshot.json'])}` })
    const r = cli(['scan', '--snapshot', snap, '--config', join(dir, 'c.json'), '--format', 'json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })
})

describe('control characters in names never reach the terminal', () => {
  it('an error about a path with a line break and an escape sequence is one printable line', () => {
    const dir = join(tmp('ctl'), 'snap\n::error::forged\u001b[31m')
    mkdirSync(dir)
    const r = cli(['scan', '--snapshot', dir])
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toContain('\u001b')
    expect(r.stderr).toContain('snap\\n::error::forged\\x1b[31m')
  })
  it('a vault name with control characters is an input error that does not echo them', () => {
    const dir = writeSnapshotDir({
      [`${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`]: { BackupVaultList: [{ BackupVaultName: 'v\n::error::forged\u001b[31m', BackupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:v` }] },
    })
    expectInputError(cli(['scan', '--snapshot', dir]), `${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`, '$.BackupVaultList[0].BackupVaultName')
  })
})

describe('snapshot values that would turn into nonsense', () => {
  const rp = (creationDate: string) => ({
    RecoveryPointArn: `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:rp-1`, ResourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-prod`,
    ResourceType: 'RDS', Status: 'COMPLETED', CreationDate: creationDate,
  })
  const withVault = (creationDate: string) => writeSnapshotDir({
    [`${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`]: { BackupVaultList: [{ BackupVaultName: 'v', BackupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:v` }] },
    [`${ACCOUNT}/${REGION}/backup-list-recovery-points-by-backup-vault--v.json`]: { RecoveryPoints: [rp(creationDate)] },
  })
  it('a timestamp that is not a date is an input error, not "NaN hours old"', () => {
    for (const bad of ['yesterday', '2026-13-45T00:00:00Z']) {
      const r = cli(['scan', '--snapshot', withVault(bad), '--format', 'json'])
      expectInputError(r, `${ACCOUNT}/${REGION}/backup-list-recovery-points-by-backup-vault--v.json`, '$.RecoveryPoints[0].CreationDate')
      expect(r.stderr).toMatch(/expected a timestamp such as/)
    }
  })
  it('AWS CLI timestamps (offset, fraction, Z) are dates', () => {
    for (const t of ['2026-11-26T05:13:07.118000+00:00', '2026-11-26T05:13:07Z', '2026-11-26T05:13:07.118Z']) {
      const r = cli(['scan', '--snapshot', withVault(t), '--format', 'json', '--fail-on', 'none'])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
    }
  })
  const instance = (retention: string) => `{"DBInstances": [{"DBInstanceIdentifier": "orders-prod", "DBInstanceArn": "arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-prod", "Engine": "postgres", "BackupRetentionPeriod": ${retention}}]}`
  it.each(['-5', '1e400', '99999999999999999999999'])('a count of days of %s is an input error', (n) => {
    const dir = writeSnapshotDir({ [`${ACCOUNT}/${REGION}/rds-describe-db-instances.json`]: instance(n) })
    expectInputError(cli(['scan', '--snapshot', dir]), `${ACCOUNT}/${REGION}/rds-describe-db-instances.json`, '$.DBInstances[0].BackupRetentionPeriod')
  })
  it('a credential report date that is not a date names the report content', () => {
    const files = minimalSnapshotFiles()
    const report = files[`${ACCOUNT}/global/iam-get-credential-report.json`] as { Content: string }
    const csv = Buffer.from(report.Content, 'base64').toString('utf8')
    const broken = `${csv.trimEnd()}\nalice,arn:aws:iam::${ACCOUNT}:user/alice,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,last tuesday,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`
    const dir = writeSnapshotDir({ [`${ACCOUNT}/global/iam-get-credential-report.json`]: { ...report, Content: Buffer.from(broken).toString('base64') } })
    const r = cli(['scan', '--snapshot', dir])
    expectInputError(r, `${ACCOUNT}/global/iam-get-credential-report.json`, '$.Content')
    expect(r.stderr).toMatch(/line 3/)
  })
  it('a region listed twice for one account', () => {
    const manifest = minimalSnapshotFiles()['snapshot.json'] as { accounts: { regions: string[] }[] }
    const dir = writeSnapshotDir({ 'snapshot.json': { ...manifest, accounts: [{ ...manifest.accounts[0], regions: [REGION, REGION] }] } })
    const r = cli(['scan', '--snapshot', dir])
    expectInputError(r, 'snapshot.json', '$.accounts[0].regions[1]')
    expect(r.stderr).toMatch(/no duplicate \(item 0 is the same\)/)
  })
  it('a name that becomes part of a file name cannot climb out of the snapshot (../ in a vault name)', () => {
    const outside = tmp('outside')
    const snapRoot = join(outside, 'snap')
    const dir = writeSnapshotDir({
      [`${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`]: { BackupVaultList: [{ BackupVaultName: '../../../../leak', BackupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:v` }] },
    })
    cpSync(dir, snapRoot, { recursive: true })
    writeFileSync(join(outside, 'leak.json'), JSON.stringify({ RecoveryPoints: [] }))
    const r = cli(['scan', '--snapshot', snapRoot])
    expectInputError(r, `${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`, '$.BackupVaultList[0].BackupVaultName')
  })
  it('a manifest environment that names no environment (a typo) is an input error, not silently ignored', () => {
    const manifest = minimalSnapshotFiles()['snapshot.json'] as { accounts: object[] }
    const dir = writeSnapshotDir({ 'snapshot.json': { ...manifest, accounts: [{ ...manifest.accounts[0], name: 'acme-main', environment: 'prdo' }] } })
    const r = cli(['scan', '--snapshot', dir])
    expectInputError(r, 'snapshot.json', '$.accounts[0].environment')
    expect(r.stderr).toMatch(/prod/)
    for (const ok of ['production', 'Staging', 'unknown']) {
      const fine = writeSnapshotDir({ 'snapshot.json': { ...manifest, accounts: [{ ...manifest.accounts[0], environment: ok }] } })
      expect(cli(['scan', '--snapshot', fine, '--fail-on', 'none']).stderr).toBe('')
    }
  })
  it('a credential report row cut short is an input error; a blank line is skipped', () => {
    const files = minimalSnapshotFiles()
    const report = files[`${ACCOUNT}/global/iam-get-credential-report.json`] as { Content: string }
    const [header, root] = Buffer.from(report.Content, 'base64').toString('utf8').trim().split('\n')
    const withCsv = (csv: string) => writeSnapshotDir({ [`${ACCOUNT}/global/iam-get-credential-report.json`]: { ...report, Content: Buffer.from(csv).toString('base64') } })
    const short = cli(['scan', '--snapshot', withCsv(`${header}\n${root}\nalice,arn:aws:iam::${ACCOUNT}:user/alice,2020-01-01T00:00:00+00:00,true\n`)])
    expectInputError(short, `${ACCOUNT}/global/iam-get-credential-report.json`, '$.Content')
    expect(short.stderr).toMatch(/line 3/)
    const blank = cli(['scan', '--snapshot', withCsv(`${header}\n\n${root}\n`), '--fail-on', 'none'])
    expect(blank.stderr).toBe('')
    expect(blank.code).toBe(0)
  })
  it('a collectedAt before the data it describes is an input error (every age would be negative and quiet)', () => {
    const snap = copyEstate('shared-blast-radius')
    const manifestFile = join(snap, 'snapshot.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, collectedAt: '2026-06-01T00:00:00Z' }))
    const r = cli(['scan', '--snapshot', snap])
    expectInputError(r, 'snapshot.json', '$.collectedAt')
    expect(r.stderr).toMatch(/2026-11-26T\S+ in \S+\/us-east-1\/\S+\.json/)
    // a few hours of clock skew between the collecting machine and AWS is no error
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, collectedAt: '2026-11-26T20:00:00Z' }))
    expect(cli(['scan', '--snapshot', snap, '--fail-on', 'none']).stderr).toBe('')
  })
  it('an account folder or a region folder holding data the manifest does not list is an input error, not skipped unseen', () => {
    const other = minimalSnapshotFiles('222222222222')
    const { 'snapshot.json': _m, ...otherFiles } = other
    const unlistedAccount = writeSnapshotDir(otherFiles)
    const r = cli(['scan', '--snapshot', unlistedAccount])
    expectInputError(r, 'snapshot.json', '$.accounts')
    expect(r.stderr).toMatch(/222222222222/)
    const eu = minimalSnapshotFiles(ACCOUNT, 'eu-west-1')
    const euData = Object.fromEntries(Object.entries(eu).filter(([k]) => k.includes('/eu-west-1/')))
    const r2 = cli(['scan', '--snapshot', writeSnapshotDir(euData)])
    expectInputError(r2, 'snapshot.json', '$.accounts[0].regions')
    expect(r2.stderr).toMatch(/eu-west-1/)
  })
  it('an unlisted account folder holding only Organizations files (the management account) is read, not an error', () => {
    const dir = writeSnapshotDir({ '999999999999/global/organizations-list-accounts.json': { Accounts: [{ Id: ACCOUNT, Name: 'acme-prod' }] } })
    const r = cli(['scan', '--snapshot', dir, '--fail-on', 'none'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })
  it('an account listed twice in the manifest', () => {
    const manifest = minimalSnapshotFiles()['snapshot.json'] as { accounts: unknown[] }
    const dir = writeSnapshotDir({ 'snapshot.json': { ...manifest, accounts: [...manifest.accounts, ...manifest.accounts] } })
    expectInputError(cli(['scan', '--snapshot', dir]), 'snapshot.json', '$.accounts[1].id')
  })
})

describe('--snapshot that is neither a directory nor a regular file', () => {
  it.each([['a named pipe', 'fifo'], ['a device', '/dev/null']])('%s is an input error, not a crash or a hang', (_what, name) => {
    let path = name
    if (name === 'fifo') {
      path = join(tmp('snapfifo'), 'snapshot-pipe')
      execFileSync('mkfifo', [path])
    }
    expectInputError(cli(['scan', '--snapshot', path]), path, '$')
  })
})

describe('snapshot directories built with symlinks', () => {
  it('a file that is a symlink counts as present (a linked vault policy is not "no policy"); a link loop is no hang', () => {
    const plain = cli(['scan', '--snapshot', fixture('well-isolated'), '--format', 'json', '--fail-on', 'none'])
    const snap = copyEstate('well-isolated')
    const policy = join(snap, ACCOUNT, REGION, 'backup-get-backup-vault-access-policy--prod-vault.json')
    const elsewhere = join(tmp('linked'), 'policy.json')
    cpSync(policy, elsewhere)
    rmSync(policy)
    symlinkSync(elsewhere, policy)
    symlinkSync('.', join(snap, 'loop'))
    const linked = cli(['scan', '--snapshot', snap, '--format', 'json', '--fail-on', 'none'])
    expect(linked.stderr).toBe('')
    const ids = (r: CliResult) => (JSON.parse(r.stdout).findings as { fingerprint: string }[]).map((f) => f.fingerprint).sort()
    expect(ids(linked)).toEqual(ids(plain))
  })
})

describe('policy documents in every shape the spec admits', () => {
  const estateWith = (encode: (doc: object) => string) => {
    const snap = copyEstate('shared-blast-radius')
    for (const account of ['111111111111', '222222222222']) {
      const file = join(snap, account, 'global', 'iam-get-account-authorization-details.json')
      const d = JSON.parse(readFileSync(file, 'utf8'))
      for (const r of d.RoleDetailList) r.AssumeRolePolicyDocument = encode(r.AssumeRolePolicyDocument)
      for (const x of [...d.UserDetailList, ...d.RoleDetailList]) for (const p of x.UserPolicyList ?? x.RolePolicyList ?? []) p.PolicyDocument = encode(p.PolicyDocument)
      writeFileSync(file, JSON.stringify(d))
    }
    return snap
  }
  const findings = (snap: string) => {
    const r = cli(['scan', '--snapshot', snap, '--format', 'json', '--fail-on', 'none'])
    expect(r.stderr).toBe('')
    return (JSON.parse(r.stdout).findings as { fingerprint: string }[]).map((f) => f.fingerprint).sort()
  }
  it('URL-encoded with + for spaces (form encoding) reads the same as the JSON object', () => {
    const formEncode = (doc: object) => encodeURIComponent(JSON.stringify(doc, null, 1)).replace(/%20/g, '+')
    expect(findings(estateWith(formEncode))).toEqual(findings(fixture('shared-blast-radius')))
  })
})
