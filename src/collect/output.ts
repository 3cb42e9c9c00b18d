// Pure shaping of SDK responses into the exact JSON the AWS CLI prints (spec §2): all pages
// merged, pagination tokens and $metadata dropped, dates as ISO strings, blobs as base64, and
// IAM policy documents decoded from the URL-encoded strings the raw API returns.

const TOKEN_KEYS = new Set(['NextToken', 'nextToken', 'Marker', 'IsTruncated', 'Truncated', '$metadata'])

/** One output from many pages: the first page's fields, with `listKeys` concatenated. */
export function mergePages(pages: readonly object[], listKeys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of listKeys) out[key] = []
  pages.forEach((page, i) => {
    for (const [key, value] of Object.entries(page)) {
      if (TOKEN_KEYS.has(key)) continue
      if (listKeys.includes(key)) (out[key] as unknown[]).push(...((value as unknown[] | undefined) ?? []))
      else if (i === 0) out[key] = value
    }
  })
  return out
}

/** A response without the SDK's $metadata. */
export function withoutMetadata(response: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(response).filter(([key]) => key !== '$metadata'))
}

const DOCUMENT_KEYS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Document'])

/**
 * IAM returns policy documents URL-encoded (RFC 3986); the CLI prints them decoded as objects.
 * A string that does not decode to JSON is kept as it is (the reader accepts both forms).
 */
export function decodePolicyDocuments<T>(value: T): T {
  if (Array.isArray(value)) return value.map(decodePolicyDocuments) as T
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) out[key] = DOCUMENT_KEYS.has(key) && typeof v === 'string' ? decodeDocument(v) : decodePolicyDocuments(v)
  return out as T
}

function decodeDocument(text: string): unknown {
  try {
    return JSON.parse(decodeURIComponent(text))
  } catch {
    return text
  }
}

/** JSON text as the CLI prints it: Dates ISO (via toJSON), byte arrays base64, two-space indent. */
export function cliJson(value: unknown): string {
  return `${JSON.stringify(value, (key, v: unknown) => (key === '$metadata' ? undefined : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 2)}\n`
}

/**
 * AWS answers a bad signature with the canonical request and string-to-sign it expected, header
 * values included: the session token of the credentials (x-amz-security-token) among them. The
 * first sentences say what went wrong; the rest goes, and a token named anywhere else is masked.
 */
export function withoutCredentials(message: string): string {
  return message
    .replace(/\s*The Canonical String for this request should have been[\s\S]*$/, '')
    .replace(/(x-amz-security-token\s*[:=]\s*)[^\s&'",;]+/gi, '$1(redacted)')
}

/** "Name: message" of an AWS error, one line, for the manifest's errors[]. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
  // A body that is not an AWS answer (an HTML page from a proxy or an emulator that lacks the
  // operation): the parser's complaint says nothing useful, the HTTP status does.
  if (/Deserialization error/.test(err.message)) return `HTTP ${status ?? '?'}: the endpoint answered something that is not an AWS response (operation not supported there?)`
  const message = withoutCredentials(err.message).replace(/\s+/g, ' ').trim()
  return err.name && err.name !== 'Error' && !message.startsWith(err.name) ? `${err.name}: ${message}` : message || err.name
}

/** The error code of an SDK error (its name), for the few codes that are answers, not failures. */
export const errorCode = (err: unknown): string | undefined => (err instanceof Error ? err.name : undefined)
