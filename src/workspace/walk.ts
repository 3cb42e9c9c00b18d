// The tree walk: every text file under a root, git-ignored ones included (that is where .env
// files live). Skips .git and node_modules, binaries (a NUL byte in the first 8 KiB), files over
// the size limit, and every symlink: following one could leave the tree or loop.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { globMatches } from './environment.js'

export interface SkipCounts {
  binary: number
  tooLarge: number
  symlink: number
  unreadable: number
  excluded: number
}

export interface TextFile {
  /** path relative to the root, posix separators */
  relPath: string
  text: string
}

const SKIP_DIRS = new Set(['.git', 'node_modules'])
const BINARY_PROBE_BYTES = 8192

export const emptySkipCounts = (): SkipCounts => ({ binary: 0, tooLarge: 0, symlink: 0, unreadable: 0, excluded: 0 })

/** Calls `visit` for each text file under `root` (in directory order: callers sort what they keep). */
export function walkTextFiles(
  root: string,
  opts: { maxFileBytes: number; exclude: string[] },
  skipped: SkipCounts,
  visit: (file: TextFile) => void,
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
          const text = readTextFile(join(top, rel), opts.maxFileBytes, skipped)
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

/** The text of one listed file, or undefined (counted in `skipped`) when it is not read. */
export function readTextFile(path: string, maxBytes: number, skipped: SkipCounts): string | undefined {
  let fd: number | undefined
  try {
    fd = openSync(path, OPEN_FLAGS)
    const stat = fstatSync(fd)
    if (!stat.isFile()) return undefined
    const size = stat.size
    if (size > maxBytes) {
      skipped.tooLarge++
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
    if (content.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
      skipped.binary++
      return undefined
    }
    return content.toString('utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') skipped.symlink++
    else skipped.unreadable++
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
