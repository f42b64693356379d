/**
 * 計算式 (form expressions): a small, safe expression language for calculated values (年齢, BMI, 合計) and
 * cross-item checks in form definitions.
 *
 * The language is parsed and evaluated by this module; nothing is ever handed to `eval` or `Function`, so a
 * definition received from elsewhere cannot run code. Expressions are bounded in length and nesting depth.
 *
 * Syntax, loosest binding first:
 *
 * | construct | example |
 * |---|---|
 * | logic | `a and b`, `a or b`, `not a` |
 * | comparison (not chained) | `=`, `!=` (`≠`), `<`, `<=` (`≤`), `>`, `>=` (`≥`) |
 * | arithmetic | `+`, `-`, `*`, `/`, unary `-` |
 * | literals | `12`, `1.5`, `'text'` or `"text"`, `true`, `false`, `null` |
 * | answers | `weight` (the answer to the item whose linkId is `weight`), `` `1.2-a` `` for any other linkId |
 * | functions | `today()`, `date('2024-04-01')`, `age(birth_date)`, `age(birth_date, admitted_on)`, `bmi(weight_kg, height_cm)`, `round(x, 1)`, `sum(x)`, `count(x)`, `min(x)`, `max(x)`, `exists(x)`, `contains(x, 'code')`, `if(c, a, b)`, `coalesce(a, b, …)`, `daysBetween(from, to)`, `addDays(d, n)` |
 *
 * Missing answers are `null`. Arithmetic, comparisons and most functions on `null` give `null` (a calculated
 * item without a value; a check that does not apply); `and`/`or` follow three-valued logic. An answer that
 * can hold several values (a repeating item, a multi-choice, an item inside a repeating group referred to from
 * outside it) may only be passed to `sum`, `count`, `min`, `max`, `exists` or `contains`; {@link checkExpression}
 * reports any other use before a form is ever filled.
 *
 * @since 0.1.0
 */
import { Data, Result } from "effect"
import type { LocalizedText } from "./Label.js"

// ---------------------------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------------------------

/**
 * 計算式の構文木 (expression syntax tree) produced by {@link parseExpression}. `at` is the 0-based offset of the
 * node's first character in the source text, used in error messages.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseExpression } from "@zaitaku/core"
 *
 * const tree = Result.getOrThrow(parseExpression("weight / 2"))
 * tree.kind // "binary"
 * ```
 */
export type Expression =
  | { readonly kind: "literal"; readonly value: number | string | boolean | null; readonly at: number }
  | { readonly kind: "reference"; readonly linkId: string; readonly at: number }
  | { readonly kind: "unary"; readonly operator: "-" | "not"; readonly operand: Expression; readonly at: number }
  | {
      readonly kind: "binary"
      readonly operator: BinaryOperator
      readonly left: Expression
      readonly right: Expression
      readonly at: number
    }
  | {
      readonly kind: "call"
      readonly name: ExpressionFunction
      readonly args: ReadonlyArray<Expression>
      readonly at: number
    }

/**
 * Binary operators of the expression language (`≠ ≤ ≥` are read as `!= <= >=`).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { BinaryOperator } from "@zaitaku/core"
 *
 * const op: BinaryOperator = "<="
 * ```
 */
export type BinaryOperator = "+" | "-" | "*" | "/" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or"

const functionNames = [
  "today",
  "date",
  "age",
  "bmi",
  "round",
  "sum",
  "count",
  "min",
  "max",
  "exists",
  "contains",
  "if",
  "coalesce",
  "daysBetween",
  "addDays",
] as const

/**
 * 関数名 (function name): the functions an expression may call.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { expressionFunctions } from "@zaitaku/core"
 *
 * expressionFunctions.includes("bmi") // true
 * ```
 */
export type ExpressionFunction = (typeof functionNames)[number]

/**
 * The names of all {@link ExpressionFunction}s, in documentation order.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { expressionFunctions } from "@zaitaku/core"
 *
 * expressionFunctions.length // 15
 * ```
 */
export const expressionFunctions: ReadonlyArray<ExpressionFunction> = functionNames

/**
 * 日付値 (date value) inside an expression: a calendar date written `YYYY-MM-DD`. Answers to `date` items and the
 * results of `today()`, `date(…)` and `addDays(…)` are date values, so they are never confused with text.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { dateValue } from "@zaitaku/core"
 *
 * dateValue("2024-04-01").iso // "2024-04-01"
 * ```
 */
export interface DateValue {
  readonly _tag: "DateValue"
  readonly iso: string
}

/**
 * Builds a {@link DateValue} from a `YYYY-MM-DD` string (not checked here; see {@link evaluateExpression}).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { dateValue } from "@zaitaku/core"
 *
 * const d = dateValue("2025-03-31")
 * ```
 */
export const dateValue = (iso: string): DateValue => ({ _tag: "DateValue", iso })

/**
 * One value an answer or an expression can take (`null` = no value).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ScalarValue } from "@zaitaku/core"
 *
 * const values: ReadonlyArray<ScalarValue> = [1, "care_1", true, null]
 * ```
 */
export type ScalarValue = number | string | boolean | DateValue | null

/**
 * The result of an expression: a {@link ScalarValue}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ExpressionValue } from "@zaitaku/core"
 *
 * const bmi: ExpressionValue = 22.5
 * ```
 */
