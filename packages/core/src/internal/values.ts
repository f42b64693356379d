/** A JSON object (not an array, not null). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Deep equality of JSON values: arrays by position, objects by key (an absent key equals `undefined`). */
export const equalValues = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => equalValues(item, b[i]))
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const key of keys) if (!equalValues(a[key], b[key])) return false
    return true
  }
  return false
}

/** The value at a dotted path (`address.line`) of a JSON object; `undefined` when any part is absent. */
export const valueAtPath = (value: unknown, path: string): unknown => {
  let current: unknown = value
  for (const segment of path.split(".")) {
    if (!isPlainObject(current)) return undefined
    current = current[segment]
  }
  return current
}
