import type { CodeList, SourceCitation } from "../CodeList.js"
import type { LocalizedText } from "../Label.js"

/**
 * Builds a {@link CodeList} from a label record whose keys are the codes (in display order), so that a zod enum,
 * its labels and the published code list can never disagree. `notes` marks concepts whose wording is unconfirmed.
 */
export const codeListFromLabels = <K extends string>(
  id: string,
  title: LocalizedText,
  source: SourceCitation,
  labels: Readonly<Record<K, LocalizedText>>,
  options: { readonly unconfirmed?: string; readonly notes?: Partial<Readonly<Record<K, string>>> } = {},
): CodeList => ({
  id,
  title,
  source,
  concepts: (Object.keys(labels) as Array<K>).map((code) => {
    const note = options.notes?.[code]
    return note === undefined ? { code, label: labels[code] } : { code, label: labels[code], unconfirmed: note }
  }),
  ...(options.unconfirmed === undefined ? {} : { unconfirmed: options.unconfirmed }),
})

/** The codes of a label record, as a non-empty tuple for `z.enum` (the record must have at least one key). */
export const codesOf = <K extends string>(labels: Readonly<Record<K, LocalizedText>>): [K, ...Array<K>] =>
  Object.keys(labels) as [K, ...Array<K>]
