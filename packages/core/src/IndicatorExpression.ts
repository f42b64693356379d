/**
 * 指標の計算式 (indicator expressions): the small, safe language of indicator numerators and denominators,
 * modelled on DHIS2's indicator expressions. Text is parsed and evaluated here; nothing is handed to `eval` or
 * `Function`, so a definition received from elsewhere cannot run code. Expressions are bounded in length (2000
 * characters) and nesting (64 levels).
 *
 * | construct | example |
 * |---|---|
 * | data element (the total) | `#{consultations}` |
 * | data element, one option of its breakdown | `#{consultations.medical_institution}` |
 * | the same in an earlier or later period of the same kind | `#{consultations}.periodOffset(-1)` |
 * | days in the evaluated period | `[days]` |
 * | numbers, arithmetic, parentheses | `12`, `1.5`, `+ - * /`, unary `-` |
 * | comparisons (inside `if`) | `<`, `<=`, `>`, `>=`, `==`, `!=` |
 * | functions | `if(c, a, b)`, `isNull(x)`, `firstNonNull(a, b, …)`, `greatest(a, b, …)`, `least(a, b, …)` |
 *
 * A data value that does not exist is *missing*, not zero: arithmetic and comparisons on a missing value give a
 * missing result, and the evaluation reports "no data" naming the data elements that were missing, unless the
 * expression says what to use instead (`firstNonNull(#{x}, 0)`). Division by zero is "no data" with its own
 * message, never `Infinity` or a wrong number. Unknown data elements, unknown options, syntax errors and type
 * errors are found by {@link parseIndicatorExpression} and {@link checkIndicatorExpression} before anything is
 * evaluated.
 *
 * @since 0.1.0
 */
import { Data, Result } from "effect"
import type { LocalizedText } from "./Label.js"

// ---------------------------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------------------------

const functionNames = ["if", "isNull", "firstNonNull", "greatest", "least"] as const

/**
 * 関数名 (function name) of the indicator expression language.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import type { IndicatorFunction } from "@zaitaku/core"
 *
 * const f: IndicatorFunction = "firstNonNull"
 * ```
 */
export type IndicatorFunction = (typeof functionNames)[number]

/**
 * 計算式の構文木 (syntax tree) of an indicator expression. `at` is the 0-based offset of the node in the text.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseIndicatorExpression } from "@zaitaku/core"
 *
 * Result.getOrThrow(parseIndicatorExpression("#{consultations}.periodOffset(-1)"))
 * // { kind: "data", dataElement: "consultations", periodOffset: -1, at: 0 }
 * ```
 */
export type IndicatorExpression =
  | { readonly kind: "number"; readonly value: number; readonly at: number }
  | {
      readonly kind: "data"
      readonly dataElement: string
      readonly option?: string
      readonly periodOffset: number
      readonly at: number
    }
  | { readonly kind: "days"; readonly at: number }
  | { readonly kind: "negate"; readonly operand: IndicatorExpression; readonly at: number }
  | {
      readonly kind: "binary"
      readonly operator: "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!="
      readonly left: IndicatorExpression
      readonly right: IndicatorExpression
      readonly at: number
    }
  | {
      readonly kind: "call"
      readonly name: IndicatorFunction
      readonly args: ReadonlyArray<IndicatorExpression>
      readonly at: number
    }

/**
 * 計算式の誤り (indicator expression error): a syntax error, an unknown function, a wrong number of arguments,
 * an unknown data element or option, or a type error (a comparison where a number is needed). `at` is the 0-based
 * offset in the text when known; `description` is in Japanese and English.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseIndicatorExpression } from "@zaitaku/core"
 *
 * const result = parseIndicatorExpression("#{consultations} /")
 * if (Result.isFailure(result)) result.failure.description.ja // "19文字目: 式が途中で終わっています"
 * ```
 */
export class IndicatorExpressionError extends Data.TaggedError("IndicatorExpressionError")<{
  readonly reason: "syntax" | "unknown_function" | "arity" | "unknown_data_element" | "unknown_option" | "type"
  readonly at: number | undefined
  readonly description: LocalizedText
}> {
  override get message(): string {
    return this.description.en
  }
}

const maxLength = 2000
const maxDepth = 64
const maxPeriodOffset = 120

