// Where snapshot files come from: a directory on disk, or the live collector's in-memory map.
// Both go through the same reader, so a live scan and a scan of its collected snapshot agree.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs'
import { join, relative, sep } from 'node:path'

export interface SnapshotSource {
  /** shown in error messages: the directory, or "live scan" */
  readonly label: string
  /** relative posix paths of every file present */
  list(): string[]
  /** the raw text of a file, or undefined when absent */
  readText(path: string): string | undefined
  /** how a path is named in messages (the full path for a directory) */
  display(path: string): string
}

export class DirectorySource implements SnapshotSource {
  constructor(readonly root: string) {}
  get label(): string {
    return this.root
  }
  /**
   * Symlinks count as what they point to, as readText sees them: a snapshot assembled with links
   * (a shared policy file, an account folder kept elsewhere) must not lose the optional files that
   * are only found by listing (access keys, organization files, a vault's policy). Each real
   * directory is walked once, so a link loop ends; a dangling link is absent.
   */
  list(): string[] {
    const out: string[] = []
    const walked = new Set<string>()
    const walk = (dir: string) => {
      const real = realpathSync(dir)
      if (walked.has(real)) return
      walked.add(real)
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name)
        const stat = entry.isSymbolicLink() ? statIfAny(full) : entry
        if (stat?.isDirectory()) walk(full)
        else if (stat?.isFile()) out.push(relative(this.root, full).split(sep).join('/'))
      }
    }
    walk(this.root)
    return out.sort()
  }
  readText(path: string): string | undefined {
    const full = join(this.root, path)
    if (!existsSync(full) || !statSync(full).isFile()) return undefined
    return readFileSync(full, 'utf8')
  }
  display(path: string): string {
    return join(this.root, path)
  }
}

function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

export class MemorySource implements SnapshotSource {
  constructor(
    readonly label: string,
    private readonly files: Map<string, string>,
  ) {}
  list(): string[] {
    return [...this.files.keys()].sort()
  }
  readText(path: string): string | undefined {
    return this.files.get(path)
  }
  display(path: string): string {
    return `${this.label}: ${path}`
  }
}
