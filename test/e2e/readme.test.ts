// README's first screen: the demo command runs and every line of the sample output shown in the
// README is a line the demo really prints, so the documentation cannot drift from the product.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, cli, ROOT } from '../support/cli.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

describe('README', () => {
  const sample = readme.slice(readme.indexOf('<!-- sample:start -->'), readme.indexOf('<!-- sample:end -->'))
  const [command, ...shown] = sample.split('```')[1].trim().split('\n')

  it('shows the demo command that the first screen gives', () => {
    expect(command).toMatch(/^\$ \.\/bin\/bulkhead\.js scan --snapshot fixtures\/estates\/shared-blast-radius --workspace /)
    expect(readme.slice(0, 1500)).toContain(command.slice(2))
  })
  it('shows only lines the demo prints', () => {
    const r = cli(command.slice(2).replace('./bin/bulkhead.js ', '').split(' '))
    expect(r.code).toBe(1)
    const printed = new Set(r.stdout.split('\n'))
    const missing = shown.filter((l) => l.trim() !== '…' && l !== '' && !printed.has(l))
    expect(missing).toEqual([])
  })
  it('gives the test command that CI runs', () => {
    expect(readme.slice(0, 1500)).toContain('npm ci && npm test')
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m)
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
