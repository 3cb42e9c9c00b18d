// The IAM engine's public surface (spec §4: every permission question goes through here).
import type { Inventory } from '../inventory/types.js'
import type { IamEngine } from './engine.js'
import { IamEngineImpl, type EngineOptions } from './iam-engine.js'
export type { EngineOptions } from './iam-engine.js'

export type {
  AccessDecision, AccessVerdict, AdminVerdict, Assumer, Assumers, DestroyPath, DestroyWay, Destruction, IamEngine, PathTo, StoreReach,
  RecoveryPointReach, StatementView, Step, StepVerdict,
} from './engine.js'
export { PolicyError } from './policy.js'
export { DESTRUCTIVE_ACTIONS, DATA_WRITE_ACTIONS } from './destructive.js'

/** Build the engine for one inventory. Throws PolicyError (exit 2) on a malformed policy. */
export function createIamEngine(inventory: Inventory, options: EngineOptions = {}): IamEngine {
  return new IamEngineImpl(inventory, options)
}
