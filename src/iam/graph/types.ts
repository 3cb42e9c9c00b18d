// The vocabulary of the principal graph: nodes, edges, hubs, capabilities, verdicts.
import type { PolicyDocument, Principal } from '../../inventory/types.js'
import type { AccessDecision, Step, StepVerdict } from '../engine.js'

export type { Step, StepVerdict } from '../engine.js'

export interface GraphNode {
  /** index into the graph's node list */
  id: number
  key: string
  /** the principal whose permissions this node acts with (synthetic for escalated nodes); absent for hubs */
  principal?: Principal
  /** the real principal underneath */
  base?: Principal
  /** for evidence: the ARN, or the ARN with what was done to it */
  label: string
  escalated?: 'full' | 'group' | 'account-admin'
  /** a hub: the members of one target class, reached in one step by whoever reaches the class */
  hub?: Hub
}

/**
 * A class of targets that many principals reach alike (the roles an account's root trusts, the
 * roles Lambda may be passed, ...). A principal's edge into the hub carries its own half of the
 * step (its action and statements); each member carries the target's half (its ARN, its trust
 * statements). A path through a hub is one step: the two halves joined.
 */
export interface Hub {
  members: number[]
  steps: MemberStep[]
}

export interface MemberStep {
  /** the target the step reaches (an ARN) */
  to: string
  via: string[]
  verdict: StepVerdict
  /** what an escalation acts on for this member (replaces PLACEHOLDER in the edge's action) */
  resource?: string
}

/** Stands in an edge's action for the member-specific resource of a hub step. */
export const PLACEHOLDER = '\u0000'

export interface Edge {
  to: number
  action: string
  /** escalation method id, absent for plain role assumption */
  method?: string
  verdict: StepVerdict
  via: string[]
  /** the target's ARN (edges into a hub have none: each member says its own) */
  target?: string
  /** who takes the step, when not the node itself (a principal an account administrator creates) */
  from?: string
}

/** A permission someone may hold: any of `actions` on `resource`. */
export interface Capability {
  index: number
  key: string
  actions: string[]
  resource: string
  /** administrator of this account (held by admin principals, not by one action) */
  adminOf?: string
}

/** A policy granting every action: what an escalation gives its target. */
export const FULL_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] }

export const verdictOf = (d: AccessDecision): StepVerdict | undefined =>
  d.verdict === 'allowed' ? 'allowed' : d.verdict === 'conditional' ? 'conditional' : undefined

export const worse = (a: StepVerdict, b: StepVerdict): StepVerdict => (a === 'conditional' || b === 'conditional' ? 'conditional' : 'allowed')

/** The step through an edge (and, into a hub, its member `m`), told from the node taking it. */
export function stepOf(from: GraphNode, edge: Edge, member?: MemberStep): Step {
  if (!member) {
    return { from: edge.from ?? from.label, action: edge.action, to: edge.target, ...(edge.method ? { method: edge.method } : {}), verdict: edge.verdict, via: edge.via }
  }
  return {
    from: edge.from ?? from.label,
    action: member.resource !== undefined ? edge.action.replace(PLACEHOLDER, member.resource) : edge.action,
    to: member.to,
    ...(edge.method ? { method: edge.method } : {}),
    verdict: worse(edge.verdict, member.verdict),
    via: member.via.length ? [...edge.via, ...member.via] : edge.via,
  }
}
