// The benchmark's generator at a small size: every file exists, the skipped trees are skipped,
// and each generated .env file yields its key and its database password.
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateWorkspace } from '../../bench/workspace.js'
import { scanWorkspace } from '../../src/workspace/index.js'

describe('bench/workspace generator', () => {
  it('writes the files it counts, and the scan accounts for each', () => {
    const ws = generateWorkspace(2000, 7)
    try {
      const scan = scanWorkspace([ws.root])
      const skipped = scan.filesSkipped!
      expect(scan.filesScanned + skipped.binary + skipped.tooLarge).toBe(2000)
      expect(skipped).toMatchObject({ binary: ws.binaries, tooLarge: ws.oversize })
      expect(ws.dotenvFiles).toBeGreaterThan(0)
      const envTokens = scan.tokens.filter((t) => t.file.endsWith('.env'))
      expect(envTokens.map((t) => t.type).sort()).toEqual(
        Array.from({ length: ws.dotenvFiles }, () => ['aws-access-key', 'database-url']).flat().sort(),
      )
      // and nothing else: the generated code is full of `tokenKey: '...'` and `const secret = ...`
      expect(scan.tokens).toHaveLength(envTokens.length)
    } finally {
      rmSync(ws.root, { recursive: true, force: true })
    }
  })
})
