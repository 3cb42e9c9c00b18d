// Detector units: known formats, named secrets, placeholders. Secrets are generated per run, so
// no test source holds one.
import { describe, expect, it } from 'vitest'
import { knownFormatsIn, namedSecret, nameKind, normalizeName } from '../../src/workspace/detect.js'
import { assignmentsIn } from '../../src/workspace/assignments.js'
import { fingerprintOfSecret, isPlaceholder, previewOf, shannonEntropy } from '../../src/workspace/secret.js'
import { scanText } from '../../src/workspace/scan-text.js'
import { ALNUM, awsKeyId, awsSecret, random } from './support.js'

describe('known formats', () => {
  it.each([
    ['github-token', () => `ghp_${random(36)}`],
    ['github-token', () => `github_pat_${random(22)}_${random(59)}`],
    ['stripe-live-key', () => `sk_live_${random(32)}`],
    ['slack-token', () => `xoxb-${random(12, '0123456789')}-${random(13, '0123456789')}-${random(24)}`],
    ['aws-access-key', awsKeyId],
  ])('finds a %s anywhere in a line', (type, make) => {
    const token = make()
    const [c, ...rest] = knownFormatsIn(`curl -H "Authorization: ${token}" https://api.acme.test`, 7)
    expect(rest).toEqual([])
    expect(c).toMatchObject({ type, secret: token, line: 7 })
  })

  it.each([
    ['postgres://app:PASS@db.prod.acme.internal:5432/orders', 'db.prod.acme.internal', 'app'],
    ['postgresql://app:PASS@orders.cluster-x.us-east-1.rds.amazonaws.com/orders', 'orders.cluster-x.us-east-1.rds.amazonaws.com', 'app'],
    ['mysql://root:PASS@10.0.3.4/shop', '10.0.3.4', 'root'],
    ['mongodb+srv://reporting:PASS@cluster0.ab1cd.mongodb.net/reports', 'cluster0.ab1cd.mongodb.net', 'reporting'],
    ['redis://:PASS@cache.acme.internal:6379', 'cache.acme.internal', ''],
  ])('finds the password of %s with its host and user', (template, host, user) => {
    const password = random(20)
    const [c] = knownFormatsIn(`DATABASE_URL=${template.replace('PASS', password)}`, 1)
    expect(c).toMatchObject({ type: 'database-url', secret: password, dbHost: host, dbUser: user })
  })

  it.each([
    'postgres://postgres:postgres@localhost:5432/app', // local, default
    'postgres://app:app@db:5432/app', // password = user
    'postgres://app:${DB_PASSWORD}@db.prod.acme.internal/app', // a reference
    'postgres://app:$DB_PASSWORD@db.prod.acme.internal/app',
    'postgres://user:password@host:5432/db', // documentation
    'mysql://shop:S3cretPassw0rd@127.0.0.1/shop', // loopback
    'https://auth.acme.test/oauth/token', // no credentials
  ])('ignores %s', (url) => {
    expect(knownFormatsIn(url, 1)).toEqual([])
  })

  it.each([
    'AKIAIOSFODNN7EXAMPLE',
    'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'xoxb-your-slack-bot-token',
    'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    'git sha 8e8c483db84b4bee98b60c0593521ed34d9990e8',
  ])('ignores %s', (text) => {
    expect(knownFormatsIn(text, 1)).toEqual([])
  })
})

