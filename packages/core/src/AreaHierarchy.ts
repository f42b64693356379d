/**
 * 地域の階層 (area hierarchy): which areas contain which, so that activity records and data values of
 * municipalities roll up to 二次医療圏, 保健所管轄区域 and the prefecture.
 *
 * An {@link AreaRef} names a municipality by its 全国地方公共団体コード, a tenant {@link Area} by kind and code, or a
 * 都道府県 by its code (`PP000K`). Containment is decided by members, never by names: a municipality lies in every
 * area that lists it; an area lies in another when all its members are members of the other; everything lies in
 * the prefecture of its members. Areas of different kinds may overlap (a 保健所管轄 and a 二次医療圏 need not nest),
 * which is why roll-ups always start again from the municipalities instead of adding areas to each other.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import {
  type Area,
  AreaKind,
  areaKindLabels,
  isPrefectureCode,
  isValidLocalGovernmentCode,
  type LocalGovernmentCode,
  type Municipality,
  prefectureName,
  prefectureOf,
  prefectures,
} from "./Area.js"
import { addLocalizedIssue } from "./Decode.js"
import type { LocalizedText } from "./Label.js"

/**
 * 地域の水準 (area level): a tenant area kind ({@link AreaKind}) or `prefecture` (都道府県).
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { AreaLevel } from "@zaitaku/core"
 *
 * AreaLevel.parse("prefecture")
 * ```
 */
export const AreaLevel = z.enum([...AreaKind.options, "prefecture"])
/** @since 0.1.0 @category areas */
export type AreaLevel = z.infer<typeof AreaLevel>

/**
 * Japanese and English labels of each {@link AreaLevel}.
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { areaLevelLabels } from "@zaitaku/core"
 *
 * areaLevelLabels.prefecture.ja // "都道府県"
 * ```
 */
export const areaLevelLabels: Readonly<Record<AreaLevel, LocalizedText>> = {
  ...areaKindLabels,
  prefecture: { ja: "都道府県", en: "Prefecture" },
}

/**
 * 地域の参照 (area reference): the area an activity belongs to or a data value describes. For `municipality` the
 * code is the municipality's 全国地方公共団体コード; for `prefecture` the prefecture's (`010006` 北海道); otherwise the
 * code of a tenant {@link Area} of that kind.
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { AreaRef } from "@zaitaku/core"
 *
 * AreaRef.parse({ kind: "municipality", code: "022039" }) // 八戸市
 * AreaRef.parse({ kind: "secondary_medical_area", code: "0203" })
 * AreaRef.safeParse({ kind: "prefecture", code: "022039" }).success // false: not a prefecture's code
 * ```
 */
export const AreaRef = z.object({ kind: AreaLevel, code: z.string().min(1).max(32) }).superRefine((ref, ctx) => {
  if (ref.kind !== "municipality" && ref.kind !== "prefecture") return
  if (!isValidLocalGovernmentCode(ref.code)) {
    addLocalizedIssue(
      ctx,
      ["code"],
      `${areaLevelLabels[ref.kind].ja}のコードは全国地方公共団体コード（6桁、検査数字つき）です（${ref.code}）`,
      `The code of a ${ref.kind} is its 6-digit local government code with check digit, got ${ref.code}`,
      "local_government_code",
    )
    return
  }
  const prefecture = isPrefectureCode(ref.code)
  if (ref.kind === "municipality" && prefecture) {
    addLocalizedIssue(
      ctx,
      ["code"],
      `${ref.code}は都道府県のコードです。市区町村のコードを入力してください`,
      `${ref.code} is a prefecture's code, not a municipality's`,
      "not_municipality",
    )
  }
  if (ref.kind === "prefecture" && !prefecture) {
    addLocalizedIssue(
      ctx,
      ["code"],
      `${ref.code}は市区町村のコードです。都道府県のコード（例：北海道 010006）を入力してください`,
      `${ref.code} is a municipality's code, not a prefecture's (e.g. 010006 for Hokkaido)`,
      "not_prefecture",
    )
  }
})
/** @since 0.1.0 @category areas */
export type AreaRef = z.infer<typeof AreaRef>

/**
 * 地域のキー (area key): `kind:code`, unique across kinds, for maps and sorting.
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { areaKey } from "@zaitaku/core"
 *
 * areaKey({ kind: "municipality", code: "022039" }) // "municipality:022039"
 * ```
 */
export const areaKey = (ref: AreaRef): string => `${ref.kind}:${ref.code}`

/**
 * A municipality as an {@link AreaRef}.
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { municipalityArea } from "@zaitaku/core"
 *
 * municipalityArea("022039") // { kind: "municipality", code: "022039" }
 * ```
 */
export const municipalityArea = (code: LocalGovernmentCode | string): AreaRef => ({ kind: "municipality", code })

/**
 * One area of a hierarchy: its reference, name, and the municipalities it covers (a municipality covers itself).
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import type { HierarchyArea } from "@zaitaku/core"
 *
 * const size = (area: HierarchyArea): number => area.members.length
 * ```
 */
export interface HierarchyArea {
  readonly ref: AreaRef
  readonly name: LocalizedText
  readonly members: ReadonlyArray<string>
}

