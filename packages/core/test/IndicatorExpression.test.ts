import {
  checkIndicatorExpression,
  type DataLookup,
  evaluateIndicatorExpression,
  expressionDataElements,
  type IndicatorExpressionError,
  parseIndicatorExpression,
} from "@zaitaku/core"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const parseError = (text: string): IndicatorExpressionError => {
  const result = parseIndicatorExpression(text)
  if (Result.isSuccess(result)) throw new Error(`expected ${text} to be rejected`)
  return result.failure
}

const elements = new Map([
  ["consultations", { options: ["resident_family", "medical_institution", "other"] }],
  ["population", {}],
  ["a", {}],
  ["b", {}],
])

const checkError = (text: string): IndicatorExpressionError => {
  const result = checkIndicatorExpression(text, elements)
  if (Result.isSuccess(result)) throw new Error(`expected ${text} to be rejected`)
  return result.failure
}

const lookupFrom =
  (values: Record<string, number | null>): DataLookup =>
  ({ dataElement, option, periodOffset }) => ({
    value:
      values[
        `${dataElement}${option === undefined ? "" : `.${option}`}${periodOffset === 0 ? "" : `@${periodOffset}`}`
      ] ?? null,
  })

const evaluate = (text: string, values: Record<string, number | null>, days = 365) =>
  evaluateIndicatorExpression(Result.getOrThrow(parseIndicatorExpression(text)), lookupFrom(values), days)

describe("parseIndicatorExpression", () => {
  it("reads data elements, breakdown options, period offsets, [days], arithmetic and functions", () => {
    const tree = Result.getOrThrow(
      parseIndicatorExpression(
        "(#{consultations} - #{consultations.resident_family}) / firstNonNull(#{consultations}.periodOffset(-12), 1) * [days]",
      ),
    )
    expect(tree.kind).toBe("binary")
    expect(expressionDataElements(tree)).toEqual([
      { dataElement: "consultations", periodOffset: 0 },
      { dataElement: "consultations", option: "resident_family", periodOffset: 0 },
      { dataElement: "consultations", periodOffset: -12 },
    ])
  })

  it("rejects syntax errors with the position, in Japanese and English", () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      ["#{consultations} /", "19文字目: 式が途中で終わっています", "at position 19: the expression ends too early"],
      [
        "#{Consultations}",
        "1文字目: データ項目のコード「Consultations」が正しくありません",
        "invalid data element code",
      ],
      ["consultations + 1", "1文字目: 「consultations」は読めません", "data elements are written #{consultations}"],
      ["#{a} #{b}", "6文字目: データ項目 #{b}は式の続きとして読めません", "unexpected data element #{b}"],
      ["#{a} < #{b} < 1", "比較は続けて書けません", "comparisons cannot be chained"],
      ["#{a}.offset(1)", "5文字目: データ項目の後に続けられるのは .periodOffset(n) だけです", "only .periodOffset(n)"],
      ["#{a}.periodOffset(1.5)", "periodOffset には 120 以下の整数を指定します", "periodOffset takes an integer"],
      ["[hours]", "[ ] の中に書けるのは days だけです", "only [days]"],
      ["#{a} + 'x'", "使えない文字「'」があります", 'unexpected character "\'"'],
      ["#{a", "#{ が閉じていません", "unterminated #{"],
      ["(#{a} + 1", "閉じ括弧「)」が必要です", 'expected ")"'],
      ["", "式が空です", "the expression is empty"],
    ]
    for (const [text, ja, en] of cases) {
      const error = parseError(text)
      expect(error.reason, text).toBe("syntax")
      expect(error.description.ja, text).toContain(ja)
      expect(error.description.en, text).toContain(en)
    }
  })

  it("refuses to call anything but its own functions, so no code can run", () => {
    for (const text of ["eval(1)", "Function(1)", "constructor(1)", "process(1)"]) {
      expect(parseError(text).reason).toBe("unknown_function")
    }
    expect(parseError("if(#{a} > 0, 1)")).toMatchObject({ reason: "arity" })
    expect(parseError("if(#{a} > 0, 1)").description.ja).toContain("関数「if」の引数は3個です（2個あります）")
  })

  it("bounds the length and the nesting of an expression", () => {
    expect(parseError(`${"1+".repeat(1001)}1`).description.en).toContain("longer than 2000")
    expect(parseError(`${"(".repeat(70)}1${")".repeat(70)}`).description.en).toContain("nesting deeper than 64")
  })
})

