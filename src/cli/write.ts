// Writing the files a command produces (reports, baselines). Checked before the work starts, so a
// path that cannot be written fails in a second, not after a long scan with half the output out.
// A regular file is replaced whole (temp file + rename), through any symlink to it, so the link
// stays a link; a FIFO or a device (/dev/stdout) is written through, because renaming over it
// would replace the node itself (as root, /dev/stdout would become a regular file).
import { closeSync, existsSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { UsageError } from '../errors.js'

export interface Inputs {
  /** files and directories the user gave: never written */
  paths: string[]
  /** directories whose existing files are all input (the snapshot): never overwritten */
  dirs: string[]
}

/** The path a write really lands on: through symlinks to an existing file; otherwise the path in
 * its directory's real location. (/dev/stdout resolves to /proc/…/fd/pipe:[…], which is no path:
 * it stays /dev/stdout and is written through.) */
function landing(file: string): string {
  const target = resolve(file)
  const real = attempt(() => realpathSync(target))
  if (real && existsSync(real)) return real
  const dir = attempt(() => realpathSync(dirname(target)))
  return dir ? join(dir, basename(target)) : target
}

function attempt<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch {
    return undefined
  }
}

const inside = (dir: string, file: string) => {
  const rel = relative(dir, file)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep)
}

/** Throws a UsageError naming `flag` and `file` when the file cannot or must not be written. */
export function checkWritable(flag: string, file: string, inputs: Inputs = { paths: [], dirs: [] }): void {
  const target = landing(file)
  const parent = dirname(target)
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new UsageError(`${flag} ${file}: the directory ${dirname(file)} does not exist`)
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`${flag} ${file}: is a directory (give a file name)`)
  const given = inputs.paths.filter((p) => existsSync(p)).map((p) => realpathSync(p))
  if (given.includes(target)) throw new UsageError(`${flag} ${file}: refusing to write over an input of this command`)
  const dirs = inputs.dirs.filter((d) => existsSync(d) && statSync(d).isDirectory()).map((d) => realpathSync(d))
  if (existsSync(target) && dirs.some((d) => inside(d, target))) throw new UsageError(`${flag} ${file}: refusing to write over a file of the snapshot given to --snapshot`)
}

/** Distinct targets: two outputs to one file would keep only the last. */
export function checkDistinct(targets: { flag: string; file: string }[]): void {
  const seen = new Map<string, string>()
  for (const { flag, file } of targets) {
    const key = landing(file)
    const earlier = seen.get(key)
    if (earlier) throw new UsageError(`${flag} ${file}: ${earlier} already writes this file`)
    seen.set(key, flag)
  }
}

/** Write `content` to `file` whole or not at all (see the header); errors become one clean line. */
export function writeOutput(flag: string, file: string, content: string | Iterable<string>, inputs?: Inputs): void {
  checkWritable(flag, file, inputs)
  const target = landing(file)
  // a FIFO or a device (/dev/stdout): write through; renaming over it would replace the node
  if (existsSync(target) && !statSync(target).isFile()) {
    try {
      writePieces(target, content)
    } catch (err) {
      throw new UsageError(`${flag} ${file}: cannot write (${describe(err)})`)
    }
    return
  }
  const tmp = `${target}.bulkhead-tmp-${process.pid}`
  try {
    writePieces(tmp, content)
    renameSync(tmp, target)
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp)
    throw new UsageError(`${flag} ${file}: cannot write (${describe(err)})`)
  }
}

/** A file's content, whole or in pieces (a report too large for one string). */
function writePieces(path: string, content: string | Iterable<string>): void {
  if (typeof content === 'string') { writeFileSync(path, content); return }
  const fd = openSync(path, 'w')
  try {
    for (const piece of content) writeSync(fd, piece)
  } finally {
    closeSync(fd)
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  return e.code ?? (err instanceof Error ? err.message : String(err))
}
