/**
 * コード表 (code lists) as FHIR terminology: {@link toValueSet} gives the `ValueSet` a choice item's
 * `answerValueSet` names (its codes enumerated, Japanese display, English and descriptions as designations);
 * {@link toCodeSystem} gives the `CodeSystem` that defines the codes (`Coding.system` of the answers);
 * {@link fromValueSet} reads a value set back into a code list.
 *
 * @since 0.1.0
 */
import {
  CodeList,
  type FormDefinition,
  type FormItem,
  findStandardCodeList,
  fromZodError,
  ValidationError,
  type ValidationIssue,
} from "@zaitaku/core"
import { Result } from "effect"
import { type CanonicalOptions, codeSystemUrl, valueSetUrl } from "./Extensions.js"
import type { CodeSystem, CodeSystemConcept, ValueSet } from "./Fhir.js"
import { fhirId, fhirName, isObject, localizedElement, sourceExtension, Warnings } from "./internal/shared.js"
import { readValueSet, unconfirmedExtension, valueSetConcepts } from "./internal/terminology.js"

/**
 * Options of {@link toValueSet} and {@link toCodeSystem}: the canonical base (see {@link CanonicalOptions}; a
 * standard list keeps Zaitaku's), whether the list is a standard one (default: whether `@zaitaku/core` has a
 * standard list of that id), and the resource `id` (default: the list id with `_` as `-`).
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import type { CodeListFhirOptions } from "@zaitaku/fhir-jp"
 *
 * const options: CodeListFhirOptions = { canonicalBase: "https://www.city.ebina.kanagawa.jp/fhir" }
 * ```
 */
export interface CodeListFhirOptions extends CanonicalOptions {
  readonly standard?: boolean
  readonly id?: string
}

/**
 * コード表を ValueSet に (code list → FHIR `ValueSet`): `url` `<base>/ValueSet/<id>`, Japanese `title` with its
 * English translation, `status` `active`, and every concept enumerated under the list's `CodeSystem`
 * (`compose.include.system` = {@link codeSystemUrl}) with the Japanese label as `display`, the English label as a
 * designation (`language` `en`), the description as designations of use {@link definitionDesignationUse}, and an
 * `unconfirmed` note as the Zaitaku `unconfirmed` extension. The source is a `cqf-relatedArtifact` extension.
 * The value set lists its codes itself, so a form renderer can use it without a terminology server.
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import { findStandardCodeList } from "@zaitaku/core"
 * import { toValueSet } from "@zaitaku/fhir-jp"
 *
 * const valueSet = toValueSet(findStandardCodeList("assistance_level")!)
 * valueSet.compose?.include[0]?.concept?.map((c) => c.display) // ["自立", "見守り", "一部介助", "全介助"]
 * ```
 */
export const toValueSet = (list: CodeList, options: CodeListFhirOptions = {}): ValueSet => {
  const extension = [sourceExtension(list.source), ...unconfirmedExtension(list.unconfirmed)]
  return {
    resourceType: "ValueSet",
    id: options.id ?? fhirId(list.id),
    language: "ja",
    extension,
    url: valueSetUrl(list.id, options),
    name: fhirName(list.id),
    ...localizedElement("title", list.title),
    status: "active",
    compose: { include: [{ system: codeSystemUrl(list.id, options), concept: valueSetConcepts(list.concepts) }] },
  }
}

/**
 * コード表を CodeSystem に (code list → FHIR `CodeSystem`): `url` `<base>/CodeSystem/<id>` (the `system` of every
 * answer coded from the list), `content` `complete`, case-sensitive codes, `valueSet` = the list's value set, and
 * each concept with its Japanese `display`, English designation, description as `definition` (Japanese, with the
 * English as a translation) and `unconfirmed` note.
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import { findStandardCodeList } from "@zaitaku/core"
 * import { toCodeSystem } from "@zaitaku/fhir-jp"
 *
 * toCodeSystem(findStandardCodeList("care_need_level")!).url
 * // "https://zaitaku.github.io/fhir/CodeSystem/care_need_level"
 * ```
 */
