// `bulkhead schema snapshot`: the manifest's schema, with every data file's schema under
// definitions keyed by its path pattern (spec §2, §8), from the snapshot file table.
import { patternOf, SNAPSHOT_FILES } from './files.js'
import * as S from './schemas/index.js'

export function snapshotSchema(): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://bulkhead.dev/schema/snapshot.json',
    title: 'bulkhead snapshot format v1: snapshot.json (the manifest); data files are under definitions, keyed by path',
    ...S.manifestSchema,
    definitions: Object.fromEntries(
      SNAPSHOT_FILES.map((f) => [
        patternOf(f),
        { ...f.schema, description: `${f.service} ${f.operation}${f.absence === 'required' ? ' (required)' : ''}; absent: ${f.absent}` },
      ]),
    ),
  }
}
