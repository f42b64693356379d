/**
 * 事業の枠組み (the program's framework): the eight 事業項目 (ア)〜(ク) of 在宅医療・介護連携推進事業, the four care
 * scenes (4つの場面) its PDCA cycle is organised around, and the cross-cutting themes (認知症, 感染症・災害時).
 *
 * Every activity, issue, countermeasure, goal and indicator names the scenes it serves. The guidance says the
 * scenes overlap ("双方が重なり合っていることも少なくない"), so every such field is a list, never a single scene.
 * Sources and evidence grades: `shared/domain/REFERENCE.md` §1.2–1.3.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import type { CodeList, SourceCitation } from "./CodeList.js"
import { codeListFromLabels, codesOf } from "./internal/codeLists.js"
import type { LocalizedText } from "./Label.js"

// ---------------------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------------------

const mhlwScenes: SourceCitation = {
  id: "mhlw-guidance-v3-scenes",
  title:
    "厚生労働省 令和6年度同時報酬改定に向けた意見交換会（第1回）資料-3参考1 p.59「第2章 市町村における事業の進め方」の要旨（在宅医療・介護連携推進事業の手引き Ver.3）",
  url: "https://wic-net.com/material/document/8383/59",
  grade: "official",
  note: "Read through the wic-net.com page mirror (OCR); original at https://www.mhlw.go.jp/stf/shingi2/0000162533_00001.html",
}

const kurayoshiItems: SourceCitation = {
  id: "kurayoshi-program-items",
  title: "倉吉市 在宅医療・介護連携推進事業（事業項目 ア〜ク）",
  url: "https://www.city.kurayoshi.lg.jp/2872.htm",
  grade: "official",
  note: "The items are set by 省令; their order differs between sources, so they are stored by letter, not by position.",
}

const themesSource: SourceCitation = {
  id: "zaitaku-cross-cutting-themes",
  title: "Zaitaku architecture: 認知症 and 感染症・災害時 as cross-cutting themes of the four scenes",
  grade: "inference",
  note: "Seed document 004 lists 認知症ケアパスを活用した支援 under 日常の療養支援; the 手引き Ver.4 (令和7年3月) text on themes is not confirmed (REFERENCE.md §8).",
}

// ---------------------------------------------------------------------------------------------------------------
// 事業項目
// ---------------------------------------------------------------------------------------------------------------

/**
 * Japanese and English labels of each {@link ProgramItem} (the wording of 倉吉市's page), in the order of the
 * letters ア〜ク; {@link programItemLetters} gives each letter.
 *
 * @since 0.1.0
 * @category program items
 * @example
 * ```ts
 * import { programItemLabels } from "@zaitaku/core"
 *
 * programItemLabels.consultation.ja // "在宅医療・介護連携に関する相談支援"
 * ```
 */
export const programItemLabels = {
  resource_inventory: { ja: "地域の医療・介護の資源の把握", en: "Inventory of local medical and care resources" },
  issues_and_countermeasures: {
    ja: "在宅医療・介護連携の課題の抽出と対応策の検討",
    en: "Identifying coordination issues and considering countermeasures",
  },
  seamless_provision: {
    ja: "切れ目のない在宅医療と介護の提供体制の構築推進",
    en: "Building seamless provision of home medical care and long-term care",
  },
  information_sharing: {
    ja: "医療・介護関係者の情報共有の支援",
    en: "Supporting information sharing among medical and care professionals",
  },
  consultation: {
    ja: "在宅医療・介護連携に関する相談支援",
    en: "Consultation support on home medical and care coordination",
  },
  training: { ja: "医療・介護関係者の研修", en: "Training for medical and care professionals" },
  public_awareness: { ja: "地域住民への普及啓発", en: "Raising awareness among local residents" },
  municipal_partnership: {
    ja: "在宅医療・介護連携に関する関係市区町村の連携",
    en: "Partnership with related municipalities",
  },
} as const satisfies Record<string, LocalizedText>

/**
 * 事業項目 (program item) (ア)〜(ク) of 在宅医療・介護連携推進事業, by a stable name rather than by position.
 *
 * @since 0.1.0
 * @category program items
 * @example
 * ```ts
 * import { ProgramItem } from "@zaitaku/core"
 *
 * ProgramItem.parse("training") // （カ）医療・介護関係者の研修
 * ```
 */
export const ProgramItem = z.enum(codesOf(programItemLabels))
/** @since 0.1.0 @category program items */
export type ProgramItem = z.infer<typeof ProgramItem>

/**
 * The letter (ア〜ク) of each {@link ProgramItem}.
 *
 * @since 0.1.0
 * @category program items
 * @example
 * ```ts
 * import { programItemLetters } from "@zaitaku/core"
 *
 * programItemLetters.public_awareness // "キ"
 * ```
 */
