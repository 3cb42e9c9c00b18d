// The same scan again, in memory, with a plan's edits applied: every patch applied to the
// snapshot file it names, workspace secrets taken out of their files, break-glass principals
// added to the config. Then read, normalize, a new IAM engine, and the checks: the same code the
// scan ran, so "the patch removes the finding" is what the scanner itself says.
import type { Check, Finding } from '../checks/define.js'
import { runChecks } from '../checks/run.js'
import { createIamEngine } from '../iam/index.js'
import type { IamEngine } from '../iam/engine.js'
import { normalize, type NormalizeOptions } from '../inventory/normalize.js'
import type { Inventory, WorkspaceScan } from '../inventory/types.js'
import { readSnapshot, type RawSnapshot, type ReadOptions } from '../snapshot/read.js'
import * as S from '../snapshot/schemas/index.js'
import type { SnapshotSource } from '../snapshot/source.js'
import { validateOrThrow } from '../snapshot/validate.js'
import { applyPatch } from './json-patch.js'
import type { FilePatch } from './types.js'

export interface Edits {
  patches: FilePatch[]
  /** workspace tokens taken out: root, file (relative to it), line */
  workspace: { root: string; file: string; line: number }[]
  breakGlass: string[]
}

export interface Rescanned {
  findings: Finding[]
  inventory: Inventory
  engine: IamEngine
}

export type Rescan = (edits: Edits) => Rescanned

/** A source that keeps every text it read, so rounds of rescans read the disk once. */
export class CachedSource implements SnapshotSource {
  private readonly texts = new Map<string, string | undefined>()
  private listed?: string[]
  constructor(private readonly base: SnapshotSource) {}
  get label(): string { return this.base.label }
  list(): string[] { return (this.listed ??= this.base.list()) }
  readText(path: string): string | undefined {
    if (!this.texts.has(path)) this.texts.set(path, this.base.readText(path))
    return this.texts.get(path)
  }
  display(path: string): string { return this.base.display(path) }
}

/** The source as it stands after the patches (a patch may create a file: a vault's first policy). */
export class PatchedSource implements SnapshotSource {
  private readonly patched = new Map<string, string>()
  constructor(private readonly base: SnapshotSource, patches: FilePatch[]) {
    const byFile = new Map<string, FilePatch[]>()
    for (const p of patches) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p])
    for (const [file, list] of byFile) {
      const text = base.readText(file)
      let doc: unknown = text === undefined ? undefined : JSON.parse(text)
      for (const p of list) doc = applyPatch(doc, p.ops)
      this.patched.set(file, JSON.stringify(doc, null, 2))
    }
  }
  get label(): string { return this.base.label }
  list(): string[] { return [...new Set([...this.base.list(), ...this.patched.keys()])].sort() }
  readText(path: string): string | undefined { return this.patched.get(path) ?? this.base.readText(path) }
  display(path: string): string { return this.base.display(path) }
}

export interface RescanSetup {
  /** undefined for a workspace-only scan: `empty` gives its inventory */
  raw?: RawSnapshot
  empty?: () => Inventory
  readOptions?: ReadOptions
  normalize: NormalizeOptions
  workspace?: WorkspaceScan
  checks: Check[]
  options?: Record<string, Record<string, unknown>>
}

/** The raw snapshot again, from a patched source: a directory snapshot re-read, a lone file re-validated. */
function reread(setup: RescanSetup & { raw: RawSnapshot }, source: SnapshotSource): RawSnapshot {
  if (setup.raw.mode === 'directory') return readSnapshot(source, setup.readOptions ?? {})
  const [account] = setup.raw.accounts
  const file = account.authorizationDetailsFile
  const details = validateOrThrow<NonNullable<typeof account.authorizationDetails>>(S.authorizationDetailsSchema, JSON.parse(source.readText(file) ?? '{}'), source.display(file))
  return { ...setup.raw, source, accounts: [{ ...account, authorizationDetails: details }] }
}

export function makeRescan(setup: RescanSetup, source: SnapshotSource | undefined): Rescan {
  return (edits) => {
    const { raw } = setup
    const inventory = raw && source
      ? normalize(reread({ ...setup, raw }, new PatchedSource(source, edits.patches)), { ...setup.normalize, breakGlass: [...setup.normalize.breakGlass, ...edits.breakGlass] })
      : setup.empty!()
    if (setup.workspace) {
      const gone = new Set(edits.workspace.map((w) => `${w.root}\u0000${w.file}\u0000${w.line}`))
      inventory.workspace = { ...setup.workspace, tokens: setup.workspace.tokens.filter((t) => !gone.has(`${t.workspace}\u0000${t.file}\u0000${t.line}`)) }
    }
    const engine = createIamEngine(inventory)
    const run = runChecks(setup.checks, inventory, { options: setup.options, iam: () => engine })
    return { findings: run.findings, inventory, engine }
  }
}
