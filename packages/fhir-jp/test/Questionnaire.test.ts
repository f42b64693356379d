import {
  admissionInformationTemplate,
  answerConceptsOf,
  dischargeInformationTemplate,
  doctorCareManagerContactTemplate,
  type FormDefinition,
  type FormVariant,
  formTemplates,
  resolveFormVariant,
  trainingApplicationTemplate,
} from "@zaitaku/core"
import { Result } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import {
  type FhirExtension,
  fhirExtensions,
  fromQuestionnaire,
  itemControlSystem,
  type QuestionnaireItem,
  type QuestionnaireOptions,
  toQuestionnaire,
  zaitakuExpressionLanguage,
  zaitakuExpressionText,
  zaitakuExtensions,
} from "../src/index.js"
import { type FhirSchemaValidator, loadFhirSchema } from "./FhirSchema.js"

let fhir: FhirSchemaValidator
beforeAll(() => {
  fhir = loadFhirSchema()
})

describe("every shipped template", () => {
  it.each(formTemplates.map((t) => [t.id, t] as const))("%s round-trips unchanged", (_, template) => {
    const { questionnaire } = toQuestionnaire(template)
    const read = fromQuestionnaire(JSON.parse(JSON.stringify(questionnaire)))
    if (Result.isFailure(read)) throw new Error(read.failure.message)
    expect(read.success.definition).toStrictEqual(template)
    expect(read.success.warnings).toEqual([])
  })

  it.each(formTemplates.map((t) => [t.id, t] as const))("%s validates against the FHIR R4 schema", (_, template) => {
    const { questionnaire } = toQuestionnaire(template)
    expect(questionnaire.resourceType).toBe("Questionnaire")
    expect(fhir.errors("Questionnaire", questionnaire)).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------------------------

const roundTrip = (definition: FormDefinition, options: QuestionnaireOptions = {}) => {
  const exported = toQuestionnaire(definition, options)
  const read = fromQuestionnaire(JSON.parse(JSON.stringify(exported.questionnaire)))
  if (Result.isFailure(read)) throw new Error(read.failure.message)
  return { ...exported, definition: read.success.definition, importWarnings: read.success.warnings }
}

const findItem = (items: ReadonlyArray<QuestionnaireItem> | undefined, linkId: string): QuestionnaireItem => {
  for (const item of items ?? []) {
    if (item.linkId === linkId) return item
    const found = item.item === undefined ? undefined : findItemOrUndefined(item.item, linkId)
    if (found !== undefined) return found
  }
  throw new Error(`no item ${linkId}`)
}
const findItemOrUndefined = (items: ReadonlyArray<QuestionnaireItem>, linkId: string) => {
  try {
    return findItem(items, linkId)
  } catch {
    return undefined
  }
}
const extensionsOf = (item: { readonly extension?: ReadonlyArray<FhirExtension> }, url: string) =>
  (item.extension ?? []).filter((e) => e.url === url)

/** The value at a path of a JSON value, or undefined. */
const at = (value: unknown, path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>((v, key) => (v === null || typeof v !== "object" ? undefined : (v as never)[key]), value)

describe("how the standard sheets are written", () => {
  const admission = toQuestionnaire(admissionInformationTemplate).questionnaire
  const discharge = toQuestionnaire(dischargeInformationTemplate).questionnaire
  const contact = toQuestionnaire(doctorCareManagerContactTemplate).questionnaire
  const training = toQuestionnaire(trainingApplicationTemplate).questionnaire

  it("names the questionnaire by its canonical URL and version, in Japanese with English translations", () => {
    expect(admission).toMatchObject({
      resourceType: "Questionnaire",
      language: "ja",
      url: "https://zaitaku.github.io/fhir/Questionnaire/admission-information",
      version: "1.0.0",
      name: "AdmissionInformation",
      status: "active",
      title: "入院時情報提供書",
      _title: {
        extension: [
          {
            url: fhirExtensions.translation,
            extension: [
              { url: "lang", valueCode: "en" },
              { url: "content", valueString: "Admission information sheet" },
            ],
          },
        ],
      },
    })
    expect(extensionsOf(admission, fhirExtensions.relatedArtifact)).toHaveLength(
      admissionInformationTemplate.sources!.length,
    )
  })

  it("writes a multi-choice as a repeating choice with check boxes, over a contained value set", () => {
    const item = findItem(admission.item, "disability_certificate")
    expect(item).toMatchObject({ type: "choice", repeats: true, answerValueSet: "#disability-certificate-kind" })
    expect(extensionsOf(item, fhirExtensions.itemControl)[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe("check-box")
    const valueSet = admission.contained!.find((vs) => vs.id === "disability-certificate-kind")!
    expect(valueSet.url).toBe("https://zaitaku.github.io/fhir/ValueSet/disability_certificate_kind")
    expect(valueSet.compose!.include[0]!.system).toBe(
      "https://zaitaku.github.io/fhir/CodeSystem/disability_certificate_kind",
    )
  })

  it("writes a phone number as a string marked with the Zaitaku item type", () => {
    const item = findItem(admission.item, "care_office_phone")
    expect(item.type).toBe("string")
    expect(extensionsOf(item, zaitakuExtensions.itemType)).toEqual([
      { url: zaitakuExtensions.itemType, valueCode: "phone" },
    ])
  })

  it("writes date limits relative to today as FHIRPath, and calculations in Zaitaku's expression language", () => {
    const birth = findItem(admission.item, "birth_date")
    expect(extensionsOf(birth, fhirExtensions.minValue)[0]?._valueDate?.extension?.[0]).toEqual({
      url: fhirExtensions.cqfExpression,
      valueExpression: { language: "text/fhirpath", expression: "today() - 130 years" },
    })
    expect(
      extensionsOf(birth, fhirExtensions.maxValue)[0]?._valueDate?.extension?.[0]?.valueExpression?.expression,
    ).toBe("today()")
    const age = findItem(admission.item, "age")
    expect(age.readOnly).toBe(true)
    const calculated = extensionsOf(age, fhirExtensions.calculatedExpression)[0]!.valueExpression!
    expect(zaitakuExpressionText(calculated)).toBe("age(birth_date, coalesce(provided_on, today()))")
    expect(calculated._language?.extension?.[0]?.valueCode).toBe(zaitakuExpressionLanguage)
    expect(extensionsOf(age, fhirExtensions.unit)[0]?.valueCoding).toMatchObject({
      system: "http://unitsofmeasure.org",
      code: "a",
      display: "歳",
    })
  })

  it("writes cross-item checks as targetConstraint with their key, severity and bilingual message", () => {
    const item = findItem(discharge.item, "discharge_date")
    const constraint = extensionsOf(item, fhirExtensions.targetConstraint)[0]!
    expect(constraint.extension?.map((e) => e.url)).toEqual(["key", "severity", "expression", "human"])
    expect(constraint.extension?.[0]?.valueId).toBe("discharge-after-admission")
    expect(zaitakuExpressionText(constraint.extension?.[2]?.valueExpression)).toBe("discharge_date >= admission_date")
  })

  it("writes help text as a display child with itemControl help, and the reply section with its marker", () => {
    const email = findItem(training.item, "email_same_as_contact")
    const help = email.item![0]!
    expect(help).toMatchObject({ linkId: "email_same_as_contact.help", type: "display" })
    expect(extensionsOf(help, fhirExtensions.itemControl)[0]?.valueCodeableConcept?.coding?.[0]).toEqual({
      system: itemControlSystem,
      code: "help",
    })
    expect(extensionsOf(findItem(contact.item, "reply"), zaitakuExtensions.replySection)).toHaveLength(1)
  })

  it("writes the repeating applicants with their minimum, and enableWhen with its behaviour", () => {
    const applicants = findItem(training.item, "applicants")
    expect(applicants).toMatchObject({ type: "group", repeats: true, required: true })
    expect(extensionsOf(applicants, fhirExtensions.minOccurs)[0]?.valueInteger).toBe(1)
    expect(findItem(training.item, "email")).toMatchObject({
      enableBehavior: "any",
      enableWhen: [
        { question: "email_same_as_contact", operator: "exists", answerBoolean: false },
        { question: "email_same_as_contact", operator: "=", answerBoolean: false },
      ],
    })
  })

  it("writes an 'in' condition as one '=' per value under 'any', and keeps the exact condition for Zaitaku", () => {
    const item = findItem(discharge.item, "application_date")
    expect(item.enableBehavior).toBe("any")
    expect(item.enableWhen?.map((w) => w.answerCoding?.code)).toEqual(["pending", "change_pending"])
    expect(extensionsOf(item, zaitakuExtensions.enableWhen)).toHaveLength(1)
  })

  it.each(formTemplates.map((t) => [t.id, t] as const))(
    "%s: every warning points at a field of the definition",
    (_, template) => {
      const { warnings } = toQuestionnaire(template)
      for (const warning of warnings) {
        expect(at(template, warning.path), warning.path.join(".")).toBeDefined()
        expect(warning.message.ja).not.toBe("")
        expect(warning.message.en).not.toBe("")
      }
    },
  )

  it("lists what a FHIR renderer will not do as Zaitaku does", () => {
    const warnings = toQuestionnaire(trainingApplicationTemplate).warnings.map((w) => [w.code, w.path.join(".")])
    expect(warnings).toEqual([
      ["no_fhir_type", "items.2.items.1.type"],
      ["no_fhir_type", "items.2.items.2.type"],
      ["no_fhir_type", "items.3.items.3.type"],
      ["display_help", "items.5.help"],
    ])
    const codes = new Set(toQuestionnaire(dischargeInformationTemplate).warnings.map((w) => w.code))
    expect([...codes].sort()).toEqual(["no_fhir_type", "zaitaku_expression"])
  })
})

describe("regional variants and other definitions", () => {
  const base = admissionInformationTemplate
  const variantOf = (changes: FormVariant["changes"], extra: Partial<FormVariant> = {}): FormDefinition => {
    const resolved = resolveFormVariant(base, {
      id: "admission-information.hachinohe",
      version: "1.1.0",
      status: "active",
      effectivePeriod: { start: "2026-04-01", end: "2027-03-31" },
      title: { ja: "入院時情報提供書（八戸圏域）", en: "Admission information sheet (Hachinohe area)" },
      base: { id: base.id, version: base.version },
      ...extra,
      changes,
    })
    if (Result.isFailure(resolved)) throw new Error(resolved.failure.message)
    return resolved.success
  }

  it("round-trips a 医師会-area variant: added items, a hidden item, narrowed codes, its own code list and period", () => {
    const variant = variantOf(
      [
        {
          op: "add",
          parent: "basic",
          after: "name",
          item: { linkId: "allergy", type: "text", text: { ja: "アレルギー", en: "Allergies" }, maxLength: 200 },
        },
        {
          op: "add",
          item: {
            linkId: "visiting_nurse",
            type: "choice",
            text: { ja: "訪問看護の利用", en: "Home nursing" },
            answerCodeList: "hachinohe_usage",
            required: true,
          },
        },
        { op: "hide", linkId: "udf_category" },
        { op: "constrain", linkId: "adl_transfer", answerCodes: ["independent", "full_assistance"] },
        { op: "constrain", linkId: "kana", required: true },
      ],
      {
        codeLists: [
          {
            id: "hachinohe_usage",
            title: { ja: "利用状況", en: "Usage" },
            source: { id: "hachinohe-area", title: "八戸圏域 入院時情報提供書", grade: "official", note: "Example." },
            unconfirmed: "Example list.",
            concepts: [
              { code: "none", label: { ja: "なし", en: "None" } },
              {
                code: "weekly",
                label: { ja: "週1回以上", en: "Weekly or more" },
                description: { ja: "定期訪問", en: "Regular visits" },
              },
              { code: "other", label: { ja: "その他", en: "Other" }, unconfirmed: "Check." },
            ],
          },
        ],
      },
    )
    const { questionnaire, definition, importWarnings } = roundTrip(variant)
    expect(definition).toStrictEqual(variant)
    expect(importWarnings).toEqual([])
    expect(questionnaire.derivedFrom).toEqual([
      "https://zaitaku.github.io/fhir/Questionnaire/admission-information|1.0.0",
    ])
    expect(questionnaire.effectivePeriod).toEqual({ start: "2026-04-01", end: "2027-03-31" })
    const narrowed = findItem(questionnaire.item, "adl_transfer")
    const valueSet = questionnaire.contained!.find((vs) => `#${vs.id}` === narrowed.answerValueSet)!
    expect(valueSet.url).toBeUndefined()
    expect(valueSet.compose!.include[0]!.concept!.map((c) => c.code)).toEqual(["independent", "full_assistance"])
    expect(fhir.errors("Questionnaire", questionnaire)).toEqual([])
  })

  const t = (ja: string, en = ja) => ({ ja, en })
  const unusual: FormDefinition = {
    id: "unusual_form",
    version: "0.3.1",
    status: "draft",
    title: t("検査", "Check"),
    items: [
      { linkId: "kind", type: "choice", text: t("種別"), answerCodeList: "presence" },
      { linkId: "count", type: "integer", text: t("回数"), minValue: 0, maxValue: 10 },
      {
        linkId: "when",
        type: "dateTime",
        text: t("日時"),
        minDate: "2020-01-01",
        maxDate: { fromToday: { years: 1, months: -2, days: 3 } },
      },
      { linkId: "time", type: "time", text: t("時刻") },
      {
        linkId: "detail",
        type: "group",
        text: t("詳細"),
        help: t("分かる範囲で", "As far as known"),
        enableWhen: [
          { question: "kind", operator: "in", answer: ["present"] },
          { question: "count", operator: ">=", answer: 2 },
        ],
        items: [
          {
            linkId: "how",
            type: "openChoice",
            text: t("方法"),
            answerOptions: [
              { code: "a", label: t("ア", "A"), description: t("説明", "Description"), unconfirmed: "Unchecked." },
              { code: "b", label: t("イ", "B") },
            ],
            minLength: 1,
            maxLength: 20,
          },
          {
            linkId: "later",
            type: "boolean",
            text: t("後で"),
            enableWhen: [{ question: "time", operator: "<", answer: "10:30" }],
          },
          {
            linkId: "file",
            type: "attachment",
            text: t("添付"),
            maxSize: 1_000_000,
            contentTypes: ["image/*", "application/pdf"],
          },
          { linkId: "zip", type: "postalCode", text: t("郵便番号"), repeats: true, maxOccurs: 2 },
        ],
      },
      {
        linkId: "weight",
        type: "decimal",
        text: t("体重", "Weight"),
        maxDecimalPlaces: 1,
        unit: t("キロ", "kilo"),
        constraints: [{ key: "not_zero", expression: "weight != 0", message: t("0以外", "Not zero") }],
        enableWhen: [
          { question: "kind", operator: "=", answer: "present" },
          { question: "count", operator: "exists", answer: true },
        ],
      },
    ],
  }

  it("round-trips conditions FHIR can only approximate, and says where the FHIR form shows more", () => {
    const { questionnaire, definition, warnings, importWarnings } = roundTrip(unusual)
    expect(definition).toStrictEqual(unusual)
    expect(importWarnings).toEqual([])
    expect(warnings.map((w) => [w.code, w.path.join(".")])).toEqual([
      ["enable_when_approximated", "items.4.enableWhen.0"],
      ["no_fhir_type", "items.4.items.3.type"],
      ["constraint_key", "items.5.constraints.0.key"],
      ["zaitaku_expression", "items.5.constraints.0.expression"],
    ])
    // FHIR keeps only the condition it can state: the group shows whenever count >= 2.
    expect(findItem(questionnaire.item, "detail").enableWhen).toEqual([
      { question: "count", operator: ">=", answerInteger: 2 },
    ])
    // Two conditions without a behaviour: FHIR needs one ("all"); the exact form keeps it absent.
    expect(findItem(questionnaire.item, "weight").enableBehavior).toBe("all")
    expect(findItem(questionnaire.item, "later").enableWhen).toEqual([
      { question: "time", operator: "<", answerTime: "10:30:00" },
    ])
    expect(fhir.errors("Questionnaire", questionnaire)).toEqual([])
  })

  it("names value sets by canonical URL when asked, keeping the form's own lists contained", () => {
    const { questionnaire, definition } = roundTrip(admissionInformationTemplate, { valueSets: "canonical" })
    expect(definition).toStrictEqual(admissionInformationTemplate)
    expect(questionnaire.contained).toBeUndefined()
    expect(findItem(questionnaire.item, "sex").answerValueSet).toBe("https://zaitaku.github.io/fhir/ValueSet/sex")
    expect(fhir.errors("Questionnaire", questionnaire)).toEqual([])
  })

  it("writes inline options narrowed by answerCodes as the kept options only, and says so", () => {
    const narrowed: FormDefinition = {
      ...unusual,
      items: [
        {
          linkId: "pick",
          type: "choice",
          text: t("選択"),
          answerOptions: [
            { code: "a", label: t("ア") },
            { code: "b", label: t("イ") },
          ],
          answerCodes: ["b"],
        },
      ],
    }
    const { definition, warnings } = roundTrip(narrowed)
    expect(warnings.map((w) => w.code)).toEqual(["answer_codes_applied"])
    expect(answerConceptsOf(definition, definition.items[0]!)).toEqual(answerConceptsOf(narrowed, narrowed.items[0]!))
  })
})

describe("reading questionnaires written elsewhere", () => {
  const translation = (en: string) => ({
    extension: [
      {
        url: fhirExtensions.translation,
        extension: [
          { url: "lang", valueCode: "en" },
          { url: "content", valueString: en },
        ],
      },
    ],
  })
  const foreign = {
    resourceType: "Questionnaire",
    id: "phq-ja",
    meta: { versionId: "3" },
    url: "http://example.org/fhir/Questionnaire/visit-check",
    version: "2.0.0",
    status: "active",
    title: "訪問時チェック",
    _title: translation("Visit check"),
    subjectType: ["Patient"],
    item: [
      { linkId: "site", type: "url", text: "参考URL", _text: translation("Reference URL") },
      { linkId: "dose", type: "quantity", text: "用量" },
      {
        linkId: "mood",
        type: "choice",
        text: "気分",
        extension: [
          {
            url: fhirExtensions.itemControl,
            valueCodeableConcept: { coding: [{ system: itemControlSystem, code: "radio-button" }] },
          },
        ],
        answerOption: [
          { valueCoding: { system: "http://loinc.org", code: "LA6568-5", display: "良い" } },
          { valueString: "bad" },
        ],
        initial: [{ valueCoding: { code: "LA6568-5" } }],
      },
      {
        linkId: "score",
        type: "integer",
        text: "点数",
        _text: translation("Score"),
        extension: [
          {
            url: fhirExtensions.calculatedExpression,
            valueExpression: { language: "text/fhirpath", expression: "1 + 1" },
          },
          { url: "http://example.org/fhir/StructureDefinition/colour", valueString: "red" },
        ],
        enableWhen: [
          { question: "mood", operator: "=", answerCoding: { system: "http://loinc.org", code: "LA6568-5" } },
        ],
      },
    ],
  }

  it("reads what it can, and reports every element and extension it does not keep, by path", () => {
    const read = fromQuestionnaire(foreign)
    if (Result.isFailure(read)) throw new Error(read.failure.message)
    const { definition, warnings } = read.success
    expect(definition).toMatchObject({
      id: "visit-check",
      version: "2.0.0",
      status: "active",
      title: { ja: "訪問時チェック", en: "Visit check" },
    })
    expect(definition.items.map((i) => [i.linkId, i.type])).toEqual([
      ["site", "string"],
      ["mood", "choice"],
      ["score", "integer"],
    ])
    expect(definition.items[1]!.answerOptions?.map((o) => o.code)).toEqual(["LA6568-5", "bad"])
    expect(definition.items[2]!.enableWhen).toEqual([{ question: "mood", operator: "=", answer: "LA6568-5" }])
    expect(warnings.map((w) => [w.code, w.path.join(".")])).toEqual(
      expect.arrayContaining([
        ["url_as_string", "item.0.type"],
        ["unsupported_type", "item.1"],
        ["missing_translation", "item.2.text"],
        ["unsupported_element", "item.2.initial"],
        ["unsupported_extension", "item.2.extension.0"],
        ["unsupported_element", "item.2.answerOption.0.valueCoding.system"],
        ["option_as_code", "item.2.answerOption.1"],
        ["foreign_expression", "item.3.extension.0"],
        ["unsupported_extension", "item.3.extension.1"],
        ["unsupported_element", "meta"],
        ["unsupported_element", "subjectType"],
      ]),
    )
    for (const warning of warnings) expect(at(foreign, warning.path), warning.path.join(".")).toBeDefined()
  })

  it("refuses what it may not or cannot read, listing every problem", () => {
    const notOne = fromQuestionnaire({ resourceType: "Patient" })
    expect(Result.isFailure(notOne) && notOne.failure.issues[0]?.code).toBe("invalid_resource")
    const modifier = fromQuestionnaire({
      ...foreign,
      item: [{ ...foreign.item[0], modifierExtension: [{ url: "x", valueBoolean: true }] }],
    })
    expect(Result.isFailure(modifier) && modifier.failure.issues.map((i) => i.path.join("."))).toEqual([
      "item.0.modifierExtension",
    ])
    const { version: _, ...unversioned } = foreign
    const noVersion = fromQuestionnaire(unversioned)
    expect(Result.isFailure(noVersion) && noVersion.failure.issues.map((i) => i.path.join("."))).toEqual(["version"])
    const unknownList = fromQuestionnaire({
      ...foreign,
      item: [{ linkId: "x", type: "choice", text: "選択", answerValueSet: "http://example.org/ValueSet/unknown" }],
    })
    expect(Result.isFailure(unknownList) && unknownList.failure.issues.map((i) => [i.code, i.path.join(".")])).toEqual([
      ["unknown_code_list", "items.0.answerCodeList"],
    ])
  })
})

describe("Japanese spaces and the FHIR R4 JSON Schema", () => {
  it("writes a pattern's ideographic space (U+3000) escaped, and the pattern still accepts the same answers", () => {
    const kana = findItem(toQuestionnaire(trainingApplicationTemplate).questionnaire.item, "kana")
    const regex = extensionsOf(kana, fhirExtensions.regex)[0]!.valueString!
    expect(regex).not.toContain("\u3000")
    expect(regex).toContain("\\u3000")
    const whole = new RegExp(`^(?:${regex})$`, "u")
    expect(whole.test("はちのへ\u3000たろう")).toBe(true)
    expect(whole.test("ハチノヘ")).toBe(false)
  })

  it("keeps texts as they are: one with U+3000 is valid FHIR but fails the schema's ECMAScript string pattern", () => {
    const form: FormDefinition = {
      ...trainingApplicationTemplate,
      title: { ja: "研修\u3000申込書", en: "Training application" },
    }
    const { questionnaire } = toQuestionnaire(form)
    expect(questionnaire.title).toBe("研修\u3000申込書")
    expect(fhir.errors("Questionnaire", questionnaire).map((e) => [e.instancePath, e.keyword])).toEqual([
      ["/title", "pattern"],
    ])
  })
})
