// Reads a JSON file a user hands us (a report, a baseline) and turns the first thing wrong with it
// into one InputError naming the file, the JSON path and what was expected (spec §1, exit 2).
// Parsing and validation are the snapshot reader's, so every input speaks the same way.
import { readFileSync } from 'node:fs'
import { InputError } from '../errors.js'
import { parseJson, validateOrThrow } from '../snapshot/validate.js'

/** Parse and validate; throws InputError on a missing file, bad JSON or the first schema error. */
export function readJsonFile<T>(file: string, schema: object, what: string): T {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputError(file, '$', `a readable ${what} file (${code === 'ENOENT' ? 'it does not exist' : code ?? 'unreadable'})`)
  }
  return validateOrThrow<T>(schema, parseJson(text, file), file)
}
