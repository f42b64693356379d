import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { applicantKey, applicantsFromApplicationForm, applicationFormOf } from "../src/index.js"

const today = "2026-01-20"
const form = Result.getOrThrow(applicationFormOf("training-application", today))

/** 愛川町's sheet as an office fills it in: a contact, and its staff as rows. */
const sheet = (applicants: ReadonlyArray<Record<string, unknown>>, overrides: Record<string, unknown> = {}) => ({
  training_title: "令和7年度 第1回多職種研修会",
  office_name: "愛川訪問看護ステーション",
  contact: {
    contact_person: "厚木 一郎",
    contact_email: "office@aikawa-kango.example.jp",
    contact_phone: "046-285-0000",
  },
  applicants,
  ...overrides,
})

const issuesOf = (result: Result.Result<unknown, { readonly issues: ReadonlyArray<unknown> }>) =>
  Result.isFailure(result) ? result.failure.issues : []

describe("applying with the 研修申込書", () => {
  it("reads one applicant per row: own address, 同上 through the office, a written-in profession as other", () => {
    const read = Result.getOrThrow(
      applicantsFromApplicationForm(
        form,
        sheet([
          { name: "厚木 花子", kana: "あつぎ はなこ", email: "hanako@aikawa-kango.example.jp", profession: "nurse" },
          { name: "愛川 次郎", kana: "あいかわ じろう", email_same_as_contact: true, profession: "physical_therapist" },
          { name: "中津 三郎", kana: "なかつ さぶろう", email_same_as_contact: true, profession: { text: "看護助手" } },
        ]),
        today,
      ),
    )
    expect(read.template).toEqual({ id: "training-application", version: form.version })
    expect(read.applicants).toEqual([
      {
        name: "厚木 花子",
        kana: "あつぎ はなこ",
        email: "hanako@aikawa-kango.example.jp",
        phone: "046-285-0000",
        profession: "nurse",
        organizationName: "愛川訪問看護ステーション",
      },
      {
        name: "愛川 次郎",
        kana: "あいかわ じろう",
        phone: "046-285-0000",
        profession: "physical_therapist",
        organizationName: "愛川訪問看護ステーション",
      },
      {
        name: "中津 三郎",
        kana: "なかつ さぶろう",
        phone: "046-285-0000",
        profession: "other",
        organizationName: "愛川訪問看護ステーション",
      },
    ])
    // two staff under 同上 share the office's address and phone, and are still two applicants
    const [, second, third] = read.applicants
    expect(applicantKey(second!)).not.toBe(applicantKey(third!))
  })

  it("reports every problem of a bad sheet at its path, in both languages, and reads no one", () => {
    const result = applicantsFromApplicationForm(
      form,
      sheet(
        [
          { name: "厚木 花子", kana: "アツギ ハナコ", email: "hanako@", profession: "nurse" },
          { name: "愛川 次郎", email_same_as_contact: true, profession: "nurse" },
        ],
        { office_name: undefined },
      ),
      today,
    )
    expect(Result.isFailure(result)).toBe(true)
    const issues = issuesOf(result) as ReadonlyArray<{
      path: ReadonlyArray<unknown>
      message: { ja: string; en: string }
    }>
    const paths = issues.map((issue) => issue.path.join("."))
    expect(paths).toEqual(
      expect.arrayContaining([
        "answers.office_name",
        "answers.applicants.0.kana",
        "answers.applicants.0.email",
        "answers.applicants.1.kana",
      ]),
    )
    for (const issue of issues) {
      expect(issue.message.ja.length).toBeGreaterThan(0)
      expect(issue.message.en.length).toBeGreaterThan(0)
    }
  })

  it("refuses a sheet with the same person twice, at the second row", () => {
    const person = {
      name: "厚木 花子",
      kana: "あつぎ はなこ",
      email: "hanako@aikawa-kango.example.jp",
      profession: "nurse",
    }
    const result = applicantsFromApplicationForm(
      form,
      sheet([person, { ...person, name: "厚木 はなこ", email: "HANAKO@aikawa-kango.example.jp" }]),
      today,
    )
    expect(issuesOf(result)).toEqual([
      expect.objectContaining({ path: ["answers", "applicants", 1], code: "duplicate_applicant" }),
    ])
  })

  it("needs an application form the registrations can read", () => {
    expect(issuesOf(applicationFormOf("hachinohe-training-sheet", today))).toEqual([
      expect.objectContaining({ path: ["template"], code: "application_form_unavailable" }),
    ])
    expect(issuesOf(applicationFormOf("admission-information", today))).toEqual([
      expect.objectContaining({ code: "not_an_application_form" }),
    ])
  })
})
