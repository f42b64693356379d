/**
 * 組み込みの入退院調整ルール (built-in rule sets): the national 介護報酬 timings for 居宅介護支援 (入院時情報連携加算 of the
 * 2018 and 2024 revisions, 退院・退所加算) and regional examples (豊肥圏域, 北多摩北部, 福井県), each with its effective
 * period and sources. They are data: a region copies one and edits it as its own version.
 *
 * Numbers that a source states are used as stated; where a source gives words only, the reading chosen is said in
 * the obligation's `note` and the source is graded `I`.
 *
 * @since 0.1.0
 */
import type * as z from "zod"
import { admissionInformationTemplate } from "./FormTemplates/AdmissionInformation.js"
import {
  careLevelGroups,
  type Rule,
  type RuleSet,
  type RuleSetInput,
  RuleSet as RuleSetSchema,
  type SourceReference,
} from "./RuleSet.js"

const careLevels = [...careLevelGroups.care]
const supportAndCare = [...careLevelGroups.support, ...careLevelGroups.care]

const kaigoCampus = {
  title: "入院時情報連携加算と退院・退所加算（kaigocampus）",
  url: "https://kaigocampus.com/",
  grade: "S",
} as const
const dayCounting = {
  title: "入院時情報連携加算 Q&A: 入院した当日が1日目（fukushi-net）",
  url: "https://fukushi-net.net/kyotaku-nyuuinnjijouhourenkeikasan",
  grade: "S",
} as const
const dischargeAddOn: ReadonlyArray<SourceReference> = [
  {
    title: "退院・退所加算 留意点（出雲市）",
    url: "https://www.city.izumo.shimane.jp/www/contents/1540947538244/index.html",
    grade: "O",
    note: "原則退院・退所前に情報を得るが、退院後7日以内に得た場合も算定可",
  },
  {
    title: "退院・退所加算（tricare）",
    url: "https://www.tricare.jp/knowledge/category4/category4_1/2527/",
    grade: "S",
  },
]

const admissionInfo = { ja: "入院時の情報提供（入院時情報連携加算）", en: "Information to the hospital at admission" }

/**
 * 入院時情報提供書 to the hospital: met by a sending of the forms module's template (`admission-information`) to the
 * case's hospital, or by a recorded contact (電話・訪問・FAX), as the 加算 accepts any means (ADR 0009).
 */
const admissionSheetToHospital = {
  kind: "send_form",
  templateId: admissionInformationTemplate.id,
  to: "hospital",
} as const

const dischargeRule: z.input<typeof Rule> = {
  id: "discharge-information",
  name: { ja: "退院・退所時の情報収集（退院・退所加算）", en: "Information at discharge (discharge add-on)" },
  trigger: "discharge",
  applicability: { careManager: "present", careLevels },
  obligations: [
    {
      id: "cm-obtains-discharge-information",
      name: {
        ja: "病院職員から退院に必要な情報を得る",
        en: "Obtain the information needed for discharge from hospital staff",
      },
      actor: "care_manager",
      action: { kind: "obtain_information", from: "hospital" },
      deadline: { kind: "calendar_days", days: 7, dayOne: "next_day" },
      acceptsEarlierEvidence: true,
      note: {
        ja: "原則は退院前。退院後7日以内は退院日の翌日を1日目として数える（民法第140条の初日不算入による解釈）",
        en: "Before discharge as a rule; the 7 days after discharge are counted from the day after (reading of Civil Code art. 140)",
      },
    },
  ],
}

/**
 * 介護報酬 2018 (平成30年度改定) for 居宅介護支援, in force 2018-04-01 … 2024-03-31: 入院時情報連携加算 (Ⅰ) within 3
 * days of admission, (Ⅱ) within 4–7 days, the admission day being day 1; 退院・退所加算 information before discharge or
 * within 7 days after.
 *
 * @since 0.1.0
 * @category rule sets
 * @example
 * ```ts
 * import { nationalCareFees2018 } from "@zaitaku/core"
 *
 * nationalCareFees2018.effective // { from: "2018-04-01", to: "2024-03-31" }
 * ```
 */
