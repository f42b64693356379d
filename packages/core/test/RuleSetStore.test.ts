import { describe, expect, it } from "vitest"
import {
  checkNewRuleSet,
  findFormTemplate,
  hohiRegionRules,
  kitaTamaHokubuRules,
  nationalCareFees2024,
  type RuleSet,
  unknownTemplateIssues,
} from "../src/index.js"

const version = (v: string, from: string | null, to: string | null): RuleSet => ({
  ...hohiRegionRules,
  id: "hachinohe-nyutaiin",
  version: v,
  effective: { from, to },
})

const outcome = (set: RuleSet, existing: ReadonlyArray<RuleSet>) => {
  const refused = checkNewRuleSet(set, existing)
  if (refused === undefined) return "ok"
  return refused._tag === "Conflict"
    ? `Conflict:${refused.reason}${refused.state === undefined ? "" : `:${refused.state}`}`
    : refused.issues.map((i) => `${i.path.join(".")}:${i.code}`).join(",")
}

describe("a new version of a tenant's rule set", () => {
  const first = version("2024", "2024-04-01", "2025-03-31")

  it("may start the day after the previous one ends, but not on its last day", () => {
    expect(outcome(version("2025", "2025-04-01", null), [first])).toBe("ok")
    expect(outcome(version("2025", "2025-03-31", null), [first])).toBe("effective:overlapping_version")
  })

  it("overlaps an open-ended version, and one whose start is not recorded", () => {
    const open = version("2025", "2025-04-01", null)
    expect(outcome(version("2030", "2030-04-01", null), [first, open])).toBe("effective:overlapping_version")
    expect(outcome(version("old", null, "2024-03-31"), [first])).toBe("ok")
    expect(outcome(version("old", null, "2024-04-01"), [first])).toBe("effective:overlapping_version")
  })

  it("is never a second copy of an existing version, and never a built-in id", () => {
    expect(outcome(version("2024", "2030-01-01", null), [first])).toBe("Conflict:already_exists")
    expect(outcome({ ...nationalCareFees2024, version: "2027" }, [])).toBe("Conflict:state:builtin")
    // other ids do not count
    expect(outcome(version("2024", "2024-04-01", null), [{ ...first, id: "another" }])).toBe("ok")
  })
})

describe("the forms a rule set names", () => {
  const known = (id: string) => findFormTemplate(id) !== undefined

  it("must be forms of the forms module: the 2024 national rule's is, 北多摩北部's regional sheet is not (yet)", () => {
    expect(unknownTemplateIssues(nationalCareFees2024, known)).toEqual([])
    expect(unknownTemplateIssues(kitaTamaHokubuRules, known).map((i) => `${i.path.join(".")}:${i.code}`)).toEqual([
      "rules.0.obligations.0.action.templateId:unknown_form",
    ])
    expect(unknownTemplateIssues(kitaTamaHokubuRules, (id) => id === "kitatama-hokubu-renkei-jouhou-sheet")).toEqual([])
  })
})
