import {
  type FormDefinition,
  type FormResponse,
  findFormTemplate,
  formTemplates,
  trainingApplicationTemplate,
  validateFormResponse,
} from "@zaitaku/core"
import { Result } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { exampleToday, filledExamples } from "../../core/test/fixtures/formResponses.js"
import {
  type Questionnaire,
  type QuestionnaireItem,
  type QuestionnaireResponse,
  type QuestionnaireResponseItem,
  type QuestionnaireResponseOptions,
  toQuestionnaire,
  toQuestionnaireResponse,
  type ValueSet,
} from "../src/index.js"
import { type FhirSchemaValidator, loadFhirSchema } from "./FhirSchema.js"

let fhir: FhirSchemaValidator
beforeAll(() => {
  fhir = loadFhirSchema()
})

/** A completed response to a template, with the answers validation keeps (calculated values included). */
const completed = (definition: FormDefinition, answers: Record<string, unknown>): FormResponse => {
  const response: FormResponse = {
    template: { id: definition.id, version: definition.version },
    status: "completed",
    authored: "2026-01-20T10:15:00+09:00",
    answers,
  }
  const result = validateFormResponse(definition, response, { today: exampleToday })
  expect(result.issues).toEqual([])
  return { ...response, answers: result.answers }
}

const exported = (definition: FormDefinition, response: unknown, options: QuestionnaireResponseOptions = {}) => {
  const result = toQuestionnaireResponse(definition, response, options)
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}

const attachmentUrl: QuestionnaireResponseOptions["attachmentUrl"] = (file) =>
  file.id === undefined ? undefined : `https://files.example.jp/${file.id}`

/** Every linkId of the questionnaire with its item, and the codes of each contained value set. */
const indexQuestionnaire = (questionnaire: Questionnaire) => {
  const items = new Map<string, QuestionnaireItem>()
  const walk = (list: ReadonlyArray<QuestionnaireItem>) => {
    for (const item of list) {
      items.set(item.linkId, item)
      walk(item.item ?? [])
    }
  }
  walk(questionnaire.item ?? [])
  const valueSets = new Map<string, ValueSet>((questionnaire.contained ?? []).map((vs) => [`#${vs.id}`, vs]))
  return { items, valueSets }
}

const answerKey: Readonly<Record<string, ReadonlyArray<string>>> = {
  string: ["valueString"],
  text: ["valueString"],
  integer: ["valueInteger"],
  decimal: ["valueDecimal"],
  boolean: ["valueBoolean"],
  date: ["valueDate"],
  dateTime: ["valueDateTime"],
  time: ["valueTime"],
  choice: ["valueCoding"],
  "open-choice": ["valueCoding", "valueString"],
  attachment: ["valueAttachment"],
}

/** Checks that every response item names a questionnaire item and answers it with a value of its type and list. */
const checkAgainstQuestionnaire = (response: QuestionnaireResponse, questionnaire: Questionnaire): number => {
  const { items, valueSets } = indexQuestionnaire(questionnaire)
  let answers = 0
  const walk = (list: ReadonlyArray<QuestionnaireResponseItem>) => {
    for (const responseItem of list) {
      const item = items.get(responseItem.linkId)
      expect(item, responseItem.linkId).toBeDefined()
      expect(responseItem.text).toBe(item!.text)
      if (item!.type === "group") {
        expect(responseItem.answer).toBeUndefined()
        walk(responseItem.item ?? [])
        continue
      }
      if (item!.repeats !== true) expect(responseItem.answer).toHaveLength(1)
      for (const answer of responseItem.answer ?? []) {
        answers++
        const keys = Object.keys(answer)
        expect(keys).toHaveLength(1)
        expect(answerKey[item!.type], `${responseItem.linkId}: ${keys[0]}`).toContain(keys[0])
        if (answer.valueCoding !== undefined && item!.answerValueSet !== undefined) {
          const include = valueSets.get(item!.answerValueSet)!.compose!.include[0]!
          expect(answer.valueCoding.system).toBe(include.system)
          const concept = include.concept!.find((c) => c.code === answer.valueCoding!.code)
          expect(concept, `${responseItem.linkId}: ${answer.valueCoding.code}`).toBeDefined()
          expect(answer.valueCoding.display).toBe(concept!.display)
        }
        if (answer.valueCoding !== undefined && item!.answerOption !== undefined) {
          expect(item!.answerOption.map((o) => o.valueCoding?.code)).toContain(answer.valueCoding.code)
        }
      }
    }
  }
  walk(response.item ?? [])
  return answers
}

