// What a secret value may become outside the scanner: its first 4 characters and a short
// SHA-256 (spec §5). Also the tests that tell a secret from a placeholder or a reference.
import { createHash } from 'node:crypto'

/** First 12 hex characters of the SHA-256: enough to compare tokens, too short to search by. */
export function fingerprintOfSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12)
}

/** The first 4 characters, never more than a quarter of the secret (a short password stays hidden). */
export function previewOf(secret: string): string {
  return secret.slice(0, Math.min(4, Math.floor(secret.length / 4)))
}

const RUN = /[A-Za-z0-9]{16,}/g
const IDENTIFIER_PART = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g

/**
 * A run of letters and digits that reads as random rather than as words: identifiers split into
 * few long parts (`sha256ChecksumToken`: sha, 256, Checksum, Token), random strings into many
 * short ones (`k9bOh0tgQ2…`: k, 9, b, Oh, 0, tg, Q, 2…). Errs towards masking: a masked name
 * costs a label (the file and line remain), an unmasked random one could be a secret.
 */
export function looksRandom(run: string): boolean {
  const parts = run.match(IDENTIFIER_PART) ?? []
  return parts.length >= 5 && run.length / parts.length < 3.5
}

/**
 * Names are shown (variable, Kubernetes key, detector text), but a name can be a secret itself:
 * a token used as a JSON key or as part of a variable name. Random-looking runs become "…".
 */
export function maskRandomRuns(text: string): string {
  return text.replace(RUN, (run) => (looksRandom(run) ? '…' : run))
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0
  const counts = new Map<string, number>()
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) {
    const p = n / value.length
    bits -= p * Math.log2(p)
  }
  return bits
}

/** How many of lower case, upper case, digits and symbols the value uses. */
export function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length
}

// Words that mark documentation and templates, not credentials. AWS's documented example key
// pair (AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY) falls under "example".
const PLACEHOLDER_WORDS =
  /example|changeme|change[_-]me|placeholder|your[_-]|xxxx|dummy|redacted|replace[_-]?me|insert[_-]|sample|not[_-]?(?:a[_-]?)?(?:real|secret)|fake|<[^>]*>|\.\.\./i

// Values that name where the secret lives instead of holding it: shell and CI variables,
// templates, cloud secret references, paths, code expressions.
const REFERENCE =
  /^\$|\$\{|\$\(|\{\{|%\(|^(?:arn|sm|ssm|op|vault|secretsmanager|file|env|keyvault|gcp-secret|awssecret):|process\.env|os\.environ|getenv|^(?:var|local|data|module)\.[a-z_]|^!(?:Ref|Sub|GetAtt|ImportValue)\b/i

// A file path names where the secret is. Base64 keys start with "/" too (1 in 64), so a path
// is lower-case segments or a well-known root, which random base64 practically never is.
const PATH = /^(?:~|\.{1,2})?(?:\/[a-z0-9_.@-]+)+\/?$|^(?:~|\.{1,2})\/|^\/(?:run|etc|var|home|tmp|mnt|opt|usr|srv|Users|secrets|data|app|vault)\//

const LITERALS = new Set(['true', 'false', 'null', 'nil', 'none', 'undefined', 'yes', 'no', 'on', 'off', 'empty'])

/** A template, reference, literal or documented example rather than a live secret. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim()
  if (v.length === 0) return true
  if (LITERALS.has(v.toLowerCase())) return true
  if (/^[\d.,:\-+e]+$/i.test(v)) return true // numbers, versions, times
  if (/^(.)\1+$/.test(v)) return true // ******** and 00000000
  if (/^\*+|\*{3,}/.test(v)) return true // masked
  return PLACEHOLDER_WORDS.test(v) || REFERENCE.test(v) || PATH.test(v)
}

/**
 * Words joined by separators ("your-token-here", "development", "STRING_VALUE",
 * "MYSQL_NATIVE_PASSWORD"): prose and enum constants, not keys. Keys carry digits.
 */
export function isWordPhrase(value: string): boolean {
  return (
    /^[a-z]+(?:[-_ .][a-z]+)*$/.test(value) ||
    /^[A-Za-z]+(?:[-_ .][A-Za-z]+)+$/.test(value) ||
    /^[?@#.]?[A-Z]?[a-z]+(?:[A-Z][a-z]+)+(?:[A-Z]{2,5})?$/.test(value) // camelCase, PascalCase, InterpolationInJSX
  )
}
