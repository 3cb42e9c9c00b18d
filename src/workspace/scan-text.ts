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
  // Most files have few interesting lines: split into lines only when a multi-line shape needs it.
  let lines: string[] | undefined
  const allLines = () => (lines ??= text.split('\n').map(withoutCr))
  const handled = new Set<number>()
  const found: Candidate[] = []
  if ((kind === 'yaml' || kind === 'json') && mayBeKubernetesSecret(text)) found.push(...kubernetesSecrets(text, handled))
  if (text.includes('PRIVATE KEY')) found.push(...privateKeysIn(allLines(), handled))
  forEachInterestingLine(text, (line, n) => {
    if (!handled.has(n)) found.push(...lineCandidates(line, n, kind))
  })
  return dedupe(pairAwsKeys(found, allLines))
}

const withoutCr = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l)
const INTERESTING_ALL = new RegExp(INTERESTING.source, 'gi')

/** Visits each line holding a match of INTERESTING, with its 1-based number, once. */
function forEachInterestingLine(text: string, visit: (line: string, n: number) => void): void {
  const re = INTERESTING_ALL
  re.lastIndex = 0
  let lineNo = 1
  let counted = 0
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index === 0 ? 0 : text.lastIndexOf('\n', m.index - 1) + 1
    const nl = text.indexOf('\n', m.index)
    const end = nl < 0 ? text.length : nl
    for (let i = text.indexOf('\n', counted); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) lineNo++
    counted = start
    visit(withoutCr(text.slice(start, end)), lineNo)
    if (nl < 0) break
    re.lastIndex = nl + 1
  }
}

/** Known formats in a value, else its name and randomness decide. */
function valueCandidates(name: string | undefined, value: string, line: number): Candidate[] {
  const known = knownFormatsIn(value, line).map((c) => (name ? { ...c, name } : c))
  if (known.length > 0 || name === undefined) return known
  const named = namedSecret(name, value, line)
  return named ? [named] : []
}

function lineCandidates(line: string, n: number, kind: FileKind): Candidate[] {
  // Known formats anywhere in the line (a token in a command, a URL in prose), named by the
  // assignment that holds them; other assigned values are judged by name and randomness.
  const known = knownFormatsIn(line, n)
  const named: Candidate[] = []
  for (const a of assignmentsIn(line, kind)) {
    const inside = known.filter((c) => a.value.includes(c.secret))
    if (inside.length > 0) for (const c of inside) c.name ??= a.name
    else {
      const c = namedSecret(a.name, a.value, n)
      if (c) named.push(c)
    }
  }
  return [...known, ...named]
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

function pairAwsKeys(found: Candidate[], allLines: () => string[]): FoundCredential[] {
  const ids = found.filter((c) => c.type === 'aws-access-key')
  const secrets = found.filter((c) => c.type === 'aws-secret-key')
  if (ids.length === 0) return found
  const lines = allLines()
  const section = sections(lines)
  const used = new Set<Candidate>()
  const out: FoundCredential[] = found.filter((c) => c.type !== 'aws-access-key' && c.type !== 'aws-secret-key')
  const paired = new Map<Candidate, boolean>()
  for (const id of ids) {
    const distance = (c: Candidate) => Math.abs(c.line - id.line)
    const named = secrets
      .filter((s) => !used.has(s) && section[s.line - 1] === section[id.line - 1] && distance(s) <= AWS_PAIR_DISTANCE)
      .sort((a, b) => distance(a) - distance(b))[0]
    if (named) used.add(named)
    paired.set(id, named !== undefined || unnamedSecretNear(lines, id))
  }
  // One key id and one secret left in one section (a long .env file): they belong together.
  const lonelyIds = ids.filter((id) => !paired.get(id))
  const lonelySecrets = secrets.filter((s) => !used.has(s))
  if (lonelyIds.length === 1 && lonelySecrets.length === 1 && section[lonelyIds[0].line - 1] === section[lonelySecrets[0].line - 1]) {
    paired.set(lonelyIds[0], true)
    used.add(lonelySecrets[0])
  }
  for (const id of ids) out.push({ ...id, hasSecret: paired.get(id) })
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
