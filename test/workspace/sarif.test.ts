// A workspace scan as SARIF: GitHub's ingestion rules accept it whether the workspace was
// given relative to where bulkhead ran or as an absolute path, and each result sits at its line.
import { relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { assertValidSarif } from '../support/sarif-validate.js'
import { awsKeyId, awsSecret, githubToken, tempWorkspace } from './support.js'

const pair = `AWS_ACCESS_KEY_ID=${awsKeyId()}\nAWS_SECRET_ACCESS_KEY=${awsSecret()}\n`
const ws = tempWorkspace({ '.env.staging': pair, '.env.production': `# prod\n${pair}`, 'scripts/chore.sh': `export GITHUB_TOKEN=${githubToken()}\n` })
afterAll(ws.remove)

async function sarifOf(root: string): Promise<string> {
  let stdout = ''
  const code = await main(['node', 'bulkhead', 'scan', '--workspace', root, '--format', 'sarif', '--fail-on', 'none'], { stdout: (s) => void (stdout += s), stderr: () => {} })
  expect(code).toBe(0)
  return stdout
}

describe('SARIF of a workspace scan', () => {
  it.each([
    ['an absolute root', () => ws.root],
    ['a root relative to the working directory', () => relative(process.cwd(), ws.root)],
  ])('validates with GitHub rules for %s', async (_, root) => {
    const text = await sarifOf(root())
    assertValidSarif({ text })
    const results = (JSON.parse(text) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region?: { startLine: number } } }[] }[] }[] }).runs[0].results
    expect(results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region?.startLine]).sort()).toEqual([
      ['shared-credential-in-workspace', 2],
      ['token-in-workspace', 1],
      ['token-in-workspace', 1],
      ['token-in-workspace', 2],
    ])
  })
})