describe("the realistic example of every shipped template", () => {
  it.each(formTemplates.map((t) => [t.id, t] as const))(
    "%s: validates against the FHIR R4 schema and answers the questionnaire's items",
    (id, template) => {
      const response = completed(template, filledExamples[id]!)
      const { questionnaireResponse, warnings } = exported(template, response, { attachmentUrl })
      expect(warnings).toEqual([])
      expect(fhir.errors("QuestionnaireResponse", questionnaireResponse)).toEqual([])
      expect(questionnaireResponse.questionnaire).toBe(
        `https://zaitaku.github.io/fhir/Questionnaire/${template.id}|${template.version}`,
      )
      const answers = checkAgainstQuestionnaire(questionnaireResponse, toQuestionnaire(template).questionnaire)
      expect(answers).toBeGreaterThan(5)
    },
  )

  it("keeps attachments stored by id in the attachment-id extension when no URL is known, and says so", () => {
    const template = findFormTemplate("emergency-medical-information-kit")!
    const response = completed(template, filledExamples[template.id]!)
    const { questionnaireResponse, warnings } = exported(template, response)
    expect(fhir.errors("QuestionnaireResponse", questionnaireResponse)).toEqual([])
    expect(warnings.map((w) => [w.code, w.path.join(".")])).toEqual([
      ["attachment_without_url", "answers.enclosures.photo"],
      ["attachment_without_url", "answers.enclosures.medication_record_copy"],
    ])
    const enclosures = questionnaireResponse.item!.find((i) => i.linkId === "enclosures")!
    const photo = enclosures.item!.find((i) => i.linkId === "photo")!.answer![0]!.valueAttachment!
    expect(photo).toEqual({
      extension: [
        { url: "https://zaitaku.github.io/fhir/StructureDefinition/attachment-id", valueString: "kit-photo-1" },
      ],
      contentType: "image/jpeg",
      title: "本人の写真.jpg",
      size: 245_000,
    })
  })
})

describe("answers", () => {
  const template = trainingApplicationTemplate
  const response = () => completed(template, filledExamples[template.id]!)

  it("writes a repeating group as one item per instance, in order, and a multi-choice as several codings", () => {
    const { questionnaireResponse } = exported(template, response())
    const applicants = questionnaireResponse.item!.filter((i) => i.linkId === "applicants")
    expect(applicants.map((a) => a.item!.find((i) => i.linkId === "name")!.answer)).toEqual([
      [{ valueString: "中津 美咲" }],
      [{ valueString: "半原 健" }],
      [{ valueString: "田代 恵" }],
    ])
    const questions = questionnaireResponse.item!.find((i) => i.linkId === "questions")!
    const asked = questions.item!.find((i) => i.linkId === "ask_professions")!.answer!
    expect(asked.map((a) => a.valueCoding?.code)).toEqual(["doctor", "care", "other"])
    expect(asked[0]!.valueCoding).toMatchObject({
      system: "https://zaitaku.github.io/fhir/CodeSystem/profession_group",
      display: expect.any(String),
      _display: { extension: [{ url: "http://hl7.org/fhir/StructureDefinition/translation" }] },
    })
  })

  it("writes an open-choice's free text as valueString and its code as valueCoding", () => {
    const { questionnaireResponse } = exported(template, response())
    const professions = questionnaireResponse
      .item!.filter((i) => i.linkId === "applicants")
      .map((a) => a.item!.find((i) => i.linkId === "profession")!.answer![0])
    expect(professions[0]!.valueCoding?.code).toBe("nurse")
    expect(professions[2]).toEqual({ valueString: "看護補助者" })
  })

  it("names the exact questionnaire version, the status, and the author, source and subject when given", () => {
    for (const status of ["in-progress", "completed", "amended", "entered-in-error"] as const) {
      const { questionnaireResponse } = exported(
        template,
        { ...response(), status },
        {
          canonicalBase: "https://www.town.aikawa.kanagawa.jp/fhir/",
          author: { reference: "PractitionerRole/nakatsu", display: "中津 美咲" },
          source: { reference: "Organization/aikawa-houkan" },
          subject: { identifier: { system: "urn:example:pseudonym", value: "p-001" } },
        },
      )
      expect(questionnaireResponse).toMatchObject({
        status,
        // A standard template keeps Zaitaku's canonical whatever base the caller publishes under.
        questionnaire: "https://zaitaku.github.io/fhir/Questionnaire/training-application|1.0.0",
        authored: "2026-01-20T10:15:00+09:00",
        author: { reference: "PractitionerRole/nakatsu", display: "中津 美咲" },
        source: { reference: "Organization/aikawa-houkan" },
        subject: { identifier: { system: "urn:example:pseudonym", value: "p-001" } },
      })
      expect(fhir.errors("QuestionnaireResponse", questionnaireResponse)).toEqual([])
    }
  })

  it("a tenant's own form is named under the tenant's canonical base", () => {
    const own: FormDefinition = { ...template, id: "aikawa-training-application" }
    const { questionnaireResponse } = exported(
      own,
      {
        template: { id: own.id, version: own.version },
        status: "in-progress",
        answers: { office_name: "愛川町訪問看護ステーション" },
      },
      { canonicalBase: "https://www.town.aikawa.kanagawa.jp/fhir/" },
    )
    expect(questionnaireResponse.questionnaire).toBe(
      "https://www.town.aikawa.kanagawa.jp/fhir/Questionnaire/aikawa-training-application|1.0.0",
    )
    expect(toQuestionnaire(own, { canonicalBase: "https://www.town.aikawa.kanagawa.jp/fhir/" }).questionnaire.url).toBe(
      "https://www.town.aikawa.kanagawa.jp/fhir/Questionnaire/aikawa-training-application",
    )
  })

  it("writes date-times and times the way FHIR requires and reports an assumed time zone", () => {
    const form: FormDefinition = {
      id: "visit",
      version: "1.0.0",
      status: "draft",
      title: { ja: "訪問", en: "Visit" },
      items: [
        { linkId: "at", type: "dateTime", text: { ja: "日時", en: "When" } },
        { linkId: "zoned", type: "dateTime", text: { ja: "日時", en: "When" } },
        { linkId: "time", type: "time", text: { ja: "時刻", en: "Time" } },
      ],
    }
    const { questionnaireResponse, warnings } = exported(form, {
      template: { id: "visit", version: "1.0.0" },
      status: "completed",
      answers: { at: "2026-01-20T10:30", zoned: "2026-01-20T10:30:15Z", time: "07:30" },
    })
    expect(questionnaireResponse.item!.map((i) => i.answer![0])).toEqual([
      { valueDateTime: "2026-01-20T10:30:00+09:00" },
      { valueDateTime: "2026-01-20T10:30:15Z" },
      { valueTime: "07:30:00" },
    ])
    expect(warnings.map((w) => [w.code, w.path.join(".")])).toEqual([["time_zone_assumed", "answers.at"]])
    expect(fhir.errors("QuestionnaireResponse", questionnaireResponse)).toEqual([])
  })

  it("reports answers it cannot write, with their paths, instead of dropping them silently", () => {
    const { questionnaireResponse, warnings } = exported(template, {
      template: { id: template.id, version: template.version },
      status: "in-progress",
      answers: {
        office_name: 42,
        nickname: "x",
        notice: "read",
        applicants: [{ name: "山田 花子", profession: "astronaut", extra: 1 }],
      },
    })
    expect(warnings.map((w) => [w.code, w.path.join(".")])).toEqual([
      ["unknown_item", "answers.nickname"],
      ["invalid_answer", "answers.office_name"],
      ["unknown_item", "answers.applicants.0.extra"],
      ["not_in_code_list", "answers.applicants.0.profession"],
      ["not_answerable", "answers.notice"],
    ])
    for (const warning of warnings) {
      expect(warning.message.ja.length).toBeGreaterThan(0)
      expect(warning.message.en.length).toBeGreaterThan(0)
    }
    expect(questionnaireResponse.item!.map((i) => i.linkId)).toEqual(["applicants"])
  })

  it("refuses a response filled against another template or version", () => {
    const result = toQuestionnaireResponse(template, {
      template: { id: template.id, version: "2.0.0" },
      status: "completed",
      answers: {},
    })
    expect(Result.isFailure(result) && result.failure.issues.map((i) => i.code)).toEqual(["template_mismatch"])
    const malformed = toQuestionnaireResponse(template, { status: "done" })
    expect(Result.isFailure(malformed)).toBe(true)
  })
})

