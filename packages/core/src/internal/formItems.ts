/**
 * Helpers shared by the form modules (definition checks, variants, validation). Not exported from the package.
 */

/** The structural view of an item these helpers need (the full type lives in FormDefinition.ts). */
export interface ItemLike {
  readonly linkId: string
  readonly type: string
  readonly repeats?: boolean | undefined
  readonly items?: ReadonlyArray<ItemLike> | undefined
}

/** One item of a definition with where it sits: its JSON path in the definition and its ancestor groups. */
export interface IndexedItem<I extends ItemLike> {
  readonly item: I
  readonly path: ReadonlyArray<string | number>
  /** Ancestor groups, outermost first. */
  readonly ancestors: ReadonlyArray<I>
}

/** Every item in document order, with its path and ancestors; the first item wins for a duplicated linkId. */
export const indexItems = <I extends ItemLike>(
  items: ReadonlyArray<I>,
  basePath: ReadonlyArray<string | number> = ["items"],
): { readonly all: ReadonlyArray<IndexedItem<I>>; readonly byLinkId: ReadonlyMap<string, IndexedItem<I>> } => {
  const all: Array<IndexedItem<I>> = []
  const byLinkId = new Map<string, IndexedItem<I>>()
  const walk = (list: ReadonlyArray<I>, path: ReadonlyArray<string | number>, ancestors: ReadonlyArray<I>): void => {
    list.forEach((item, index) => {
      const entry: IndexedItem<I> = { item, path: [...path, index], ancestors }
      all.push(entry)
      if (!byLinkId.has(item.linkId)) byLinkId.set(item.linkId, entry)
      if (item.items !== undefined)
        walk(item.items as ReadonlyArray<I>, [...path, index, "items"], [...ancestors, item])
    })
  }
  walk(items, basePath, [])
  return { all, byLinkId }
}

export const questionTypes = new Set([
  "string",
  "text",
  "integer",
  "decimal",
  "boolean",
  "date",
  "dateTime",
  "time",
  "choice",
  "multiChoice",
  "openChoice",
  "phone",
  "email",
  "postalCode",
  "attachment",
])

export const choiceTypes = new Set(["choice", "multiChoice", "openChoice"])

/** Expression type of an answer to an item of this type, or undefined when expressions cannot read it. */
export const expressionTypeOf = (type: string): "number" | "string" | "boolean" | "date" | undefined => {
  switch (type) {
    case "integer":
    case "decimal":
      return "number"
    case "boolean":
      return "boolean"
    case "date":
      return "date"
    case "string":
    case "text":
    case "dateTime":
    case "time":
    case "choice":
    case "multiChoice":
    case "openChoice":
    case "phone":
    case "email":
    case "postalCode":
      return "string"
    default:
      return undefined
  }
}

/**
 * Whether a reference from `context` (an item, or undefined for the whole form) to `target` can see several
 * values: the target repeats, is a multi-choice, or sits in a repeating group that does not also contain the
 * context (inside a shared repeating group, a reference reads the same instance).
 */
export const referenceIsMany = <I extends ItemLike>(
  target: IndexedItem<I>,
  context: IndexedItem<I> | undefined,
): boolean => {
  if (target.item.repeats === true || target.item.type === "multiChoice") return true
  const contextScope = new Set<string>(
    context === undefined ? [] : [...context.ancestors, context.item].map((i) => i.linkId),
  )
  return target.ancestors.some((group) => group.repeats === true && !contextScope.has(group.linkId))
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and times
// ---------------------------------------------------------------------------------------------------------------

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/
const dateTimePattern = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?$/
const timePattern = /^(\d{2}):(\d{2})(?::(\d{2}))?$/

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

export const isIsoDate = (text: unknown): text is string => {
  if (typeof text !== "string") return false
  const match = isoDatePattern.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

export const isDateTime = (text: unknown): text is string => {
  if (typeof text !== "string") return false
  const match = dateTimePattern.exec(text)
  if (match === null || !isIsoDate(match[1])) return false
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), match[4] === undefined ? 0 : Number(match[4])]
  if (hour > 23 || minute > 59 || second > 59) return false
  if (match[6] !== undefined && (Number(match[6]) > 14 || Number(match[7]) > 59)) return false
  return true
}

export const isTime = (text: unknown): text is string => {
  if (typeof text !== "string") return false
  const match = timePattern.exec(text)
  if (match === null) return false
  return Number(match[1]) <= 23 && Number(match[2]) <= 59 && (match[3] === undefined || Number(match[3]) <= 59)
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

/** Adds years, months and days to an ISO date; a day past the end of the month is clamped (3/31 − 1 month = 2/28). */
export const shiftIsoDate = (iso: string, years: number, months: number, days: number): string => {
  const match = isoDatePattern.exec(iso)!
  const totalMonths = Number(match[1]) * 12 + (Number(match[2]) - 1) + years * 12 + months
  const year = Math.floor(totalMonths / 12)
  const month = (totalMonths % 12) + 1
  const day = Math.min(Number(match[3]), daysInMonth(year, month))
  if (days === 0) return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day + days)
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/** Number of Unicode code points (what a person counts as characters, also for 𠮷). */
export const characterCount = (text: string): number => {
  let count = 0
  for (const _ of text) count++
  return count
}
