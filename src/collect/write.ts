// Writes a collected snapshot to disk without ever leaving half a snapshot where a good one was:
// everything goes to a temporary directory beside the target, which then takes its place by
// rename. Ctrl-C while writing removes the temporary directory and leaves the target as it was.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import type { SnapshotSource } from '../snapshot/source.js'

/** Only an empty directory or an earlier snapshot may be replaced: never a user's other files. */
export function assertReplaceable(outDir: string): void {
  if (!existsSync(outDir)) return
  if (!statSync(outDir).isDirectory()) throw new UsageError(`--out ${outDir}: exists and is not a directory`)
  const entries = readdirSync(outDir)
  if (entries.length > 0 && !entries.includes('snapshot.json')) {
    throw new UsageError(`--out ${outDir}: the directory is not empty and holds no snapshot.json; bulkhead replaces only an empty directory or an earlier snapshot`)
  }
}

export async function writeSnapshotDir(source: SnapshotSource, outDir: string): Promise<void> {
  const target = resolve(outDir)
  assertReplaceable(target)
  const stamp = `${process.pid}-${Date.now()}`
  const temp = join(dirname(target), `.${basename(target)}.writing-${stamp}`)
  const old = join(dirname(target), `.${basename(target)}.old-${stamp}`)
  // Ctrl-C only raises a flag: the write loop stops at the next file, cleans up, and then the
  // signal is raised again so the process ends as Ctrl-C would have ended it.
  let interrupted: NodeJS.Signals | undefined
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    await mkdir(dirname(target), { recursive: true })
    for (const path of source.list()) {
      if (interrupted) throw new Error(`interrupted by ${interrupted}`)
      const text = source.readText(path)
      if (text === undefined) continue
      const file = join(temp, ...path.split('/'))
      await mkdir(dirname(file), { recursive: true })
      await writeFile(file, text)
    }
    if (interrupted) throw new Error(`interrupted by ${interrupted}`)
    if (existsSync(target)) await rename(target, old)
    await rename(temp, target)
    await rm(old, { recursive: true, force: true })
  } catch (err) {
    await rm(temp, { recursive: true, force: true })
    // Put the earlier snapshot back if it had been moved aside.
    if (!existsSync(target) && existsSync(old)) await rename(old, target)
    throw err
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    if (interrupted) process.kill(process.pid, interrupted)
  }
}
