import { admissionInformationTemplate, type CodeList, type FormItem, standardCodeLists } from "@zaitaku/core"
import { Result } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import {
  definitionDesignationUse,
  formTerminology,
  fromValueSet,
  toCodeSystem,
  toValueSet,
  zaitakuExtensions,
} from "../src/index.js"
import { type FhirSchemaValidator, loadFhirSchema } from "./FhirSchema.js"

let fhir: FhirSchemaValidator
beforeAll(() => {
  fhir = loadFhirSchema()
})

const lists = standardCodeLists.map((list) => [list.id, list] as const)

describe("standard code lists", () => {
  it.each(lists)("%s: ValueSet and CodeSystem validate against the FHIR R4 schema", (_, list) => {
    expect(fhir.errors("ValueSet", toValueSet(list))).toEqual([])
    expect(fhir.errors("CodeSystem", toCodeSystem(list))).toEqual([])
  })

  it.each(lists)("%s: the ValueSet reads back as the same code list, with nothing left over", (_, list) => {
    const read = fromValueSet(JSON.parse(JSON.stringify(toValueSet(list))))
    if (Result.isFailure(read)) throw new Error(read.failure.message)
    expect(read.success.codeList).toStrictEqual(list)
    expect(read.success.warnings).toEqual([])
  })

  it("enumerates every code under the list's code system, with Japanese display and English designation", () => {
    const list = standardCodeLists.find((l) => l.id === "assistance_level")!
    const valueSet = toValueSet(list)
    const codeSystem = toCodeSystem(list)
    expect(valueSet.url).toBe("https://zaitaku.github.io/fhir/ValueSet/assistance_level")
    expect(valueSet.id).toBe("assistance-level")
    expect(valueSet.compose!.include).toHaveLength(1)
    expect(valueSet.compose!.include[0]!.system).toBe(codeSystem.url)
    expect(valueSet.compose!.include[0]!.concept!.map((c) => [c.code, c.display, c.designation?.[0]?.value])).toEqual(
      list.concepts.map((c) => [c.code, c.label.ja, c.label.en]),
    )
    expect(codeSystem).toMatchObject({
      content: "complete",
      caseSensitive: true,
      count: list.concepts.length,
      valueSet: valueSet.url,
    })
  })
})

describe("a municipality's own code list", () => {
  const list: CodeList = {
    id: "ebina_meeting_kind",
    title: { ja: "会議の種別", en: "Meeting kind" },
    source: {
      id: "ebina",
      title: "えびな在宅医療相談室",
      url: "https://www.city.ebina.kanagawa.jp/",
      grade: "official",
    },
    unconfirmed: "Example.",
    concepts: [
      { code: "conference", label: { ja: "協議会", en: "Council" }, description: { ja: "年2回", en: "Twice a year" } },
      { code: "wg", label: { ja: "作業部会", en: "Working group" }, unconfirmed: "Name to check." },
    ],
  }
  const options = { canonicalBase: "https://www.city.ebina.kanagawa.jp/fhir" }

  it("lives under the municipality's canonical base, with descriptions and notes", () => {
    const valueSet = toValueSet(list, options)
    const codeSystem = toCodeSystem(list, options)
    expect(valueSet.url).toBe("https://www.city.ebina.kanagawa.jp/fhir/ValueSet/ebina_meeting_kind")
    expect(codeSystem.url).toBe("https://www.city.ebina.kanagawa.jp/fhir/CodeSystem/ebina_meeting_kind")
    const [conference, wg] = valueSet.compose!.include[0]!.concept!
    expect(conference!.designation).toContainEqual({
      language: "en",
      use: definitionDesignationUse,
      value: "Twice a year",
    })
    expect(wg!.extension).toEqual([{ url: zaitakuExtensions.unconfirmed, valueString: "Name to check." }])
    expect(codeSystem.concept![0]).toMatchObject({ definition: "年2回" })
    expect(fhir.errors("ValueSet", valueSet)).toEqual([])
    expect(fhir.errors("CodeSystem", codeSystem)).toEqual([])
    const read = fromValueSet(valueSet)
    expect(Result.isSuccess(read) && read.success.codeList).toStrictEqual(list)
  })

  it("a value set from elsewhere is read with its gaps reported, and one that lists no codes is refused", () => {
    const read = fromValueSet({
      resourceType: "ValueSet",
      url: "http://example.org/ValueSet/yes-no",
      status: "active",
      title: "はい・いいえ",
      compose: {
        include: [{ system: "http://example.org/cs", concept: [{ code: "Y", display: "はい" }, { code: "N" }] }],
      },
    })
    if (Result.isFailure(read)) throw new Error(read.failure.message)
    expect(read.success.codeList).toMatchObject({
      id: "yes-no",
      source: { grade: "inference" },
      concepts: [
        { code: "Y", label: { ja: "はい", en: "はい" } },
        { code: "N", label: { ja: "N", en: "N" } },
      ],
    })
    expect(read.success.warnings.map((w) => [w.code, w.path.join(".")])).toEqual([
      ["missing_translation", "title"],
      ["missing_source", ""],
      ["unsupported_element", "compose.include.0.system"],
      ["missing_translation", "compose.include.0.concept.0"],
      ["missing_display", "compose.include.0.concept.1"],
      ["missing_translation", "compose.include.0.concept.1"],
    ])
    const empty = fromValueSet({
      resourceType: "ValueSet",
      url: "http://example.org/ValueSet/all",
      status: "active",
      compose: { include: [{ system: "http://loinc.org" }] },
    })
    expect(Result.isFailure(empty)).toBe(true)
  })
})

describe("formTerminology", () => {
  it("gives the value set and code system of every code list the form's choice items use", () => {
    const used = new Set<string>()
    const walk = (items: ReadonlyArray<FormItem>) => {
      for (const item of items) {
        if (item.answerCodeList !== undefined) used.add(item.answerCodeList)
        walk(item.items ?? [])
      }
    }
    walk(admissionInformationTemplate.items)
    const { valueSets, codeSystems } = formTerminology(admissionInformationTemplate)
    expect(new Set(valueSets.map((vs) => vs.url!.split("/").pop()))).toEqual(used)
    expect(codeSystems.map((cs) => cs.url)).toEqual(valueSets.map((vs) => vs.compose!.include[0]!.system))
  })
})
