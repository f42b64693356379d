/**
 * 検索用の文字列正規化 (text normalisation for search): makes `ほうもんかんご`, `ﾎｳﾓﾝｶﾝｺﾞ` and `ホウモンカンゴ` the same
 * string, so that a directory search is insensitive to width, kana type, case, spaces and common variants.
 *
 * What {@link normalizeForSearch} does, in order:
 * 1. Unicode NFKC: full-width ASCII → half-width, half-width katakana → full-width (with ﾞ/ﾟ composed), `㈱` → `(株)`.
 * 2. Latin letters to lower case.
 * 3. Katakana → hiragana (`ア`–`ヶ` → `ぁ`–`ゖ`); `ヷ`–`ヺ`, which have no hiragana, are kept.
 * 4. Variants folded: small `ヶ`/`ゖ` and `ケ` → `け`, small `ヵ`/`ゕ` and `カ` → `か` (so `三ケ日` = `三ヶ日`). Readings
 *    are not guessed: `霞ヶ関` does not become `霞が関`.
 * 5. 々 (and 〻) is replaced by the character before it (`佐々木` → `佐佐木`), so `佐々木` and `佐佐木` match each
 *    other; a 々 with nothing before it is kept.
 * 6. Hyphen-like characters (‐ ‑ ‒ – — ― − ﹣ －) become `-`; `ー` (長音符) is kept, except between two digits where it
 *    is an address hyphen (`1ー2` → `1-2`).
 * 7. All whitespace (including U+3000), `〒` and `・` are removed.
 *
 * Pure and browser-safe; stores use the same function to build their search columns.
 *
 * @since 0.1.0
 */

import type { PrefectureCode } from "./Area.js"
import { prefectureName } from "./Area.js"

const katakanaToHiragana = (text: string): string =>
  text.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))

const expandIterationMarks = (text: string): string => {
  let out = ""
  for (const ch of text) {
    if ((ch === "々" || ch === "〻") && out.length > 0) {
      const previous = Array.from(out).at(-1)!
      out += previous
    } else {
      out += ch
    }
  }
  return out
}

/**
 * 検索用に正規化 (normalise for search): NFKC, lower case, katakana → hiragana, ヶ/ケ and ヵ/カ folded, 々 expanded,
 * hyphens unified, whitespace, 〒 and ・ removed. Idempotent. See the module documentation for the exact rules.
 *
 * @since 0.1.0
 * @category search
 * @example
 * ```ts
 * import { normalizeForSearch } from "@zaitaku/core"
 *
 * normalizeForSearch("ﾎｳﾓﾝｶﾝｺﾞ ｽﾃｰｼｮﾝ") // "ほうもんかんごすてーしょん"
 * normalizeForSearch("〒031－8686　八戸市内丸１ー１") // "031-8686八戸市内丸1-1"
 * ```
 */
export const normalizeForSearch = (text: string): string => {
  let s = text.normalize("NFKC").toLowerCase().normalize("NFKC")
  s = katakanaToHiragana(s)
  s = s.replace(/[ゖ]/g, "け").replace(/[ゕ]/g, "か")
  s = s.replace(/[\s\u200b\ufeff〒・]/g, "")
  s = s.replace(/[\u2010-\u2015\u2212\ufe63]/g, "-")
  s = s.replace(/(?<=[0-9])ー(?=[0-9])/g, "-")
  s = expandIterationMarks(s)
  return s.normalize("NFKC")
}

/**
 * The fields of a resource that text search looks at (a structural subset of `Resource`).
 *
 * @since 0.1.0
 * @category search
 * @example
 * ```ts
 * import type { Searchable } from "@zaitaku/core"
 *
 * const entry: Searchable = { name: "八戸訪問看護ステーション", address: { line: "八戸市内丸1-1-1" } }
 * ```
 */
export interface Searchable {
  readonly name: string
  readonly nameKana?: string | undefined
  readonly address: {
    readonly prefectureCode?: PrefectureCode | undefined
    readonly line: string
    readonly building?: string | undefined
  }
}

/**
 * 検索キー (search keys) of a resource: the normalised name, kana and address (with the prefecture name in front when
 * the address line omits it, and the building). Empty keys and duplicates are dropped.
 *
 * @since 0.1.0
 * @category search
 * @example
 * ```ts
 * import { searchKeys } from "@zaitaku/core"
 *
 * searchKeys({ name: "八戸訪問看護ステーション", nameKana: "ハチノヘホウモンカンゴステーション", address: { line: "八戸市内丸1-1-1" } })
 * // ["八戸訪問看護すてーしょん", "はちのへほうもんかんごすてーしょん", "八戸市内丸1-1-1"]
 * ```
 */
export const searchKeys = (resource: Searchable): ReadonlyArray<string> => {
  const { address } = resource
  const prefecture = address.prefectureCode === undefined ? "" : prefectureName(address.prefectureCode).ja
  const line =
    prefecture !== "" && !address.line.trim().startsWith(prefecture) ? `${prefecture}${address.line}` : address.line
  const keys = [resource.name, resource.nameKana ?? "", `${line}${address.building ?? ""}`].map(normalizeForSearch)
  return [...new Set(keys.filter((key) => key.length > 0))]
}

/**
 * 検索語の分割 (query tokens): the query split at whitespace (including U+3000), each token normalised; empty tokens
 * dropped.
 *
 * @since 0.1.0
 * @category search
 * @example
 * ```ts
 * import { queryTokens } from "@zaitaku/core"
 *
 * queryTokens("訪問　カンゴ") // ["訪問", "かんご"]
 * ```
 */
export const queryTokens = (query: string): ReadonlyArray<string> =>
  query
    .normalize("NFKC")
    .split(/\s+/)
    .map(normalizeForSearch)
    .filter((token) => token.length > 0)

/**
 * 検索語に合うか (matches the query): every token of the query is a substring of some search key of the resource.
 * An empty query matches everything.
 *
 * @since 0.1.0
 * @category search
 * @example
 * ```ts
 * import { matchesQuery } from "@zaitaku/core"
 *
 * const entry = { name: "訪問看護ステーション三ヶ日", nameKana: "ホウモンカンゴステーションミッカビ", address: { line: "浜松市浜名区三ヶ日町" } }
 * matchesQuery(entry, "ほうもんかんご") // true
 * matchesQuery(entry, "三ケ日 訪問") // true
 * matchesQuery(entry, "訪問介護") // false
 * ```
 */
export const matchesQuery = (resource: Searchable, query: string): boolean => {
  const keys = searchKeys(resource)
  return queryTokens(query).every((token) => keys.some((key) => key.includes(token)))
}