export const toCodeSystem = (list: CodeList, options: CodeListFhirOptions = {}): CodeSystem => {
  const extension = [sourceExtension(list.source), ...unconfirmedExtension(list.unconfirmed)]
  const concept: ReadonlyArray<CodeSystemConcept> = list.concepts.map((c) => {
    const ext = unconfirmedExtension(c.unconfirmed)
    return {
      ...(ext.length === 0 ? {} : { extension: ext }),
      code: c.code,
      display: c.label.ja,
      ...(c.description === undefined ? {} : localizedElement("definition", c.description)),
      designation: [{ language: "en", value: c.label.en }],
    }
  })
  return {
    resourceType: "CodeSystem",
    id: options.id ?? fhirId(list.id),
    language: "ja",
    extension,
    url: codeSystemUrl(list.id, options),
    name: fhirName(list.id),
    ...localizedElement("title", list.title),
    status: "active",
    caseSensitive: true,
    valueSet: valueSetUrl(list.id, options),
    content: "complete",
    count: concept.length,
    concept,
  }
}

/**
 * ValueSet をコード表に (FHIR `ValueSet` → code list): the list id is the last segment of `url` (or the resource
 * id), the title and labels come from `title`/`display` with their English translations or designations, the source
 * from the `cqf-relatedArtifact` extension (without one, the value set itself is cited, grade `inference`). Only
 * value sets that enumerate their codes can be read. Whatever is not kept is returned as a warning with its path;
 * a result that is not a valid code list is a {@link ValidationError}.
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { findStandardCodeList } from "@zaitaku/core"
 * import { fromValueSet, toValueSet } from "@zaitaku/fhir-jp"
 *
 * const list = findStandardCodeList("presence")!
 * const read = fromValueSet(toValueSet(list))
 * Result.isSuccess(read) && read.success.codeList.id // "presence"
 * ```
 */
export const fromValueSet = (
  input: unknown,
): Result.Result<
  { readonly codeList: CodeList; readonly warnings: ReadonlyArray<ValidationIssue> },
  ValidationError
> => {
  if (!isObject(input) || input.resourceType !== "ValueSet") {
    return Result.fail(
      new ValidationError({
        subject: "FHIR ValueSet",
        issues: [
          {
            path: ["resourceType"],
            code: "invalid_resource",
            message: { ja: "ValueSet リソースではありません", en: "Not a ValueSet resource" },
          },
        ],
      }),
    )
  }
  const warnings = new Warnings()
  const parsed = CodeList.safeParse(readValueSet(input, [], warnings))
  return parsed.success
    ? Result.succeed({ codeList: parsed.data, warnings: warnings.list })
    : Result.fail(fromZodError("code list read from a FHIR ValueSet", parsed.error))
}

/**
 * 様式のコード表 (a form's terminology): the `ValueSet` and `CodeSystem` of every code list the form's choice
 * items use — standard lists under Zaitaku's base, lists the form defines under `canonicalBase` — for a server
 * that publishes them beside a questionnaire written with `valueSets: "canonical"`. In list order of first use;
 * lists the form defines but no item uses come last.
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import { dischargeInformationTemplate } from "@zaitaku/core"
 * import { formTerminology } from "@zaitaku/fhir-jp"
 *
 * formTerminology(dischargeInformationTemplate).codeSystems.map((cs) => cs.url)
 * ```
 */
export const formTerminology = (
  definition: FormDefinition,
  options: CanonicalOptions = {},
): { readonly valueSets: ReadonlyArray<ValueSet>; readonly codeSystems: ReadonlyArray<CodeSystem> } => {
  const own = new Map((definition.codeLists ?? []).map((list) => [list.id, list]))
  const lists = new Map<string, { readonly list: CodeList; readonly standard: boolean }>()
  const walk = (items: ReadonlyArray<FormItem>): void => {
    for (const item of items) {
      const id = item.answerCodeList
      if (id !== undefined && !lists.has(id)) {
        const list = own.get(id) ?? findStandardCodeList(id)
        if (list !== undefined) lists.set(id, { list, standard: !own.has(id) })
      }
      if (item.items !== undefined) walk(item.items)
    }
  }
  walk(definition.items)
  for (const list of own.values()) if (!lists.has(list.id)) lists.set(list.id, { list, standard: false })
  const entries = [...lists.values()]
  return {
    valueSets: entries.map(({ list, standard }) => toValueSet(list, { ...options, standard })),
    codeSystems: entries.map(({ list, standard }) => toCodeSystem(list, { ...options, standard })),
  }
}