export const nationalCareFees2018: RuleSet = RuleSetSchema.parse({
  id: "jp-kaigo-houshu-kyotaku",
  name: {
    ja: "介護報酬（居宅介護支援）入退院時の連携",
    en: "Long-term-care fees (care management): admission and discharge",
  },
  version: "2018",
  effective: { from: "2018-04-01", to: "2024-03-31" },
  scope: { kind: "national" },
  sources: [
    { title: "入院時情報連携加算 2018–2024（清瀬市 2020; ANCHORS.md §3.4）", grade: "S" },
    dayCounting,
    kaigoCampus,
    ...dischargeAddOn,
  ],
  rules: [
    {
      id: "admission-information",
      name: admissionInfo,
      trigger: "admission",
      applicability: { careManager: "present", careLevels },
      obligations: [
        {
          id: "cm-informs-hospital",
          name: {
            ja: "病院へ利用者の必要な情報を提供する",
            en: "Give the hospital the information it needs about the patient",
          },
          actor: "care_manager",
          action: admissionSheetToHospital,
          deadline: { kind: "calendar_days", days: 3, dayOne: "trigger_day" },
          onTimeLabel: { ja: "入院時情報連携加算(Ⅰ)", en: "Admission information add-on (I)" },
          lateTiers: [
            {
              label: { ja: "入院時情報連携加算(Ⅱ)", en: "Admission information add-on (II)" },
              deadline: { kind: "calendar_days", days: 7, dayOne: "trigger_day" },
            },
          ],
        },
      ],
    },
    dischargeRule,
  ],
} satisfies RuleSetInput)

/**
 * 介護報酬 2024 (令和6年度改定) for 居宅介護支援, in force from 2024-04-01: 入院時情報連携加算 (Ⅰ) on the admission day
 * (the next day included after business hours or on a day off; information before admission counts), (Ⅱ) by the
 * day after next (the next day included when admitted after hours and that third day is not a business day);
 * 退院・退所加算 unchanged. The (Ⅱ) extension is quoted from a secondary source (REFERENCE.md §8 lists it as open).
 *
 * @since 0.1.0
 * @category rule sets
 * @example
 * ```ts
 * import { nationalCareFees2024 } from "@zaitaku/core"
 *
 * nationalCareFees2024.rules[0]?.obligations[0]?.deadline // { kind: "same_day_after_hours" }
 * ```
 */
export const nationalCareFees2024: RuleSet = RuleSetSchema.parse({
  id: "jp-kaigo-houshu-kyotaku",
  name: {
    ja: "介護報酬（居宅介護支援）入退院時の連携",
    en: "Long-term-care fees (care management): admission and discharge",
  },
  version: "2024",
  effective: { from: "2024-04-01", to: null },
  scope: { kind: "national" },
  sources: [
    {
      title: "【2024年法改定対応】入院時情報連携加算の算定要件（kaigo.intertrust.jp）",
      url: "https://kaigo.intertrust.jp/column/information_linkage_addition",
      grade: "S",
    },
    {
      title: "入院時情報連携加算(Ⅱ) 営業時間終了後の扱い（fukushi-net）",
      url: "https://fukushi-net.net/kyotaku-nyuuinnjijouhourenkeikasan",
      grade: "S",
      note: "「営業時間終了後に入院した場合であって、入院日から起算して3日目が営業日でない場合は、その翌日を含む」: not checked against the 告示",
    },
    dayCounting,
    kaigoCampus,
    ...dischargeAddOn,
  ],
  rules: [
    {
      id: "admission-information",
      name: admissionInfo,
      trigger: "admission",
      applicability: { careManager: "present", careLevels },
      obligations: [
        {
          id: "cm-informs-hospital",
          name: {
            ja: "病院へ利用者の必要な情報を提供する",
            en: "Give the hospital the information it needs about the patient",
          },
          actor: "care_manager",
          action: admissionSheetToHospital,
          deadline: { kind: "same_day_after_hours" },
          acceptsEarlierEvidence: true,
          onTimeLabel: { ja: "入院時情報連携加算(Ⅰ)", en: "Admission information add-on (I)" },
          lateTiers: [
            {
              label: { ja: "入院時情報連携加算(Ⅱ)", en: "Admission information add-on (II)" },
              deadline: { kind: "calendar_days", days: 3, dayOne: "trigger_day", afterHoursExtension: true },
            },
          ],
          note: {
            ja: "「翌日」は入院日の翌日（暦日）。事業所の営業日でなくても翌日まで",
            en: "'The next day' is the calendar day after admission, whether or not the office works that day",
          },
        },
      ],
    },
    dischargeRule,
  ],
} satisfies RuleSetInput)