const error = (
  reason: IndicatorExpressionError["reason"],
  at: number | undefined,
  ja: string,
  en: string,
): IndicatorExpressionError =>
  new IndicatorExpressionError({
    reason,
    at,
    description: at === undefined ? { ja, en } : { ja: `${at + 1}文字目: ${ja}`, en: `at position ${at + 1}: ${en}` },
  })

// ---------------------------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------------------------

type Token =
  | { readonly kind: "number"; readonly value: number; readonly at: number }
  | { readonly kind: "data"; readonly dataElement: string; readonly option?: string; readonly at: number }
  | { readonly kind: "days"; readonly at: number }
  | { readonly kind: "identifier"; readonly value: string; readonly at: number }
  | { readonly kind: "operator"; readonly value: string; readonly at: number }
  | { readonly kind: "end"; readonly at: number }

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9"
const isIdentStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_")
const isIdentPart = (c: string | undefined): boolean => isIdentStart(c) || isDigit(c)
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\u3000"
const codePattern = /^[a-z][a-z0-9_]*$/
const optionPattern = /^[A-Za-z0-9][A-Za-z0-9_-]*$/
const twoCharOperators = new Set(["<=", ">=", "==", "!="])
const oneCharOperators = new Set(["+", "-", "*", "/", "(", ")", ",", ".", "<", ">"])

const tokenize = (text: string): Result.Result<ReadonlyArray<Token>, IndicatorExpressionError> => {
  const tokens: Array<Token> = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (isSpace(c)) {
      i++
      continue
    }
    const start = i
    if (isDigit(c)) {
      while (isDigit(text[i])) i++
      if (text[i] === "." && isDigit(text[i + 1])) {
        i++
        while (isDigit(text[i])) i++
      }
      if (isIdentStart(text[i])) {
        return Result.fail(
          error("syntax", start, "数値の直後に文字があります", "a number is directly followed by a letter"),
        )
      }
      tokens.push({ kind: "number", value: Number(text.slice(start, i)), at: start })
      continue
    }
    if (c === "#") {
      if (text[i + 1] !== "{") {
        return Result.fail(
          error("syntax", start, "データ項目は #{コード} と書きます", "a data element is written #{code}"),
        )
      }
      const close = text.indexOf("}", i + 2)
      if (close < 0) {
        return Result.fail(error("syntax", start, "#{ が閉じていません", "unterminated #{"))
      }
      const inner = text.slice(i + 2, close).trim()
      const [element, option, ...rest] = inner.split(".")
      if (element === undefined || !codePattern.test(element)) {
        return Result.fail(
          error(
            "syntax",
            start,
            `データ項目のコード「${inner}」が正しくありません（英小文字で始まり、英小文字・数字・_ を使います）`,
            `invalid data element code "${inner}" (it starts with a-z and uses a-z, 0-9 and _)`,
          ),
        )
      }
      if (rest.length > 0 || (option !== undefined && !optionPattern.test(option))) {
        return Result.fail(
          error(
            "syntax",
            start,
            `内訳の指定「${inner}」が正しくありません（#{コード.内訳} の形です）`,
            `invalid breakdown "${inner}" (expected #{code.option})`,
          ),
        )
      }
      tokens.push(
        option === undefined
          ? { kind: "data", dataElement: element, at: start }
          : { kind: "data", dataElement: element, option, at: start },
      )
      i = close + 1
      continue
    }
    if (c === "[") {
      const close = text.indexOf("]", i)
      const inner = close < 0 ? "" : text.slice(i + 1, close).trim()
      if (inner !== "days") {
        return Result.fail(
          error(
            "syntax",
            start,
            "[ ] の中に書けるのは days だけです（[days]）",
            "only [days] may be written in brackets",
          ),
        )
      }
      tokens.push({ kind: "days", at: start })
      i = close + 1
      continue
    }
    if (isIdentStart(c)) {
      while (isIdentPart(text[i])) i++
      tokens.push({ kind: "identifier", value: text.slice(start, i), at: start })
      continue
    }
    const two = text.slice(i, i + 2)
    if (twoCharOperators.has(two)) {
      tokens.push({ kind: "operator", value: two, at: start })
      i += 2
      continue
    }
    if (oneCharOperators.has(c)) {
      tokens.push({ kind: "operator", value: c, at: start })
      i++
      continue
    }
    return Result.fail(
      error("syntax", start, `使えない文字「${c}」があります`, `unexpected character ${JSON.stringify(c)}`),
    )
  }
  tokens.push({ kind: "end", at: text.length })
  return Result.succeed(tokens)
}

