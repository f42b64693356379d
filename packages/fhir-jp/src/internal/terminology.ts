/**
 * Value sets and code systems, both ways: the concepts of a code list as FHIR concepts, and FHIR value sets read back
 * as code lists. Not exported from the package.
 */
import type { CodeListConcept, LocalizedText } from "@zaitaku/core"
import { definitionDesignationUse, fhirExtensions, parseCanonical, zaitakuExtensions } from "../Extensions.js"
import type { ConceptDesignation, FhirExtension, ValueSetConcept } from "../Fhir.js"
import { englishOf, isObject, type Path, sourceFromExtension, type Warnings } from "./shared.js"

export const unconfirmedExtension = (note: string | undefined): ReadonlyArray<FhirExtension> =>
  note === undefined ? [] : [{ url: zaitakuExtensions.unconfirmed, valueString: note }]

const designationsOf = (concept: CodeListConcept): ReadonlyArray<ConceptDesignation> => [
  { language: "en", value: concept.label.en },
  ...(concept.description === undefined
    ? []
    : [
        { language: "ja", use: definitionDesignationUse, value: concept.description.ja },
        { language: "en", use: definitionDesignationUse, value: concept.description.en },
      ]),
]

/** The concepts of a list as `ValueSet.compose.include.concept`. */
export const valueSetConcepts = (concepts: ReadonlyArray<CodeListConcept>): ReadonlyArray<ValueSetConcept> =>
  concepts.map((concept) => {
    const extension = unconfirmedExtension(concept.unconfirmed)
    return {
      ...(extension.length === 0 ? {} : { extension }),
      code: concept.code,
      display: concept.label.ja,
      designation: designationsOf(concept),
    }
  })

// ---------------------------------------------------------------------------------------------------------------
// Reading value sets
// ---------------------------------------------------------------------------------------------------------------

const conceptKeys = new Set(["extension", "code", "display", "designation"])

/** The concepts enumerated by a value set's `compose.include`s, as code list concepts; problems are reported. */
export const readValueSetConcepts = (
  valueSet: Record<string, unknown>,
  path: Path,
  warnings: Warnings,
): Array<CodeListConcept> => {
  const concepts: Array<CodeListConcept> = []
  const compose = valueSet.compose
  const includes = isObject(compose) && Array.isArray(compose.include) ? compose.include : []
  includes.forEach((include, i) => {
    const at = [...path, "compose", "include", i]
    if (!isObject(include)) return
    if (!Array.isArray(include.concept)) {
      warnings.add(
        at,
        "not_enumerated",
        "コードを列挙していない include は読めません（コードが分かりません）",
        "An include that does not enumerate its codes cannot be read (its codes are unknown)",
      )
      return
    }
    for (const key of Object.keys(include)) {
      if (!["system", "version", "concept", "valueSet"].includes(key)) {
        warnings.add([...at, key], "unsupported_element", `「${key}」は取り込めません`, `"${key}" is not kept`)
      }
    }
    include.concept.forEach((raw, j) => {
      const cat = [...at, "concept", j]
      if (!isObject(raw) || typeof raw.code !== "string") return
      const read = readConcept(raw, cat, warnings)
      if (read !== undefined) concepts.push(read)
    })
  })
  return concepts
}

