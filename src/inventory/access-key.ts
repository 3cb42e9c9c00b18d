// One way to show an access key id, in every format and every place (workspace findings, stale
// and unused key messages, evidence): the AWS console's, its prefix and last four characters
// (`AKIA…KQD2`). That is enough to find the key to rotate in the console or in
// `aws iam list-access-keys`, and SARIF uploaded to a code-scanning UI or HTML mailed around
// never carries a whole key id (half of a key pair, and the name a leaked secret is tried with).

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`; an id too short to hide anything keeps only its prefix. */
export function maskAccessKeyId(id: string): string {
  if (id.length <= 8) return `${id.slice(0, 4)}…`
  return `${id.slice(0, 4)}…${id.slice(-4)}`
}
