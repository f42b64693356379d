import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  applyCaseWrite,
  builtinRuleSets,
  type Case,
  CaseId,
  deadlineBoard,
  evaluateCase,
  makeHolidayCalendar,
  NewCase,
  prepareCase,
  ResourceId,
  TenantId,
  transitionOf,
} from "../src/index.js"

const calendar = Result.getOrThrow(
  makeHolidayCalendar({
    source: "test",
    coverage: { start: "2024-06-01", end: "2024-09-30" },
    holidays: [{ date: "2024-07-15", name: { ja: "海の日", en: "Marine Day" }, kind: "national_holiday" }],
  }),
)
const hospital = ResourceId.parse("0192f5a0-0000-7000-8000-00000000a001")
const office = ResourceId.parse("0192f5a0-0000-7000-8000-00000000c001")
const otherOffice = ResourceId.parse("0192f5a0-0000-7000-8000-00000000c002")
const by = { kind: "api_key" as const, id: "k" }

let serial = 0
const admitted = (at: string, careManager: ResourceId, evidenceAt?: string): Case => {
  serial += 1
  const c = Result.getOrThrow(
    prepareCase(
      NewCase.parse({
        patient: `p-${serial}`,
        patientMunicipality: "022039",
        parties: { hospital: { id: hospital, municipality: "022039" }, care_manager: { id: careManager } },
        careLevel: "care_1",
        ageBand: "65_and_over",
        events: [{ type: "admission", at }],
      }),
      {
        id: CaseId.parse(`0192f5a0-0000-7000-8000-${serial.toString().padStart(12, "0")}`),
        tenantId: TenantId.parse("0192f5a0-0000-7000-8000-0000000000aa"),
        at: new Date("2024-07-20T00:00:00+09:00"),
        by,
        eventIds: [`adm-${serial}`],
      },
    ),
  )
  if (evidenceAt === undefined) return c
  const written = Result.getOrThrow(
    applyCaseWrite(
      c,
      {
        kind: "record_evidence",
        id: `x-${serial}`,
        evidence: { kind: "contact", at: evidenceAt, from: "care_manager", to: "hospital" },
      },
      { at: new Date("2024-07-20T00:00:00+09:00"), by },
    ),
  )
  return written!.case
}

describe("the deadline board of a care-management office", () => {
  // under the 2024 national rule, the care manager informs the hospital on the day of admission (the next day when
  // admitted after 17:30, the default closing time)
  const cases = [
    admitted("2024-07-08T10:00:00+09:00", office), // due 07-08: overdue on 07-10
    admitted("2024-07-09T10:00:00+09:00", office, "2024-07-09T15:00:00+09:00"), // met: not on the board
    admitted("2024-07-10T10:00:00+09:00", office), // due 07-10: due today
    admitted("2024-07-10T19:00:00+09:00", office), // after hours: due 07-11, tomorrow
    admitted("2024-07-05T10:00:00+09:00", office), // due 07-05: overdue longest
    admitted("2024-07-10T10:00:00+09:00", otherOffice), // another office's
  ]
  const now = "2024-07-10T20:00:00+09:00"
  const evaluated = cases.map((c) => ({
    case: c,
    evaluation: Result.getOrThrow(evaluateCase(c, builtinRuleSets, calendar, now)),
  }))
  const board = deadlineBoard(evaluated, { organisation: office, today: "2024-07-10", dueSoonDays: 0 })

  it("lists the office's overdue obligations, longest overdue first, and its upcoming ones, soonest first", () => {
    expect(board.overdue.map((item) => [item.caseId, item.obligation.dueDate, item.daysUntilDue])).toEqual([
      [cases[4]!.id, "2024-07-05", -5],
      [cases[0]!.id, "2024-07-08", -2],
    ])
    expect(board.upcoming.map((item) => [item.caseId, item.obligation.dueDate, item.dueSoon])).toEqual([
      [cases[2]!.id, "2024-07-10", true],
      [cases[3]!.id, "2024-07-11", false],
    ])
    expect(board.overdue.every((item) => item.obligation.actor === "care_manager")).toBe(true)
  })

  it("widens 'due soon' with the warning window", () => {
    const wider = deadlineBoard(evaluated, { organisation: office, today: "2024-07-10", dueSoonDays: 1 })
    expect(wider.upcoming.map((item) => item.dueSoon)).toEqual([true, true])
  })

  it("shows the hospital none of the care manager's obligations", () => {
    const hospitalBoard = deadlineBoard(evaluated, { organisation: hospital, today: "2024-07-10" })
    expect(hospitalBoard.overdue).toEqual([])
    expect(hospitalBoard.upcoming).toEqual([])
  })

  it("names the transition of an obligation: overdue when missed, due soon inside the window", () => {
    expect(transitionOf({ status: "missed", dueDate: "2024-07-08" }, "2024-07-10")).toBe("overdue")
    expect(transitionOf({ status: "pending", dueDate: "2024-07-11" }, "2024-07-10", 1)).toBe("due_soon")
    expect(transitionOf({ status: "pending", dueDate: "2024-07-12" }, "2024-07-10", 1)).toBeUndefined()
    expect(transitionOf({ status: "pending", dueDate: null }, "2024-07-10")).toBeUndefined()
    expect(transitionOf({ status: "met_late", dueDate: "2024-07-08" }, "2024-07-10")).toBeUndefined()
  })
})
