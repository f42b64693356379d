/**
 * Small constructors that keep the template data readable. Not exported from the package.
 */
import type { FormItem, FormItemType } from "../FormDefinition.js"

type Extra = Omit<FormItem, "linkId" | "type" | "text" | "items">

/** A question or display item. */
export const item = (
  linkId: string,
  type: Exclude<FormItemType, "group">,
  ja: string,
  en: string,
  extra: Extra = {},
): FormItem => ({
  linkId,
  type,
  text: { ja, en },
  ...extra,
})

/** A group of items. */
export const group = (
  linkId: string,
  ja: string,
  en: string,
  items: ReadonlyArray<FormItem>,
  extra: Extra = {},
): FormItem => ({
  linkId,
  type: "group",
  text: { ja, en },
  ...extra,
  items: [...items],
})

/** A choice over a code list. */
export const choice = (linkId: string, ja: string, en: string, codeList: string, extra: Extra = {}): FormItem =>
  item(linkId, "choice", ja, en, { answerCodeList: codeList, ...extra })

/** Dates that may not lie in the future. */
export const notFuture = { maxDate: { fromToday: {} } } as const

/** Birth dates: not in the future, at most 130 years ago. */
export const birthDateBounds = { maxDate: { fromToday: {} }, minDate: { fromToday: { years: -130 } } } as const

/** ふりがな: hiragana, the long-vowel mark and spaces. */
export const hiragana = {
  pattern: {
    regex: "[ぁ-ゖゝゞー 　]+",
    message: { ja: "ひらがなで入力してください", en: "Write it in hiragana" },
  },
} as const
