// The tree walk: what is read, what is skipped and counted, and the error paths.
import { execFileSync } from 'node:child_process'
import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { scanWorkspace } from '../../src/workspace/index.js'
import { UsageError } from '../../src/errors.js'
import { emptySkipCounts, readTextFile } from '../../src/workspace/walk.js'
import { githubToken, tempWorkspace } from './support.js'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((f) => f()))
function workspace(files: Record<string, string | Buffer>) {
  const ws = tempWorkspace(files)
  cleanups.push(ws.remove)
  return ws.root
}
const filesWithTokens = (root: string, opts = {}) => [...new Set(scanWorkspace([root], opts).tokens.map((t) => t.file))]

describe('scanWorkspace walk', () => {
  it('reads git-ignored files: that is where .env files live', () => {
    const root = workspace({ '.gitignore': '.env\n.env.*\n', '.env': `GITHUB_TOKEN=${githubToken()}\n` })
    expect(filesWithTokens(root)).toEqual(['.env'])
  })

  it('skips .git and node_modules at any depth', () => {
    const t = `GITHUB_TOKEN=${githubToken()}\n`
    const root = workspace({ '.git/config': t, 'node_modules/x/.env': t, 'packages/a/node_modules/y/.env': t, 'packages/a/.env': t })
    expect(filesWithTokens(root)).toEqual(['packages/a/.env'])
  })

  it('skips binaries (a NUL byte in the first 8 KiB) and counts them', () => {
    const token = githubToken()
    const root = workspace({
      'app.bin': Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00]), Buffer.from(`TOKEN=${token}`)]),
      'late-nul.txt': Buffer.concat([Buffer.from(`GITHUB_TOKEN=${token}\n`), Buffer.alloc(9000, 0x20), Buffer.from([0])]),
    })
    const scan = scanWorkspace([root])
    expect(scan.tokens.map((t) => t.file)).toEqual(['late-nul.txt'])
    expect(scan.filesSkipped?.binary).toBe(1)
  })

  it('skips files over the size limit (default 1 MiB, configurable), counts them and names them', () => {
    const root = workspace({ 'big.env': `GITHUB_TOKEN=${githubToken()}\n${'#'.repeat(2000)}\n`, 'small.env': `GITHUB_TOKEN=${githubToken()}\n` })
    const scan = scanWorkspace([root], { maxFileBytes: 1000 })
    expect(scan.tokens.map((t) => t.file)).toEqual(['small.env'])
    expect(scan.filesSkipped?.tooLarge).toBe(1)
    expect(scan.notSearched).toEqual([{ workspace: root, file: 'big.env', reason: 'too-large', detail: '2 KiB, over the 1000 bytes limit' }])
    expect(filesWithTokens(root)).toEqual(['big.env', 'small.env'])
  })

  it('reads UTF-16 (either byte order, with its byte order mark) and UTF-8 with a byte order mark', () => {
    const lines = (t: string) => `# deploy settings\r\nGITHUB_TOKEN=${t}\r\n`
    const [le, be, bom] = [githubToken(), githubToken(), githubToken()]
    const root = workspace({
      'win/.env.le': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(le), 'utf16le')]),
      'win/.env.be': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(lines(be), 'utf16le').swap16()]),
      'win/.env.bom': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines(bom))]),
    })
    const scan = scanWorkspace([root])
    expect(scan.tokens.map((t) => [t.file, t.line, t.preview, t.name])).toEqual([
      ['win/.env.be', 2, 'ghp_', 'GITHUB_TOKEN'], ['win/.env.bom', 2, 'ghp_', 'GITHUB_TOKEN'], ['win/.env.le', 2, 'ghp_', 'GITHUB_TOKEN'],
    ])
    expect(new Set(scan.tokens.map((t) => t.fingerprint)).size).toBe(3)
    expect(scan.notSearched).toEqual([])
  })

  it('names text in an encoding it does not read (UTF-32, UTF-16 without a mark) instead of calling it binary', () => {
    const t = `GITHUB_TOKEN=${githubToken()}\n`
    const root = workspace({
      'a.utf32': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...t].map((c) => Buffer.from([c.charCodeAt(0), 0, 0, 0]))]),
      'b.utf16': Buffer.from(t, 'utf16le'),
      'c.bin': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0xff, 0xee, 0, 0, 9, 8, 7, 6, 5, 4]),
    })
    const scan = scanWorkspace([root])
    expect(scan.tokens).toEqual([])
    expect(scan.filesSkipped).toMatchObject({ encoding: 2, binary: 1 })
    expect(scan.notSearched).toEqual([
      { workspace: root, file: 'a.utf32', reason: 'encoding', detail: 'UTF-32 text, not read' },
      { workspace: root, file: 'b.utf16', reason: 'encoding', detail: 'UTF-16 text without a byte order mark, not read' },
    ])
  })

  it('never follows a symlink, so nothing outside the tree is read', () => {
    const outside = workspace({ '.env': `GITHUB_TOKEN=${githubToken()}\n`, 'nested/.env': `GITHUB_TOKEN=${githubToken()}\n` })
    const root = workspace({ 'README.md': '# app\n' })
    symlinkSync(outside, join(root, 'linked-dir'))
    symlinkSync(join(outside, '.env'), join(root, '.env'))
    const scan = scanWorkspace([root])
    expect(scan.tokens).toEqual([])
    expect(scan.filesSkipped?.symlink).toBe(2)
    expect(scan.filesScanned).toBe(1)
  })

  it('skips paths matched by config exclude globs', () => {
    const t = `GITHUB_TOKEN=${githubToken()}\n`
    const root = workspace({ 'vendor/lib/.env': t, 'fixtures/a.env': t, 'app/.env': t })
    expect(filesWithTokens(root, { exclude: ['vendor', 'fixtures/*.env'] })).toEqual(['app/.env'])
    expect(scanWorkspace([root], { exclude: ['vendor', 'fixtures/*.env'] }).filesSkipped?.excluded).toBe(2)
  })

  it('scans several roots, each token naming its own', () => {
    const a = workspace({ '.env': `GITHUB_TOKEN=${githubToken()}\n` })
    const b = workspace({ '.env': `GITHUB_TOKEN=${githubToken()}\n` })
    const scan = scanWorkspace([a, b])
    expect(scan.roots).toEqual([a, b])
    expect(scan.tokens.map((t) => t.workspace).sort()).toEqual([a, b].sort())
  })

  it('stops with a usage error naming the flag when a root is missing or not a directory', () => {
    const root = workspace({ 'file.txt': 'x' })
    expect(() => scanWorkspace([join(root, 'missing')])).toThrow(UsageError)
    expect(() => scanWorkspace([join(root, 'missing')])).toThrow(`--workspace ${join(root, 'missing')}: not a directory`)
    expect(() => scanWorkspace([join(root, 'file.txt')])).toThrow(/not a directory/)
  })

  it('returns the same tokens in the same order on every run', () => {
    const root = workspace({ 'b/.env': `GITHUB_TOKEN=${githubToken()}\n`, 'a/.env': `GITHUB_TOKEN=${githubToken()}\n`, 'c.sh': `export GITHUB_TOKEN=${githubToken()}\n` })
    expect(scanWorkspace([root]).tokens.map((t) => t.file)).toEqual(['a/.env', 'b/.env', 'c.sh'])
    expect(scanWorkspace([root])).toEqual(scanWorkspace([root]))
  })
})