export type ExpressionValue = ScalarValue

/**
 * 式の型 (expression type), as inferred by {@link checkExpression}. `null` is the type of the `null` literal and
 * fits every other type.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ExpressionType } from "@zaitaku/core"
 *
 * const t: ExpressionType = "date"
 * ```
 */
export type ExpressionType = "number" | "string" | "boolean" | "date" | "null"

/**
 * What an expression may know about an answer it refers to: its type, and whether it can hold several values
 * (`many`), in which case it may only be aggregated.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ReferenceType } from "@zaitaku/core"
 *
 * const applicantAges: ReferenceType = { type: "number", many: true }
 * ```
 */
export interface ReferenceType {
  readonly type: Exclude<ExpressionType, "null">
  readonly many: boolean
}

/**
 * 計算式の誤り (expression error): a syntax error, an unknown function or answer, a type error, or a failure
 * while evaluating (division by zero, an impossible date). `at` is the 0-based offset in the source text when
 * known; `description` is in Japanese and English.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseExpression } from "@zaitaku/core"
 *
 * const result = parseExpression("weight +")
 * if (Result.isFailure(result)) result.failure.reason // "syntax"
 * ```
 */
export class ExpressionError extends Data.TaggedError("ExpressionError")<{
  readonly reason: "syntax" | "unknown_function" | "arity" | "reference" | "type" | "evaluation"
  readonly at: number | undefined
  readonly description: LocalizedText
}> {
  override get message(): string {
    return this.description.en
  }
}

/** Longest accepted expression text, and deepest nesting: bounds on the work one definition can ask for. */
const maxExpressionLength = 2000
const maxDepth = 64

const positioned = (at: number | undefined, ja: string, en: string): LocalizedText =>
  at === undefined ? { ja, en } : { ja: `${at + 1}文字目: ${ja}`, en: `at position ${at + 1}: ${en}` }

const error = (reason: ExpressionError["reason"], at: number | undefined, ja: string, en: string): ExpressionError =>
  new ExpressionError({ reason, at, description: positioned(at, ja, en) })

// ---------------------------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------------------------

type Token =
  | { readonly kind: "number"; readonly value: number; readonly at: number }
  | { readonly kind: "string"; readonly value: string; readonly at: number }
  | { readonly kind: "identifier"; readonly value: string; readonly quoted: boolean; readonly at: number }
  | { readonly kind: "operator"; readonly value: string; readonly at: number }
  | { readonly kind: "end"; readonly at: number }

const operatorAliases: Readonly<Record<string, string>> = { "≠": "!=", "≤": "<=", "≥": ">=" }
const twoCharOperators = new Set(["!=", "<=", ">="])
const oneCharOperators = new Set(["+", "-", "*", "/", "=", "<", ">", "(", ")", ","])
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\u3000"
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9"
const isIdentStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_")
const isIdentPart = (c: string | undefined): boolean => isIdentStart(c) || isDigit(c)

