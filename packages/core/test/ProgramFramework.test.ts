import {
  CareScene,
  CareScenes,
  CareThemes,
  careSceneLabels,
  fromZodError,
  ProgramItem,
  programFrameworkCodeLists,
  programItemLabels,
  programItemLetters,
} from "@zaitaku/core"
import { describe, expect, it } from "vitest"

describe("program framework", () => {
  it("has the eight program items ア〜ク, stored by name with their letters", () => {
    expect(ProgramItem.options).toHaveLength(8)
    expect(ProgramItem.options.map((item) => programItemLetters[item]).join("")).toBe("アイウエオカキク")
    expect(programItemLabels.issues_and_countermeasures.ja).toBe("在宅医療・介護連携の課題の抽出と対応策の検討")
  })

  it("has the four scenes in the guidance's order with its wording", () => {
    expect(CareScene.options.map((scene) => careSceneLabels[scene].ja)).toEqual([
      "日常の療養支援",
      "入退院支援",
      "急変時の対応",
      "看取り",
    ])
  })

  it("lets a record name several scenes but each only once, with a bilingual error", () => {
    expect(CareScenes.parse(["daily_care", "end_of_life"])).toEqual(["daily_care", "end_of_life"])
    const duplicate = CareScenes.safeParse(["emergency", "emergency"])
    expect(duplicate.success).toBe(false)
    const error = fromZodError("scenes", duplicate.error!)
    expect(error.issues[0]?.message).toEqual({ ja: "同じ場面が重複しています", en: "Each scene may be listed once" })
    expect(CareThemes.safeParse(["dementia", "dementia"]).success).toBe(false)
  })

  it("publishes the framework as sourced code lists and marks the themes unconfirmed", () => {
    const byId = Object.fromEntries(programFrameworkCodeLists.map((list) => [list.id, list]))
    expect(byId.care_scene?.source.grade).toBe("official")
    expect(byId.care_theme?.source.grade).toBe("inference")
    expect(byId.care_theme?.unconfirmed).toBeDefined()
    expect(byId.program_item?.concepts).toHaveLength(8)
  })
})
