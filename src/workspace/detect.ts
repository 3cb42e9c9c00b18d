// Detectors: what a credential looks like. Known formats are matched anywhere in a line (their
// prefixes make them unambiguous); everything else needs a telling variable name and a value
// random enough to be a key rather than a word, a template or a reference.
import type { TokenType } from '../inventory/types.js'
import { characterClasses, isPlaceholder, isWordPhrase, shannonEntropy } from './secret.js'

/** A credential found in memory. `secret` never leaves src/workspace (see toToken in index.ts). */
export interface Candidate {
  type: TokenType
  secret: string
  line: number
  name?: string
  accessKeyId?: string
  dbHost?: string
  dbUser?: string
  detector: string
}

/**
 * Marks a line worth a closer look; a file without one is not parsed at all (speed). Either a
 * known format's prefix, or a secret-like name's ending right before an assignment operator
 * (nameKind only accepts names that end so).
 */
export const INTERESTING =
  /AKIA|ASIA|gh[pousr]_|github_pat_|_live_|xox[abpr]-|PRIVATE KEY|:\/\/[^\s/@:]*:[^\s/@]*@|(?:token|key|secret|passw(?:or)?d|pwd|pass)["'`]?\s*(?::=|=>|:|=)/i

const AWS_KEY_ID = /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/g
const KNOWN: { type: TokenType; re: RegExp; detector: string }[] = [
  { type: 'github-token', re: /\b(gh[pousr]_[A-Za-z0-9]{36,251})\b/g, detector: 'known format gh*_ (GitHub token)' },
  { type: 'github-token', re: /\b(github_pat_[A-Za-z0-9_]{60,240})\b/g, detector: 'known format github_pat_ (GitHub fine-grained token)' },
  { type: 'stripe-live-key', re: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,247})\b/g, detector: 'known format sk_live_ (Stripe live key)' },
  // Slack tokens carry numeric team and user ids: "xoxb-your-token" is not one.
  { type: 'slack-token', re: /\b(xox[abpr]-\d{6,}-[A-Za-z0-9-]{8,250})/g, detector: 'known format xox?- (Slack token)' },
]

