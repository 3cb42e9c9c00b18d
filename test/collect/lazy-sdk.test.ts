// `--help`, `checks` and snapshot scans must not load the AWS SDK: only src/collect/ may name it,
// and only in type imports (erased) or `await import()` inside functions.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, ROOT } from '../support/cli.js'

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

describe('the AWS SDK is loaded lazily', () => {
  const files = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'checks'))]
  it('has no static value import of @aws-sdk anywhere in src/ or checks/', () => {
    const offenders = files.filter((f) => /^import\s+(?!type\b)[^;]*from\s+'@aws-sdk\//m.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f))
    expect(offenders).toEqual([])
  })
  it('names the SDK only in the collector', () => {
    const outside = files.filter((f) => !relative(ROOT, f).startsWith('src/collect/') && readFileSync(f, 'utf8').includes('@aws-sdk/')).map((f) => relative(ROOT, f))
    expect(outside).toEqual([])
  })
  it('reaches the collector from the CLI only through await import()', () => {
    const cli = tsFiles(join(ROOT, 'src/cli')).filter((f) => /^import\s+(?!type\b)[^;]*from\s+'\.\.\/collect\/(index|aws|iam|rds|backup|organizations)\.js'/m.test(readFileSync(f, 'utf8')))
    expect(cli.map((f) => relative(ROOT, f))).toEqual([])
  })
})

describe('commands that need no AWS load no SDK module (observed with a resolve hook)', () => {
  const spy = join(ROOT, 'test/collect/fixtures/sdk-spy.mjs')
  const loads = (args: string[]): string[] => {
    const file = join(mkdtempSync(join(tmpdir(), 'bulkhead-spy-')), 'loads.txt')
    spawnSync(process.execPath, ['--import', spy, ...args], { cwd: ROOT, env: { ...process.env, SDK_SPY_FILE: file }, encoding: 'utf8', timeout: 60_000 })
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []
  }
  it('sees the SDK when something does load it (the spy works)', () => {
    expect(loads(['--input-type=module', '-e', "await import('@aws-sdk/client-sts')"])).toContain('@aws-sdk/client-sts')
  })
  it.each([[['--help']], [['checks', '--format', 'json']], [['policy']], [['explain', 'rds-backup-retention-short']], [['scan', '--snapshot', 'fixtures/estates/well-isolated', '--format', 'json', '--fail-on', 'none']], [['agent-check', '--snapshot', 'fixtures/estates/shared-blast-radius', '--home', 'fixtures/estates/shared-blast-radius/agent-home', '--format', 'json', '--fail-on', 'none']]])('bulkhead %j', (args) => {
    expect(loads([BIN, ...args])).toEqual([])
  })
})
