// `npm test` on a fresh machine: the setup finds or installs what the suite needs, or stops with
// the one command to run. The plan is pure; the probes run for real with PATH stripped.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureTools, missingTools, planTools, TOOLS, ToolsError } from './tools.js'

const ALL = TOOLS.map((t) => t.name)
const debianRoot = { root: true, apt: true, python: true }

describe('planTools', () => {
  it('says in one line that everything was found', () => {
    expect(planTools([], debianRoot)).toEqual({ kind: 'ready', line: 'test setup: found chromium, xmllint, jq, moto_server, py-ocsf-models, botocore' })
  })

  it('installs Debian packages with apt-get as root, and the Python ones with pip', () => {
    expect(planTools(['chromium', 'xmllint', 'py-ocsf-models'], debianRoot)).toEqual({
      kind: 'install',
      line: 'test setup: chromium, xmllint, py-ocsf-models missing; installing chromium libxml2-utils with apt-get and py-ocsf-models==0.10.0 with pip',
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', 'chromium', 'libxml2-utils'],
        ['python3', '-m', 'pip', 'install', '--quiet', 'py-ocsf-models==0.10.0'],
      ],
    })
    // pip needs no root; botocore comes with moto
    expect(planTools(['moto_server', 'botocore'], { root: false, apt: false, python: true })).toMatchObject({ kind: 'install', commands: [['python3', '-m', 'pip', 'install', '--quiet', 'moto[server]==5.2.5']] })
  })

  it('stops, naming the command, when not root', () => {
    expect(planTools(['chromium'], { root: false, apt: true, python: true })).toEqual({
      kind: 'stop',
      line: 'test setup: chromium missing and apt-get needs root here; run: sudo apt-get install -y chromium  (then npm test again)',
    })
  })

  it('stops, naming one command for everything, when there is no apt-get and no python3', () => {
    expect(planTools(ALL, { root: true, apt: false, python: false })).toEqual({
      kind: 'stop',
      line: "test setup: chromium, xmllint, jq, moto_server, py-ocsf-models, botocore missing and there is no apt-get and there is no python3 here; run: sudo apt-get install -y chromium libxml2-utils jq && python3 -m pip install 'moto[server]==5.2.5' py-ocsf-models==0.10.0  (then npm test again)",
    })
  })
})

describe('ensureTools on this machine', () => {
  const empty = mkdtempSync(join(tmpdir(), 'bulkhead-nopath-'))
  afterAll(() => rmSync(empty, { recursive: true, force: true }))

  it('finds everything the suite needs here (the setup installed what was missing)', () => {
    expect(missingTools()).toEqual([])
  })

  it('with PATH stripped, finds nothing, installs nothing, and stops with one line', () => {
    const env = { PATH: empty, HOME: process.env.HOME }
    expect(missingTools(env)).toEqual(ALL)
    const said: string[] = []
    expect(() => ensureTools({ env, uid: 1000, say: (l) => said.push(l) })).toThrow(ToolsError)
    expect(said).toEqual([expect.stringMatching(/^test setup: chromium, .* missing and there is no apt-get and there is no python3 here; run: sudo apt-get install -y chromium libxml2-utils jq && python3 -m pip install /)])
  })
})
