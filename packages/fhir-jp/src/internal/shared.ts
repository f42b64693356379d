/**
 * Helpers shared by the mappings: Japanese text with its English translation, warnings with paths, FHIR ids and
 * names, relatedArtifact sources. Not exported from the package.
 */
import type { EvidenceGrade, LocalizedText, SourceCitation, ValidationIssue } from "@zaitaku/core"
import { fhirExtensions, zaitakuExtensions } from "../Extensions.js"
import type { FhirElement, FhirExtension, FhirRelatedArtifact } from "../Fhir.js"

export type Path = ReadonlyArray<string | number>

/** Collects warnings (a ValidationIssue each: path, code, Japanese and English message). */
export class Warnings {
  readonly list: Array<ValidationIssue> = []
  add(path: Path, code: string, ja: string, en: string): void {
    this.list.push({ path: [...path], code, message: { ja, en } })
  }
}

/** The `translation` extension holding the English text. */
export const translationOf = (en: string): FhirExtension => ({
  url: fhirExtensions.translation,
  extension: [
    { url: "lang", valueCode: "en" },
    { url: "content", valueString: en },
  ],
})

/** `{ text: ja, _text: { extension: [translation en] } }` for a FHIR string element named `key`. */
export const localizedElement = <K extends string>(
  key: K,
  text: LocalizedText,
): { readonly [P in K]: string } & { readonly [P in `_${K}`]: FhirElement } =>
  ({ [key]: text.ja, [`_${key}`]: { extension: [translationOf(text.en)] } }) as never

/** The English text of a `_element`'s translation extension, if any. */
export const englishOf = (element: unknown): string | undefined => {
  if (!isObject(element) || !Array.isArray(element.extension)) return undefined
  for (const extension of element.extension) {
    if (!isObject(extension) || extension.url !== fhirExtensions.translation || !Array.isArray(extension.extension)) {
      continue
    }
    const parts = extension.extension.filter(isObject)
    const lang = parts.find((part) => part.url === "lang")?.valueCode
    const content = parts.find((part) => part.url === "content")?.valueString
    if (typeof lang === "string" && /^en(-|$)/i.test(lang) && typeof content === "string" && content.length > 0) {
      return content
    }
  }
  return undefined
}

/** The indexes of a `_element`'s extensions other than translations. */
export const otherElementExtensions = (element: unknown): ReadonlyArray<number> =>
  isObject(element) && Array.isArray(element.extension)
    ? element.extension.flatMap((extension, index) =>
        isObject(extension) && extension.url === fhirExtensions.translation ? [] : [index],
      )
    : []

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A FHIR resource id from any name: `_` and other characters outside `[A-Za-z0-9.-]` become `-`, at most 64. */
export const fhirId = (name: string): string => name.replace(/[^A-Za-z0-9.-]/g, "-").slice(0, 64) || "x"

/** A FHIR computer-friendly `name` (`[A-Z][A-Za-z0-9_]*`) from an id: `admission-information` → `AdmissionInformation`. */
export const fhirName = (id: string): string => {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("")
  return /^[A-Z]/.test(name) ? name : `Z${name}`
}

/** A source citation as a `cqf-relatedArtifact` extension (`type` citation; `label` = the source id). */
export const sourceExtension = (source: SourceCitation): FhirExtension => {
  const extension: Array<FhirExtension> = [{ url: zaitakuExtensions.evidenceGrade, valueCode: source.grade }]
  if (source.note !== undefined) extension.push({ url: zaitakuExtensions.sourceNote, valueString: source.note })
  const artifact: FhirRelatedArtifact = {
    extension,
    type: "citation",
    ...(source.id === undefined ? {} : { label: source.id }),
    display: source.title,
    ...(source.url === undefined ? {} : { url: source.url }),
  }
  return { url: fhirExtensions.relatedArtifact, valueRelatedArtifact: artifact }
}

const grades: ReadonlyArray<EvidenceGrade> = ["official", "secondary", "inference"]

