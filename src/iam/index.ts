// The IAM engine's public surface (spec §4: every permission question goes through here).
import type { Inventory } from '../inventory/types.js'
import { IamEngineImpl } from './iam-engine.js'

export type { AccessDecision, AccessVerdict, IamEngine } from './engine.js'
export { IamEngineImpl } from './iam-engine.js'
export { PolicyError } from './policy.js'

/** Build the engine for one inventory. Throws PolicyError (exit 2) on a malformed policy. */
export function createIamEngine(inventory: Inventory): IamEngineImpl {
  return new IamEngineImpl(inventory)
}
export { destructionReach, adminReach, analysisOf, deleteActionsFor } from './destruction.js'
export type { DestructionKind, DatabaseReach, RecoveryPointReach, PathTo } from './destruction.js'
export type { Step } from './graph.js'
export { adminVerdict } from './admin.js'
export { DESTRUCTIVE_ACTIONS, DATA_WRITE_ACTIONS } from './destructive.js'