// ---------------------------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------------------------

class ParseFailure {
  constructor(readonly error: IndicatorExpressionError) {}
}

const describe = (token: Token): { readonly ja: string; readonly en: string } => {
  switch (token.kind) {
    case "end":
      return { ja: "式の終わり", en: "the end of the expression" }
    case "number":
      return { ja: `数値 ${token.value}`, en: `number ${token.value}` }
    case "data":
      return { ja: `データ項目 #{${token.dataElement}}`, en: `data element #{${token.dataElement}}` }
    case "days":
      return { ja: "[days]", en: "[days]" }
    case "identifier":
    case "operator":
      return { ja: `「${token.value}」`, en: `"${token.value}"` }
  }
}

const comparisons = new Set(["<", "<=", ">", ">=", "==", "!="])
const arities: Readonly<Record<IndicatorFunction, readonly [number, number]>> = {
  if: [3, 3],
  isNull: [1, 1],
  firstNonNull: [1, Number.POSITIVE_INFINITY],
  greatest: [1, Number.POSITIVE_INFINITY],
  least: [1, Number.POSITIVE_INFINITY],
}

class Parser {
  private index = 0
  private depth = 0
  constructor(private readonly tokens: ReadonlyArray<Token>) {}

  private get current(): Token {
    return this.tokens[this.index]!
  }

  private fail(token: Token, ja: string, en: string): never {
    throw new ParseFailure(error("syntax", token.at, ja, en))
  }

  private isOperator(value: string): boolean {
    return this.current.kind === "operator" && (this.current as { value: string }).value === value
  }

  private expect(value: string, ja: string, en: string): void {
    if (!this.isOperator(value)) {
      const found = describe(this.current)
      this.fail(this.current, `${ja}（${found.ja}があります）`, `${en}, found ${found.en}`)
    }
    this.index++
  }

  private nested<A>(f: () => A): A {
    this.depth++
    if (this.depth > maxDepth) {
      this.fail(this.current, `入れ子が深すぎます（${maxDepth}段まで）`, `nesting deeper than ${maxDepth} levels`)
    }
    try {
      return f()
    } finally {
      this.depth--
    }
  }

  parse(): IndicatorExpression {
    const expression = this.comparison()
    if (this.current.kind !== "end") {
      const found = describe(this.current)
      this.fail(
        this.current,
        `${found.ja}は式の続きとして読めません（演算子が抜けていませんか）`,
        `unexpected ${found.en} (is an operator missing?)`,
      )
    }
    return expression
  }

  private comparison(): IndicatorExpression {
    const left = this.additive()
    const token = this.current
    if (token.kind === "operator" && comparisons.has(token.value)) {
      this.index++
      const right = this.additive()
      const next = this.current
      if (next.kind === "operator" && comparisons.has(next.value)) {
        this.fail(next, "比較は続けて書けません", "comparisons cannot be chained")
      }
      return {
        kind: "binary",
        operator: token.value as "<" | "<=" | ">" | ">=" | "==" | "!=",
        left,
        right,
        at: token.at,
      }
    }
    return left
  }

  private additive(): IndicatorExpression {
    let left = this.multiplicative()
    for (;;) {
      const token = this.current
      if (token.kind !== "operator" || (token.value !== "+" && token.value !== "-")) return left
      this.index++
      left = { kind: "binary", operator: token.value, left, right: this.multiplicative(), at: token.at }
    }
  }

  private multiplicative(): IndicatorExpression {
    let left = this.unary()
    for (;;) {
      const token = this.current
      if (token.kind !== "operator" || (token.value !== "*" && token.value !== "/")) return left
      this.index++
      left = { kind: "binary", operator: token.value, left, right: this.unary(), at: token.at }
    }
  }

  private unary(): IndicatorExpression {
    if (this.isOperator("-")) {
      const at = this.current.at
      this.index++
      return this.nested(() => ({ kind: "negate", operand: this.unary(), at }))
    }
    if (this.isOperator("+")) {
      this.index++
      return this.nested(() => this.unary())
    }
    return this.primary()
  }

