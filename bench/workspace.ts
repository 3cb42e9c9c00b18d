// Workspace scan benchmark: a generated monorepo of 50,000 files (code, docs, config, a few
// .env files with made-up tokens, binaries, oversize files, plus node_modules and .git that are
// skipped), timed through scanWorkspace. Target: under 5 s on a 2-core machine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scanWorkspace } from '../src/workspace/index.js'
import { prng } from './prng.js'

export const WORKSPACE_TARGET_MS = 5000
const FILES_PER_DIR = 50


const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** File bodies shaped like a TypeScript monorepo; `key`, `token` and `secret` appear as in real code. */
function generator(rand: () => number) {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]
  const word = () => pick(['order', 'invoice', 'user', 'session', 'cache', 'token', 'key', 'payment', 'report', 'queue', 'secret', 'config'])
  const chars = (n: number, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')
  const code = () => {
    const lines: string[] = [`import { ${word()}Service } from './${word()}.js'`, '']
    const fns = 10 + Math.floor(rand() * 40)
    for (let i = 0; i < fns; i++) {
      const name = `${word()}${chars(4)}`
      lines.push(
        `export function ${name}(${word()}Id: string, options = { retries: ${i}, ${word()}Key: '${word()}-${i}' }) {`,
        `  const ${word()} = cache.get(\`${word()}:\${${word()}Id}\`)`,
        `  if (!${word()}) throw new Error('${word()} ${name} not found')`,
        `  return { id: ${word()}Id, ...options }`,
        '}',
      )
    }
    return `${lines.join('\n')}\n`
  }
  const markdown = () => `# ${word()}\n\n${Array.from({ length: 20 + Math.floor(rand() * 40) }, () => `The ${word()} ${word()} uses a ${word()} per request.`).join('\n')}\n`
  const json = () => `${JSON.stringify({ name: `@acme/${word()}`, version: '1.0.0', dependencies: { yaml: '^2.0.0' }, scripts: { build: 'tsc' }, keywords: [word(), word()] }, null, 2)}\n`
  const yaml = () => `service: ${word()}\nreplicas: 3\nenv:\n  LOG_LEVEL: info\n  ${word().toUpperCase()}_TOKEN_TTL: "3600"\n`
  // made-up credentials (random, matching nothing real), so the detectors do their full work
  const dotenv = () =>
    `NODE_ENV=production\nAWS_ACCESS_KEY_ID=AKIA${chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}\n` +
    `AWS_SECRET_ACCESS_KEY=${chars(40)}\nDATABASE_URL=postgres://app:${chars(24)}@db.${word()}.internal/app\nAPI_TOKEN=\${API_TOKEN}\n`
  const binary = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]), Buffer.from(chars(4000))])
  return { rand, code, markdown, json, yaml, dotenv, binary }
}

export interface GeneratedWorkspace {
  root: string
  /** files a scan reads or skips by content (node_modules and .git not counted) */
  files: number
  bytes: number
  dotenvFiles: number
  binaries: number
  oversize: number
}

/** Write `files` files under a new temporary directory; the caller removes it. */
export function generateWorkspace(files = 50_000, seed = 6): GeneratedWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-bench-ws-'))
  const g = generator(prng(seed))
  let bytes = 0
  const counts = { dotenvFiles: 0, binaries: 0, oversize: 0 }
  const write = (path: string, content: string | Buffer) => {
    writeFileSync(join(root, path), content)
    bytes += content.length
  }
  for (let i = 0; i < files; i++) {
    const dir = `packages/pkg-${Math.floor(i / (FILES_PER_DIR * 20))}/src/mod-${Math.floor(i / FILES_PER_DIR)}`
    if (i % FILES_PER_DIR === 0) mkdirSync(join(root, dir), { recursive: true })
    const r = g.rand()
    if (i === 1 || i === files - 2) {
      write(`${dir}/bundle-${i}.js`, g.code().repeat(400).slice(0, 1_200_000))
      counts.oversize++
    } else if (r < 0.01) {
      write(`${dir}/service-${i}.${i % 2 ? 'production' : 'staging'}.env`, g.dotenv())
      counts.dotenvFiles++
    } else if (r < 0.015) {
      write(`${dir}/image-${i}.png`, g.binary())
      counts.binaries++
    } else if (r < 0.75) write(`${dir}/file-${i}.ts`, g.code())
    else if (r < 0.85) write(`${dir}/README-${i}.md`, g.markdown())
    else if (r < 0.95) write(`${dir}/package-${i}.json`, g.json())
    else write(`${dir}/deploy-${i}.yaml`, g.yaml())
  }
  // skipped trees: present, as in a real checkout, and never read
  for (const skipped of ['node_modules/left-pad', '.git/objects']) {
    mkdirSync(join(root, skipped), { recursive: true })
    for (let i = 0; i < 500; i++) writeFileSync(join(root, skipped, `f${i}.env`), g.dotenv())
  }
  return { root, files, bytes, ...counts }
}

export interface WorkspaceBenchResult {
  files: number
  megabytes: number
  scanMs: number
  filesPerSecond: number
  filesScanned: number
  tokens: number
  skipped: Record<string, number>
  withinTarget: boolean
}

export function measureWorkspace(files = 50_000): WorkspaceBenchResult {
  const ws = generateWorkspace(files)
  try {
    const t = performance.now()
    const scan = scanWorkspace([ws.root])
    const scanMs = performance.now() - t
    return {
      files: ws.files, megabytes: ws.bytes / 1024 / 1024, scanMs, filesPerSecond: (ws.files / scanMs) * 1000,
      filesScanned: scan.filesScanned, tokens: scan.tokens.length, skipped: { ...scan.filesSkipped },
      withinTarget: scanMs < WORKSPACE_TARGET_MS,
    }
  } finally {
    rmSync(ws.root, { recursive: true, force: true })
  }
}

export async function benchWorkspace(files = 50_000): Promise<WorkspaceBenchResult> {
  const r = measureWorkspace(files)
  console.log(`workspace scan: ${r.files} files (${r.megabytes.toFixed(0)} MB), page cache warm from generation`)
  console.log(
    `  ${r.scanMs.toFixed(0)} ms (${r.filesPerSecond.toFixed(0)} files/s; target < ${WORKSPACE_TARGET_MS} ms: ${r.withinTarget ? 'met' : 'MISSED'}), ` +
      `${r.filesScanned} read, ${r.tokens} tokens, skipped ${JSON.stringify(r.skipped)}`,
  )
  return r
}
