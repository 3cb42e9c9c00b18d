// One way to show an access key id, in every format and every place (workspace findings, stale
// and unused key messages, evidence, agent-check): the AWS console's, its prefix and last four
// characters (`AKIA…KQD2`). That is enough to find the key to rotate in the console or in
// `aws iam list-access-keys`, and SARIF uploaded to a code-scanning UI or HTML mailed around
// never carries a whole key id (half of a key pair, and the name a leaked secret is tried with).

/** `AKIA4SILGXXUTKLZKQD2` → `AKIA…KQD2`; anything too short to be a key id shows its prefix only. */
export function maskAccessKeyId(id: string): string {
  return id.length >= 16 ? `${id.slice(0, 4)}…${id.slice(-4)}` : `${id.slice(0, 4)}…`
}
