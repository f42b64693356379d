import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  ageOn,
  bodyMassIndex,
  checkExpression,
  dateValue,
  type Expression,
  type ExpressionError,
  evaluateExpression,
  expressionReferences,
  parseExpression,
  type ReferenceType,
  roundHalfUp,
  type ScalarValue,
} from "../src/FormExpression.js"

const parse = (text: string): Expression => Result.getOrThrow(parseExpression(text))

const parseError = (text: string): ExpressionError => {
  const result = parseExpression(text)
  if (Result.isSuccess(result)) throw new Error(`expected a parse error for ${text}`)
  return result.failure
}

const run = (text: string, answers: Record<string, ReadonlyArray<ScalarValue>> = {}, today = "2025-04-01") =>
  evaluateExpression(parse(text), { today, answers: (id) => answers[id] ?? [] })

const value = (text: string, answers: Record<string, ReadonlyArray<ScalarValue>> = {}, today = "2025-04-01") =>
  Result.getOrThrow(run(text, answers, today))

const evaluationError = (text: string, answers: Record<string, ReadonlyArray<ScalarValue>> = {}): ExpressionError => {
  const result = run(text, answers)
  if (Result.isSuccess(result)) throw new Error(`expected an evaluation error, got ${JSON.stringify(result.success)}`)
  return result.failure
}

const types: Record<string, ReferenceType> = {
  weight_kg: { type: "number", many: false },
  height_cm: { type: "number", many: false },
  birth_date: { type: "date", many: false },
  admitted_on: { type: "date", many: false },
  name: { type: "string", many: false },
  consent: { type: "boolean", many: false },
  hours: { type: "number", many: true },
  services: { type: "string", many: true },
}
const check = (text: string) => checkExpression(parse(text), (id) => types[id])

describe("parseExpression", () => {
  it("follows the usual precedence: * before +, comparison before and, and before or", () => {
    expect(value("1 + 2 * 3")).toBe(7)
    expect(value("(1 + 2) * 3")).toBe(9)
    expect(value("10 - 4 - 3")).toBe(3)
    expect(value("12 / 3 / 2")).toBe(2)
    expect(value("-2 * -3")).toBe(6)
    expect(value("1 < 2 and 3 < 2 or true")).toBe(true)
    expect(value("not 1 = 2")).toBe(true)
  })

  it("reads the Japanese comparison signs ≠ ≤ ≥ and full-width spaces", () => {
    expect(value("1 ≠ 2")).toBe(true)
    expect(value("2 ≤ 2\u3000and 3 ≥ 4")).toBe(false)
  })

  it("reads answers by linkId, bare or in backquotes for any other linkId", () => {
    expect(value("a + `1.2-b`", { a: [1], "1.2-b": [2] })).toBe(3)
    expect(expressionReferences(parse("bmi(weight, height) + weight + `x y`"))).toEqual(["weight", "height", "x y"])
  })

  it("says where and why a malformed expression fails, in Japanese and English", () => {
    const unclosed = parseError("age(birth_date")
    expect(unclosed.reason).toBe("syntax")
    expect(unclosed.at).toBe(14)
    expect(unclosed.description.en).toBe(
      'at position 15: expected ")" after the arguments of age, found the end of the expression',
    )
    expect(unclosed.description.ja).toContain("15文字目")

    expect(parseError("weight +").description.en).toContain("ends too early")
    expect(parseError("weight weight").description.en).toContain("is an operator missing?")
    expect(parseError("'abc").description.ja).toContain("引用符が閉じていません")
    expect(parseError("a # b").description.en).toContain('unexpected character "#"')
    expect(parseError("1 < x < 3").description.en).toContain("cannot be chained")
    expect(parseError("").description.en).toBe("the expression is empty")
    expect(parseError("12abc").description.en).toContain("directly followed by a letter")
  })

  it("rejects unknown functions and wrong argument counts at parse time", () => {
    const unknown = parseError("eval('1')")
    expect(unknown.reason).toBe("unknown_function")
    expect(unknown.description.ja).toContain("関数「eval」はありません")
    const arity = parseError("bmi(weight_kg)")
    expect(arity.reason).toBe("arity")
    expect(arity.description.en).toContain("bmi takes 2 argument(s), got 1")
  })

  it("bounds the work: text over 2000 characters and nesting over 64 levels are refused, not evaluated", () => {
    expect(parseError(`1${" + 1".repeat(500)}`).description.en).toContain("longer than 2000")
    expect(parseError(`${"(".repeat(65)}1${")".repeat(65)}`).description.en).toContain("nesting deeper than 64")
    expect(value(`${"(".repeat(60)}1${")".repeat(60)}`)).toBe(1)
    // A long flat sum is fine: only nesting is limited.
    expect(value(`1${" + 1".repeat(300)}`)).toBe(301)
  })

  it("property: never throws on arbitrary text, it returns a parse result", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const result = parseExpression(text)
        expect(Result.isSuccess(result) || Result.isFailure(result)).toBe(true)
      }),
    )
  })
})

