// Who can become whom, across all accounts: role assumption (trust policy AND the caller's own
// permission) plus the known escalation methods of escalation.ts. Nodes are principals, and
// synthetic ones: a principal after an escalation gave it every permission ("full"), or a user
// after joining a group. Capabilities (delete this DB, this recovery point, ...) propagate
// backwards along edges, so each node's best path to each capability is computed once for all
// starting principals.
//
// The pieces, in graph/: types.ts (steps, nodes, edges), trust-index.ts (who trusts whom),
// nodes.ts (real and synthetic nodes), abilities.ts (what a principal can do to others),
// edges.ts (the edges out of a node, shared per policy class), propagate.ts (best paths).
import type { Principal } from '../inventory/types.js'
import type { IamEngineImpl } from './iam-engine.js'
import { Abilities } from './graph/abilities.js'
import { EdgeBuilder } from './graph/edges.js'
import { NodeFactory } from './graph/nodes.js'
import { bestPath, propagate, type Summaries } from './graph/propagate.js'
import { TrustIndex } from './graph/trust-index.js'
import type { Capability, Edge, GraphNode, Step, StepVerdict } from './graph/types.js'

export type { Capability, Edge, GraphNode, Step, StepVerdict } from './graph/types.js'

export class PrincipalGraph {
  private readonly nodes: NodeFactory
  private readonly builder: EdgeBuilder
  private summaries: Summaries = new Map()

  constructor(readonly engine: IamEngineImpl) {
    const trust = new TrustIndex(engine)
    this.nodes = new NodeFactory(engine)
    this.builder = new EdgeBuilder(engine, trust, this.nodes, new Abilities(engine, trust))
  }

  node(principal: Principal): GraphNode {
    return this.nodes.node(principal)
  }

  edges(node: GraphNode): Edge[] {
    return this.builder.edges(node)
  }

  /**
   * Compute, for every node reachable from `starts`, its best path to each capability.
   * `own` decides whether a node holds a capability with its own credentials; `mayHold`, when
   * given, is a quick filter: false means `own` would answer no for every capability.
   */
  solve(
    starts: Principal[],
    capabilities: Capability[],
    own: (node: GraphNode, cap: Capability) => Step | undefined,
    mayHold?: (node: GraphNode) => boolean,
  ): void {
    this.summaries = propagate(starts.map((p) => this.nodes.node(p)), (n) => this.builder.edges(n), capabilities, own, mayHold)
  }

  /** The best path from a principal to a capability: its steps, or undefined. */
  pathTo(start: Principal, capKey: string): { verdict: StepVerdict; steps: Step[] } | undefined {
    return bestPath(this.summaries, this.nodes.node(start), capKey)
  }

  /** Does the principal reach any capability at all? */
  reachesAnything(start: Principal): boolean {
    return (this.summaries.get(this.nodes.node(start).key)?.size ?? 0) > 0
  }

  /** Capabilities a principal reaches (keys). */
  reached(start: Principal): string[] {
    return [...(this.summaries.get(this.nodes.node(start).key)?.keys() ?? [])]
  }
}