describe('files not searched, through the CLI', () => {
  it('a .env over the default 1 MiB limit: a warning names it, so the clean result does not look complete', async () => {
    const root = workspace({ '.env': `GITHUB_TOKEN=${githubToken()}\n${'#'.repeat(1200 * 1024)}\n`, 'README.md': '# app\n' })
    let stdout = ''
    let stderr = ''
    const code = await main(['node', 'bulkhead', 'scan', '--workspace', root, '--format', 'json'], { stdout: (x) => void (stdout += x), stderr: (x) => void (stderr += x) })
    expect(code).toBe(0)
    const warning = `1 file of --workspace not searched for tokens: ${root}/.env (1.2 MiB, over the 1 MiB limit); raise workspace.maxFileBytes, or list a file in workspace.exclude to skip it on purpose`
    expect(stderr).toBe(`bulkhead: warning: ${warning}\n`)
    expect(JSON.parse(stdout).warnings).toEqual([warning])
  })
})

// A path can change between the directory listing and the open (a file replaced by a symlink or
// a named pipe): the read itself must neither follow the link nor wait on the pipe.
describe('reading one listed file', () => {
  it('does not follow a symlink that took its place', () => {
    const outside = workspace({ '.env': `GITHUB_TOKEN=${githubToken()}\n` })
    const root = workspace({})
    symlinkSync(join(outside, '.env'), join(root, '.env'))
    const skipped = emptySkipCounts()
    expect(readTextFile(join(root, '.env'), 1 << 20, skipped)).toBeUndefined()
    expect(skipped).toEqual({ ...emptySkipCounts(), symlink: 1 })
  })

  it.skipIf(process.platform === 'win32')('does not wait on a named pipe that took its place', () => {
    const root = workspace({})
    execFileSync('mkfifo', [join(root, '.env')])
    const skipped = emptySkipCounts()
    expect(readTextFile(join(root, '.env'), 1 << 20, skipped)).toBeUndefined()
    expect(skipped).toEqual(emptySkipCounts())
  }, 5000)
})