describe("checkExpression", () => {
  it("infers the type of well-formed expressions", () => {
    expect(check("round(bmi(weight_kg, height_cm), 1)")).toEqual({ type: "number", errors: [] })
    expect(check("age(birth_date, admitted_on) >= 65")).toEqual({ type: "boolean", errors: [] })
    expect(check("addDays(admitted_on, 3)").type).toBe("date")
    expect(check("sum(hours) + count(services)").type).toBe("number")
    expect(check("contains(services, 'home_nursing')").type).toBe("boolean")
    expect(check("if(consent, name, null)").type).toBe("string")
    expect(check("admitted_on >= date('2024-04-01')").type).toBe("boolean")
  })

  it("reports unknown answers, type mismatches and single-valued use of repeating answers, all at once", () => {
    const result = check("unknown + age(name) + hours")
    expect(result.type).toBeUndefined()
    expect(result.errors.map((e) => e.reason)).toEqual(["reference", "type", "type"])
    expect(result.errors[0]!.description.ja).toContain("項目「unknown」")
    expect(result.errors[1]!.description.en).toContain("argument 1 of age must be a date, got text")
    expect(result.errors[2]!.description.en).toContain('"hours" can hold several values')
  })

  it("tells the author how to write a date constant when a date is compared with text", () => {
    const result = check("admitted_on >= '2024-04-01'")
    expect(result.errors[0]!.description.en).toContain("date('YYYY-MM-DD')")
    expect(check("date('2024-02-30')").errors[0]!.description.en).toContain("not an existing date")
  })

  it("rejects arithmetic on dates, ordering of booleans, and non-constant rounding digits", () => {
    expect(check("admitted_on - birth_date").errors[0]!.description.en).toContain("daysBetween")
    expect(check("consent < true").errors[0]!.description.en).toContain("booleans have no order")
    expect(check("round(weight_kg, height_cm)").errors[0]!.description.en).toContain("constant integer")
  })
})

