// Every question `agent-check` and `reach` ask the IAM engine, and every name they take from
// src/iam, in this one module, through the IamEngine interface. Nothing else under src/agent/ or
// in checks/privilege/agent-credential-reach.ts imports src/iam.
import type { Inventory, Principal } from '../inventory/types.js'
import { createIamEngine, DESTRUCTIVE_ACTIONS, DATA_WRITE_ACTIONS, type IamEngine, type Step, type StoreReach } from '../iam/index.js'
import { describePath, describeRecoveryPoints, DESTRUCTION_CHECK, destructionPathEvidence, pathEvidence, storesList, uniqueSteps } from '../checks/paths.js'

/** What a credential reaches, named by the check that reports each kind of destruction. */
export type DestructionKind = 'can-delete-prod-database' | 'can-delete-prod-backups' | 'unrecoverable-deletion'
export interface AgentReach extends StoreReach {
  kinds: DestructionKind[]
}

export type { IamEngine, Step }

/** The engine for one inventory (the CLI's; checks get theirs from the executor). */
export const engineFor = (inventory: Inventory): IamEngine => createIamEngine(inventory)

/** What the principal can destroy: the same analysis as the privilege checks (can-delete-*, unrecoverable-deletion). */
export function reachOf(engine: IamEngine, _inventory: Inventory, principal: Principal): AgentReach[] {
  return engine.destructionReach(principal).map((r) => ({ ...r, kinds: r.reaches.map((k) => DESTRUCTION_CHECK[k] as DestructionKind) }))
}

export interface Assumption {
  verdict: 'allowed' | 'denied' | 'conditional'
  via: string[]
  unproven: string[]
  blockedBy: string[]
}

/** Can `caller` call sts:AssumeRole on `role` itself (trust policy AND its own permission, SCPs, boundaries)? */
export function canAssume(engine: IamEngine, caller: Principal, role: Principal): Assumption {
  const d = engine.canAssume(caller, role)
  return { verdict: d.verdict, via: d.via, unproven: d.unprovenConditions ?? [], blockedBy: d.blockedBy ?? [] }
}

/** The destructive actions of spec §7 (src/iam/destructive.ts), in catalogue order. */
export const destructiveActions = (): string[] => DESTRUCTIVE_ACTIONS.map((d) => d.action)

/** Data writes that change prod data or its protection without deleting it (deploys use them). */
export const dataWriteActions = (): string[] => DATA_WRITE_ACTIONS.map((d) => d.action)

export { describePath, describeRecoveryPoints, destructionPathEvidence, pathEvidence, storesList, uniqueSteps }
