// The read-only guard (spec §6): bulkhead must never be the token that deletes prod. One
// middleware, added to every AWS client the collector builds, refuses any operation that is not
// on the allow-list derived from the call table, before anything is serialized or sent.
import type { InitializeHandler, InitializeHandlerArguments, InitializeMiddleware, Pluggable } from '@smithy/types'
import { InternalError } from '../errors.js'
import { allowedOperations, isReadOnlyOperation, type Service } from './calls.js'

/** Sending a non-read-only operation is a bug in bulkhead, never an AWS outcome to record. */
export class ReadOnlyViolation extends InternalError {
  constructor(readonly action: string) {
    super(`refused to send ${action}: bulkhead sends only the read-only calls of its call table (src/collect/calls.ts)`)
  }
}

export const GUARD_NAME = 'bulkheadReadOnlyGuard'

/** `Operation` from the SDK's command name (`DeleteDBInstanceCommand` → `DeleteDBInstance`). */
export const operationOf = (commandName: string | undefined): string => (commandName ?? '').replace(/Command$/, '')

/**
 * Whether `service:operation` may be sent. Both must hold: on the table's allow-list, and
 * read-only by name — so a careless edit of the table cannot let a Delete* through.
 */
export function isAllowed(service: Service, operation: string, allowed: ReadonlyMap<string, string> | ReadonlySet<string> = allowedOperations()): boolean {
  return allowed.has(`${service}:${operation}`) && isReadOnlyOperation(operation)
}

/**
 * The guard as a client plugin. `onAllowed` sees the IAM action of every operation let through
 * (a test compares them with `bulkhead policy`).
 */
export function readOnlyGuard<Input extends object = object, Output extends object = object>(
  service: Service,
  onAllowed?: (action: string) => void,
): Pluggable<Input, Output> {
  const allowed = allowedOperations()
  const middleware: InitializeMiddleware<Input, Output> =
    (next: InitializeHandler<Input, Output>, context) =>
    async (args: InitializeHandlerArguments<Input>) => {
      const operation = operationOf(context.commandName)
      if (!isAllowed(service, operation, allowed)) throw new ReadOnlyViolation(`${service}:${operation}`)
      onAllowed?.(allowed.get(`${service}:${operation}`)!)
      return next(args)
    }
  return {
    applyToStack(stack) {
      stack.add(middleware, { step: 'initialize', priority: 'high', name: GUARD_NAME, override: true })
    },
  }
}