describe("evaluateExpression", () => {
  it("computes age, BMI and totals from answers", () => {
    expect(value("age(birth_date)", { birth_date: [dateValue("1948-04-02")] })).toBe(76)
    expect(value("age(birth_date)", { birth_date: [dateValue("1948-04-01")] })).toBe(77)
    expect(value("round(bmi(weight_kg, height_cm), 1)", { weight_kg: [50], height_cm: [160] })).toBe(19.5)
    expect(value("sum(hours)", { hours: [1.5, 2, 0.5] })).toBe(4)
    expect(value("count(services)", { services: ["a", "b"] })).toBe(2)
    expect(value("max(dates)", { dates: [dateValue("2024-01-02"), dateValue("2025-01-01")] })).toEqual(
      dateValue("2025-01-01"),
    )
    expect(value("daysBetween(date('2025-03-30'), date('2025-04-02'))")).toBe(3)
    expect(value("addDays(date('2024-02-28'), 1)")).toEqual(dateValue("2024-02-29"))
    expect(value("today()", {}, "2026-01-23")).toEqual(dateValue("2026-01-23"))
  })

  it("gives null for missing answers instead of failing, and 0 for a sum over nothing", () => {
    expect(value("weight_kg * 2")).toBeNull()
    expect(value("round(bmi(weight_kg, height_cm), 1)", { weight_kg: [50] })).toBeNull()
    expect(value("age(birth_date)")).toBeNull()
    expect(value("sum(hours)")).toBe(0)
    expect(value("exists(hours)")).toBe(false)
    expect(value("coalesce(weight_kg, 0) + 1")).toBe(1)
  })

  it("uses three-valued logic for and/or", () => {
    expect(value("x and false")).toBe(false)
    expect(value("x or true")).toBe(true)
    expect(value("x and true")).toBeNull()
    expect(value("x or false")).toBeNull()
    expect(value("if(x, 1, 2)")).toBe(2)
  })

  it("fails, in both languages, on division by zero, impossible dates and values of the wrong type", () => {
    expect(evaluationError("1 / 0").description).toEqual({
      ja: "3文字目: 0で割ることはできません",
      en: "at position 3: division by zero",
    })
    expect(evaluationError("date(t)", { t: ["2025-02-29"] }).description.en).toContain("not an existing date")
    expect(evaluationError("a + 1", { a: ["text"] }).description.en).toContain("cannot combine text and a number")
    expect(evaluationError("a + 1", { a: [1, 2] }).description.en).toContain('"a" has several answers')
    expect(evaluationError("age(b, date('2000-01-01'))", { b: [dateValue("2001-01-01")] }).description.en).toContain(
      "precedes the birth date",
    )
  })
})

describe("ageOn (満年齢)", () => {
  it("adds a year on the birthday; someone born on 29 February ages on 1 March in common years", () => {
    expect(ageOn("1952-02-29", "2025-02-28")).toBe(72)
    expect(ageOn("1952-02-29", "2025-03-01")).toBe(73)
    expect(ageOn("1952-02-29", "2024-02-29")).toBe(72)
    expect(ageOn("2000-01-01", "1999-12-31")).toBeUndefined()
  })

  it("property: age is the number of whole years since birth, computed independently by counting birthdays", () => {
    const day = fc
      .integer({ min: -25_000, max: 20_000 })
      .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [birth, on] = a <= b ? [a, b] : [b, a]
        const age = ageOn(birth, on)!
        const [by, bm, bd] = birth.split("-").map(Number) as [number, number, number]
        // The birthday in year y is the same month/day, or 1 March when it does not exist.
        const birthday = (y: number): string => {
          const exists = new Date(Date.UTC(y, bm - 1, bd)).getUTCMonth() === bm - 1
          return exists
            ? `${String(y).padStart(4, "0")}-${String(bm).padStart(2, "0")}-${String(bd).padStart(2, "0")}`
            : `${y}-03-01`
        }
        expect(birthday(by + age) <= on).toBe(true)
        expect(birthday(by + age + 1) > on).toBe(true)
      }),
    )
  })
})

describe("bodyMassIndex and roundHalfUp", () => {
  it("computes kg/m² and refuses non-positive inputs", () => {
    expect(bodyMassIndex(72.9, 180)).toBeCloseTo(22.5, 10)
    expect(bodyMassIndex(0, 160)).toBeUndefined()
    expect(bodyMassIndex(50, -1)).toBeUndefined()
  })

  it("rounds half away from zero without floating-point drift", () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01)
    expect(roundHalfUp(2.45, 1)).toBe(2.5)
    expect(roundHalfUp(-2.5)).toBe(-3)
    expect(roundHalfUp(19.53125, 1)).toBe(19.5)
  })
})