// The password runs to the last '@' before the host (as URL parsers read it): a password with an
// unescaped '@' must not leave its tail in the host, which is shown.
const DB_URL =
  /\b((?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb)(?:\+[a-z0-9]+)?):\/\/([^\s:/@'"`]*):([^\s'"`/]+)@([^\s/:@'"`?#,;)]+)/gi
// Local databases and documentation hosts hold nobody's data.
const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|host\.docker\.internal|host|hostname|db-host|example\.(?:com|org|net))$|\.example\.(?:com|org|net)$|\.local$/i
const TEMPLATE_HOST = /[<>${}]|example|your[-_]|xxx/i
// Images' documented default passwords: a default is not a secret.
const DEFAULT_PASSWORDS = new Set(['password', 'pass', 'passwd', 'secret', 'postgres', 'mysql', 'root', 'admin', 'guest', 'user', 'test', 'redis', 'mongo'])

// One pass that rules out most lines before the per-format expressions run (speed). The URL
// user stops at its first ':' (as in DB_URL): a user that could hold colons made a long line of
// colons quadratic.
const KNOWN_HINT = /AKIA|ASIA|gh[pousr]_|github_pat_|_live_|xox[abpr]-|:\/\/[^\s/@:]*:[^\s/@]*@/

/** Known formats and database URLs anywhere in a line. */
export function knownFormatsIn(text: string, line: number): Candidate[] {
  if (!KNOWN_HINT.test(text)) return []
  const found: Candidate[] = []
  for (const k of KNOWN) {
    for (const m of text.matchAll(k.re)) {
      if (!isPlaceholder(m[1])) found.push({ type: k.type, secret: m[1], line, detector: k.detector })
    }
  }
  for (const m of text.matchAll(AWS_KEY_ID)) {
    if (!isPlaceholder(m[1])) {
      found.push({ type: 'aws-access-key', secret: m[1], accessKeyId: m[1], line, detector: 'known format AKIA/ASIA (AWS access key id)' })
    }
  }
  for (const m of text.matchAll(DB_URL)) {
    const [, scheme, user, password, host] = m
    if (LOCAL_HOST.test(host) || DEFAULT_PASSWORDS.has(password.toLowerCase()) || password === user) continue
    if (isPlaceholder(password) || TEMPLATE_HOST.test(host) || password.length < 4) continue
    found.push({
      type: 'database-url', secret: password, line, dbHost: host.toLowerCase(), dbUser: user,
      detector: `${scheme.toLowerCase()} URL with a password`,
    })
  }
  return found
}

/** snake_case, lower case: `apiKey`, `API-KEY` and `api.key` all become `api_key`. */
export function normalizeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-.\s]+/g, '_').toLowerCase()
}

type NameKind = 'aws-secret' | 'aws-session' | 'railway' | 'password' | 'token'

const NAME_HINT = /token|key|secret|pass|pwd/i

// Code repeats its names: judge each once (bounded, so a huge tree cannot grow it without end).
const nameKinds = new Map<string, NameKind | undefined>()
const NAME_CACHE_LIMIT = 50_000

export function nameKind(name: string): NameKind | undefined {
  if (!NAME_HINT.test(name)) return undefined
  if (nameKinds.has(name)) return nameKinds.get(name)
  if (nameKinds.size >= NAME_CACHE_LIMIT) nameKinds.clear()
  const kind = kindOfNormalized(normalizeName(name))
  nameKinds.set(name, kind)
  return kind
}

// Tokens that are not credentials: pagination cursors, idempotency keys, CSRF and request ids.
const NOT_CREDENTIAL_TOKEN = /(?:^|_)(?:next|page|pagination|continuation|client|idempotency|cursor|csrf|xsrf|sync|resume|request|grant|verification)_token$/

function kindOfNormalized(n: string): NameKind | undefined {
  if (NOT_CREDENTIAL_TOKEN.test(n)) return undefined
  if (/(?:^|_)(?:aws_)?secret(?:_access)?_key$/.test(n) && /aws|access/.test(n)) return 'aws-secret'
  if (/(?:^|_)(?:aws_)?(?:session|security)_token$/.test(n)) return 'aws-session'
  if (/^railway_(?:api_)?token$/.test(n)) return 'railway'
  if (/(?:^|_)(?:password|passwd|pwd|pass)$/.test(n)) return 'password'
  if (/(?:^|_)(?:token|api_?key|secret|secret_key|client_secret|private_key|access_token|auth_token)$/.test(n)) return 'token'
  return undefined
}

/**
 * A value that contains the kind of thing its name says it is ("x-aws-ec2-metadata-token" under
 * X_AWS_EC2_METADATA_TOKEN, "MYSQL_NATIVE_PASSWORD" under MYSQL_NATIVE_PASSWORD) is a label: a
 * header name, an enum value. Random keys spell "token" or "password" too rarely to matter.
 */
function namesItself(name: string, value: string): boolean {
  const word = /(token|key|secret|password|passwd|pwd|pass)$/.exec(normalizeName(name))?.[1]
  return word !== undefined && value.toLowerCase().includes(word)
}

const BASE64ISH = /^[A-Za-z0-9/+=_-]+$/
// Stripe test and publishable keys are meant to be shared: not credentials to anything live.
const HARMLESS_KEYS = /^(?:sk|rk|pk)_test_|^pk_live_/

/** Hex spends at most 4 bits per character, so a random hex token scores lower than base64. */
function minTokenEntropy(value: string): number {
  return /^[0-9a-f-]+$/i.test(value) ? 3 : 3.5
}

/**
 * A named value: `*_TOKEN`, `*_API_KEY`, `*_SECRET`, `*PASSWORD`, AWS's secret key and session
 * token names, Railway's token names. The thresholds keep words, templates and short ids out.
 */
export function namedSecret(name: string, value: string, line: number): Candidate | undefined {
  const kind = nameKind(name)
  if (!kind || isPlaceholder(value) || namesItself(name, value)) return undefined
  const entropy = shannonEntropy(value)
  const bits = `entropy ${entropy.toFixed(1)} bits/char`
  switch (kind) {
    case 'aws-secret':
      // 40 characters of base64: anything else is not an AWS secret access key.
      if (value.length !== 40 || !/^[A-Za-z0-9/+]+$/.test(value) || entropy < 3.5) return undefined
      return { type: 'aws-secret-key', secret: value, name, line, detector: `name ${name}, 40-character key` }
    case 'aws-session':
      if (value.length < 40 || !BASE64ISH.test(value) || entropy < 3.5) return undefined
      return { type: 'aws-session-token', secret: value, name, line, detector: `name ${name}, ${bits}` }
    case 'railway':
      if (value.length < 16 || entropy < 3 || isWordPhrase(value)) return undefined
      return { type: 'railway-token', secret: value, name, line, detector: `name ${name}, ${bits}` }
    case 'password':
      if (value.length < 8 || entropy < 2.5 || characterClasses(value) < 2 || isWordPhrase(value)) return undefined
      if (DEFAULT_PASSWORDS.has(value.toLowerCase())) return undefined
      return { type: 'named-secret', secret: value, name, line, detector: `name ${name}, ${bits}` }
    case 'token':
      if (value.length < 16 || entropy < minTokenEntropy(value) || characterClasses(value) < 2 || /\s/.test(value)) return undefined
      if (isWordPhrase(value)) return undefined
      if (HARMLESS_KEYS.test(value)) return undefined
      return { type: 'named-secret', secret: value, name, line, detector: `name ${name}, ${bits}` }
  }
}

// A 40-character base64 string with both cases and a digit: the unnamed secret of a key id
// beside it (AWS console CSVs). Lower-case hex (git SHAs) never qualifies.
const UNNAMED_AWS_SECRET = /(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g

export function unnamedAwsSecretsIn(text: string): string[] {
  return [...text.matchAll(UNNAMED_AWS_SECRET)]
    .map((m) => m[1])
    .filter((v) => /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v) && !isPlaceholder(v) && shannonEntropy(v) >= 4)
}
