// The config file's JSON Schema (`bulkhead schema config`), built from the registered checks so
// every check option has one declaration: its OptionSpec.
import type { Check } from '../checks/define.js'
import { suppressionsConfigSchema } from '../suppress/suppressions.js'
import { workspaceConfigSchema } from '../workspace/options.js'

const envNames = ['prod', 'staging', 'dev', 'test'] as const

export function configSchema(checks: Check[]): Record<string, unknown> {
  const envBlock = {
    type: 'object',
    additionalProperties: false,
    properties: {
      accounts: { type: 'array', items: { type: 'string', pattern: '^[0-9]{12}$' }, description: 'account ids of this environment (spec §3 rule 4)' },
      arns: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'ARN patterns (* and ?) of resources in this environment (spec §3 rule 1)' },
    },
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://bulkhead.dev/schema/config.json',
    title: 'bulkhead.config.json / bulkhead.config.yaml',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      environments: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(envNames.map((e) => [e, envBlock])),
        description: 'environment overrides: first match wins over tags, names and account defaults',
      },
      breakGlass: {
        type: 'array', items: { type: 'string', minLength: 1 },
        description: 'ARN patterns of break-glass principals: expected to hold destructive power; privilege checks skip them',
      },
      checks: {
        type: 'object',
        additionalProperties: false,
        description: 'per-check settings: enabled, and the options each check declares',
        properties: Object.fromEntries(
          checks.map((c) => [
            c.id,
            {
              type: 'object',
              additionalProperties: false,
              properties: {
                enabled: { type: 'boolean', default: true },
                ...Object.fromEntries(Object.entries(c.options ?? {}).map(([k, spec]) => [k, spec.schema])),
              },
            },
          ]),
        ),
      },
      suppressions: suppressionsConfigSchema,
      workspace: workspaceConfigSchema,
    },
  }
}