/**
 * 地域の階層 (area hierarchy) built by {@link makeAreaHierarchy}: every municipality, tenant area and prefecture
 * that the tenant works with, and which contains which.
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { type AreaHierarchy, makeAreaHierarchy } from "@zaitaku/core"
 *
 * const hierarchy: AreaHierarchy = makeAreaHierarchy([])
 * hierarchy.areas.length // 0
 * ```
 */
export interface AreaHierarchy {
  /** Municipalities first, then tenant areas, then prefectures; each group ordered by code. */
  readonly areas: ReadonlyArray<HierarchyArea>
  /** The area with this reference, or `undefined` when the hierarchy does not know it. */
  readonly find: (ref: AreaRef) => HierarchyArea | undefined
  /** True when `outer` contains `inner` (an area contains itself). False when either is unknown. */
  readonly contains: (outer: AreaRef, inner: AreaRef) => boolean
  /** The areas that contain `ref`, itself included, in the order of {@link AreaHierarchy.areas}. */
  readonly containing: (ref: AreaRef) => ReadonlyArray<HierarchyArea>
}

const levelOrder = (level: AreaLevel): number => (level === "municipality" ? 0 : level === "prefecture" ? 2 : 1)

/**
 * 地域の階層を作る (build an area hierarchy) from a tenant's areas and, optionally, municipalities (for their
 * names, and for municipalities that belong to no area). Each prefecture of a known municipality becomes an area
 * whose members are all the known municipalities of that prefecture — so a prefecture's roll-up covers exactly the
 * municipalities the tenant lists, which for a prefecture tenant should be all of them.
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { Area, hachinoheAreaMunicipalities, makeAreaHierarchy, municipalityArea } from "@zaitaku/core"
 *
 * const hierarchy = makeAreaHierarchy(
 *   [Area.parse({ kind: "secondary_medical_area", code: "0203", name: { ja: "八戸地域", en: "Hachinohe" }, members: ["022039", "024121"] })],
 *   hachinoheAreaMunicipalities,
 * )
 * hierarchy.contains({ kind: "secondary_medical_area", code: "0203" }, municipalityArea("024121")) // true
 * hierarchy.contains({ kind: "prefecture", code: "020001" }, municipalityArea("024414")) // true
 * ```
 */
export const makeAreaHierarchy = (
  areas: ReadonlyArray<Area>,
  municipalities: ReadonlyArray<Municipality> = [],
): AreaHierarchy => {
  const names = new Map<string, LocalizedText>(municipalities.map((m) => [m.code, m.name]))
  const municipalityCodes = new Set<string>(municipalities.map((m) => m.code))
  for (const area of areas) {
    if (area.kind === "municipality") municipalityCodes.add(area.code)
    for (const member of area.members) municipalityCodes.add(member)
  }
  const byKey = new Map<string, HierarchyArea>()
  for (const code of [...municipalityCodes].sort()) {
    const ref: AreaRef = { kind: "municipality", code }
    byKey.set(areaKey(ref), { ref, name: names.get(code) ?? { ja: code, en: code }, members: [code] })
  }
  for (const area of [...areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    if (area.kind === "municipality") {
      const existing = byKey.get(areaKey({ kind: "municipality", code: area.code }))!
      byKey.set(areaKey(existing.ref), { ...existing, name: area.name })
      continue
    }
    const ref: AreaRef = { kind: area.kind, code: area.code }
    byKey.set(areaKey(ref), { ref, name: area.name, members: [...area.members].sort() })
  }
  const byPrefecture = new Map<string, Array<string>>()
  for (const code of [...municipalityCodes].sort()) {
    const prefecture = prefectureOf(code as LocalGovernmentCode)
    byPrefecture.set(prefecture, [...(byPrefecture.get(prefecture) ?? []), code])
  }
  for (const [prefecture, members] of [...byPrefecture].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const info = prefectures.find((p) => p.code === prefecture)
    if (info === undefined) continue
    const ref: AreaRef = { kind: "prefecture", code: info.localGovernmentCode }
    byKey.set(areaKey(ref), { ref, name: prefectureName(info.code), members })
  }
  const ordered = [...byKey.values()].sort(
    (a, b) =>
      levelOrder(a.ref.kind) - levelOrder(b.ref.kind) ||
      (a.ref.kind < b.ref.kind ? -1 : a.ref.kind > b.ref.kind ? 1 : 0) ||
      (a.ref.code < b.ref.code ? -1 : a.ref.code > b.ref.code ? 1 : 0),
  )
  const memberSets = new Map(ordered.map((area) => [areaKey(area.ref), new Set(area.members)]))
  const find = (ref: AreaRef) => byKey.get(areaKey(ref))
  const contains = (outer: AreaRef, inner: AreaRef): boolean => {
    const outerMembers = memberSets.get(areaKey(outer))
    const innerArea = find(inner)
    if (innerArea !== undefined && areaKey(outer) === areaKey(inner)) return true
    if (outerMembers === undefined || innerArea === undefined || innerArea.members.length === 0) return false
    return innerArea.members.every((member) => outerMembers.has(member))
  }
  return {
    areas: ordered,
    find,
    contains,
    containing: (ref) => (find(ref) === undefined ? [] : ordered.filter((area) => contains(area.ref, ref))),
  }
}