  private primary(): IndicatorExpression {
    const token = this.current
    switch (token.kind) {
      case "number":
        this.index++
        return { kind: "number", value: token.value, at: token.at }
      case "days":
        this.index++
        return { kind: "days", at: token.at }
      case "data": {
        this.index++
        const periodOffset = this.periodOffset()
        return token.option === undefined
          ? { kind: "data", dataElement: token.dataElement, periodOffset, at: token.at }
          : { kind: "data", dataElement: token.dataElement, option: token.option, periodOffset, at: token.at }
      }
      case "identifier":
        this.index++
        if (!this.isOperator("(")) {
          this.fail(
            token,
            `「${token.value}」は読めません。データ項目は #{${token.value}} のように書きます`,
            `"${token.value}" is not understood; data elements are written #{${token.value}}`,
          )
        }
        return this.call(token.value, token.at)
      case "operator":
        if (token.value === "(") {
          this.index++
          const inner = this.nested(() => this.comparison())
          this.expect(")", "閉じ括弧「)」が必要です", 'expected ")"')
          return inner
        }
        return this.fail(token, `「${token.value}」の前に値がありません`, `expected a value before "${token.value}"`)
      case "end":
        return this.fail(token, "式が途中で終わっています", "the expression ends too early")
    }
  }

  private periodOffset(): number {
    if (!this.isOperator(".")) return 0
    const dot = this.current
    this.index++
    const name = this.current
    if (name.kind !== "identifier" || name.value !== "periodOffset") {
      this.fail(
        dot,
        "データ項目の後に続けられるのは .periodOffset(n) だけです",
        "only .periodOffset(n) may follow a data element",
      )
    }
    this.index++
    this.expect("(", "periodOffset の後に「(」が必要です", 'expected "(" after periodOffset')
    let sign = 1
    if (this.isOperator("-")) {
      sign = -1
      this.index++
    }
    const number = this.current
    if (number.kind !== "number" || !Number.isInteger(number.value) || number.value > maxPeriodOffset) {
      this.fail(
        number,
        `periodOffset には ${maxPeriodOffset} 以下の整数を指定します（例: -1 は前の期間）`,
        `periodOffset takes an integer up to ${maxPeriodOffset} in size (e.g. -1 for the previous period)`,
      )
    }
    this.index++
    this.expect(")", "periodOffset の引数の後に「)」が必要です", 'expected ")" after the periodOffset argument')
    return sign * number.value
  }

  private call(name: string, at: number): IndicatorExpression {
    if (!(functionNames as ReadonlyArray<string>).includes(name)) {
      throw new ParseFailure(
        error(
          "unknown_function",
          at,
          `関数「${name}」はありません（使える関数: ${functionNames.join(", ")}）`,
          `unknown function "${name}" (available: ${functionNames.join(", ")})`,
        ),
      )
    }
    this.index++ // "("
    return this.nested(() => {
      const args: Array<IndicatorExpression> = []
      if (!this.isOperator(")")) {
        for (;;) {
          args.push(this.comparison())
          if (!this.isOperator(",")) break
          this.index++
        }
      }
      this.expect(")", `関数「${name}」の引数の後に「)」が必要です`, `expected ")" after the arguments of ${name}`)
      const [min, max] = arities[name as IndicatorFunction]
      if (args.length < min || args.length > max) {
        const en = min === max ? `${min}` : `at least ${min}`
        const ja = min === max ? `${min}個` : `${min}個以上`
        throw new ParseFailure(
          error(
            "arity",
            at,
            `関数「${name}」の引数は${ja}です（${args.length}個あります）`,
            `${name} takes ${en} argument(s), got ${args.length}`,
          ),
        )
      }
      return { kind: "call", name: name as IndicatorFunction, args, at }
    })
  }
}

/**
 * 計算式を読む (parse an indicator expression), or fail with an {@link IndicatorExpressionError} saying where and
 * why. Checks the syntax only; {@link checkIndicatorExpression} also checks data elements and types.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseIndicatorExpression } from "@zaitaku/core"
 *
 * Result.isSuccess(parseIndicatorExpression("#{consultations} - #{consultations.resident_family}")) // true
 * Result.isFailure(parseIndicatorExpression("eval('1')")) // true: unknown function
 * ```
 */
