// How an access key id is shown: the console's form, its 4-character prefix and last four
// (`AKIA…KQD2`). One small function, so a shared helper can replace it.

/** `AKIA4SILGXXUTKLZKQD2` → `AKIA…KQD2`; anything too short to be a key id shows its prefix only. */
export function maskAccessKeyId(id: string): string {
  return id.length >= 16 ? `${id.slice(0, 4)}…${id.slice(-4)}` : `${id.slice(0, 4)}…`
}
