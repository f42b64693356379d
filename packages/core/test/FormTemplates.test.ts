import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { answerConceptsOf, checkFormDefinition, FormDefinition, type FormItem } from "../src/FormDefinition.js"
import { newFormResponse } from "../src/FormResponse.js"
import { findFormTemplate, formTemplates } from "../src/FormTemplates.js"
import { validateFormResponse } from "../src/FormValidation.js"
import { type FormVariant, resolveFormVariant, selectFormVersion } from "../src/FormVariant.js"
import { exampleToday, filledExamples } from "./fixtures/formResponses.js"

const template = (id: string): FormDefinition => findFormTemplate(id)!

const walk = (
  items: ReadonlyArray<FormItem>,
  trail: ReadonlyArray<string> = [],
): Array<{ item: FormItem; trail: ReadonlyArray<string> }> =>
  items.flatMap((item) => {
    const here = [...trail, `${item.prefix === undefined ? "" : `${item.prefix} `}${item.text.ja}`]
    return [{ item, trail: here }, ...walk(item.items ?? [], here)]
  })

/** The item tree as a person reads it: section path, required mark, and the choices offered. */
const outline = (definition: FormDefinition): ReadonlyArray<string> =>
  walk(definition.items).map(({ item, trail }) => {
    const concepts = answerConceptsOf(definition, item)
    const required = item.required === true ? " *" : ""
    const repeats = item.repeats === true ? " (繰り返し)" : ""
    const choices = concepts === undefined ? "" : ` [${concepts.map((c) => c.label.ja).join("／")}]`
    return `${trail.join(" > ")}${required}${repeats}${choices}`
  })

const requiredIds = (definition: FormDefinition): ReadonlyArray<string> =>
  walk(definition.items)
    .filter(({ item }) => item.required === true)
    .map(({ item }) => item.linkId)

const respond = (definition: FormDefinition, answers: Record<string, unknown>) =>
  validateFormResponse(
    definition,
    { ...newFormResponse(definition), status: "completed", answers },
    { today: exampleToday },
  )

