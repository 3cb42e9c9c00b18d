import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSnapshotDir } from '../../src/collect/write.js'
import { UsageError } from '../../src/errors.js'
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
