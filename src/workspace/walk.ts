// The tree walk: every text file under a root, git-ignored ones included (that is where .env
// files live). Text is UTF-8 (a byte order mark is dropped) or UTF-16 with its byte order mark
// (Windows editors and PowerShell write it). Skips .git and node_modules, binaries (a NUL byte
// in the first 8 KiB), and every symlink: following one could leave the tree or loop. Files a
// token could hide in but that are not read, over the size limit or in an encoding it does not
// read (UTF-32, UTF-16 without a byte order mark), are named to the caller, so a clean result
// never hides them.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { globMatches } from './environment.js'

export interface SkipCounts {
  binary: number
  tooLarge: number
  /** text in an encoding the walk does not read */
  encoding: number
  symlink: number
  unreadable: number
  excluded: number
}

/** A file that may hold text but was not searched, and why in words. */
export interface NotRead {
  relPath: string
  reason: 'too-large' | 'encoding'
  detail: string
}

export interface TextFile {
  /** path relative to the root, posix separators */
  relPath: string
  text: string
}

const SKIP_DIRS = new Set(['.git', 'node_modules'])
const BINARY_PROBE_BYTES = 8192

export const emptySkipCounts = (): SkipCounts => ({ binary: 0, tooLarge: 0, encoding: 0, symlink: 0, unreadable: 0, excluded: 0 })

/** Calls `visit` for each text file under `root` (in directory order: callers sort what they keep). */
export function walkTextFiles(
  root: string,
  opts: { maxFileBytes: number; exclude: string[] },
  skipped: SkipCounts,
  visit: (file: TextFile) => void,
  notRead: (file: NotRead) => void = () => {},
): void {
  const top = resolve(root)
  let isDir = false
  try {
    isDir = statSync(top).isDirectory()
  } catch {
    isDir = false
  }
  if (!isDir) throw new UsageError(`--workspace ${root}: not a directory`)
  const excluded = (rel: string) => opts.exclude.some((g) => globMatches(g, rel))
  const stack: string[] = ['']
  while (stack.length > 0) {
    const relDir = stack.pop()!
    let entries
    try {
      entries = readdirSync(join(top, relDir), { withFileTypes: true })
    } catch {
      skipped.unreadable++
      continue
    }
    const dirs: string[] = []
    for (const e of entries) {
      const rel = relDir === '' ? e.name : `${relDir}/${e.name}`
      if (e.isSymbolicLink()) skipped.symlink++
      else if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name)) continue
        if (excluded(rel)) skipped.excluded++
        else dirs.push(rel)
      } else if (e.isFile()) {
        if (excluded(rel)) skipped.excluded++
        else {
          const text = readTextFile(join(top, rel), opts.maxFileBytes, skipped, (reason, detail) => notRead({ relPath: rel, reason, detail }))
          if (text !== undefined) visit({ relPath: rel, text })
        }
      }
    }
    stack.push(...dirs)
  }
}

// The path was a regular file when listed, but may be replaced before the open: never follow a
// symlink (O_NOFOLLOW) and never block on a named pipe (O_NONBLOCK; then fstat says what it is).
// Windows has neither flag (0): there the listing's answer stands.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

/** The text of one listed file, or undefined (counted in `skipped`, and told to `notRead` when text may be in it). */
export function readTextFile(
  path: string,
  maxBytes: number,
  skipped: SkipCounts,
  notRead: (reason: NotRead['reason'], detail: string) => void = () => {},
): string | undefined {
  let fd: number | undefined
  try {
    fd = openSync(path, OPEN_FLAGS)
    const stat = fstatSync(fd)
    if (!stat.isFile()) return undefined
    const size = stat.size
    if (size > maxBytes) {
      skipped.tooLarge++
      notRead('too-large', `${sizeText(size)}, over the ${sizeText(maxBytes)} limit`)
      return undefined
    }
    const buf = Buffer.allocUnsafe(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, buf, read, size - read, read)
      if (n === 0) break
      read += n
    }
    const content = buf.subarray(0, read)
    const decoded = decodeText(content)
    if (typeof decoded === 'string') return decoded
    if (decoded.encoding) {
      skipped.encoding++
      notRead('encoding', decoded.encoding)
    } else skipped.binary++
    return undefined
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') skipped.symlink++
    else skipped.unreadable++
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Text by its byte order mark: UTF-8 (mark dropped), UTF-16 LE or BE. Otherwise UTF-8 unless a
 * NUL byte in the first 8 KiB says binary; `encoding` names text it does not read (UTF-32, and
 * UTF-16 without a mark: every other byte NUL), which the caller reports rather than drops.
 */
export function decodeText(content: Buffer): string | { encoding?: string } {
  const [a, b, c, d] = content
  if (a === 0xef && b === 0xbb && c === 0xbf) return content.subarray(3).toString('utf8')
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff)) return { encoding: 'UTF-32 text, not read' }
  if (a === 0xff && b === 0xfe) return content.subarray(2, 2 + ((content.length - 2) & ~1)).toString('utf16le')
  if (a === 0xfe && b === 0xff) return Buffer.from(content.subarray(2, 2 + ((content.length - 2) & ~1))).swap16().toString('utf16le')
  const probe = content.subarray(0, BINARY_PROBE_BYTES)
  if (!probe.includes(0)) return content.toString('utf8')
  return looksLikeUtf16(probe) ? { encoding: 'UTF-16 text without a byte order mark, not read' } : {}
}

/** Mostly ASCII written as UTF-16: at least 16 bytes, NUL at nine in ten odd (LE) or even (BE) positions and rarely elsewhere. */
function looksLikeUtf16(probe: Buffer): boolean {
  if (probe.length < 16) return false
  const pairs = probe.length >> 1
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i + 1 < probe.length; i += 2) {
    if (probe[i] === 0) evenNul++
    if (probe[i + 1] === 0) oddNul++
  }
  const most = pairs * 0.9
  const few = pairs * 0.1
  return (oddNul >= most && evenNul <= few) || (evenNul >= most && oddNul <= few)
}

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`
