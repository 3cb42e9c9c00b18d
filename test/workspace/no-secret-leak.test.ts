// Secrets never leave the process (spec §5): random secrets are seeded into a workspace, the
// real `bulkhead scan` runs over it (with the shared-blast-radius snapshot, so keys map to IAM
// users and findings carry destruction paths), every reporter renders, the error paths print
// their messages, and no 8-character piece of any secret appears anywhere.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { REPORTERS } from '../../src/report/render.js'
import type { Report } from '../../src/report/model.js'
import { BIN, ROOT } from '../support/cli.js'
import { random, tempWorkspace } from './support.js'

const ESTATE = resolve(import.meta.dirname, '../../fixtures/estates/shared-blast-radius')
// The fixture's staging-deploy key id: public (it is in CloudTrail and in the snapshot), so a
// seeded secret beside it maps to an IAM user that can destroy prod.
const STAGING_DEPLOY_KEY_ID = 'AKIA2WXPTWLL4FYTJLJL'

const hex = '0123456789abcdef'
const b64 = (s: string) => Buffer.from(s).toString('base64')
const seeded = {
  awsSecret: random(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'),
  tempSecret: random(40),
  sessionToken: random(220),
  stagingDbPassword: random(24),
  prodDbPassword: random(24),
  ciToken: random(40, 'abcdefghijklmnopqrstuvwxyz0123456789'),
  k8sPassword: random(22),
  railway: `${random(8, hex)}-${random(4, hex)}-4${random(3, hex)}-a${random(3, hex)}-${random(12, hex)}`,
  github: `ghp_${random(36)}`,
  stripe: `sk_live_${random(32)}`,
  slack: `xoxb-${random(12, '0123456789')}-${random(13, '0123456789')}-${random(24)}`,
  apiKey: random(32),
  brokenYamlToken: random(36),
}

// a PEM body is several secret lines
const privateKeyLines = Array.from({ length: 5 }, () => random(64))

const files: Record<string, string> = {
  '.env.staging': `AWS_ACCESS_KEY_ID=${STAGING_DEPLOY_KEY_ID}\nAWS_SECRET_ACCESS_KEY=${seeded.awsSecret}\nDATABASE_URL=postgres://orders_app:${seeded.stagingDbPassword}@orders.db.acme.internal/orders\n`,
  '.env.production': `AWS_ACCESS_KEY_ID=${STAGING_DEPLOY_KEY_ID}\nAWS_SECRET_ACCESS_KEY=${seeded.awsSecret}\nDATABASE_URL=postgres://orders_app:${seeded.prodDbPassword}@orders.db.acme.internal/orders\n`,
  '.github/workflows/deploy.yml': [
    'on: push', 'jobs:', '  stg:', '    environment: staging', '    env:', `      CLOUD_API_TOKEN: ${seeded.ciToken}`,
    '  prd:', '    environment: production', '    env:', `      CLOUD_API_TOKEN: ${seeded.ciToken}`, '',
  ].join('\n'),
  '.github/workflows/broken.yml': `jobs:\n  x: [unclosed\n    env:\n      API_TOKEN: ${seeded.brokenYamlToken}\n`,
  'k8s/prod/secret.yaml': `apiVersion: v1\nkind: Secret\ndata:\n  password: ${b64(seeded.k8sPassword)}\n`,
  'scripts/chore.sh': [
    `export RAILWAY_API_TOKEN=${seeded.railway}`, `export GITHUB_TOKEN=${seeded.github}`,
    `export STRIPE_KEY=${seeded.stripe}`, `export SLACK_TOKEN=${seeded.slack}`, '',
  ].join('\n'),
  'home/.aws/credentials': `[tmp]\naws_access_key_id = ASIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}\naws_secret_access_key = ${seeded.tempSecret}\naws_session_token = ${seeded.sessionToken}\n`,
  'keys/deploy.pem': `-----BEGIN RSA PRIVATE KEY-----\n${privateKeyLines.join('\n')}\n-----END RSA PRIVATE KEY-----\n`,
  'config/app.json': `{ "apiKey": "${seeded.apiKey}" }\n`,
}

/**
 * Every 8-character piece of every secret, and of the base64 form it had in the Kubernetes
 * Secret. Format prefixes (sk_live_, ghp_, xoxb-) are public and named by the detectors.
 */
// What agent-check reads besides the workspace: a home with every kind of AWS credential file,
// and secrets in the environment (spec §10), each random per run.
const agentSeeded = {
  homeSecret: random(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'),
  tempSecret: random(40),
  tempSessionToken: random(300),
  processToken: random(32),
  ssoAccessToken: random(300),
  ssoRefreshToken: random(200),
  ssoClientSecret: random(400),
  cachedSecret: random(40),
  cachedSessionToken: random(300),
  envSecret: random(40),
  envSessionToken: random(250),
  envGithub: `ghp_${random(36)}`,
  containerToken: random(48),
}
const DOMAIN_BOT_KEY_ID = 'AKIA4SILGXXUTKLZKQD2'
const agentHome: Record<string, string> = {
  '.aws/credentials': `[default]\naws_access_key_id = ${DOMAIN_BOT_KEY_ID}\naws_secret_access_key = ${agentSeeded.homeSecret}\n[temp]\naws_access_key_id = ASIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}\naws_secret_access_key = ${agentSeeded.tempSecret}\naws_session_token = ${agentSeeded.tempSessionToken}\n`,
  '.aws/config': [
    '[profile chain]', 'role_arn = arn:aws:iam::111111111111:role/deploy-prod', 'credential_source = Environment',
    '[profile proc]', `credential_process = /usr/local/bin/get-creds --token ${agentSeeded.processToken}`,
    '[profile sso]', 'sso_session = corp', 'sso_account_id = 111111111111', 'sso_role_name = ProdReadOnly',
    '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1', '',
  ].join('\n'),
  [`.aws/sso/cache/${createHash('sha1').update('corp').digest('hex')}.json`]: JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: agentSeeded.ssoAccessToken, expiresAt: '2099-01-01T00:00:00Z', refreshToken: agentSeeded.ssoRefreshToken, clientId: 'cid', clientSecret: agentSeeded.ssoClientSecret }),
  '.aws/cli/cache/session.json': JSON.stringify({ Credentials: { AccessKeyId: `ASIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, SecretAccessKey: agentSeeded.cachedSecret, SessionToken: agentSeeded.cachedSessionToken, Expiration: '2099-01-01T00:00:00Z' }, AssumedRoleUser: { Arn: 'arn:aws:sts::111111111111:assumed-role/deploy-prod/s' } }),
}
const agentEnv = {
  AWS_ACCESS_KEY_ID: STAGING_DEPLOY_KEY_ID,
  AWS_SECRET_ACCESS_KEY: agentSeeded.envSecret,
  AWS_SESSION_TOKEN: agentSeeded.envSessionToken,
  GITHUB_TOKEN: agentSeeded.envGithub,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
  AWS_CONTAINER_AUTHORIZATION_TOKEN: agentSeeded.containerToken,
}

const pieces = [...Object.values(seeded), ...Object.values(agentSeeded), ...privateKeyLines, b64(seeded.k8sPassword)]
  .map((s) => s.replace(/^(?:sk_live_|ghp_|xoxb-)/, ''))
  .flatMap((s) => Array.from({ length: s.length - 7 }, (_, i) => s.slice(i, i + 8)))
const leaksIn = (text: string) => [...new Set(pieces.filter((p) => text.includes(p)))]

// Access key ids are shown in the console's form only (AKIA…JLJL): a whole id, from the workspace
// or from the snapshot's key lists (stale and unused keys), appears in no format.
const WHOLE_KEY_ID = /(?:AKIA|ASIA)[A-Z0-9]{16}/g
const keyIdsIn = (text: string) => [...new Set(text.match(WHOLE_KEY_ID) ?? [])]

const ws = tempWorkspace(files)
const home = tempWorkspace(agentHome)
const outDir = mkdtempSync(join(tmpdir(), 'bulkhead-leak-'))
afterAll(() => {
  ws.remove()
  home.remove()
  rmSync(outDir, { recursive: true, force: true })
})

async function bulkhead(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(['node', 'bulkhead', ...args], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) })
  return { code, stdout, stderr }
}

describe('no secret leaves the process', () => {
  const formats = Object.keys(REPORTERS)

  it('the seeded workspace holds every secret in clear (the test would prove nothing otherwise)', () => {
    const all = Object.values(files).join('\n')
    for (const [name, s] of Object.entries(seeded)) expect(all.includes(s) || all.includes(b64(s)), name).toBe(true)
    for (const line of privateKeyLines) expect(all).toContain(line)
  })

  it(`in the report of every format (${formats.join(', ')})`, async () => {
    const reports = formats.map((f) => ['--report', `${f}=${join(outDir, `report.${f}`)}`]).flat()
    const run = await bulkhead('scan', '--snapshot', ESTATE, '--workspace', ws.root, '--format', 'json', '--fail-on', 'none', '--no-color', ...reports)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as Report
    const workspaceFindings = report.findings.filter((f) => f.resource.arn.startsWith('workspace:'))
    // the scan really saw the secrets: one finding per seeded credential, shared ones flagged
    expect(workspaceFindings.filter((f) => f.checkId === 'token-in-workspace').length).toBeGreaterThanOrEqual(13)
    expect(workspaceFindings.filter((f) => f.checkId === 'shared-credential-in-workspace').map((f) => f.resource.arn).sort()).toEqual([
      'workspace:.env.production', // the AWS key
      'workspace:.env.production', // the database login (host and user; passwords differ)
      'workspace:.github/workflows/deploy.yml',
    ])
    expect(workspaceFindings.some((f) => f.severity === 'critical' && f.principal?.arn.endsWith(':user/staging-deploy'))).toBe(true)
    expect(leaksIn(run.stdout)).toEqual([])
    // the key ids are there to find the key, masked: the workspace key and the snapshot's stale ones
    expect(workspaceFindings.some((f) => f.evidence.accessKeyId === 'AKIA…JLJL' && f.message.includes('AWS access key AKIA…JLJL'))).toBe(true)
    expect(report.findings.some((f) => f.checkId === 'stale-access-key' || f.checkId === 'unused-credential')).toBe(true)
    expect(keyIdsIn(run.stdout)).toEqual([])
    for (const f of formats) {
      const text = readFileSync(join(outDir, `report.${f}`), 'utf8')
      expect(text.length, f).toBeGreaterThan(0)
      expect(leaksIn(text), f).toEqual([])
      expect(keyIdsIn(text), f).toEqual([])
    }
  })

  it('in text on the terminal, with colour', async () => {
    const run = await bulkhead('scan', '--workspace', ws.root, '--format', 'text', '--fail-on', 'none')
    expect(run.stdout).toContain('token-in-workspace')
    expect(leaksIn(run.stdout + run.stderr)).toEqual([])
    expect(keyIdsIn(run.stdout + run.stderr)).toEqual([])
  })

  it('in the error paths: a file given as workspace, a bad flag, a broken config', async () => {
    const file = join(ws.root, '.env.production')
    const notDir = await bulkhead('scan', '--workspace', file)
    expect(notDir).toMatchObject({ code: 2, stdout: '' })
    expect(notDir.stderr).toBe(`bulkhead: --workspace ${file}: not a directory\n`)

    const badReport = await bulkhead('scan', '--workspace', ws.root, '--report', 'json-report')
    expect(badReport.code).toBe(2)
    expect(badReport.stderr).toMatch(/^bulkhead: --report: expected FORMAT=FILE/)

    const config = join(outDir, 'bulkhead.config.json')
    writeFileSync(config, JSON.stringify({ workspace: { environments: { prod: seeded.apiKey } } }))
    const badConfig = await bulkhead('scan', '--workspace', ws.root, '--config', config)
    expect(badConfig.code).toBe(2)
    expect(badConfig.stderr).toContain('workspace')
    // the secret the user typed on the command line is theirs to see; what bulkhead read from files is not
    expect(leaksIn(notDir.stderr + badConfig.stderr + badConfig.stdout)).toEqual([])
  })
})

/** The built CLI with only these variables: the secrets in the environment are part of the test. */
function bulkheadProcess(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', HOME: outDir, NO_COLOR: '1', ...agentEnv } })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

describe('no secret leaves agent-check or reach', () => {
  it('the seeded home and environment hold every secret in clear', () => {
    const all = [...Object.values(agentHome), ...Object.values(agentEnv)].join('\n')
    for (const [name, s] of Object.entries(agentSeeded)) expect(all, name).toContain(s)
  })

  it(`in agent-check's report of every format, and on stderr`, () => {
    const formats = Object.keys(REPORTERS)
    const reports = formats.flatMap((f) => ['--report', `${f}=${join(outDir, `agent.${f}`)}`])
    const run = bulkheadProcess(['agent-check', '--snapshot', ESTATE, '--home', home.root, '--workspace', ws.root, '--format', 'json', '--fail-on', 'none', ...reports])
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as Report
    // it really read them all: the env keys, both profiles of keys, the cache, the process, the tokens
    const where = report.findings.map((f) => f.resource.arn)
    for (const arn of ['agent:env/AWS_ACCESS_KEY_ID', 'agent:env/AWS_CONTAINER_CREDENTIALS_FULL_URI', 'agent:env/GITHUB_TOKEN', 'agent:profile/default', 'agent:profile/temp', 'agent:profile/chain', 'agent:profile/proc', 'agent:profile/sso', 'agent:cli-cache/session.json']) expect(where, arn).toContain(arn)
    expect(report.findings.filter((f) => f.severity === 'critical').length).toBeGreaterThanOrEqual(4)
    expect(leaksIn(run.stdout + run.stderr)).toEqual([])
    for (const f of formats) expect(leaksIn(readFileSync(join(outDir, `agent.${f}`), 'utf8')), f).toEqual([])
  })

  it('in agent-check as text, and in reach for every kind of credential, in text and JSON', () => {
    const outputs = [bulkheadProcess(['agent-check', '--snapshot', ESTATE, '--home', home.root, '--workspace', ws.root, '--fail-on', 'none'])]
    for (const profile of ['default', 'temp', 'chain', 'proc', 'sso']) {
      for (const format of ['text', 'json']) outputs.push(bulkheadProcess(['reach', '--profile', profile, '--snapshot', ESTATE, '--home', home.root, '--format', format]))
    }
    outputs.push(bulkheadProcess(['reach', '--access-key', DOMAIN_BOT_KEY_ID, '--snapshot', ESTATE]))
    for (const o of outputs) expect(o.code, o.stderr).toBe(0)
    expect(outputs[0].stdout).toContain('Before you start an agent')
    expect(leaksIn(outputs.map((o) => o.stdout + o.stderr).join('\n'))).toEqual([])
  })

  it('in the error paths of reach and agent-check', () => {
    const errors = [
      bulkheadProcess(['reach', '--profile', 'nope', '--snapshot', ESTATE, '--home', home.root]),
      bulkheadProcess(['reach', '--access-key', agentSeeded.homeSecret, '--snapshot', ESTATE]),
      bulkheadProcess(['agent-check', '--home', join(home.root, '.aws', 'credentials')]),
    ]
    for (const e of errors) expect(e).toMatchObject({ code: 2, stdout: '' })
    // a secret pasted into --access-key by mistake is not echoed either
    expect(leaksIn(errors.map((e) => e.stderr).join('\n'))).toEqual([])
  })
})