describe("the standard templates", () => {
  it("are the six sheets, active, each a valid definition with a unique id", () => {
    expect(formTemplates.map((t) => t.id)).toEqual([
      "admission-information",
      "discharge-information",
      "doctor-care-manager-contact",
      "care-information-sharing",
      "emergency-medical-information-kit",
      "training-application",
    ])
    for (const definition of formTemplates) {
      const parsed = FormDefinition.safeParse(definition)
      expect(parsed.success, `${definition.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
      expect(checkFormDefinition(definition)).toEqual([])
      expect(definition.status).toBe("active")
      expect(selectFormVersion(formTemplates, definition.id, exampleToday)).toBe(definition)
    }
  })

  it("say where each item's wording comes from, or flag it as unconfirmed", () => {
    for (const definition of formTemplates) {
      const official = new Set((definition.sources ?? []).filter((s) => s.grade === "official").map((s) => s.id))
      for (const { item } of walk(definition.items)) {
        const sourced = item.source !== undefined && official.has(item.source)
        expect(sourced || item.unconfirmed !== undefined, `${definition.id} › ${item.linkId}`).toBe(true)
      }
    }
  })

  it("入院時情報提供書: section 7 carries the MHLW items and value sets verbatim (REFERENCE.md §3.1)", () => {
    const lines = outline(template("admission-information"))
    const s7 = "7. 身体・生活機能の状況／療養生活上の課題について"
    const adl = "自立／見守り／一部介助／全介助"
    expect(lines).toEqual(
      expect.arrayContaining([
        `${s7} > 麻痺の状況 [なし／軽度／中度／重度]`,
        `${s7} > 褥瘡の有無 [なし／あり]`,
        ...["移動", "移乗", "更衣", "起居動作", "整容", "入浴", "食事"].map(
          (label) => `${s7} > ADL > ${label} [${adl}]`,
        ),
        `${s7} > ADL > 移動（室内） [杖／歩行器／車いす／その他]`,
        `${s7} > ADL > 移動（屋外） [杖／歩行器／車いす／その他]`,
        `${s7} > 食事内容 > 食事回数`,
        `${s7} > 食事内容 > 食事制限 [あり／なし／不明]`,
        `${s7} > 食事内容 > 食事形態 [普通／きざみ／嚥下障害食／ミキサー]`,
        `${s7} > 食事内容 > 摂取方法 [経口／経管栄養]`,
        `${s7} > 食事内容 > 水分とろみ [なし／あり]`,
        `${s7} > 食事内容 > 水分制限 [あり／なし／不明]`,
        `${s7} > 口腔 > 嚥下機能 [むせない／時々むせる／常にむせる]`,
        `${s7} > 口腔 > 義歯 [なし／あり（部分）／あり（総）]`,
        `${s7} > 口腔 > 口腔清潔 [良／不良／著しく不良]`,
        `${s7} > 口腔 > 口臭 [なし／あり]`,
        `${s7} > 排泄 > 排尿 [${adl}]`,
        `${s7} > 排泄 > 排便 [${adl}]`,
        `${s7} > 排泄 > ポータブルトイレ [なし／夜間／常時]`,
        "1. 利用者（患者）基本情報 > 入院日 *",
        "1. 利用者（患者）基本情報 > 虐待の可能性の有無 [なし／あり]",
        "家屋状況 > 住居の種類 [戸建て／集合住宅]",
      ]),
    )
    expect(requiredIds(template("admission-information"))).toEqual([
      "provision",
      "provided_on",
      "hospital_name",
      "care_office_name",
      "care_manager_name",
      "basic",
      "name",
      "birth_date",
      "admission_date",
      "contact_name",
    ])
  })

  it("退院・退所情報記録書: the 診療情報提供書（退院時） and 退院調整共有情報シート items (REFERENCE.md §3.2)", () => {
    const lines = outline(template("discharge-information"))
    expect(lines).toEqual(
      expect.arrayContaining([
        "1. 患者の病状、経過等 > (1) 診断名（生活機能低下の直接の原因となっている傷病名又は特定疾病）及び発症年月日 > 診断名 *",
        "1. 患者の病状、経過等 > (4) 日常生活の自立度 > 障害高齢者の日常生活自立度 [自立／J1／J2／A1／A2／B1／B2／C1／C2]",
        "1. 患者の病状、経過等 > (4) 日常生活の自立度 > 認知症高齢者の日常生活自立度 [自立／Ⅰ／Ⅱa／Ⅱb／Ⅲa／Ⅲb／Ⅳ／M]",
        "1. 患者の病状、経過等 > (5) 栄養・口腔 > 摂食方法 [経口／経管栄養／静脈栄養]",
        "介護認定 > 介護認定の状況 [無／未申請／申請中／区分変更／有]",
        "ADL > 移乗方法 [自立／見守り／一部介助／全介助]",
        "食事 > 食事 [普通食／治療食／経管栄養／禁食]",
        "希望する福祉サービス > 希望する福祉サービス [訪問介護／通所リハ／訪問看護／短期入所／訪問入浴／訪問リハ／通所介護／訪問診療（かかりつけ医）／宅配食／ベッド／エアーマット／車いす／ポータブルトイレ／その他介護用品]",
      ]),
    )
    const diagnoses = walk(template("discharge-information").items).find(
      ({ item }) => item.linkId === "diagnoses",
    )!.item
    expect(diagnoses.maxOccurs).toBe(3)
  })

  it("医師とケアマネジャーの連絡票: the eight 照会目的 and a reply section (REFERENCE.md §3.4)", () => {
    const contact = template("doctor-care-manager-contact")
    const purposes = walk(contact.items).find(({ item }) => item.linkId === "enquiry_purposes")!.item
    expect(answerConceptsOf(contact, purposes)!.map((c) => c.label.ja)).toHaveLength(8)
    expect(answerConceptsOf(contact, purposes)![6]!.label.ja).toBe("担当ケアマネジャーになった挨拶")
    expect(contact.replyItem).toBe("reply")
    expect(outline(contact)).toEqual(expect.arrayContaining(["返信欄 > 返信日 *", "返信欄 > 回答・意見 *"]))
  })

  it("多職種連携シート: the common items of the regional sheets (REFERENCE.md §3.3)", () => {
    const lines = outline(template("care-information-sharing"))
    expect(lines).toEqual(
      expect.arrayContaining([
        "家族構成 > 代理意思決定者",
        "家族構成 > 問題点 [独居／日中独居／老々世帯／経済事情／介護負担／家族関係／本人の理解力／家族の理解力]",
        "医療保険・経済状況 > 医療保険 自己負担割合 [なし／1割／2割／3割]",
        "医療 > 急変時の受入確認（バックベッド） [なし／あり]",
        "連携事業所 > 種別 * [訪問看護／薬剤師／ケアマネジャー／訪問介護／通所・訪問リハ／MSW／デイ／ショート／福祉用具]",
      ]),
    )
  })

  it("救急医療情報キット: the contents municipalities agree on (REFERENCE.md §3.5)", () => {
    const labels = walk(template("emergency-medical-information-kit").items).map(({ item }) => item.text.ja)
    for (const label of [
      "記入日",
      "氏名",
      "生年月日",
      "持病",
      "かかりつけ医療機関",
      "服薬情報",
      "緊急連絡先",
      "血液型",
      "本人の写真",
      "診察券のコピー",
    ]) {
      expect(labels).toContain(label)
    }
    expect(requiredIds(template("emergency-medical-information-kit"))).toEqual([
      "filled_on",
      "person",
      "name",
      "birth_date",
      "clinic_name",
      "emergency_contacts",
      "contact_name",
      "contact_phone",
    ])
  })

  it("研修申込書: the items of the 愛川町 申込書, with repeating applicants (seed document 002)", () => {
    expect(outline(template("training-application"))).toEqual(
      expect.arrayContaining([
        "事業所名 *",
        "連絡先 > 事業所連絡担当者 *",
        "連絡先 > 事業所メールアドレス *",
        "連絡先 > 事業所電話番号 *",
        "申込者 > 氏名 *",
        "申込者 > ふりがな *",
        "申込者 > メールアドレス *",
        "質問事項 > 聞いてみたい職種 [医師／歯科医師／薬剤師／看護職／介護職／リハ職／その他]",
        "質問事項 > 聞いてみたい内容",
      ]),
    )
  })
})

describe("filled examples", () => {
  it.each(formTemplates.map((t) => [t.id, t] as const))(
    "%s: a realistic response validates and keeps every answer",
    (id, definition) => {
      const answers = filledExamples[id]!
      const result = respond(definition, answers)
      expect(result.issues).toEqual([])
      expect(result.dropped).toEqual([])
      for (const key of Object.keys(answers)) expect(result.answers).toHaveProperty(key)
    },
  )

  it("fill in the calculated values: age on the date provided, BMI", () => {
    const admission = respond(template("admission-information"), filledExamples["admission-information"]!)
    expect((admission.answers.basic as Record<string, unknown>).age).toBe(85)
    const discharge = respond(template("discharge-information"), filledExamples["discharge-information"]!)
    expect((discharge.answers.body as Record<string, unknown>).bmi).toBe(19.2)
    expect((discharge.answers.patient as Record<string, unknown>).age).toBe(89)
  })

  it("report what a careless sheet gets wrong, at the right place", () => {
    const example = filledExamples["discharge-information"]! as Record<string, Record<string, unknown>>
    const result = respond(template("discharge-information"), {
      ...example,
      patient: { ...example.patient, discharge_date: "2025-12-01", birth_date: "2027-01-01" },
      body: { height_cm: 1485, weight_kg: 42.35 },
      certification: { certification_status: "certified", application_date: "2026-01-10" },
    })
    expect(result.issues.map((i) => [i.path.join("."), i.code])).toEqual([
      ["answers.patient.birth_date", "date_too_late"],
      ["answers.patient.discharge_date", "constraint"],
      ["answers.body.height_cm", "too_big"],
      ["answers.body.weight_kg", "decimal_places"],
    ])
    expect(result.dropped.map((d) => d.path.join("."))).toEqual(["answers.certification.application_date"])
  })

  it("研修申込書: an applicant marked 同上 gives no email; one who gives one anyway has it dropped, not kept", () => {
    const example = filledExamples["training-application"]! as Record<string, unknown>
    const applicants = [
      {
        name: "半原 健",
        kana: "はんばら けん",
        email_same_as_contact: true,
        email: "hanbara@example.jp",
        profession: "physical_therapist",
      },
      { name: "田代 恵", kana: "たしろ めぐみ", profession: "nurse" },
    ]
    const result = respond(template("training-application"), { ...example, applicants })
    expect(result.issues.map((i) => [i.path.join("."), i.code])).toEqual([["answers.applicants.1.email", "required"]])
    expect(result.dropped.map((d) => d.path.join("."))).toEqual(["answers.applicants.0.email"])
  })
})

describe("a regional variant of the 入院時情報提供書", () => {
  const base = template("admission-information")
  const variant: FormVariant = {
    id: "admission-information.atsugi-area",
    version: "1.0.0",
    status: "active",
    title: { ja: "入院時情報提供書（厚木医師会管内）", en: "Admission information sheet (Atsugi area)" },
    base: { id: base.id, version: base.version },
    sources: [
      {
        id: "atsugi-common-form-2",
        title: "厚木市・愛川町・清川村 共通書式2（入院時に必要な情報）",
        url: "https://www.city.atsugi.kanagawa.jp/iryo_fukushi/kaigohoken/4/6/19945.html",
        grade: "official",
      },
    ],
    changes: [
      {
        op: "add",
        parent: "basic",
        after: "phone",
        item: {
          linkId: "allergies",
          type: "text",
          text: { ja: "アレルギー", en: "Allergies" },
          required: true,
          source: "atsugi-common-form-2",
        },
      },
      {
        op: "add",
        parent: "function",
        item: { linkId: "sleep", type: "text", text: { ja: "睡眠", en: "Sleep" }, source: "atsugi-common-form-2" },
      },
      { op: "hide", linkId: "udf_category" },
    ],
  }

  it("derives from the base, validates responses against its own items, and responses record its version", () => {
    const resolved = resolveFormVariant(base, variant)
    if (Result.isFailure(resolved)) throw new Error(resolved.failure.message)
    const form = resolved.success
    expect(form.derivedFrom).toEqual({ id: "admission-information", version: "1.0.0" })

    const example = filledExamples["admission-information"]! as Record<string, Record<string, unknown>>
    const meals = (example.function!.meals ?? {}) as Record<string, unknown>
    const { udf_category: _hidden, ...mealsWithoutUdf } = meals
    const answers = {
      ...example,
      basic: { ...example.basic, allergies: "ペニシリン" },
      function: { ...example.function, meals: mealsWithoutUdf, sleep: "夜間2回トイレで起きる" },
    }
    const response = { ...newFormResponse(form), status: "completed" as const, answers }
    expect(response.template).toEqual({ id: "admission-information.atsugi-area", version: "1.0.0" })
    expect(validateFormResponse(form, response, { today: exampleToday }).issues).toEqual([])

    // The base does not know the added items; the variant no longer has the hidden one and requires allergies.
    expect(validateFormResponse(base, response, { today: exampleToday }).issues.map((i) => i.code)).toEqual([
      "template_mismatch",
    ])
    const withHidden = {
      ...answers,
      basic: { ...example.basic },
      function: { ...answers.function, meals },
    }
    expect(
      validateFormResponse(form, { ...response, answers: withHidden }, { today: exampleToday }).issues.map((i) => [
        i.path.join("."),
        i.code,
      ]),
    ).toEqual([
      ["answers.basic.allergies", "required"],
      ["answers.function.meals.udf_category", "unknown_item"],
    ])
  })
})

describe("documentation examples", () => {
  it("validateFormResponse's example reports the paths it shows", () => {
    const form = template("training-application")
    const result = validateFormResponse(
      form,
      {
        template: { id: form.id, version: form.version },
        status: "completed",
        answers: { office_name: "愛川町訪問看護ステーション", applicants: [{ name: "山田 花子", email: "yamada@" }] },
      },
      { today: "2026-01-10" },
    )
    expect(result.issues.map((issue) => issue.path.join("."))).toEqual([
      "answers.contact",
      "answers.applicants.0.kana",
      "answers.applicants.0.email",
      "answers.applicants.0.profession",
    ])
  })
})