/** A `cqf-relatedArtifact` extension back as a source citation; unknown parts are reported. */
export const sourceFromExtension = (extension: Record<string, unknown>, path: Path, warnings: Warnings) => {
  const artifact = extension.valueRelatedArtifact
  if (!isObject(artifact)) {
    warnings.add(
      path,
      "unsupported_extension",
      "relatedArtifact の拡張に値がないため読み飛ばしました",
      "A relatedArtifact extension without a value was skipped",
    )
    return undefined
  }
  let grade: EvidenceGrade | undefined
  let note: string | undefined
  const inner = Array.isArray(artifact.extension) ? artifact.extension : []
  inner.forEach((ext, index) => {
    if (isObject(ext) && ext.url === zaitakuExtensions.evidenceGrade && grades.includes(ext.valueCode as never)) {
      grade = ext.valueCode as EvidenceGrade
    } else if (isObject(ext) && ext.url === zaitakuExtensions.sourceNote && typeof ext.valueString === "string") {
      note = ext.valueString
    } else {
      warnings.add(
        [...path, "valueRelatedArtifact", "extension", index],
        "unsupported_extension",
        "出典の拡張を読み飛ばしました",
        "An extension of a source was skipped",
      )
    }
  })
  const title =
    typeof artifact.display === "string"
      ? artifact.display
      : typeof artifact.citation === "string"
        ? artifact.citation
        : typeof artifact.url === "string"
          ? artifact.url
          : undefined
  if (title === undefined) {
    warnings.add(
      path,
      "unsupported_extension",
      "表示名のない出典（relatedArtifact）を読み飛ばしました",
      "A source (relatedArtifact) without a display was skipped",
    )
    return undefined
  }
  if (grade === undefined) {
    warnings.add(
      [...path, "valueRelatedArtifact"],
      "missing_evidence_grade",
      "出典の確度が書かれていないため inference（未確認の推定）としました",
      "The source has no evidence grade; it is taken as inference (not verified)",
    )
  }
  for (const key of Object.keys(artifact)) {
    if (!["extension", "type", "label", "display", "citation", "url"].includes(key)) {
      warnings.add(
        [...path, "valueRelatedArtifact", key],
        "unsupported_element",
        `出典の「${key}」は取り込めません`,
        `"${key}" of a source is not kept`,
      )
    }
  }
  if (typeof artifact.citation === "string" && artifact.citation !== title) {
    warnings.add(
      [...path, "valueRelatedArtifact", "citation"],
      "unsupported_element",
      "出典の citation は取り込めません（display を表題としました）",
      "The citation of a source is not kept (its display is the title)",
    )
  }
  const source: SourceCitation = {
    ...(typeof artifact.label === "string" ? { id: artifact.label } : {}),
    title,
    ...(typeof artifact.url === "string" ? { url: artifact.url } : {}),
    grade: grade ?? "inference",
    ...(note === undefined ? {} : { note }),
  }
  return source
}

/** Deep equality of JSON values (key order ignored). */
export const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
  }
  if (!isObject(a) || !isObject(b)) return false
  const ka = Object.keys(a).filter((k) => a[k] !== undefined)
  const kb = Object.keys(b).filter((k) => b[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]))
}

/**
 * A regular expression as a FHIR string: whitespace other than space, tab, CR and LF (the ideographic space U+3000
 * of a ふりがな pattern …) is written as a `\\uXXXX` escape, which means the same character to the regex engine
 * (the FHIR JSON Schema's string pattern, read as ECMAScript, refuses such whitespace in strings).
 */
export const regexToFhir = (regex: string): string =>
  regex.replace(/[^\S \r\n\t]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`)

/** The inverse of {@link regexToFhir}. */
export const regexFromFhir = (regex: string): string =>
  regex.replace(/(?<!\\)\\u([0-9a-fA-F]{4})/g, (sequence, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16))
    return /[^\S \r\n\t]/u.test(c) ? c : sequence
  })
