// Where snapshot files come from: a directory on disk, or the live collector's in-memory map.
// Both go through the same reader, so a live scan and a scan of its collected snapshot agree.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
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
  list(): string[] {
    const out: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (entry.isFile()) out.push(relative(this.root, full).split(sep).join('/'))
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