/**
 * 豊肥圏域 (大分県 竹田市・豊後大野市)「入退院に伴う病院とケアマネジャーとの情報共有ルール」: at admission the hospital tells
 * the care manager and the care manager tells the hospital 「速やかに」 (= 概ね3日以内), and the care manager shares
 * information 「できるだけ早期に」 (= 概ね1週間以内). Start date not recorded.
 *
 * @since 0.1.0
 * @category rule sets
 * @example
 * ```ts
 * import { hohiRegionRules } from "@zaitaku/core"
 *
 * hohiRegionRules.scope // { kind: "regional", municipalities: ["442089", "442127"], prefectures: [] }
 * ```
 */
export const hohiRegionRules: RuleSet = RuleSetSchema.parse({
  id: "oita-hohi-nyutaiin",
  name: {
    ja: "入退院に伴う病院とケアマネジャーとの情報共有ルール（豊肥圏域版）",
    en: "Hohi area admission/discharge information-sharing rules",
  },
  version: "1",
  effective: { from: null, to: null },
  scope: { kind: "regional", municipalities: ["442089", "442127"] },
  sources: [
    {
      title: "入退院に伴う病院とケアマネジャーとの情報共有ルール ～豊肥圏域版～",
      url: "https://expydoc.com/doc/8750887/",
      grade: "O",
      note: "「速やかに」=概ね3日以内、「できるだけ早期に」=概ね1週間以内",
    },
  ],
  rules: [
    {
      id: "admission",
      name: { ja: "入院時", en: "At admission" },
      trigger: "admission",
      applicability: { careManager: "present", careLevels: supportAndCare },
      obligations: [
        {
          id: "hospital-contacts-cm",
          name: {
            ja: "病院がケアマネジャー又は事業所へ連絡する（速やかに）",
            en: "The hospital contacts the care manager (promptly)",
          },
          actor: "hospital",
          action: { kind: "contact", to: "care_manager" },
          deadline: { kind: "calendar_days", days: 3, dayOne: "next_day" },
        },
        {
          id: "cm-contacts-hospital",
          name: {
            ja: "ケアマネジャーが担当である旨を病院へ連絡する（速やかに）",
            en: "The care manager tells the hospital it is in charge (promptly)",
          },
          actor: "care_manager",
          action: { kind: "contact", to: "hospital" },
          deadline: { kind: "calendar_days", days: 3, dayOne: "next_day" },
        },
        {
          id: "cm-shares-information",
          name: {
            ja: "連携シート等で情報提供する（できるだけ早期に）",
            en: "The care manager shares information with the sheet (as early as possible)",
          },
          actor: "care_manager",
          action: { kind: "share_information", to: "hospital" },
          deadline: { kind: "calendar_days", days: 7, dayOne: "next_day" },
        },
      ],
    },
  ],
} satisfies RuleSetInput)

/**
 * 北多摩北部保健医療圏 (小平市・東村山市・清瀬市・東久留米市・西東京市)「ケアマネジャーからの地域連携情報シート」: the care manager
 * sends the 情報シート to the hospital as soon as possible, 遅くとも7日以内. Start date not recorded.
 *
 * @since 0.1.0
 * @category rule sets
 * @example
 * ```ts
 * import { kitaTamaHokubuRules } from "@zaitaku/core"
 *
 * kitaTamaHokubuRules.rules[0]?.obligations[0]?.action // { kind: "send_form", templateId: "kitatama-hokubu-renkei-jouhou-sheet", to: "hospital" }
 * ```
 */
export const kitaTamaHokubuRules: RuleSet = RuleSetSchema.parse({
  id: "tokyo-kitatama-hokubu-renkei-sheet",
  name: {
    ja: "ケアマネジャーからの地域連携情報シート（北多摩北部）",
    en: "Kita-Tama Hokubu care manager information sheet",
  },
  version: "1",
  effective: { from: null, to: null },
  scope: { kind: "regional", municipalities: ["132110", "132136", "132217", "132225", "132292"] },
  sources: [
    {
      title: "ケアマネジャーからの地域連携情報シート（西東京市）",
      url: "https://www.city.nishitokyo.lg.jp/kenko_hukusi/kaigo/jigyousyamuke_jyouhou/kyotakukaigoshienn/rennkeijyouhou-shi-to.html",
      grade: "O",
      note: "できる限り速やか（遅くとも7日以内）に医療機関へ送付",
    },
  ],
  rules: [
    {
      id: "admission",
      name: { ja: "入院時", en: "At admission" },
      trigger: "admission",
      applicability: { careManager: "present" },
      obligations: [
        {
          id: "cm-sends-sheet",
          name: {
            ja: "地域連携情報シートを医療機関へ送付する（遅くとも7日以内）",
            en: "Send the information sheet to the hospital (within 7 days)",
          },
          actor: "care_manager",
          action: { kind: "send_form", templateId: "kitatama-hokubu-renkei-jouhou-sheet", to: "hospital" },
          deadline: { kind: "calendar_days", days: 7, dayOne: "next_day" },
        },
      ],
    },
  ],
} satisfies RuleSetInput)

