// Adversarial shapes that once let part of a secret leave the scanner: a database password with
// an '@' (the rest became the "host"), a short secret whose 4-character preview was most or all
// of it, and a random string used as a variable name or Kubernetes Secret key (names are shown).
import { describe, expect, it } from 'vitest'
import { knownFormatsIn } from '../../src/workspace/detect.js'
import { previewOf } from '../../src/workspace/secret.js'
import { tokensOfFile } from '../../src/workspace/index.js'
import type { WorkspaceToken } from '../../src/inventory/types.js'
import { random } from './support.js'

/** Every string a token carries outside the scanner, joined. */
const shown = (t: WorkspaceToken): string => JSON.stringify(t)
const pieces = (s: string, n = 6) => Array.from({ length: s.length - n + 1 }, (_, i) => s.slice(i, i + n).toLowerCase())
const leaks = (t: WorkspaceToken, secret: string) => pieces(secret).filter((p) => shown(t).toLowerCase().includes(p))

describe('database URLs whose password holds an @', () => {
  it('take the host after the last @ and the whole password before it', () => {
    const password = `${random(10)}@${random(12)}`
    const [c, ...rest] = knownFormatsIn(`DATABASE_URL=postgres://app:${password}@orders.db.acme.internal/orders`, 1)
    expect(rest).toEqual([])
    expect(c).toMatchObject({ type: 'database-url', secret: password, dbHost: 'orders.db.acme.internal', dbUser: 'app' })
  })

  it('show no piece of the password on the token', () => {
    const password = `${random(10)}@${random(12)}`
    const [t] = tokensOfFile('.', '.env.production', `DATABASE_URL=mysql://app:${password}@db.acme.internal:3306/x\n`)
    expect(t.dbHost).toBe('db.acme.internal')
    expect(leaks(t, password)).toEqual([])
  })
})

describe('the preview of a short secret', () => {
  it('never shows more than a quarter of it', () => {
    for (const n of [4, 5, 8, 11, 12, 15]) {
      const secret = random(n)
      expect(previewOf(secret).length, `${n} characters`).toBeLessThanOrEqual(Math.floor(n / 4))
      expect(secret.startsWith(previewOf(secret))).toBe(true)
    }
    const long = random(40)
    expect(previewOf(long)).toBe(long.slice(0, 4))
  })

  it('of a 4-character database password shows none of it', () => {
    const password = `q${random(3)}`
    const [t] = tokensOfFile('.', '.env.production', `DB_URL=mysql://app:${password}@db.acme.internal/x\n`)
    expect(t.type).toBe('database-url')
    expect(shown(t)).not.toContain(password)
  })
})

describe('random strings used as names', () => {
  it.each([
    ['a JSON key', (name: string) => `{ "${name}_token": "aZ3${random(24)}" }`, 'cfg.json'],
    ['a code variable', (name: string) => `const ${name}_token = "cZ5${random(24)}"`, 'app.js'],
    ['a .env variable', (name: string) => `${name}_API_KEY=${random(30)}`, '.env'],
    ['a Kubernetes Secret key', (name: string) => `apiVersion: v1\nkind: Secret\ndata:\n  ${name}_password: ${Buffer.from(random(24)).toString('base64')}\n`, 'secret.yaml'],
  ])('are masked in %s', (_, make, file) => {
    // lower, upper, digit, 8 times: random, and never mistaken for words
    const name = Array.from({ length: 8 }, () => random(1, 'abcdefghijkmnpqrstuvwxyz') + random(1, 'ABCDEFGHJKLMNPQRSTUVWXYZ') + random(1, '23456789')).join('')
    const [t, ...rest] = tokensOfFile('.', file, `${make(name)}\n`)
    expect(rest).toEqual([])
    expect(t.name).toMatch(/_(?:token|API_KEY|password)$/)
    expect(leaks(t, name)).toEqual([])
  })

  it('keep names that are words, with or without digits', () => {
    for (const name of ['AWS_SECRET_ACCESS_KEY', 'GOOGLE_APPLICATION_CREDENTIALS_TOKEN', 'stripeLiveSecretKey', 'OAUTH2_CLIENT_SECRET', 'sha256ChecksumToken']) {
      const [t] = tokensOfFile('.', '.env', `${name}=${random(40)}\n`)
      expect(t?.name, name).toBe(name)
    }
  })
})

describe('a long line that looks like the start of a URL', () => {
  it('is judged in linear time (a 1 MiB line of colons once took minutes)', () => {
    const line = `mysql://${':'.repeat(200_000)}`
    const started = performance.now()
    expect(tokensOfFile('.', '.env', line)).toEqual([])
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
