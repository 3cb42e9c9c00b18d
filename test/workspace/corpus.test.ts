// Two corpora: true positives (every credential found, at its line, with its environment) and
// near misses (placeholders, references, examples, defaults, hashes: nothing found).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scanWorkspace } from '../../src/workspace/index.js'

const CORPUS = join(import.meta.dirname, 'corpus')

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(root, path) : [relative(root, path)]
  })
}

describe('near-miss corpus', () => {
  const root = join(CORPUS, 'near-miss')
  const scan = scanWorkspace([root])

  it('reads every file of the corpus', () => {
    expect(scan.filesScanned).toBe(filesUnder(root).length)
    expect(scan.filesScanned).toBeGreaterThanOrEqual(13)
  })

  it.each(filesUnder(root).sort())('finds nothing in %s', (file) => {
    expect(scan.tokens.filter((t) => t.file === file).map((t) => `${t.line} ${t.type} ${t.detector}`)).toEqual([])
  })
})

describe('true-positive corpus', () => {
  const root = join(CORPUS, 'true-positive')
  const scan = scanWorkspace([root])
  const found = scan.tokens.map((t) => ({ file: t.file, line: t.line, type: t.type, environment: t.environment.environment, ...(t.job ? { job: t.job } : {}) }))

  // file, line, type, environment (rule in the comment)
  const expected = [
    { file: '.env.production', line: 3, type: 'aws-access-key', environment: 'prod' }, // file name
    { file: '.env.production', line: 5, type: 'database-url', environment: 'prod' },
    { file: '.env.production', line: 6, type: 'stripe-live-key', environment: 'prod' },
    { file: '.github/workflows/deploy.yml', line: 8, type: 'named-secret', environment: 'staging', job: 'deploy-staging' }, // environment: staging
    { file: '.github/workflows/deploy.yml', line: 19, type: 'named-secret', environment: 'prod', job: 'release' }, // environment: {name: production}
    { file: '.gitlab-ci.yml', line: 8, type: 'database-url', environment: 'prod', job: 'deploy-prod' },
    { file: 'config/app.yaml', line: 2, type: 'database-url', environment: 'unknown' },
    { file: 'config/app.yaml', line: 4, type: 'github-token', environment: 'unknown' },
    { file: 'config/service-account.json', line: 4, type: 'private-key', environment: 'unknown' },
    { file: 'config/service-account.json', line: 6, type: 'named-secret', environment: 'unknown' },
    { file: 'credentials.csv', line: 2, type: 'aws-access-key', environment: 'unknown' },
    { file: 'deploy/staging/deploy.sh', line: 3, type: 'railway-token', environment: 'staging' }, // directory
    { file: 'deploy/staging/deploy.sh', line: 4, type: 'github-token', environment: 'staging' },
    { file: 'docker-compose.staging.yml', line: 5, type: 'slack-token', environment: 'staging' },
    { file: 'docker-compose.staging.yml', line: 10, type: 'named-secret', environment: 'staging' },
    { file: 'home/.aws/credentials', line: 2, type: 'aws-access-key', environment: 'unknown' },
    { file: 'home/.aws/credentials', line: 6, type: 'aws-access-key', environment: 'unknown' },
    { file: 'home/.aws/credentials', line: 8, type: 'aws-session-token', environment: 'unknown' },
    { file: 'infra/prod.tfvars', line: 2, type: 'named-secret', environment: 'prod' },
    { file: 'k8s/prod/secret.yaml', line: 7, type: 'named-secret', environment: 'prod' }, // base64-decoded
    { file: 'k8s/prod/secret.yaml', line: 8, type: 'named-secret', environment: 'prod' },
    { file: 'keys/deploy_key', line: 1, type: 'private-key', environment: 'unknown' },
    { file: 'src/notify.ts', line: 1, type: 'slack-token', environment: 'unknown' },
    { file: 'src/notify.ts', line: 2, type: 'named-secret', environment: 'unknown' },
  ]

  it('finds every credential at its line, and nothing else', () => {
    expect(found).toEqual(expected)
  })

  it('has a true positive in every file of the corpus', () => {
    expect(new Set(found.map((f) => f.file))).toEqual(new Set(filesUnder(root)))
  })

  it('pairs AWS key ids with their secrets: named, in INI profiles, and unnamed in a console CSV', () => {
    const keys = scan.tokens.filter((t) => t.type === 'aws-access-key')
    expect(keys.map((k) => [k.file, k.hasSecret])).toEqual([
      ['.env.production', true], ['credentials.csv', true], ['home/.aws/credentials', true], ['home/.aws/credentials', true],
    ])
    // the paired secrets are part of their key, not separate findings
    expect(scan.tokens.filter((t) => t.type === 'aws-secret-key')).toEqual([])
  })

  it('records database host and user, which are not secret, to compare environments', () => {
    const pg = scan.tokens.find((t) => t.file === '.env.production' && t.type === 'database-url')
    expect(pg).toMatchObject({ dbHost: 'orders.cluster-c1x2y3z4.us-east-1.rds.amazonaws.com', dbUser: 'orders_app', name: 'DATABASE_URL' })
  })

  it('gives the same fingerprint to the same token in two CI jobs', () => {
    const [staging, prod] = scan.tokens.filter((t) => t.file === '.github/workflows/deploy.yml')
    expect(staging.fingerprint).toBe(prod.fingerprint)
    expect(prod.environment).toEqual({ environment: 'prod', rule: 'tag', detail: "CI job 'release' has environment: production" })
  })

  it('never puts a secret on a token: only a 4-character preview and a 12-hex fingerprint', () => {
    for (const t of scan.tokens) {
      expect(t.preview).toHaveLength(4)
      expect(t.fingerprint).toMatch(/^[0-9a-f]{12}$/)
      const text = readFileSync(join(root, t.file), 'utf8')
      // every string on the token that is 8+ characters long is not a substring of the secret's line,
      // except the public parts: the variable name, the access key id, the database host and user
      const publicParts = [t.name, t.accessKeyId, t.dbHost, t.dbUser, t.file, t.workspace, t.job, t.detector, t.environment.detail]
      const line = text.split('\n')[t.line - 1]
      for (const v of Object.values(t)) {
        if (typeof v !== 'string' || v.length < 8 || publicParts.includes(v)) continue
        expect(line.includes(v)).toBe(false)
      }
    }
  })
})
