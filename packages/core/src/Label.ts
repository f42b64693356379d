/**
 * Localized labels (表示名) shared by every code list in `@zaitaku/core`.
 *
 * @since 0.1.0
 */
import * as z from "zod"

/**
 * 表示名 (localized text): a label in Japanese, the authoritative wording, and English.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { LocalizedText } from "@zaitaku/core"
 *
 * const text: LocalizedText = LocalizedText.parse({ ja: "八戸市", en: "Hachinohe City" })
 * ```
 */
export const LocalizedText = z.object({ ja: z.string().min(1), en: z.string().min(1) })

/**
 * 表示名 (localized text): a label in Japanese and English.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { LocalizedText } from "@zaitaku/core"
 *
 * const text: LocalizedText = { ja: "二次医療圏", en: "Secondary medical area" }
 * ```
 */
export type LocalizedText = z.infer<typeof LocalizedText>

/**
 * 表示名を作る (make a label): builds a {@link LocalizedText} from its Japanese and English wording.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { label } from "@zaitaku/core"
 *
 * const municipality = label("市区町村", "Municipality")
 * // { ja: "市区町村", en: "Municipality" }
 * ```
 */
export const label = (ja: string, en: string): LocalizedText => ({ ja, en })
