// Grouping into a map of lists in place: `map.set(k, [...(map.get(k) ?? []), v])` copies the
// list on every add, which is quadratic in the size of a group (thousands of findings on one
// database of a big organization).

/** Adds `value` to the list of `key`, creating it. */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