describe('named secrets', () => {
  it('normalizes camelCase, dashes and dots', () => {
    expect(['apiKey', 'API-KEY', 'api.key', 'Api_Key'].map(normalizeName)).toEqual(['api_key', 'api_key', 'api_key', 'api_key'])
  })

  it.each([
    ['AWS_SECRET_ACCESS_KEY', 'aws-secret'], ['SecretAccessKey', 'aws-secret'], ['aws_session_token', 'aws-session'],
    ['RAILWAY_TOKEN', 'railway'], ['RAILWAY_API_TOKEN', 'railway'], ['DB_PASSWORD', 'password'], ['password', 'password'],
    ['CLOUDFLARE_API_TOKEN', 'token'], ['SENDGRID_API_KEY', 'token'], ['JWT_SECRET', 'token'], ['clientSecret', 'token'],
    ['TOKEN_URL', undefined], ['SECRET_NAME', undefined], ['PASSWORD_MIN_LENGTH', undefined], ['BYPASS', undefined], ['SORT_KEY', undefined],
  ])('%s is a %s name', (name, kind) => {
    expect(nameKind(name)).toBe(kind)
  })

  it('flags a random value under a token name, with its entropy as the reason', () => {
    const c = namedSecret('CLOUD_API_TOKEN', random(32), 3)
    expect(c).toMatchObject({ type: 'named-secret', name: 'CLOUD_API_TOKEN', line: 3 })
    expect(c?.detector).toMatch(/^name CLOUD_API_TOKEN, entropy \d\.\d bits\/char$/)
  })

  it('flags a random hex token, which has less entropy per character than base64', () => {
    expect(namedSecret('api-token', random(32, '0123456789abcdef'), 1)?.type).toBe('named-secret')
  })

  it('knows AWS secret keys, session tokens and Railway tokens by name', () => {
    expect(namedSecret('AWS_SECRET_ACCESS_KEY', awsSecret(), 1)?.type).toBe('aws-secret-key')
    expect(namedSecret('aws_session_token', random(200), 1)?.type).toBe('aws-session-token')
    expect(namedSecret('RAILWAY_TOKEN', '0f6c3a52-9b1e-4d7a-8c2f-5e4b1a9d7c3e', 1)?.type).toBe('railway-token')
  })

  it.each([
    ['API_TOKEN', 'your-token-here'], ['API_TOKEN', '<token>'], ['API_TOKEN', '${API_TOKEN}'], ['API_TOKEN', '$API_TOKEN'],
    ['API_TOKEN', '${{ secrets.API_TOKEN }}'], ['DB_PASSWORD', 'changeme'], ['SECRET', 'xxx'], ['CLIENT_SECRET', 'x'.repeat(32)],
    ['JWT_SECRET', 'test-secret-for-unit-tests'], ['DB_PASSWORD', 'postgres'], ['ADMIN_PASSWORD', 'password'],
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'], ['AWS_SECRET_ACCESS_KEY', 'too-short'],
    ['SECRET_KEY', 'os.environ["SECRET_KEY"]'], ['db_password', 'var.db_password'], ['token', '!Ref ApiToken'],
    ['client_secret', 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/api-AbCdEf'],
    ['TOKEN_FILE', '/run/secrets/token'], ['API_KEY', 'REDACTED'], ['API_KEY', '********'], ['PASSWORD', '12345678'],
    ['STRIPE_SECRET_KEY', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'], ['RAILWAY_TOKEN', ''],
  ])('ignores %s=%s', (name, value) => {
    expect(namedSecret(name, value, 1)).toBeUndefined()
  })

  it('ignores a random value under a name that does not hold secrets', () => {
    expect(namedSecret('REQUEST_ID', random(32), 1)).toBeUndefined()
  })
})

describe('assignments', () => {
  it.each([
    ['export API_TOKEN=abc123', 'shell', 'API_TOKEN', 'abc123'],
    ["API_TOKEN='abc 123' # comment", 'dotenv', 'API_TOKEN', 'abc 123'],
    ['API_TOKEN=abc123 # comment', 'dotenv', 'API_TOKEN', 'abc123'],
    ['aws_secret_access_key = abc123', 'ini', 'aws_secret_access_key', 'abc123'],
    ['db_password = "abc123"', 'tfvars', 'db_password', 'abc123'],
    ['    POSTGRES_PASSWORD: abc123', 'yaml', 'POSTGRES_PASSWORD', 'abc123'],
    ['      - SLACK_TOKEN=abc123', 'yaml', 'SLACK_TOKEN', 'abc123'],
    ['      - "SLACK_TOKEN=abc123"', 'yaml', 'SLACK_TOKEN', 'abc123'],
    ['  "apiKey": "abc123",', 'json', 'apiKey', 'abc123'],
    ['const client = connect({ password: "abc12345" })', 'code', 'password', 'abc12345'],
  ] as const)('%s (%s)', (line, kind, name, value) => {
    expect(assignmentsIn(line, kind)).toContainEqual({ name, value })
  })

  it('takes no bare values from code, and nothing from comments', () => {
    expect(assignmentsIn('API_TOKEN = getToken()', 'code')).toEqual([])
    expect(assignmentsIn('# API_TOKEN=abc123', 'dotenv')).toEqual([])
    expect(assignmentsIn('password: |', 'yaml')).toEqual([])
  })
})

describe('multi-line shapes', () => {
  it('pairs each AWS key id with the secret of its own INI profile', () => {
    const text = `[a]\naws_access_key_id = ${awsKeyId()}\n\n[b]\naws_access_key_id = ${awsKeyId()}\naws_secret_access_key = ${awsSecret()}\n`
    expect(scanText(text, 'ini').map((c) => [c.type, c.line, c.hasSecret])).toEqual([
      ['aws-access-key', 2, false],
      ['aws-access-key', 5, true],
    ])
  })

  it('pairs the one key id and the one secret of a long .env file, however far apart', () => {
    const text = `AWS_ACCESS_KEY_ID=${awsKeyId()}\n${'LOG_LEVEL=info\n'.repeat(20)}AWS_SECRET_ACCESS_KEY=${awsSecret()}\n`
    expect(scanText(text, 'dotenv').map((c) => [c.type, c.line, c.hasSecret])).toEqual([['aws-access-key', 1, true]])
  })

  it('reports a secret access key without its key id', () => {
    expect(scanText(`AWS_SECRET_ACCESS_KEY=${awsSecret()}\n`, 'dotenv').map((c) => c.type)).toEqual(['aws-secret-key'])
  })

  it('reads a PEM private key over several lines, and skips an elided one', () => {
    // a body that starts with "/" (1 in 64 real keys) is a key, not a path
    const body = `/${Array.from({ length: 6 }, () => random(64, `${ALNUM}/+`)).join('\n')}`
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`
    expect(scanText(`# key\n${pem}`, 'code')).toMatchObject([{ type: 'private-key', line: 2 }])
    expect(scanText('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n', 'code')).toEqual([])
  })

  it('decodes Kubernetes Secret data, and ignores stringData references and decoded placeholders', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64')
    const text = [
      'apiVersion: v1', 'kind: Secret', 'stringData:', '  password: ${DB_PASSWORD}', 'data:',
      `  password: ${b64(random(24))}`, `  token: ${b64('changeme')}`, `  .env: ${b64(`A=1\nSTRIPE_KEY=sk_live_${random(30)}\n`)}`,
    ].join('\n')
    expect(scanText(text, 'yaml').map((c) => [c.type, c.line, c.name])).toEqual([
      ['named-secret', 6, 'password'],
      ['stripe-live-key', 8, 'STRIPE_KEY'],
    ])
  })
})

describe('what may leave the scanner', () => {
  it('is 4 characters and 12 hex of SHA-256', () => {
    const secret = random(40)
    expect(previewOf(secret)).toBe(secret.slice(0, 4))
    expect(fingerprintOfSecret(secret)).toMatch(/^[0-9a-f]{12}$/)
    expect(fingerprintOfSecret(secret)).toBe(fingerprintOfSecret(`${secret}`))
    expect(fingerprintOfSecret(secret)).not.toBe(fingerprintOfSecret(`${secret}x`))
  })

  it('tells file paths from base64 keys that start with a slash', () => {
    for (const path of ['/run/secrets/api_token', './secrets/token.txt', '~/.config/app/key', '/home/Alice/key.pem', '/opt/app/conf/secret-key']) {
      expect(isPlaceholder(path), path).toBe(true)
    }
    for (const key of ['/ydUF3MTplzoINzW9CrAbyvc+Hl2QlU0G4mzLmfzU', '/K7MDENG/bPxRfiCY9tnFEMIwJalrXUt/kdlo3e1', '+aB3/xY9z']) {
      expect(isPlaceholder(key), key).toBe(false)
    }
  })

  it('measures entropy in bits per character', () => {
    expect(shannonEntropy('aaaa')).toBe(0)
    expect(shannonEntropy('abcd')).toBe(2)
    expect(isPlaceholder('AKIAIOSFODNN7EXAMPLE')).toBe(true)
  })
})

describe('hostile input', () => {
  it('reads CRLF files like LF files', () => {
    const token = `ghp_${random(36)}`
    expect(scanText(`A=1\r\nGITHUB_TOKEN=${token}\r\n`, 'dotenv')).toMatchObject([{ type: 'github-token', line: 2, name: 'GITHUB_TOKEN' }])
  })

  it('stays linear on a 1 MB minified line full of unclosed quotes and assignments', () => {
    const line = 'a_token="x'.repeat(100_000)
    const t = performance.now()
    expect(scanText(line, 'code')).toEqual([])
    expect(performance.now() - t).toBeLessThan(2000)
  })

  it('finds a secret in one-line minified JSON', () => {
    const secret = random(32)
    const json = JSON.stringify({ a: 1, nested: { b: [1, 2], apiKey: secret, c: 'x'.repeat(50) } })
    expect(scanText(json, 'json')).toMatchObject([{ type: 'named-secret', name: 'apiKey', line: 1 }])
  })
})
