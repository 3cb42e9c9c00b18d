import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { findingSchema, reportSchema } from '../../src/report/schema.js'

const ajv = new Ajv({ allErrors: true, strict: false })
;(addFormats as unknown as (a: Ajv) => void)(ajv)
const validateFinding = ajv.compile(findingSchema)
const validateReport = ajv.compile(reportSchema)

export function assertValidFinding(f: unknown): void {
  if (!validateFinding(f)) throw new Error(`finding does not match the report schema: ${ajv.errorsText(validateFinding.errors)}\n${JSON.stringify(f, null, 2)}`)
}
export function assertValidReport(r: unknown): void {
  if (!validateReport(r)) throw new Error(`report does not match its schema: ${ajv.errorsText(validateReport.errors)}`)
}