/**
 * 福井県「退院支援ルール」: flow A (the patient had a care manager before admission) and flow B (none). Discharge
 * support starts with about a week to prepare (退院準備期間 約1週間), read here as "7 days before the planned
 * discharge" for the start-of-support contact (A) and the 介護保険申請 support (B). Start date not recorded.
 *
 * @since 0.1.0
 * @category rule sets
 * @example
 * ```ts
 * import { fukuiDischargeSupportRules } from "@zaitaku/core"
 *
 * fukuiDischargeSupportRules.rules.map((rule) => rule.id) // ["a-admission", "a-discharge-planning", "b-discharge-planning"]
 * ```
 */
export const fukuiDischargeSupportRules: RuleSet = RuleSetSchema.parse({
  id: "fukui-taiin-shien",
  name: { ja: "退院支援ルール（福井県）", en: "Fukui discharge support rules" },
  version: "1",
  effective: { from: null, to: null },
  scope: { kind: "regional", prefectures: ["18"] },
  sources: [
    {
      title: "退院支援ルールフロー図（福井県）",
      url: "https://expydoc.com/doc/8754786/",
      grade: "O",
      note: "退院準備期間 ※約1週間",
    },
    { title: "「約1週間」を退院予定日の7日前と読む", grade: "I" },
  ],
  rules: [
    {
      id: "a-admission",
      name: { ja: "A 入院時の連絡", en: "A: at admission" },
      trigger: "admission",
      applicability: { careManager: "present", careLevels: supportAndCare },
      obligations: [
        {
          id: "hospital-contacts-cm",
          name: {
            ja: "病院がケアマネを確認し入院を連絡する",
            en: "The hospital confirms the care manager and reports the admission",
          },
          actor: "hospital",
          action: { kind: "contact", to: "care_manager" },
          deadline: { kind: "unspecified" },
        },
        {
          id: "cm-informs-hospital",
          name: { ja: "ケアマネが入院時情報を提供する", en: "The care manager gives admission information" },
          actor: "care_manager",
          action: { kind: "share_information", to: "hospital" },
          deadline: { kind: "unspecified" },
        },
      ],
    },
    {
      id: "a-discharge-planning",
      name: { ja: "A 退院支援開始の連絡", en: "A: start of discharge support" },
      trigger: "discharge_planning_started",
      applicability: { careManager: "present", careLevels: supportAndCare },
      obligations: [
        {
          id: "hospital-notifies-cm",
          name: {
            ja: "病院が退院支援開始をケアマネへ連絡する（退院準備期間 約1週間）",
            en: "The hospital tells the care manager discharge support has started (about a week ahead)",
          },
          actor: "hospital",
          action: { kind: "contact", to: "care_manager" },
          deadline: { kind: "before_planned_discharge", days: 7 },
        },
      ],
    },
    {
      id: "b-discharge-planning",
      name: { ja: "B 介護保険申請の支援", en: "B: support for the care insurance application" },
      trigger: "discharge_planning_started",
      applicability: { careManager: "absent" },
      obligations: [
        {
          id: "hospital-supports-application",
          name: {
            ja: "病院が介護保険申請を支援する（必要なら市町役場・包括へ相談するよう説明）",
            en: "The hospital supports the application for care insurance (referring to the town office or the community center)",
          },
          actor: "hospital",
          action: { kind: "support_care_insurance_application" },
          deadline: { kind: "before_planned_discharge", days: 7 },
        },
      ],
    },
  ],
} satisfies RuleSetInput)

/**
 * Every built-in rule set, national first.
 *
 * @since 0.1.0
 * @category rule sets
 * @example
 * ```ts
 * import { builtinRuleSets } from "@zaitaku/core"
 *
 * builtinRuleSets.map((set) => `${set.id}@${set.version}`)
 * ```
 */
export const builtinRuleSets: ReadonlyArray<RuleSet> = [
  nationalCareFees2018,
  nationalCareFees2024,
  hohiRegionRules,
  kitaTamaHokubuRules,
  fukuiDischargeSupportRules,
]