describe("checkIndicatorExpression", () => {
  it("rejects an unknown data element, naming it", () => {
    const error = checkError("#{consultation} / #{population}")
    expect(error.reason).toBe("unknown_data_element")
    expect(error.description).toEqual({
      ja: "1文字目: データ項目「consultation」は定義されていません",
      en: 'at position 1: unknown data element "consultation"',
    })
  })

  it("rejects an option that the data element does not have, listing those it has", () => {
    expect(checkError("#{consultations.hospital}").description.ja).toContain(
      "内訳「hospital」はありません（resident_family, medical_institution, other）",
    )
    expect(checkError("#{population.male}").description.en).toContain('data element "population" has no breakdown')
  })

  it("requires a number: comparisons only as the condition of if", () => {
    expect(checkError("#{a} > 1").reason).toBe("type")
    expect(checkError("if(#{a}, 1, 2)").description.ja).toContain("if の最初の引数は比較です")
    expect(checkError("#{a} + (#{b} > 1)").reason).toBe("type")
    expect(Result.isSuccess(checkIndicatorExpression("if(#{a} > 0, #{b} / #{a}, 0)", elements))).toBe(true)
    expect(Result.isSuccess(checkIndicatorExpression("if(isNull(#{a}), 0, #{a})", elements))).toBe(true)
  })
})

describe("evaluateIndicatorExpression", () => {
  it("computes with the usual precedence", () => {
    expect(evaluate("#{a} + #{b} * 2 - -1", { a: 3, b: 4 })).toEqual({ kind: "value", value: 12 })
    expect(evaluate("(#{a} + #{b}) / 2", { a: 3, b: 4 })).toEqual({ kind: "value", value: 3.5 })
    expect(evaluate("greatest(#{a}, #{b}) - least(#{a}, #{b})", { a: 3, b: 10 })).toEqual({ kind: "value", value: 7 })
    expect(evaluate("#{a} / [days]", { a: 73 }, 365)).toEqual({ kind: "value", value: 0.2 })
  })

  it("treats a missing value as no data naming the element, never as zero", () => {
    const outcome = evaluate("#{a} + #{b}", { a: 3 })
    expect(outcome).toEqual({
      kind: "no_data",
      reasons: [
        {
          code: "missing_value",
          message: { ja: "#{b} の値がありません", en: "No value for #{b}" },
          dataElement: "b",
          periodOffset: 0,
        },
      ],
    })
  })

  it("uses a replacement only where the expression asks for one", () => {
    expect(evaluate("#{a} + firstNonNull(#{b}, 0)", { a: 3 })).toEqual({ kind: "value", value: 3 })
    expect(evaluate("if(isNull(#{b}), -1, #{b})", {})).toEqual({ kind: "value", value: -1 })
    const none = evaluate("firstNonNull(#{a}, #{b})", {})
    expect(none.kind === "no_data" && none.reasons.map((r) => r.dataElement)).toEqual(["a", "b"])
  })

  it("reports division by zero as no data with its position, never Infinity", () => {
    const outcome = evaluate("#{a} / (#{b} - 2)", { a: 1, b: 2 })
    expect(outcome).toEqual({
      kind: "no_data",
      reasons: [
        {
          code: "division_by_zero",
          message: { ja: "6文字目: 0で割っているため計算できません", en: "at position 6: division by zero" },
        },
      ],
    })
    expect(evaluate("if(#{b} > 0, #{a} / #{b}, 0)", { a: 1, b: 0 })).toEqual({ kind: "value", value: 0 })
  })

  it("reports a result too large to be a number instead of returning Infinity", () => {
    const outcome = evaluate("#{a} * #{a}", { a: 1e200 })
    expect(outcome.kind).toBe("no_data")
    expect(outcome.kind === "no_data" && outcome.reasons[0]?.code).toBe("not_finite")
  })

  it("passes period offsets to the lookup", () => {
    expect(evaluate("#{a} - #{a}.periodOffset(-1)", { a: 10, "a@-1": 7 })).toEqual({ kind: "value", value: 3 })
  })

  it("never throws and never returns a number built on a missing value or a division by zero", () => {
    type Env = Record<string, number | null>
    type Tree = { readonly text: string; readonly value: (env: Env) => number | null }
    const leaf: fc.Arbitrary<Tree> = fc.oneof(
      fc.integer({ min: 0, max: 20 }).map((n) => ({ text: String(n), value: () => n })),
      fc.constantFrom("a", "b", "c").map((name) => ({ text: `#{${name}}`, value: (env: Env) => env[name] ?? null })),
    )
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.tuple(tie("tree"), fc.constantFrom("+", "-", "*", "/"), tie("tree")).map(([left, operator, right]) => ({
          text: `(${left.text} ${operator} ${right.text})`,
          value: (env: Env) => {
            const l = left.value(env)
            const r = right.value(env)
            if (l === null || r === null) return null
            if (operator === "/") return r === 0 ? null : l / r
            return operator === "+" ? l + r : operator === "-" ? l - r : l * r
          },
        })),
      ),
    })).tree
    const value = fc.option(fc.integer({ min: -5, max: 5 }), { nil: null })
    fc.assert(
      fc.property(tree, value, value, value, (expression, a, b, c) => {
        const env = { a, b, c }
        const outcome = evaluate(expression.text, env)
        const expected = expression.value(env)
        if (expected === null || !Number.isFinite(expected)) {
          expect(outcome.kind).toBe("no_data")
          expect(outcome.kind === "no_data" && outcome.reasons.length).toBeGreaterThan(0)
        } else {
          expect(outcome.kind).toBe("value")
          expect(outcome.kind === "value" && outcome.value).toBeCloseTo(expected, 9)
        }
      }),
    )
  })
})