export const parseIndicatorExpression = (
  text: string,
): Result.Result<IndicatorExpression, IndicatorExpressionError> => {
  if (text.length > maxLength) {
    return Result.fail(
      error(
        "syntax",
        undefined,
        `式が長すぎます（${maxLength}文字まで、${text.length}文字あります）`,
        `expression longer than ${maxLength} characters (${text.length})`,
      ),
    )
  }
  const tokens = tokenize(text)
  if (Result.isFailure(tokens)) return Result.fail(tokens.failure)
  if (tokens.success.length === 1)
    return Result.fail(error("syntax", undefined, "式が空です", "the expression is empty"))
  try {
    return Result.succeed(new Parser(tokens.success).parse())
  } catch (caught) {
    if (caught instanceof ParseFailure) return Result.fail(caught.error)
    throw caught
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a check needs to know about a data element: its options (the codes allowed after the dot), if it has a
 * breakdown.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import type { DataElementShape } from "@zaitaku/core"
 *
 * const consultations: DataElementShape = { options: ["resident_family", "medical_institution"] }
 * ```
 */
export interface DataElementShape {
  readonly options?: ReadonlyArray<string> | undefined
}

/**
 * 使っているデータ項目 (data elements used) by an expression: each distinct reference (element, option, period
 * offset), in order of first use.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { expressionDataElements, parseIndicatorExpression } from "@zaitaku/core"
 *
 * expressionDataElements(Result.getOrThrow(parseIndicatorExpression("#{a} / #{b.x}")))
 * // [{ dataElement: "a", periodOffset: 0 }, { dataElement: "b", option: "x", periodOffset: 0 }]
 * ```
 */
export const expressionDataElements = (
  expression: IndicatorExpression,
): ReadonlyArray<{ readonly dataElement: string; readonly option?: string; readonly periodOffset: number }> => {
  const seen = new Map<string, { dataElement: string; option?: string; periodOffset: number }>()
  const walk = (node: IndicatorExpression): void => {
    switch (node.kind) {
      case "data": {
        const key = `${node.dataElement}.${node.option ?? ""}@${node.periodOffset}`
        if (!seen.has(key)) {
          seen.set(
            key,
            node.option === undefined
              ? { dataElement: node.dataElement, periodOffset: node.periodOffset }
              : { dataElement: node.dataElement, option: node.option, periodOffset: node.periodOffset },
          )
        }
        return
      }
      case "negate":
        walk(node.operand)
        return
      case "binary":
        walk(node.left)
        walk(node.right)
        return
      case "call":
        for (const arg of node.args) walk(arg)
        return
      default:
        return
    }
  }
  walk(expression)
  return [...seen.values()]
}

type ValueType = "number" | "boolean"

const typeOf = (
  node: IndicatorExpression,
  elements: ReadonlyMap<string, DataElementShape>,
): Result.Result<ValueType, IndicatorExpressionError> => {
  const needNumber = (child: IndicatorExpression, what: { ja: string; en: string }) => {
    const t = typeOf(child, elements)
    if (Result.isFailure(t)) return t
    return t.success === "number"
      ? Result.succeed("number" as const)
      : Result.fail(
          error(
            "type",
            child.at,
            `${what.ja}には数値が必要です（比較が書かれています）`,
            `${what.en} needs a number, not a comparison`,
          ),
        )
  }
  switch (node.kind) {
    case "number":
    case "days":
      return Result.succeed("number")
    case "data": {
      const element = elements.get(node.dataElement)
      if (element === undefined) {
        return Result.fail(
          error(
            "unknown_data_element",
            node.at,
            `データ項目「${node.dataElement}」は定義されていません`,
            `unknown data element "${node.dataElement}"`,
          ),
        )
      }
      if (node.option !== undefined && !(element.options ?? []).includes(node.option)) {
        const known = element.options ?? []
        return Result.fail(
          error(
            "unknown_option",
            node.at,
            known.length === 0
              ? `データ項目「${node.dataElement}」には内訳がありません`
              : `データ項目「${node.dataElement}」に内訳「${node.option}」はありません（${known.join(", ")}）`,
            known.length === 0
              ? `data element "${node.dataElement}" has no breakdown`
              : `data element "${node.dataElement}" has no option "${node.option}" (options: ${known.join(", ")})`,
          ),
        )
      }
      return Result.succeed("number")
    }
    case "negate":
      return needNumber(node.operand, { ja: "「-」", en: '"-"' })
    case "binary": {
      const what = { ja: `演算子「${node.operator}」`, en: `the operator "${node.operator}"` }
      const left = needNumber(node.left, what)
      if (Result.isFailure(left)) return left
      const right = needNumber(node.right, what)
      if (Result.isFailure(right)) return right
      return Result.succeed(comparisons.has(node.operator) ? "boolean" : "number")
    }
    case "call": {
      if (node.name === "if") {
        const condition = typeOf(node.args[0]!, elements)
        if (Result.isFailure(condition)) return condition
        if (condition.success !== "boolean") {
          return Result.fail(
            error(
              "type",
              node.args[0]!.at,
              "if の最初の引数は比較です（例: #{x} > 0）",
              "the first argument of if is a comparison (e.g. #{x} > 0)",
            ),
          )
        }
        for (const arg of node.args.slice(1)) {
          const t = needNumber(arg, { ja: "if の結果", en: "a branch of if" })
          if (Result.isFailure(t)) return t
        }
        return Result.succeed("number")
      }
      if (node.name === "isNull") {
        const t = typeOf(node.args[0]!, elements)
        return Result.isFailure(t) ? t : Result.succeed("boolean")
      }
      for (const arg of node.args) {
        const t = needNumber(arg, { ja: `関数「${node.name}」の引数`, en: `an argument of ${node.name}` })
        if (Result.isFailure(t)) return t
      }
      return Result.succeed("number")
    }
  }
}

/**
 * 計算式の検査 (check an indicator expression): parses it and checks every data element and option against the
 * known data elements, and that the whole gives a number (a comparison may only be the condition of `if`).
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { checkIndicatorExpression } from "@zaitaku/core"
 *
 * const elements = new Map([["consultations", { options: ["resident_family"] }]])
 * Result.isSuccess(checkIndicatorExpression("#{consultations.resident_family}", elements)) // true
 * const unknown = checkIndicatorExpression("#{consultation}", elements)
 * if (Result.isFailure(unknown)) unknown.failure.reason // "unknown_data_element"
 * ```
 */
export const checkIndicatorExpression = (
  text: string,
  elements: ReadonlyMap<string, DataElementShape>,
): Result.Result<IndicatorExpression, IndicatorExpressionError> => {
  const parsed = parseIndicatorExpression(text)
  if (Result.isFailure(parsed)) return parsed
  const t = typeOf(parsed.success, elements)
  if (Result.isFailure(t)) return Result.fail(t.failure)
  if (t.success !== "number") {
    return Result.fail(
      error(
        "type",
        undefined,
        "式全体は数値になる必要があります（比較は if の中で使います）",
        "the expression must give a number (use comparisons inside if)",
      ),
    )
  }
  return Result.succeed(parsed.success)
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------------------------

/**
 * 値が得られない理由 (why there is no value): a data value is missing, a division by zero, a result too large to
 * be a number, or a data value that could not be read (e.g. months of a year only partly entered). Each carries a
 * Japanese and English message.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import type { NoDataReason } from "@zaitaku/core"
 *
 * const reason: NoDataReason = {
 *   code: "division_by_zero",
 *   message: { ja: "0で割っているため計算できません", en: "Division by zero" },
 * }
 * ```
 */
export interface NoDataReason {
  readonly code: "missing_value" | "division_by_zero" | "not_finite" | "unreadable_value"
  readonly message: LocalizedText
  readonly dataElement?: string
  readonly option?: string
  readonly periodOffset?: number
}

/**
 * 参照の結果 (lookup result) of one data element reference: a number, missing (`null`), or unreadable with a reason.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import type { DataLookup } from "@zaitaku/core"
 *
 * const lookup: DataLookup = () => ({ value: 12 })
 * ```
 */
export type DataLookup = (reference: {
  readonly dataElement: string
  readonly option?: string | undefined
  readonly periodOffset: number
}) => { readonly value: number | null } | { readonly unreadable: NoDataReason }

/**
 * 計算結果 (expression outcome): a finite number, or no data with the reasons (each distinct reason once).
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import type { ExpressionOutcome } from "@zaitaku/core"
 *
 * const outcome: ExpressionOutcome = { kind: "value", value: 42 }
 * ```
 */
export type ExpressionOutcome =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "no_data"; readonly reasons: ReadonlyArray<NoDataReason> }

type Value = number | boolean | null

const referenceText = (dataElement: string, option: string | undefined, periodOffset: number): string =>
  `#{${dataElement}${option === undefined ? "" : `.${option}`}}${periodOffset === 0 ? "" : `.periodOffset(${periodOffset})`}`

/**
 * 計算式を評価する (evaluate an indicator expression) with data values from `lookup` and the number of days of
 * the evaluated period. Never throws and never returns `Infinity`, `NaN` or a number built on a missing value:
 * it returns a value or "no data" with the reasons.
 *
 * @since 0.1.0
 * @category expressions
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { evaluateIndicatorExpression, parseIndicatorExpression } from "@zaitaku/core"
 *
 * const expression = Result.getOrThrow(parseIndicatorExpression("#{a} / #{b}"))
 * evaluateIndicatorExpression(expression, ({ dataElement }) => ({ value: dataElement === "a" ? 3 : 0 }), 365)
 * // { kind: "no_data", reasons: [{ code: "division_by_zero", … }] }
 * ```
 */
export const evaluateIndicatorExpression = (
  expression: IndicatorExpression,
  lookup: DataLookup,
  days: number,
): ExpressionOutcome => {
  const reasons = new Map<string, NoDataReason>()
  const note = (key: string, reason: NoDataReason) => {
    if (!reasons.has(key)) reasons.set(key, reason)
  }
  const evaluate = (node: IndicatorExpression): Value => {
    switch (node.kind) {
      case "number":
        return node.value
      case "days":
        return days
      case "data": {
        const found = lookup(node)
        const text = referenceText(node.dataElement, node.option, node.periodOffset)
        if ("unreadable" in found) {
          note(`unreadable:${text}`, found.unreadable)
          return null
        }
        if (found.value === null) {
          note(`missing:${text}`, {
            code: "missing_value",
            message: { ja: `${text} の値がありません`, en: `No value for ${text}` },
            dataElement: node.dataElement,
            ...(node.option === undefined ? {} : { option: node.option }),
            periodOffset: node.periodOffset,
          })
        }
        return found.value
      }
      case "negate": {
        const v = evaluate(node.operand)
        return typeof v === "number" ? -v : null
      }
      case "binary": {
        const left = evaluate(node.left)
        const right = evaluate(node.right)
        if (typeof left !== "number" || typeof right !== "number") return null
        switch (node.operator) {
          case "+":
            return left + right
          case "-":
            return left - right
          case "*":
            return left * right
          case "/":
            if (right === 0) {
              note(`zero:${node.at}`, {
                code: "division_by_zero",
                message: {
                  ja: `${node.at + 1}文字目: 0で割っているため計算できません`,
                  en: `at position ${node.at + 1}: division by zero`,
                },
              })
              return null
            }
            return left / right
          case "<":
            return left < right
          case "<=":
            return left <= right
          case ">":
            return left > right
          case ">=":
            return left >= right
          case "==":
            return left === right
          case "!=":
            return left !== right
        }
        return null
      }
      case "call":
        return call(node)
    }
  }
  const call = (node: Extract<IndicatorExpression, { kind: "call" }>): Value => {
    switch (node.name) {
      case "if": {
        const condition = evaluate(node.args[0]!)
        if (typeof condition !== "boolean") return null
        return evaluate(condition ? node.args[1]! : node.args[2]!)
      }
      case "isNull":
        return evaluateQuietly(node.args[0]!) === null
      case "firstNonNull": {
        for (const arg of node.args) {
          const v = evaluateQuietly(arg)
          if (v !== null) return v
        }
        for (const arg of node.args) evaluate(arg) // none had a value: report why, for each
        return null
      }
      case "greatest":
      case "least": {
        const values = node.args.map(evaluate)
        if (values.some((v) => typeof v !== "number")) return null
        const numbers = values as Array<number>
        return node.name === "greatest" ? Math.max(...numbers) : Math.min(...numbers)
      }
    }
  }
  /** Evaluates without recording why a value is missing: isNull and firstNonNull handle that on purpose. */
  const evaluateQuietly = (node: IndicatorExpression): Value => {
    const before = new Map(reasons)
    const value = evaluate(node)
    reasons.clear()
    for (const [key, reason] of before) reasons.set(key, reason)
    return value
  }
  const result = evaluate(expression)
  if (typeof result === "number" && Number.isFinite(result)) return { kind: "value", value: result }
  if (typeof result === "number") {
    note("not_finite", {
      code: "not_finite",
      message: { ja: "結果が大きすぎて数値になりません", en: "The result is too large to be a number" },
    })
  }
  if (reasons.size === 0) {
    note("missing", { code: "missing_value", message: { ja: "値がありません", en: "No value" } })
  }
  return { kind: "no_data", reasons: [...reasons.values()] }
}