describe("a municipality's own form", () => {
  const base = "https://www.city.hachinohe.aomori.jp/fhir"
  const form: FormDefinition = {
    id: "hachinohe-visit-note",
    version: "2.1.0",
    status: "active",
    title: { ja: "訪問連絡票", en: "Visit note" },
    codeLists: [
      {
        id: "visit_kind",
        title: { ja: "訪問の種別", en: "Visit kind" },
        source: { title: "八戸市 訪問連絡票", grade: "official" },
        concepts: [
          { code: "regular", label: { ja: "定期", en: "Regular" } },
          { code: "urgent", label: { ja: "臨時", en: "Urgent" } },
        ],
      },
    ],
    items: [
      {
        linkId: "kind",
        type: "choice",
        text: { ja: "種別", en: "Kind" },
        answerCodeList: "visit_kind",
        required: true,
      },
      {
        linkId: "transfer",
        type: "choice",
        text: { ja: "移乗", en: "Transfer" },
        answerCodeList: "assistance_level",
        answerCodes: ["independent", "full_assistance"],
      },
    ],
  }

  it("codes answers from its own lists under its base, from narrowed standard lists under Zaitaku's", () => {
    const response = completed(form, { kind: "urgent", transfer: "full_assistance" })
    const { questionnaireResponse, warnings } = exported(form, response, { canonicalBase: base })
    expect(warnings).toEqual([])
    expect(questionnaireResponse.questionnaire).toBe(`${base}/Questionnaire/hachinohe-visit-note|2.1.0`)
    expect(questionnaireResponse.item!.map((i) => i.answer![0]!.valueCoding!.system)).toEqual([
      `${base}/CodeSystem/visit_kind`,
      "https://zaitaku.github.io/fhir/CodeSystem/assistance_level",
    ])
    checkAgainstQuestionnaire(questionnaireResponse, toQuestionnaire(form, { canonicalBase: base }).questionnaire)
    expect(fhir.errors("QuestionnaireResponse", questionnaireResponse)).toEqual([])
  })
})