export const programItemLetters: Readonly<Record<ProgramItem, string>> = {
  resource_inventory: "ア",
  issues_and_countermeasures: "イ",
  seamless_provision: "ウ",
  information_sharing: "エ",
  consultation: "オ",
  training: "カ",
  public_awareness: "キ",
  municipal_partnership: "ク",
}

// ---------------------------------------------------------------------------------------------------------------
// 4つの場面
// ---------------------------------------------------------------------------------------------------------------

/**
 * Japanese and English labels of each {@link CareScene}, in the order the guidance lists them.
 *
 * @since 0.1.0
 * @category scenes
 * @example
 * ```ts
 * import { careSceneLabels } from "@zaitaku/core"
 *
 * careSceneLabels.end_of_life.ja // "看取り"
 * ```
 */
export const careSceneLabels = {
  daily_care: { ja: "日常の療養支援", en: "Daily care support" },
  admission_discharge: { ja: "入退院支援", en: "Admission and discharge support" },
  emergency: { ja: "急変時の対応", en: "Response to sudden deterioration" },
  end_of_life: { ja: "看取り", en: "End-of-life care" },
} as const satisfies Record<string, LocalizedText>

/**
 * 場面 (care scene): one of the 4つの場面 shared by medical and long-term care — 日常の療養支援, 入退院支援,
 * 急変時の対応, 看取り.
 *
 * @since 0.1.0
 * @category scenes
 * @example
 * ```ts
 * import { CareScene } from "@zaitaku/core"
 *
 * CareScene.options // ["daily_care", "admission_discharge", "emergency", "end_of_life"]
 * ```
 */
export const CareScene = z.enum(codesOf(careSceneLabels))
/** @since 0.1.0 @category scenes */
export type CareScene = z.infer<typeof CareScene>

/**
 * Japanese and English labels of each {@link CareTheme}.
 *
 * @since 0.1.0
 * @category scenes
 * @example
 * ```ts
 * import { careThemeLabels } from "@zaitaku/core"
 *
 * careThemeLabels.infection_disaster.ja // "感染症・災害時"
 * ```
 */
export const careThemeLabels = {
  dementia: { ja: "認知症", en: "Dementia" },
  infection_disaster: { ja: "感染症・災害時", en: "Infectious disease and disasters" },
} as const satisfies Record<string, LocalizedText>

/**
 * テーマ (cross-cutting theme) that a plan can add to the four scenes: 認知症, 感染症・災害時.
 *
 * @since 0.1.0
 * @category scenes
 * @example
 * ```ts
 * import { CareTheme } from "@zaitaku/core"
 *
 * CareTheme.parse("dementia")
 * ```
 */
export const CareTheme = z.enum(codesOf(careThemeLabels))
/** @since 0.1.0 @category scenes */
export type CareTheme = z.infer<typeof CareTheme>

/**
 * 場面のリスト (list of scenes): distinct scenes, in any order. Duplicates are rejected with a bilingual message.
 *
 * @since 0.1.0
 * @category scenes
 * @example
 * ```ts
 * import { CareScenes } from "@zaitaku/core"
 *
 * CareScenes.parse(["admission_discharge", "daily_care"])
 * CareScenes.safeParse(["emergency", "emergency"]).success // false
 * ```
 */
export const CareScenes = z.array(CareScene).refine((scenes) => new Set(scenes).size === scenes.length, {
  message: "Each scene may be listed once",
  params: { ja: "同じ場面が重複しています", code: "duplicate" },
})

/**
 * テーマのリスト (list of themes): distinct themes.
 *
 * @since 0.1.0
 * @category scenes
 * @example
 * ```ts
 * import { CareThemes } from "@zaitaku/core"
 *
 * CareThemes.parse(["dementia"])
 * ```
 */
export const CareThemes = z.array(CareTheme).refine((themes) => new Set(themes).size === themes.length, {
  message: "Each theme may be listed once",
  params: { ja: "同じテーマが重複しています", code: "duplicate" },
})

// ---------------------------------------------------------------------------------------------------------------
// Code lists
// ---------------------------------------------------------------------------------------------------------------

/**
 * The program's framework as code lists with sources: `program_item` (ア〜ク), `care_scene` (4つの場面) and
 * `care_theme` (the themes, whose status in the guidance is unconfirmed).
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { programFrameworkCodeLists } from "@zaitaku/core"
 *
 * programFrameworkCodeLists.map((list) => list.id) // ["program_item", "care_scene", "care_theme"]
 * ```
 */
export const programFrameworkCodeLists: ReadonlyArray<CodeList> = [
  codeListFromLabels("program_item", { ja: "事業項目", en: "Program item" }, kurayoshiItems, programItemLabels),
  codeListFromLabels("care_scene", { ja: "4つの場面", en: "Care scene" }, mhlwScenes, careSceneLabels),
  codeListFromLabels("care_theme", { ja: "テーマ", en: "Cross-cutting theme" }, themesSource, careThemeLabels, {
    unconfirmed:
      "The two themes follow Zaitaku's architecture; whether the 手引き Ver.4 names them so is not confirmed.",
  }),
]
