// Strict like ESLint's RuleTester: deep-freezes the inventory, runs the scanner's own executor,
// and validates every finding against the report schema.
import { runChecks } from '../../src/checks/run.js'
import type { Check, Finding } from '../../src/checks/define.js'
import type { Inventory } from '../../src/inventory/types.js'
import { createIamEngine } from '../../src/iam/index.js'
import { assertValidFinding } from './report-schema.js'

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value
  seen.add(value)
  if (value instanceof Map) for (const v of value.values()) deepFreeze(v, seen)
  for (const v of Object.values(value as object)) deepFreeze(v, seen)
  return Object.freeze(value)
}

export function runCheckFull(check: Check, inventory: Inventory, options: Record<string, unknown> = {}) {
  deepFreeze(inventory)
  const result = runChecks([check], inventory, { options: { [check.id]: options }, iam: () => createIamEngine(inventory) })
  for (const f of result.findings) assertValidFinding(f)
  return result
}

export function runCheck(check: Check, inventory: Inventory, options: Record<string, unknown> = {}): Finding[] {
  return runCheckFull(check, inventory, options).findings
}