const readConcept = (raw: Record<string, unknown>, path: Path, warnings: Warnings): CodeListConcept | undefined => {
  const code = raw.code as string
  let en: string | undefined
  const description: { ja?: string; en?: string } = {}
  const designations = Array.isArray(raw.designation) ? raw.designation : []
  designations.forEach((d, k) => {
    if (!isObject(d) || typeof d.value !== "string") return
    const use = isObject(d.use) ? d.use : undefined
    const language = typeof d.language === "string" ? d.language : undefined
    const isDefinition = use?.system === definitionDesignationUse.system && use?.code === definitionDesignationUse.code
    if (isDefinition && language === "ja") description.ja = d.value
    else if (isDefinition && language !== undefined && /^en(-|$)/i.test(language)) description.en = d.value
    else if (use === undefined && language !== undefined && /^en(-|$)/i.test(language)) en = d.value
    else {
      warnings.add(
        [...path, "designation", k],
        "unsupported_element",
        "この designation は取り込めません（英語の表示名・定義だけを読みます）",
        "This designation is not kept (only English displays and definitions are read)",
      )
    }
  })
  en ??= englishOf(raw._display)
  const ja = typeof raw.display === "string" ? raw.display : undefined
  if (ja === undefined) {
    warnings.add(
      path,
      "missing_display",
      `コード「${code}」に表示名がないため、コードを表示名にしました`,
      `Code "${code}" has no display; the code is used`,
    )
  }
  if (en === undefined) {
    warnings.add(
      path,
      "missing_translation",
      `コード「${code}」に英語の表示名がないため、日本語を使いました`,
      `Code "${code}" has no English display; the Japanese one is used`,
    )
  }
  let unconfirmed: string | undefined
  const extensions = Array.isArray(raw.extension) ? raw.extension : []
  extensions.forEach((ext, k) => {
    if (isObject(ext) && ext.url === zaitakuExtensions.unconfirmed && typeof ext.valueString === "string") {
      unconfirmed = ext.valueString
    } else {
      warnings.add(
        [...path, "extension", k],
        "unsupported_extension",
        "拡張を読み飛ばしました",
        "An extension was skipped",
      )
    }
  })
  for (const key of Object.keys(raw)) {
    if (!conceptKeys.has(key) && key !== "_display") {
      warnings.add([...path, key], "unsupported_element", `「${key}」は取り込めません`, `"${key}" is not kept`)
    }
  }
  const label: LocalizedText = { ja: ja ?? code, en: en ?? ja ?? code }
  const describedJa = description.ja ?? description.en
  return {
    code,
    label,
    ...(describedJa === undefined ? {} : { description: { ja: describedJa, en: description.en ?? describedJa } }),
    ...(unconfirmed === undefined ? {} : { unconfirmed }),
  }
}

const valueSetKeys = new Set([
  "resourceType",
  "id",
  "language",
  "extension",
  "url",
  "version",
  "name",
  "title",
  "_title",
  "status",
  "compose",
])

/** A value set as a code list (not yet validated): id from its url (or resource id), title, source, concepts. */
export const readValueSet = (
  valueSet: Record<string, unknown>,
  path: Path,
  warnings: Warnings,
): Record<string, unknown> => {
  const id =
    typeof valueSet.url === "string"
      ? parseCanonical(valueSet.url).id
      : typeof valueSet.id === "string"
        ? valueSet.id
        : ""
  let source: unknown
  let unconfirmed: string | undefined
  const extensions = Array.isArray(valueSet.extension) ? valueSet.extension : []
  extensions.forEach((ext, k) => {
    const at = [...path, "extension", k]
    if (!isObject(ext)) return
    if (ext.url === zaitakuExtensions.unconfirmed && typeof ext.valueString === "string") unconfirmed = ext.valueString
    else if (ext.url === zaitakuExtensions.formCodeList) return
    else if (ext.url === fhirExtensions.relatedArtifact && source === undefined) {
      source = sourceFromExtension(ext, at, warnings)
    } else warnings.add(at, "unsupported_extension", "拡張を読み飛ばしました", "An extension was skipped")
  })
  const titleJa =
    typeof valueSet.title === "string" ? valueSet.title : typeof valueSet.name === "string" ? valueSet.name : id
  const titleEn = englishOf(valueSet._title)
  if (titleEn === undefined) {
    warnings.add(
      [...path, "title"],
      "missing_translation",
      "コード表の英語の表題がないため、日本語を使いました",
      "The value set has no English title; the Japanese one is used",
    )
  }
  if (source === undefined) {
    source = {
      title: typeof valueSet.url === "string" ? `FHIR ValueSet ${valueSet.url}` : `FHIR ValueSet ${id}`,
      grade: "inference",
    }
    warnings.add(
      path,
      "missing_source",
      "コード表の出典がないため、ValueSet 自体を出典（inference）としました",
      "The value set names no source; the value set itself is recorded as the source (inference)",
    )
  }
  for (const key of Object.keys(valueSet)) {
    if (!valueSetKeys.has(key)) {
      warnings.add([...path, key], "unsupported_element", `「${key}」は取り込めません`, `"${key}" is not kept`)
    }
  }
  const compose = valueSet.compose
  const includes = isObject(compose) && Array.isArray(compose.include) ? compose.include : []
  includes.forEach((include, i) => {
    const system = isObject(include) ? include.system : undefined
    if (typeof system === "string" && parseCanonical(system).id !== id) {
      warnings.add(
        [...path, "compose", "include", i, "system"],
        "unsupported_element",
        `コード体系 ${system} は取り込めません（コード表「${id}」のコードとして読みました）`,
        `The code system ${system} is not kept (its codes are read as codes of the list "${id}")`,
      )
    }
  })
  return {
    id,
    title: { ja: titleJa, en: titleEn ?? titleJa },
    source,
    concepts: readValueSetConcepts(valueSet, path, warnings),
    ...(unconfirmed === undefined ? {} : { unconfirmed }),
  }
}