const tokenize = (text: string): Result.Result<ReadonlyArray<Token>, ExpressionError> => {
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
    if (c === "'" || c === '"') {
      let value = ""
      i++
      for (;;) {
        const d = text[i]
        if (d === undefined) {
          return Result.fail(error("syntax", start, "文字列の引用符が閉じていません", "unterminated string"))
        }
        if (d === c) {
          i++
          break
        }
        if (d === "\\") {
          const e = text[i + 1]
          if (e === undefined) {
            return Result.fail(error("syntax", start, "文字列の引用符が閉じていません", "unterminated string"))
          }
          value += e === "n" ? "\n" : e === "t" ? "\t" : e
          i += 2
          continue
        }
        value += d
        i++
      }
      tokens.push({ kind: "string", value, at: start })
      continue
    }
    if (c === "`") {
      const close = text.indexOf("`", i + 1)
      if (close < 0) {
        return Result.fail(error("syntax", start, "` で囲んだ項目IDが閉じていません", "unterminated `quoted` linkId"))
      }
      const value = text.slice(i + 1, close)
      if (value.length === 0) {
        return Result.fail(error("syntax", start, "` で囲んだ項目IDが空です", "empty `quoted` linkId"))
      }
      tokens.push({ kind: "identifier", value, quoted: true, at: start })
      i = close + 1
      continue
    }
    if (isIdentStart(c)) {
      while (isIdentPart(text[i])) i++
      tokens.push({ kind: "identifier", value: text.slice(start, i), quoted: false, at: start })
      continue
    }
    const alias = operatorAliases[c]
    if (alias !== undefined) {
      tokens.push({ kind: "operator", value: alias, at: start })
      i++
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
// Parser (recursive descent)
// ---------------------------------------------------------------------------------------------------------------

class ParseFailure {
  constructor(readonly error: ExpressionError) {}
}

const describeToken = (token: Token): { ja: string; en: string } => {
  switch (token.kind) {
    case "end":
      return { ja: "式の終わり", en: "the end of the expression" }
    case "number":
      return { ja: `数値 ${token.value}`, en: `number ${token.value}` }
    case "string":
      return { ja: "文字列", en: "a string" }
    case "identifier":
      return { ja: `「${token.value}」`, en: `"${token.value}"` }
    case "operator":
      return { ja: `「${token.value}」`, en: `"${token.value}"` }
  }
}

const keywords = new Set(["and", "or", "not", "true", "false", "null"])
const comparisonOperators = new Set(["=", "!=", "<", "<=", ">", ">="])

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
    const token = this.current
    return token.kind === "operator" && token.value === value
  }

  private isKeyword(value: string): boolean {
    const token = this.current
    return token.kind === "identifier" && !token.quoted && token.value === value
  }

  private expectOperator(value: string, ja: string, en: string): void {
    if (!this.isOperator(value)) {
      const found = describeToken(this.current)
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

  parse(): Expression {
    const expression = this.or()
    if (this.current.kind !== "end") {
      const found = describeToken(this.current)
      this.fail(
        this.current,
        `${found.ja}は式の続きとして読めません（演算子が抜けていませんか）`,
        `unexpected ${found.en} (is an operator missing?)`,
      )
    }
    return expression
  }

  private or(): Expression {
    let left = this.and()
    while (this.isKeyword("or")) {
      const at = this.current.at
      this.index++
      left = { kind: "binary", operator: "or", left, right: this.and(), at }
    }
    return left
  }

  private and(): Expression {
    let left = this.not()
    while (this.isKeyword("and")) {
      const at = this.current.at
      this.index++
      left = { kind: "binary", operator: "and", left, right: this.not(), at }
    }
    return left
  }

  private not(): Expression {
    if (this.isKeyword("not")) {
      const at = this.current.at
      this.index++
      return this.nested(() => ({ kind: "unary", operator: "not", operand: this.not(), at }))
    }
    return this.comparison()
  }

  private comparison(): Expression {
    const left = this.additive()
    const token = this.current
    if (token.kind === "operator" && comparisonOperators.has(token.value)) {
      this.index++
      const right = this.additive()
      const next = this.current
      if (next.kind === "operator" && comparisonOperators.has(next.value)) {
        this.fail(
          next,
          "比較は続けて書けません。and でつないでください（例: 0 <= x and x <= 10）",
          "comparisons cannot be chained; join them with and (e.g. 0 <= x and x <= 10)",
        )
      }
      return { kind: "binary", operator: token.value as BinaryOperator, left, right, at: token.at }
    }
    return left
  }

  private additive(): Expression {
    let left = this.multiplicative()
    for (;;) {
      const token = this.current
      if (token.kind !== "operator" || (token.value !== "+" && token.value !== "-")) return left
      this.index++
      left = { kind: "binary", operator: token.value, left, right: this.multiplicative(), at: token.at }
    }
  }

  private multiplicative(): Expression {
    let left = this.unary()
    for (;;) {
      const token = this.current
      if (token.kind !== "operator" || (token.value !== "*" && token.value !== "/")) return left
      this.index++
      left = { kind: "binary", operator: token.value, left, right: this.unary(), at: token.at }
    }
  }

  private unary(): Expression {
    if (this.isOperator("-")) {
      const at = this.current.at
      this.index++
      return this.nested(() => ({ kind: "unary", operator: "-", operand: this.unary(), at }))
    }
    return this.primary()
  }

  private primary(): Expression {
    const token = this.current
    switch (token.kind) {
      case "number":
        this.index++
        return { kind: "literal", value: token.value, at: token.at }
      case "string":
        this.index++
        return { kind: "literal", value: token.value, at: token.at }
      case "identifier": {
        this.index++
        if (!token.quoted && keywords.has(token.value)) {
          if (token.value === "true" || token.value === "false") {
            return { kind: "literal", value: token.value === "true", at: token.at }
          }
          if (token.value === "null") return { kind: "literal", value: null, at: token.at }
          this.fail(token, `「${token.value}」の前に値がありません`, `"${token.value}" needs a value before it`)
        }
        if (!token.quoted && this.isOperator("(")) return this.call(token.value, token.at)
        return { kind: "reference", linkId: token.value, at: token.at }
      }
      case "operator":
        if (token.value === "(") {
          this.index++
          const inner = this.nested(() => this.or())
          this.expectOperator(")", "閉じ括弧「)」が必要です", 'expected ")"')
          return inner
        }
        return this.fail(token, `「${token.value}」の前に値がありません`, `expected a value before "${token.value}"`)
      case "end":
        return this.fail(token, "式が途中で終わっています", "the expression ends too early")
    }
  }

  private call(name: string, at: number): Expression {
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
    const args: Array<Expression> = []
    return this.nested(() => {
      if (!this.isOperator(")")) {
        for (;;) {
          args.push(this.or())
          if (this.isOperator(",")) {
            this.index++
            continue
          }
          break
        }
      }
      this.expectOperator(
        ")",
        `関数「${name}」の引数の後に「)」が必要です`,
        `expected ")" after the arguments of ${name}`,
      )
      const expression: Expression = { kind: "call", name: name as ExpressionFunction, args, at }
      const arity = arityProblem(expression)
      if (arity !== undefined) throw new ParseFailure(arity)
      return expression
    })
  }
}

const arities: Readonly<Record<ExpressionFunction, readonly [number, number]>> = {
  today: [0, 0],
  date: [1, 1],
  age: [1, 2],
  bmi: [2, 2],
  round: [1, 2],
  sum: [1, 1],
  count: [1, 1],
  min: [1, 1],
  max: [1, 1],
  exists: [1, 1],
  contains: [2, 2],
  if: [3, 3],
  coalesce: [1, Number.POSITIVE_INFINITY],
  daysBetween: [2, 2],
  addDays: [2, 2],
}

const arityProblem = (call: Extract<Expression, { kind: "call" }>): ExpressionError | undefined => {
  const [min, max] = arities[call.name]
  const n = call.args.length
  if (n >= min && n <= max) return undefined
  const expected = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `${min}+` : `${min}–${max}`
  const expectedJa = min === max ? `${min}個` : max === Number.POSITIVE_INFINITY ? `${min}個以上` : `${min}〜${max}個`
  return error(
    "arity",
    call.at,
    `関数「${call.name}」の引数は${expectedJa}です（${n}個あります）`,
    `${call.name} takes ${expected} argument(s), got ${n}`,
  )
}

/**
 * 計算式を読む (parse an expression): turns source text into an {@link Expression}, or fails with an
 * {@link ExpressionError} that says where and why, in Japanese and English. Text longer than 2000 characters or
 * nested deeper than 64 levels is refused.
 *
 * @since 0.1.0
 * @category parsing
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseExpression } from "@zaitaku/core"
 *
 * Result.isSuccess(parseExpression("round(bmi(weight_kg, height_cm), 1)")) // true
 * const bad = parseExpression("age(birth_date")
 * if (Result.isFailure(bad)) bad.failure.description.ja // "15文字目: 関数「age」の引数の後に「)」が必要です…"
 * ```
 */
export const parseExpression = (text: string): Result.Result<Expression, ExpressionError> => {
  if (text.length > maxExpressionLength) {
    return Result.fail(
      error(
        "syntax",
        undefined,
        `式が長すぎます（${maxExpressionLength}文字まで、${text.length}文字あります）`,
        `expression longer than ${maxExpressionLength} characters (${text.length})`,
      ),
    )
  }
  const tokens = tokenize(text)
  if (Result.isFailure(tokens)) return Result.fail(tokens.failure)
  if (tokens.success.length === 1) {
    return Result.fail(error("syntax", undefined, "式が空です", "the expression is empty"))
  }
  try {
    return Result.succeed(new Parser(tokens.success).parse())
  } catch (caught) {
    if (caught instanceof ParseFailure) return Result.fail(caught.error)
    throw caught
  }
}

/**
 * 参照している項目 (referenced answers): the distinct linkIds an expression reads, in order of first use.
 *
 * @since 0.1.0
 * @category parsing
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { expressionReferences, parseExpression } from "@zaitaku/core"
 *
 * expressionReferences(Result.getOrThrow(parseExpression("bmi(weight, height) + weight"))) // ["weight", "height"]
 * ```
 */
export const expressionReferences = (expression: Expression): ReadonlyArray<string> => {
  const seen = new Set<string>()
  const walk = (node: Expression): void => {
    switch (node.kind) {
      case "reference":
        seen.add(node.linkId)
        return
      case "unary":
        walk(node.operand)
        return
      case "binary":
        walk(node.left)
        walk(node.right)
        return
      case "call":
        for (const arg of node.args) walk(arg)
        return
      case "literal":
        return
    }
  }
  walk(expression)
  return [...seen]
}

// ---------------------------------------------------------------------------------------------------------------
// Static checks
// ---------------------------------------------------------------------------------------------------------------

const typeNames: Readonly<Record<ExpressionType, { ja: string; en: string }>> = {
  number: { ja: "数値", en: "a number" },
  string: { ja: "文字列", en: "text" },
  boolean: { ja: "真偽値", en: "a boolean" },
  date: { ja: "日付", en: "a date" },
  null: { ja: "null", en: "null" },
}

/**
 * The result of {@link checkExpression}: the inferred type (when the expression is well typed) and every problem
 * found.
 *
 * @since 0.1.0
 * @category checking
 * @example
 * ```ts
 * import type { ExpressionCheck } from "@zaitaku/core"
 *
 * const ok = (check: ExpressionCheck): boolean => check.errors.length === 0
 * ```
 */
export interface ExpressionCheck {
  readonly type: ExpressionType | undefined
  readonly errors: ReadonlyArray<ExpressionError>
}

/**
 * 計算式の検査 (check an expression) before it is used: every answer it refers to must exist (`resolve` returns
 * its type, or `undefined` for an unknown linkId), operands and arguments must have fitting types, and an answer
 * that can hold several values may only be aggregated. Returns the inferred type and all problems found.
 *
 * @since 0.1.0
 * @category checking
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { checkExpression, parseExpression } from "@zaitaku/core"
 *
 * const expression = Result.getOrThrow(parseExpression("age(birth_date) + 1"))
 * const check = checkExpression(expression, (id) => (id === "birth_date" ? { type: "date", many: false } : undefined))
 * check.type // "number"
 * ```
 */
export const checkExpression = (
  expression: Expression,
  resolve: (linkId: string) => ReferenceType | undefined,
): ExpressionCheck => {
  const errors: Array<ExpressionError> = []
  const report = (reason: ExpressionError["reason"], at: number, ja: string, en: string): undefined => {
    errors.push(error(reason, at, ja, en))
    return undefined
  }

  /** Infers a node's type; `aggregated` is true when the node is the direct argument of an aggregate. */
  const infer = (node: Expression, aggregated: boolean): ExpressionType | undefined => {
    switch (node.kind) {
      case "literal":
        return node.value === null
          ? "null"
          : typeof node.value === "number"
            ? "number"
            : typeof node.value === "string"
              ? "string"
              : "boolean"
      case "reference": {
        const reference = resolve(node.linkId)
        if (reference === undefined) {
          return report(
            "reference",
            node.at,
            `項目「${node.linkId}」はこの様式にないか、式で参照できない種類の項目です`,
            `"${node.linkId}" is not an item of this form that an expression can read`,
          )
        }
        if (reference.many && !aggregated) {
          return report(
            "type",
            node.at,
            `項目「${node.linkId}」は複数の値を持ちうるため、sum・count・min・max・exists・contains の中でだけ使えます`,
            `"${node.linkId}" can hold several values; use it only inside sum, count, min, max, exists or contains`,
          )
        }
        return reference.type
      }
      case "unary": {
        const operand = infer(node.operand, false)
        const wanted = node.operator === "-" ? "number" : "boolean"
        if (operand !== undefined && operand !== "null" && operand !== wanted) {
          return report(
            "type",
            node.at,
            `「${node.operator}」には${typeNames[wanted].ja}が必要ですが、${typeNames[operand].ja}です`,
            `"${node.operator}" needs ${typeNames[wanted].en}, got ${typeNames[operand].en}`,
          )
        }
        return operand === undefined ? undefined : wanted
      }
      case "binary": {
        const left = infer(node.left, false)
        const right = infer(node.right, false)
        if (left === undefined || right === undefined) return undefined
        const op = node.operator
        const mismatch = (ja: string, en: string) =>
          report(
            "type",
            node.at,
            `「${op}」の左右の型が合いません（${typeNames[left].ja}と${typeNames[right].ja}）。${ja}`,
            `"${op}" cannot combine ${typeNames[left].en} and ${typeNames[right].en}${en}`,
          )
        if (op === "and" || op === "or") {
          if ((left !== "boolean" && left !== "null") || (right !== "boolean" && right !== "null")) {
            return mismatch("真偽値どうしで使ってください", ": both sides must be booleans")
          }
          return "boolean"
        }
        const known = left === "null" ? right : left
        const other = left === "null" ? left : right
        if (other !== "null" && known !== other) {
          return mismatch(
            known === "date" || other === "date" ? "日付の定数は date('YYYY-MM-DD') と書きます" : "",
            known === "date" || other === "date" ? " (write a date constant as date('YYYY-MM-DD'))" : "",
          )
        }
        if (op === "=" || op === "!=") return "boolean"
        if (op === "<" || op === "<=" || op === ">" || op === ">=") {
          if (known === "boolean") return mismatch("真偽値は大小を比べられません", ": booleans have no order")
          return "boolean"
        }
        if (known !== "number" && known !== "null") {
          return mismatch(
            "計算は数値どうしで行います（日付は daysBetween・addDays を使います）",
            ": arithmetic needs numbers (use daysBetween or addDays for dates)",
          )
        }
        return "number"
      }
      case "call":
        return inferCall(node)
    }
  }

  const expect = (
    call: Extract<Expression, { kind: "call" }>,
    index: number,
    wanted: ReadonlyArray<ExpressionType>,
    aggregated = false,
  ): ExpressionType | undefined => {
    const arg = call.args[index]!
    const type = infer(arg, aggregated)
    if (type === undefined || type === "null" || wanted.includes(type)) return type
    return report(
      "type",
      arg.at,
      `関数「${call.name}」の${index + 1}番目の引数は${wanted.map((w) => typeNames[w].ja).join("か")}ですが、${typeNames[type].ja}です`,
      `argument ${index + 1} of ${call.name} must be ${wanted.map((w) => typeNames[w].en).join(" or ")}, got ${typeNames[type].en}`,
    )
  }

  const inferCall = (call: Extract<Expression, { kind: "call" }>): ExpressionType | undefined => {
    const all = ["number", "string", "boolean", "date"] as const
    switch (call.name) {
      case "today":
        return "date"
      case "date": {
        const arg = call.args[0]!
        expect(call, 0, ["string"])
        if (arg.kind === "literal" && typeof arg.value === "string" && !isExistingIsoDate(arg.value)) {
          report(
            "type",
            arg.at,
            `「${arg.value}」は存在する日付（YYYY-MM-DD）ではありません`,
            `"${arg.value}" is not an existing date written YYYY-MM-DD`,
          )
        }
        return "date"
      }
      case "age":
        expect(call, 0, ["date"])
        if (call.args.length > 1) expect(call, 1, ["date"])
        return "number"
      case "bmi":
        expect(call, 0, ["number"])
        expect(call, 1, ["number"])
        return "number"
      case "round": {
        expect(call, 0, ["number"])
        const digits = call.args[1]
        if (
          digits !== undefined &&
          !(
            digits.kind === "literal" &&
            typeof digits.value === "number" &&
            Number.isInteger(digits.value) &&
            digits.value <= 10
          )
        ) {
          report(
            "type",
            digits.at,
            "round の桁数は0〜10の整数の定数で書いてください",
            "the digits of round must be a constant integer from 0 to 10",
          )
        }
        return "number"
      }
      case "sum":
        expect(call, 0, ["number"], true)
        return "number"
      case "count":
        expect(call, 0, all, true)
        return "number"
      case "min":
      case "max":
        return expect(call, 0, ["number", "date", "string"], true)
      case "exists":
        expect(call, 0, all, true)
        return "boolean"
      case "contains": {
        const collection = expect(call, 0, all, true)
        const value = infer(call.args[1]!, false)
        if (
          collection !== undefined &&
          value !== undefined &&
          value !== "null" &&
          collection !== "null" &&
          collection !== value
        ) {
          report(
            "type",
            call.args[1]!.at,
            `contains の2番目の引数は1番目と同じ型（${typeNames[collection].ja}）にしてください`,
            `the second argument of contains must have the type of the first (${typeNames[collection].en})`,
          )
        }
        return "boolean"
      }
      case "if": {
        expect(call, 0, ["boolean"])
        const a = infer(call.args[1]!, false)
        const b = infer(call.args[2]!, false)
        if (a === undefined || b === undefined) return undefined
        if (a !== "null" && b !== "null" && a !== b) {
          return report(
            "type",
            call.at,
            `if の2番目と3番目の引数の型が違います（${typeNames[a].ja}と${typeNames[b].ja}）`,
            `the branches of if have different types (${typeNames[a].en} and ${typeNames[b].en})`,
          )
        }
        return a === "null" ? b : a
      }
      case "coalesce": {
        let result: ExpressionType = "null"
        for (const arg of call.args) {
          const type = infer(arg, false)
          if (type === undefined) return undefined
          if (type === "null") continue
          if (result !== "null" && type !== result) {
            return report(
              "type",
              arg.at,
              `coalesce の引数はすべて同じ型にしてください（${typeNames[result].ja}と${typeNames[type].ja}）`,
              `the arguments of coalesce must share one type (${typeNames[result].en} and ${typeNames[type].en})`,
            )
          }
          result = type
        }
        return result
      }
      case "daysBetween":
        expect(call, 0, ["date"])
        expect(call, 1, ["date"])
        return "number"
      case "addDays":
        expect(call, 0, ["date"])
        expect(call, 1, ["number"])
        return "date"
    }
  }

  const type = infer(expression, false)
  return { type: errors.length === 0 ? type : undefined, errors }
}

// ---------------------------------------------------------------------------------------------------------------
// Date arithmetic
// ---------------------------------------------------------------------------------------------------------------

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()

const isExistingIsoDate = (text: string): boolean => {
  const match = isoPattern.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

const parts = (iso: string): readonly [number, number, number] => {
  const match = isoPattern.exec(iso)!
  return [Number(match[1]), Number(match[2]), Number(match[3])]
}

const epochDay = (iso: string): number => {
  const [y, m, d] = parts(iso)
  const date = new Date(0)
  date.setUTCFullYear(y, m - 1, d)
  return Math.round(date.getTime() / 86_400_000)
}

const fromEpochDay = (day: number): string => {
  const date = new Date(day * 86_400_000)
  const y = date.getUTCFullYear()
  return `${String(y).padStart(4, "0")}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`
}

/**
 * 満年齢 (age in completed years) on a date: the number of birthdays reached on or before `on`. Someone born on
 * 29 February becomes a year older on 1 March in common years, as 年齢計算ニ関スル法律 and 民法 第143条 give.
 * Returns `undefined` when `on` precedes the birth date or either date does not exist.
 *
 * @since 0.1.0
 * @category functions
 * @example
 * ```ts
 * import { ageOn } from "@zaitaku/core"
 *
 * ageOn("1948-04-02", "2025-04-01") // 76
 * ageOn("1948-04-02", "2025-04-02") // 77
 * ```
 */
export const ageOn = (birthDate: string, on: string): number | undefined => {
  if (!isExistingIsoDate(birthDate) || !isExistingIsoDate(on) || on < birthDate) return undefined
  const [by, bm, bd] = parts(birthDate)
  const [y, m, d] = parts(on)
  const reached = m > bm || (m === bm && d >= bd)
  return y - by - (reached ? 0 : 1)
}

/**
 * BMI (body mass index) from a weight in kilograms and a height in centimetres: kg / m². Not rounded; use
 * `round(bmi(w, h), 1)` in a form. Returns `undefined` unless both are positive finite numbers.
 *
 * @since 0.1.0
 * @category functions
 * @example
 * ```ts
 * import { bodyMassIndex } from "@zaitaku/core"
 *
 * bodyMassIndex(50, 160) // 19.53125
 * ```
 */
export const bodyMassIndex = (weightKg: number, heightCm: number): number | undefined => {
  if (!(Number.isFinite(weightKg) && Number.isFinite(heightCm) && weightKg > 0 && heightCm > 0)) return undefined
  const metres = heightCm / 100
  return weightKg / (metres * metres)
}

/**
 * 四捨五入 (round half away from zero) to `digits` decimal places, without the binary floating-point surprises
 * of `Math.round(x * 10) / 10` (so 1.005 rounds to 1.01 and -2.5 to -3).
 *
 * @since 0.1.0
 * @category functions
 * @example
 * ```ts
 * import { roundHalfUp } from "@zaitaku/core"
 *
 * roundHalfUp(1.005, 2) // 1.01
 * roundHalfUp(-2.5, 0) // -3
 * ```
 */
export const roundHalfUp = (value: number, digits = 0): number => {
  if (!Number.isFinite(value)) return value
  const sign = value < 0 ? -1 : 1
  const shifted = Math.round(Number(`${Math.abs(value)}e${digits}`))
  return sign * Number(`${shifted}e-${digits}`)
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------------------------

/**
 * What {@link evaluateExpression} needs from its caller: today's date (`YYYY-MM-DD`, for `today()`), and the
 * values of an answer by linkId (an empty array when there is no answer).
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { ExpressionContext } from "@zaitaku/core"
 *
 * const context: ExpressionContext = {
 *   today: "2025-04-01",
 *   answers: (linkId) => (linkId === "weight_kg" ? [50] : []),
 * }
 * ```
 */
export interface ExpressionContext {
  readonly today: string
  readonly answers: (linkId: string) => ReadonlyArray<ScalarValue>
}

class EvaluationFailure {
  constructor(readonly error: ExpressionError) {}
}

const isDate = (value: ScalarValue): value is DateValue => typeof value === "object" && value !== null

const fail = (at: number, ja: string, en: string): never => {
  throw new EvaluationFailure(error("evaluation", at, ja, en))
}

const kindOf = (value: ScalarValue): ExpressionType =>
  value === null
    ? "null"
    : isDate(value)
      ? "date"
      : typeof value === "number"
        ? "number"
        : typeof value === "string"
          ? "string"
          : "boolean"

const requireKind = (value: ScalarValue, kind: ExpressionType, at: number): void => {
  const actual = kindOf(value)
  if (actual !== "null" && actual !== kind) {
    fail(
      at,
      `${typeNames[kind].ja}が必要ですが、${typeNames[actual].ja}です`,
      `expected ${typeNames[kind].en}, got ${typeNames[actual].en}`,
    )
  }
}

const equal = (a: ScalarValue, b: ScalarValue): boolean => (isDate(a) && isDate(b) ? a.iso === b.iso : a === b)

const compare = (a: ScalarValue, b: ScalarValue): number => {
  const x = isDate(a) ? a.iso : a
  const y = isDate(b) ? b.iso : b
  return (x as number | string) < (y as number | string) ? -1 : (x as number | string) > (y as number | string) ? 1 : 0
}

const checkedNumber = (value: number, at: number): number =>
  Number.isFinite(value) ? value : fail(at, "計算結果が有限の数になりません", "the result is not a finite number")

const evaluate = (node: Expression, context: ExpressionContext, depth: number): ScalarValue => {
  if (depth > maxExpressionLength) fail(node.at, "式が深すぎます", "expression nested too deeply")
  const values = (arg: Expression): ReadonlyArray<ScalarValue> => {
    if (arg.kind === "reference") return context.answers(arg.linkId).filter((v) => v !== null)
    const value = evaluate(arg, context, depth + 1)
    return value === null ? [] : [value]
  }
  switch (node.kind) {
    case "literal":
      return node.value
    case "reference": {
      const answers = context.answers(node.linkId).filter((v) => v !== null)
      if (answers.length > 1) {
        fail(
          node.at,
          `項目「${node.linkId}」に複数の回答があります。sum・count などで集計してください`,
          `"${node.linkId}" has several answers; aggregate them with sum, count, …`,
        )
      }
      return answers[0] ?? null
    }
    case "unary": {
      const operand = evaluate(node.operand, context, depth + 1)
      if (operand === null) return null
      if (node.operator === "-") {
        requireKind(operand, "number", node.at)
        return -(operand as number)
      }
      requireKind(operand, "boolean", node.at)
      return !operand
    }
    case "binary": {
      const op = node.operator
      if (op === "and" || op === "or") {
        const left = evaluate(node.left, context, depth + 1)
        requireKind(left, "boolean", node.left.at)
        if (op === "and" && left === false) return false
        if (op === "or" && left === true) return true
        const right = evaluate(node.right, context, depth + 1)
        requireKind(right, "boolean", node.right.at)
        if (op === "and") return right === false ? false : left === null || right === null ? null : true
        return right === true ? true : left === null || right === null ? null : false
      }
      const left = evaluate(node.left, context, depth + 1)
      const right = evaluate(node.right, context, depth + 1)
      if (left === null || right === null) return null
      const lk = kindOf(left)
      const rk = kindOf(right)
      if (lk !== rk) {
        fail(
          node.at,
          `「${op}」の左右の型が合いません（${typeNames[lk].ja}と${typeNames[rk].ja}）`,
          `"${op}" cannot combine ${typeNames[lk].en} and ${typeNames[rk].en}`,
        )
      }
      switch (op) {
        case "=":
          return equal(left, right)
        case "!=":
          return !equal(left, right)
        case "<":
        case "<=":
        case ">":
        case ">=": {
          if (lk === "boolean") fail(node.at, "真偽値は大小を比べられません", "booleans have no order")
          const c = compare(left, right)
          return op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0
        }
        default: {
          requireKind(left, "number", node.at)
          const a = left as number
          const b = right as number
          if (op === "/" && b === 0) return fail(node.at, "0で割ることはできません", "division by zero")
          return checkedNumber(op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : a / b, node.at)
        }
      }
    }
    case "call":
      return call(node, context, depth, values)
  }
}

const call = (
  node: Extract<Expression, { kind: "call" }>,
  context: ExpressionContext,
  depth: number,
  values: (arg: Expression) => ReadonlyArray<ScalarValue>,
): ScalarValue => {
  const arg = (i: number): ScalarValue => evaluate(node.args[i]!, context, depth + 1)
  const dateArg = (i: number): DateValue | null => {
    const value = arg(i)
    requireKind(value, "date", node.args[i]!.at)
    return value as DateValue | null
  }
  const numberArg = (i: number): number | null => {
    const value = arg(i)
    requireKind(value, "number", node.args[i]!.at)
    return value as number | null
  }
  switch (node.name) {
    case "today":
      if (!isExistingIsoDate(context.today)) {
        return fail(node.at, "今日の日付が正しく渡されていません", `today is not a date: ${context.today}`)
      }
      return dateValue(context.today)
    case "date": {
      const text = arg(0)
      if (text === null) return null
      requireKind(text, "string", node.args[0]!.at)
      if (!isExistingIsoDate(text as string)) {
        return fail(
          node.at,
          `「${String(text)}」は存在する日付（YYYY-MM-DD）ではありません`,
          `"${String(text)}" is not an existing date written YYYY-MM-DD`,
        )
      }
      return dateValue(text as string)
    }
    case "age": {
      const birth = dateArg(0)
      const on = node.args.length > 1 ? dateArg(1) : dateValue(context.today)
      if (birth === null || on === null) return null
      const age = ageOn(birth.iso, on.iso)
      return age === undefined
        ? fail(node.at, "基準日が生年月日より前です", "the reference date precedes the birth date")
        : age
    }
    case "bmi": {
      const weight = numberArg(0)
      const height = numberArg(1)
      if (weight === null || height === null) return null
      const bmi = bodyMassIndex(weight, height)
      return bmi === undefined
        ? fail(node.at, "BMIには正の体重と身長が必要です", "bmi needs a positive weight and height")
        : bmi
    }
    case "round": {
      const value = numberArg(0)
      const digits = node.args.length > 1 ? numberArg(1) : 0
      if (value === null || digits === null) return null
      return roundHalfUp(value, Math.max(0, Math.min(10, Math.trunc(digits))))
    }
    case "sum": {
      const all = values(node.args[0]!)
      let total = 0
      for (const v of all) {
        requireKind(v, "number", node.args[0]!.at)
        total += v as number
      }
      return checkedNumber(total, node.at)
    }
    case "count":
      return values(node.args[0]!).length
    case "min":
    case "max": {
      const all = values(node.args[0]!)
      let best: ScalarValue = null
      for (const v of all) {
        if (best !== null && kindOf(best) !== kindOf(v)) {
          fail(node.at, `${node.name} の値の型がそろっていません`, `${node.name} over values of different types`)
        }
        if (best === null || (node.name === "min" ? compare(v, best) < 0 : compare(v, best) > 0)) best = v
      }
      return best
    }
    case "exists":
      return values(node.args[0]!).length > 0
    case "contains": {
      const needle = arg(1)
      if (needle === null) return null
      return values(node.args[0]!).some((v) => equal(v, needle))
    }
    case "if": {
      const condition = arg(0)
      requireKind(condition, "boolean", node.args[0]!.at)
      return condition === true ? arg(1) : arg(2)
    }
    case "coalesce":
      for (let i = 0; i < node.args.length; i++) {
        const value = arg(i)
        if (value !== null) return value
      }
      return null
    case "daysBetween": {
      const from = dateArg(0)
      const to = dateArg(1)
      if (from === null || to === null) return null
      return epochDay(to.iso) - epochDay(from.iso)
    }
    case "addDays": {
      const from = dateArg(0)
      const days = numberArg(1)
      if (from === null || days === null) return null
      if (!Number.isInteger(days))
        return fail(node.at, "addDays の日数は整数です", "addDays needs a whole number of days")
      const result = epochDay(from.iso) + days
      const iso = fromEpochDay(result)
      return isExistingIsoDate(iso) && Math.abs(days) < 3_000_000
        ? dateValue(iso)
        : fail(node.at, "日付が範囲外になりました", "the date falls outside years 1–9999")
    }
  }
}

/**
 * 計算式を評価する (evaluate an expression) against answers and today's date. Fails with an
 * {@link ExpressionError} (reason `evaluation`) on division by zero, a reference date before a birth date, a
 * value of the wrong type, or a single-valued use of an answer that has several values; missing answers give
 * `null` rather than an error.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { evaluateExpression, parseExpression } from "@zaitaku/core"
 *
 * const expression = Result.getOrThrow(parseExpression("round(bmi(weight_kg, height_cm), 1)"))
 * const answers: Record<string, ReadonlyArray<number>> = { weight_kg: [50], height_cm: [160] }
 * evaluateExpression(expression, { today: "2025-04-01", answers: (id) => answers[id] ?? [] }) // Result.succeed(19.5)
 * ```
 */
export const evaluateExpression = (
  expression: Expression,
  context: ExpressionContext,
): Result.Result<ExpressionValue, ExpressionError> => {
  try {
    return Result.succeed(evaluate(expression, context, 0))
  } catch (caught) {
    if (caught instanceof EvaluationFailure) return Result.fail(caught.error)
    throw caught
  }
}
