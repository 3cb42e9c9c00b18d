// The vocabulary of the principal graph: steps of a path, nodes, edges, capabilities, verdicts.
import type { PolicyDocument, Principal } from '../../inventory/types.js'
import type { AccessDecision } from '../engine.js'

export type StepVerdict = 'allowed' | 'conditional'

/** One step of a path: `from` calls `action` to become `to`, or on `resource`. */
export interface Step {
  from: string
  /** ARN of the principal whose policies decided the step (internal: paths shared by a class are re-labelled) */
  actor?: string
  action: string
  to?: string
  resource?: string
  /** escalation method id (escalation.ts), absent for plain role assumption and final actions */
  method?: string
  verdict: StepVerdict
  /** statements that allowed it */
  via: string[]
  /** the step from a principal into its class hub: not a step anyone takes, left out of paths */
  hub?: true
}

export interface GraphNode {
  key: string
  /** the principal whose permissions this node acts with (synthetic for escalated nodes) */
  principal: Principal
  /** the real principal underneath */
  base: Principal
  /** for evidence: the ARN, or the ARN with what was done to it */
  label: string
  escalated?: 'full' | 'group' | 'account-admin'
  /** a class hub: holds the edges shared by principals with identical policies, no capabilities of its own */
  hub?: true
}

export interface Edge {
  to: GraphNode
  step: Step
}

/** A permission someone may hold: any of `actions` on `resource`. */
export interface Capability {
  key: string
  actions: string[]
  resource: string
}

/** A policy granting every action: what an escalation gives its target. */
export const FULL_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] }

export const verdictOf = (d: AccessDecision): StepVerdict | undefined =>
  d.verdict === 'allowed' ? 'allowed' : d.verdict === 'conditional' ? 'conditional' : undefined

export const worse = (a: StepVerdict, b: StepVerdict): StepVerdict => (a === 'conditional' || b === 'conditional' ? 'conditional' : 'allowed')

/** A shared edge's step, told from the node that takes it (its label, its own policy ids). */
export function relabel(step: Step, node: GraphNode): Step {
  if (!step.actor || step.actor === node.base.arn) return step
  const actor = step.actor
  return { ...step, from: node.label, actor: node.base.arn, via: step.via.map((v) => (v.startsWith(actor) ? node.base.arn + v.slice(actor.length) : v)) }
}
