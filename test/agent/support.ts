// Test helpers for agent-check: throw-away homes with made-up AWS files, the demo snapshot as an
// inventory, and discovery run against them with a fixed clock and a chosen environment.
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import type { Discovered } from '../../src/agent/discover.js'
import { discoverAgentCredentials } from '../../src/agent/discover.js'
import type { Env } from '../../src/agent/environment.js'
import { NO_ENVIRONMENT_CONFIG } from '../../src/inventory/environment.js'
import { normalize } from '../../src/inventory/normalize.js'
import type { AgentCredential } from '../../src/inventory/agent-types.js'
import type { Inventory } from '../../src/inventory/types.js'
import { openSnapshot } from '../../src/snapshot/read.js'
import { tempWorkspace } from '../workspace/support.js'

export const ESTATE = resolve(import.meta.dirname, '../../fixtures/estates/shared-blast-radius')
export const DEMO_HOME = resolve(ESTATE, 'agent-home')
/** the demo estate's keys: public ids (in the snapshot's access-key files) */
export const DOMAIN_BOT_KEY = 'AKIA4SILGXXUTKLZKQD2'
export const STAGING_DEPLOY_KEY = 'AKIA2WXPTWLL4FYTJLJL'
export const NOW = new Date('2026-11-27T12:00:00Z')
export const PROD_ID = '111111111111'

export const sha1 = (s: string) => createHash('sha1').update(s).digest('hex')

export function demoInventory(): Inventory {
  return normalize(openSnapshot(ESTATE), { environments: NO_ENVIRONMENT_CONFIG, breakGlass: [], kind: 'snapshot' })
}

/** A temporary home: paths relative to it (`.aws/credentials`) → contents. */
export function tempHome(files: Record<string, string>): { root: string; remove(): void } {
  return tempWorkspace(files)
}

export function discover(home: string, env: Env = {}, extra: { workspaces?: string[]; now?: Date } = {}): Discovered {
  return discoverAgentCredentials({ env, home, now: extra.now ?? NOW, ...(extra.workspaces ? { workspaces: extra.workspaces } : {}) })
}

export const byId = (d: Discovered, id: string): AgentCredential | undefined => d.discovery.credentials.find((c) => c.id === id)
