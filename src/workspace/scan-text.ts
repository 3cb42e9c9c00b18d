// One file's text → the credentials in it (in memory only). Lines are judged one by one, with
// three shapes that span lines: private key blocks, Kubernetes Secret data (base64), and AWS
// key ids whose secret stands a line or two away.
import { fileKindOf, type FileKind } from './file-kind.js'
import { assignmentsIn } from './assignments.js'
import { INTERESTING, knownFormatsIn, namedSecret, unnamedAwsSecretsIn, type Candidate } from './detect.js'
import { isPlaceholder } from './secret.js'
import { kubernetesSecretData, mayBeKubernetesSecret } from './yaml-blocks.js'

export interface FoundCredential extends Candidate {
  /** aws-access-key only */
  hasSecret?: boolean
}

export function scanText(text: string, kind: FileKind): FoundCredential[] {
  if (!INTERESTING.test(text)) return []
  const lines = text.split(/\r?\n/)
  const handled = new Set<number>()
  const found: Candidate[] = []
  if ((kind === 'yaml' || kind === 'json') && mayBeKubernetesSecret(text)) found.push(...kubernetesSecrets(text, handled))
  found.push(...privateKeysIn(lines, handled))
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (handled.has(i + 1) || !INTERESTING.test(line)) continue
    found.push(...lineCandidates(line, i + 1, kind))
  }
  return dedupe(pairAwsKeys(found, lines))
}

/** Known formats in a value, else its name and randomness decide. */
function valueCandidates(name: string | undefined, value: string, line: number): Candidate[] {
  const known = knownFormatsIn(value, line).map((c) => (name ? { ...c, name } : c))
  if (known.length > 0 || name === undefined) return known
  const named = namedSecret(name, value, line)
  return named ? [named] : []
}

function lineCandidates(line: string, n: number, kind: FileKind): Candidate[] {
  const found: Candidate[] = []
  const assignments = assignmentsIn(line, kind)
  for (const a of assignments) found.push(...valueCandidates(a.name, a.value, n))
  // Known formats outside any assignment: a token in a command line, a URL in prose.
  for (const c of knownFormatsIn(line, n)) {
    if (!found.some((f) => f.secret === c.secret && f.type === c.type)) found.push(c)
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// Private keys: PEM blocks over several lines, or one JSON string with \n escapes.

const BEGIN_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/
const END_KEY = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/
const MAX_KEY_LINES = 200

function privateKeysIn(lines: string[], handled: Set<number>): Candidate[] {
  const found: Candidate[] = []
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN_KEY.exec(lines[i])
    if (!m) continue
    const after = lines[i].slice(m.index + m[0].length)
    let raw: string
    let last = i // index of the block's last line (the END line when there is one)
    if (after.includes('\\n') || END_KEY.test(after)) {
      raw = after.split(/-----END/)[0].replace(/\\n/g, '\n')
    } else {
      const body: string[] = []
      let j = i + 1
      for (; j < lines.length && j <= i + MAX_KEY_LINES && !END_KEY.test(lines[j]); j++) body.push(lines[j])
      last = Math.min(j, lines.length - 1)
      raw = body.join('\n')
    }
    // Drop PEM headers (Proc-Type, DEK-Info) and the quoting around keys embedded in YAML/JSON.
    const body = raw.split('\n').filter((l) => !l.includes(':')).join('').replace(/[\s"',|\\]/g, '')
    for (let k = i; k <= last; k++) handled.add(k + 1)
    if (body.length < 64 || isPlaceholder(body)) continue
    const name = assignmentsIn(lines[i], 'yaml')[0]?.name
    found.push({ type: 'private-key', secret: body, line: i + 1, ...(name ? { name } : {}), detector: `-----BEGIN ${m[1]}PRIVATE KEY-----` })
    i = last
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// Kubernetes Secrets: `data:` values are base64; judge what they decode to.

function decodeBase64(encoded: string): string | undefined {
  const compact = encoded.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+=*$/.test(compact)) return undefined
  const decoded = Buffer.from(compact, 'base64').toString('utf8')
  // Binary data (keystores, certificates in DER) is not text we can judge.
  if (decoded.includes('\uFFFD') || /[\u0000-\u0008\u000e-\u001f]/.test(decoded)) return undefined
  return decoded
}

function kubernetesSecrets(text: string, handled: Set<number>): Candidate[] {
  const found: Candidate[] = []
  for (const d of kubernetesSecretData(text)) {
    handled.add(d.line)
    const decoded = decodeBase64(d.encoded)
    if (decoded === undefined) continue
    const inner = decoded.trim().includes('\n')
      ? scanText(decoded, fileKindOf(d.key))
      : valueCandidates(d.key, decoded.trim(), d.line)
    for (const c of inner) {
      found.push({ ...c, line: d.line, detector: `${c.detector} (Kubernetes Secret data.${d.key}, base64-decoded)` })
    }
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// AWS key pairs: a key id is a credential only with its secret, named or within two lines.

const AWS_PAIR_DISTANCE = 5
const UNNAMED_PAIR_DISTANCE = 2

/** Section number of each line: INI `[profile]` headers and YAML `---` start a new one. */
function sections(lines: string[]): number[] {
  let n = 0
  return lines.map((l) => (/^\s*\[[^\]]+\]\s*$/.test(l) || /^---\s*$/.test(l) ? ++n : n))
}

function pairAwsKeys(found: Candidate[], lines: string[]): FoundCredential[] {
  const ids = found.filter((c) => c.type === 'aws-access-key')
  const secrets = found.filter((c) => c.type === 'aws-secret-key')
  if (ids.length === 0) return found
  const section = sections(lines)
  const used = new Set<Candidate>()
  const out: FoundCredential[] = found.filter((c) => c.type !== 'aws-access-key' && c.type !== 'aws-secret-key')
  for (const id of ids) {
    const distance = (c: Candidate) => Math.abs(c.line - id.line)
    const named = secrets
      .filter((s) => !used.has(s) && section[s.line - 1] === section[id.line - 1] && distance(s) <= AWS_PAIR_DISTANCE)
      .sort((a, b) => distance(a) - distance(b))[0]
    if (named) used.add(named)
    out.push({ ...id, hasSecret: named !== undefined || unnamedSecretNear(lines, id) })
  }
  out.push(...secrets.filter((s) => !used.has(s)))
  return out
}

function unnamedSecretNear(lines: string[], id: Candidate): boolean {
  const from = Math.max(0, id.line - 1 - UNNAMED_PAIR_DISTANCE)
  const to = Math.min(lines.length, id.line + UNNAMED_PAIR_DISTANCE)
  return lines.slice(from, to).some((l) => unnamedAwsSecretsIn(l).length > 0)
}

function dedupe(found: FoundCredential[]): FoundCredential[] {
  const seen = new Set<string>()
  return found.filter((c) => {
    const key = `${c.type}\u0000${c.line}\u0000${c.secret}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
