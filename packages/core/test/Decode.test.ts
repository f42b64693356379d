import { decode, decodeSync, fromZodError, localized, NewTenant, ValidationError } from "@zaitaku/core"
import { Effect, Exit, Result } from "effect"
import { describe, expect, it } from "vitest"
import * as z from "zod"

const Body = z.object({
  name: z.string().min(1),
  age: z.number().int().min(0),
  role: z.enum(["viewer", "coordinator"]),
  contact: z.object({ fax: z.string().regex(/^[0-9-]+$/) }),
  even: z.number().refine((n) => n % 2 === 0, localized("偶数を入力してください", "Must be an even number", "even")),
})

const failureOf = async (input: unknown): Promise<ValidationError> => {
  const exit = await Effect.runPromiseExit(decode(Body, "request body")(input))
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = exit.cause.reasons[0]
  return (error as unknown as { error: ValidationError }).error
}

describe("decode", () => {
  it("succeeds with the parsed value", async () => {
    const value = { name: "八戸", age: 80, role: "viewer", contact: { fax: "0178-00-0000" }, even: 2 }
    expect(await Effect.runPromise(decode(Body)(value))).toEqual(value)
  })

  it("reports every problem with its field path, a code, and Japanese and English messages", async () => {
    const error = await failureOf({ name: "", age: -1.5, role: "admin", contact: { fax: "abc" }, even: 3 })
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.subject).toBe("request body")
    const byPath = Object.fromEntries(error.issues.map((issue) => [issue.path.join("."), issue]))
    expect(Object.keys(byPath).sort()).toEqual(["age", "contact.fax", "even", "name", "role"])
    expect(byPath.name?.code).toBe("too_small")
    expect(byPath.role?.code).toBe("invalid_value")
    expect(byPath["contact.fax"]?.code).toBe("invalid_format")
    expect(byPath.even).toEqual({
      path: ["even"],
      code: "even",
      message: { ja: "偶数を入力してください", en: "Must be an even number" },
    })
    for (const issue of error.issues) {
      expect(issue.message.en.length).toBeGreaterThan(0)
      // the Japanese message is really Japanese (it contains kana or kanji), not the English text again
      expect(issue.message.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    }
    expect(error.message).toContain("name:")
  })

  it("never copies the offending values into the error (they may be personal data)", async () => {
    const error = await failureOf({ name: 12345, age: "山田太郎", role: "viewer", contact: { fax: "1" }, even: 2 })
    expect(JSON.stringify(error.issues)).not.toContain("山田太郎")
    expect(JSON.stringify(error.issues)).not.toContain("12345")
  })

  it("reports a missing object as a root-level problem", async () => {
    const error = await failureOf(undefined)
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.path).toEqual([])
    expect(error.issues[0]?.code).toBe("invalid_type")
  })

  it("has a synchronous form returning a Result", () => {
    const port = z.coerce.number().int().min(1).max(65535)
    expect(Result.isSuccess(decodeSync(port, "PORT")("8787"))).toBe(true)
    const bad = decodeSync(port, "PORT")("99999")
    expect(Result.isFailure(bad) && bad.failure.issues[0]?.code).toBe("too_big")
  })

  it("keeps the bilingual messages of domain refinements (tenant rules)", () => {
    const result = NewTenant.safeParse({
      code: "022039",
      kind: "municipality",
      name: { ja: "八戸市", en: "Hachinohe" },
      municipalities: ["022039", "024414"],
    })
    expect(result.success).toBe(false)
    const error = fromZodError("tenant", result.error!)
    expect(error.issues).toEqual([
      {
        path: ["municipalities"],
        code: "tenant_municipalities",
        message: {
          ja: "市区町村のテナントは自らのコードのみを含めてください",
          en: "A municipality tenant's municipalities must be exactly its own code",
        },
      },
    ])
  })

  it("names the wrong check digit of a municipality code in both languages", () => {
    const result = NewTenant.safeParse({
      code: "022038",
      kind: "municipality",
      name: { ja: "八戸市", en: "Hachinohe" },
      municipalities: ["022038"],
    })
    const issues = fromZodError("tenant", result.error!).issues
    const codeIssue = issues.find((issue) => issue.path.join(".") === "municipalities.0")
    expect(codeIssue?.message.en).toMatch(/check digit should be 9/)
    expect(codeIssue?.message.ja).toMatch(/検査数字/)
  })
})
