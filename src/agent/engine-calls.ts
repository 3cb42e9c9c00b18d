// Every question `agent-check` and `reach` ask the IAM engine, and every name they take from
// src/iam, in this one module: the engine's surface is being reworked (destruction reach and
// assumption queries move onto IamEngine), and this is the one place to re-point. Nothing else
// under src/agent/ or in checks/privilege/agent-credential-reach.ts imports src/iam.
import type { Inventory, Principal } from '../inventory/types.js'
import type { IamEngine } from '../iam/engine.js'
import { createIamEngine, destructionReach, IamEngineImpl, DESTRUCTIVE_ACTIONS, DATA_WRITE_ACTIONS, type DatabaseReach, type DestructionKind, type Step } from '../iam/index.js'
import { describePath, describeRecoveryPoints, destructionPathEvidence, pathEvidence, uniqueSteps } from '../iam/check-support.js'
import { InternalError } from '../errors.js'

export type { IamEngine, DatabaseReach, DestructionKind, Step }

/** The engine for one inventory (the CLI's; checks get theirs from the executor). */
export const engineFor = (inventory: Inventory): IamEngine => createIamEngine(inventory)

/** What the principal can destroy: the same analysis as the privilege checks (can-delete-*, unrecoverable-deletion). */
export function reachOf(engine: IamEngine, inventory: Inventory, principal: Principal): DatabaseReach[] {
  return destructionReach(engine, inventory, principal)
}

export interface Assumption {
  verdict: 'allowed' | 'denied' | 'conditional'
  via: string[]
  unproven: string[]
  blockedBy: string[]
}

/** Can `caller` call sts:AssumeRole on `role` itself (trust policy AND its own permission, SCPs, boundaries)? */
export function canAssume(engine: IamEngine, caller: Principal, role: Principal): Assumption {
  if (!(engine instanceof IamEngineImpl)) throw new InternalError('agent-credential-reach needs the engine from createIamEngine()')
  const d = engine.canAssume(caller, role)
  return { verdict: d.verdict, via: d.via, unproven: d.unprovenConditions ?? [], blockedBy: d.blockedBy ?? [] }
}

/** The destructive actions of spec §7 (src/iam/destructive.ts), in catalogue order. */
export const destructiveActions = (): string[] => DESTRUCTIVE_ACTIONS.map((d) => d.action)

/** Data writes that change prod data or its protection without deleting it (deploys use them). */
export const dataWriteActions = (): string[] => DATA_WRITE_ACTIONS.map((d) => d.action)

export { describePath, describeRecoveryPoints, destructionPathEvidence, pathEvidence, uniqueSteps }
