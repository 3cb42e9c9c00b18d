import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { writeSnapshotDir } from '../../src/collect/write.js'
import { UsageError } from '../../src/errors.js'
import { ROOT } from '../support/cli.js'
import { DirectorySource, MemorySource, type SnapshotSource } from '../../src/snapshot/source.js'

const snapshot = (tag: string) =>
  new MemorySource('live scan', new Map([
    ['snapshot.json', JSON.stringify({ formatVersion: 1, tag })],
    ['111111111111/us-east-1/rds-describe-db-instances.json', '{"DBInstances":[]}'],
  ]))

describe('writeSnapshotDir', () => {
  it('writes every file, and replaces an earlier snapshot whole', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'bulkhead-write-'))
    const out = join(parent, 'snap')
    await writeSnapshotDir(snapshot('one'), out)
    mkdirSync(join(out, '222222222222'))
    writeFileSync(join(out, '222222222222', 'stale.json'), '{}')
    await writeSnapshotDir(snapshot('two'), out)
    expect(new DirectorySource(out).list()).toEqual(['111111111111/us-east-1/rds-describe-db-instances.json', 'snapshot.json'])
    expect(JSON.parse(readFileSync(join(out, 'snapshot.json'), 'utf8')).tag).toBe('two')
    expect(readdirSync(parent)).toEqual(['snap'])
  })
  it('leaves the earlier snapshot untouched when writing fails half-way', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'bulkhead-write-'))
    const out = join(parent, 'snap')
    await writeSnapshotDir(snapshot('good'), out)
    let reads = 0
    const failing: SnapshotSource = {
      label: 'live scan',
      list: () => ['a.json', 'b.json', 'snapshot.json'],
      readText: () => {
        if (++reads === 2) throw new Error('disk full')
        return '{}'
      },
      display: (p) => p,
    }
    await expect(writeSnapshotDir(failing, out)).rejects.toThrow('disk full')
    expect(JSON.parse(readFileSync(join(out, 'snapshot.json'), 'utf8')).tag).toBe('good')
    expect(readdirSync(parent)).toEqual(['snap'])
  })
  it('refuses to replace a directory that holds other things than a snapshot', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bulkhead-write-'))
    writeFileSync(join(out, 'notes.txt'), 'mine')
    await expect(writeSnapshotDir(snapshot('x'), out)).rejects.toBeInstanceOf(UsageError)
    expect(existsSync(join(out, 'notes.txt'))).toBe(true)
  })
})

describe('writeSnapshotDir and Ctrl-C', () => {
  it('removes its temporary directory and leaves the earlier snapshot when interrupted mid-write', async () => {
    const { spawn } = await import('node:child_process')
    const parent = mkdtempSync(join(tmpdir(), 'bulkhead-sigint-'))
    const out = join(parent, 'snap')
    await writeSnapshotDir(snapshot('good'), out)
    // A child writes a slow snapshot (each file read takes 50 ms) and says when it started.
    const script = `
      import { writeSnapshotDir } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/collect/write.js')).href)}
      const files = Array.from({ length: 200 }, (_, i) => 'f' + i + '.json')
      const source = { label: 'slow', list: () => [...files, 'snapshot.json'], display: (p) => p,
        readText: (p) => { if (p === 'f1.json') process.stdout.write('writing\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); return '{}' } }
      await writeSnapshotDir(source, ${JSON.stringify(out)})
      process.stdout.write('finished\\n')`
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); if (stdout.includes('writing')) resolve() }))
    child.kill('SIGINT')
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.on('exit', (c, s) => r([c, s])))
    expect({ code, signal, finished: stdout.includes('finished') }).toEqual({ code: null, signal: 'SIGINT', finished: false })
    expect(JSON.parse(readFileSync(join(out, 'snapshot.json'), 'utf8')).tag).toBe('good')
    expect(readdirSync(parent)).toEqual(['snap'])
  })
})
