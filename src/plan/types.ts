// What the plan stage (spec §9) hands the reporters: the cheapest set of changes after which no
// finding at or above the objective remains, each with what it does, why, what it removes, the
// new policy documents, the AWS CLI commands and the JSON patches against the snapshot files.
// The plan stage owns these types; reporters render them and never decide them.
import type { JsonPatchOp } from './json-patch.js'

export type Objective = 'critical' | 'high'

/** The catalogue of spec §9, one kind per entry. */
export type ChangeKind =
  | 'vault-deny' // a Deny of recovery point deletion added to a vault access policy
  | 'bucket-deny' // a Deny of version deletion, lifecycle rules and policy rewrites added to a bucket policy
  | 'narrow-statement' // an Allow statement keeps everything but the destructive actions it granted
  | 'remove-statement' // an Allow statement removed
  | 'remove-trust-principal' // a principal removed from a role's trust policy
  | 'deletion-protection' // deletion protection on (versioning for a bucket) and a Deny of turning it off
  | 'deactivate-key' // an access key deactivated
  | 'remove-workspace-secret' // a secret removed from a workspace file (not snapshot data)
  | 'break-glass' // a principal declared break-glass (config, not snapshot data)
  | 'vault-lock' // a compliance-mode Vault Lock

/** One file's operations (RFC 6902), its path relative to the snapshot root. */
export interface FilePatch {
  file: string
  ops: JsonPatchOp[]
  /** the file does not exist yet (a vault or bucket without a policy): the patch creates it */
  create?: true
}

/** A policy document as it stands after the change (valid IAM JSON), and where it lives. */
export interface NewPolicy {
  /** `<principal arn>/inline/<name>`, a policy ARN, `<role arn>/trust-policy`, `<vault arn>/access-policy`, `<bucket arn>/bucket-policy` */
  id: string
  file: string
  document: unknown
}

/** A workspace edit: not snapshot data, a person edits the file. */
export interface WorkspaceEdit {
  /** the --workspace root as given; `file` is relative to it, as in findings */
  root: string
  file: string
  line: number
  /** the variable or key whose value goes (and, for an AWS key id, the secret key beside it) */
  name?: string
  what: string
}

export interface PlanChange {
  /** stable id, e.g. `vault-deny:arn:aws:backup:us-east-1:111111111111:backup-vault:prod-vault` */
  id: string
  kind: ChangeKind
  /** what: one line */
  title: string
  /** the thing changed: an ARN, a `…#Statement[i]` id, a workspace file */
  target: string
  /** why this change: what it breaks */
  reason: string
  cost: number
  /** why it costs that: whose job it changes */
  costReason: string
  /** fingerprints of the findings it removes (with the changes named in `with`, when it takes several) */
  removes: string[]
  /** for each removed finding that needs more than this change, the other changes it needs */
  with?: Record<string, string[]>
  policies: NewPolicy[]
  /** AWS CLI commands a person would run (printed, never run) */
  commands: string[]
  /** snapshot patches (empty for workspace and config changes), in plan order: each applies after the previous changes' */
  patch: FilePatch[]
  /** the change alone as character edits of each snapshot file as collected (SARIF fixes) */
  textEdits?: { file: string; edits: { offset: number; length: number; text: string }[] }[]
  workspace?: WorkspaceEdit[]
  /** steps of the findings' paths this change breaks on its own (the cut drawn on the path graphs) */
  cuts?: { from: string; action: string; to?: string; resource?: string }[]
  /** config lines (break-glass) */
  config?: { breakGlass: string[] }
  note?: string
}

export interface RemainingFinding {
  fingerprint: string
  checkId: string
  resource: string
  principal?: string
  reason: string
}

export interface FixPlan {
  objective: Objective
  /** findings at or above the objective, unsuppressed */
  findings: number
  /** of those, how many the plan removes */
  removed: number
  cost: number
  /** the solver proved no cheaper set of catalogued changes removes them */
  optimal: boolean
  /** a rescan with every patch applied confirmed every claimed removal */
  verified: boolean
  solver: 'highs' | 'greedy' | 'none'
  /** rounds of solve, apply, rescan (counterexample-guided) */
  rounds: number
  /** candidate changes the solver chose from */
  candidates: number
  changes: PlanChange[]
  remaining: RemainingFinding[]
  /** what went wrong when the plan could not be verified */
  problems?: string[]
}
