/**
 * 合成データ (synthetic data) at national scale, for benchmarks and load tests: a deterministic directory of
 * {@link NewResource}s and a deterministic 介護サービス情報公表 CSV. Nothing here is real: names, addresses, phone
 * numbers and office numbers are made up; only their shapes and distributions follow the real country.
 *
 * Distributions (approximate, good enough for query plans and selectivities, not for statistics):
 * - **Prefectures** are weighted by population (2020 census, in units of 10,000 people, rounded).
 * - **Municipalities** are 6-digit 全国地方公共団体コード made with `toSixDigit` from plausible 5-digit JIS codes:
 *   `PP201…` for cities (市) and `PP301…`, `PP401…`, `PP501…` for towns and villages (町村), more cities in more
 *   populous prefectures, and more entries in the first cities (a Zipf-like weight). The check digit is always right;
 *   whether a municipality with that code exists is not checked (many do not).
 * - **Kinds** are weighted like the national counts of about 2023 (診療所 ≈ 105k, 歯科 ≈ 67k, 薬局 ≈ 62k, 居宅介護支援
 *   ≈ 38k, 訪問介護 ≈ 35k, 通所介護 ≈ 24k, …, 病院 ≈ 8k), with fewer community resources than exist (通いの場 are
 *   counted in the 100,000s nationally but rarely all listed).
 * - **Coordinates** lie uniformly in a rough bounding box of the prefecture's main land area (there is no
 *   land test: some points fall in the sea or a neighbouring prefecture), so a 10 km radius finds a realistic, density-dependent number of entries.
 * - **Names** combine a place-like part and a business-like part (`さくら訪問介護ステーション`), with a katakana
 *   reading (`サクラホウモンカイゴステーション`), so kana-insensitive search has work to do.
 *
 * @since 0.1.0
 */
import {
  type Capability,
  type LocalGovernmentCode,
  type NewResource,
  type PrefectureCode,
  prefectures,
  type ResourceKind,
  resourceKinds,
  type TenantId,
  toSixDigit,
} from "@zaitaku/core"

// ---------------------------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------------------------

/**
 * 擬似乱数 (a seeded pseudo-random generator): mulberry32, 32-bit state, uniform in [0, 1). Deterministic: the
 * same seed gives the same sequence on every platform.
 *
 * @since 0.1.0
 * @category random
 * @example
 * ```ts
 * import { mulberry32 } from "@zaitaku/testing"
 *
 * const random = mulberry32(42)
 * random() // 0.6011037519201636 (always)
 * ```
 */
export const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A weighted choice by binary search over cumulative weights. */
const weighted = <A>(items: ReadonlyArray<readonly [A, number]>): ((random: () => number) => A) => {
  const cumulative: Array<number> = []
  let total = 0
  for (const [, weight] of items) {
    total += weight
    cumulative.push(total)
  }
  return (random) => {
    const x = random() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid]! > x) hi = mid
      else lo = mid + 1
    }
    return items[lo]![0]
  }
}

const pick = <A>(random: () => number, items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)]!
const int = (random: () => number, min: number, max: number): number => min + Math.floor(random() * (max - min + 1))
const digits = (random: () => number, n: number): string => {
  let out = ""
  for (let i = 0; i < n; i++) out += Math.floor(random() * 10).toString()
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Geography
// ---------------------------------------------------------------------------------------------------------------

/**
 * Per prefecture (JIS order 01–47): population in 10,000s (2020 census, rounded) and a rough bounding box of the
 * main land area `[south, north, west, east]` in degrees.
 */
const prefectureData: ReadonlyArray<readonly [number, readonly [number, number, number, number]]> = [
  [522, [41.4, 45.4, 139.9, 145.5]], // 01 北海道
  [124, [40.2, 41.5, 139.9, 141.6]], // 02 青森県
  [121, [38.8, 40.4, 140.7, 141.9]], // 03 岩手県
  [230, [37.8, 39.0, 140.3, 141.5]], // 04 宮城県
  [96, [38.9, 40.5, 139.8, 140.9]], // 05 秋田県
  [107, [37.7, 39.1, 139.6, 140.6]], // 06 山形県
  [183, [36.8, 37.9, 139.3, 140.9]], // 07 福島県
  [287, [35.8, 36.9, 139.7, 140.8]], // 08 茨城県
  [193, [36.2, 37.1, 139.4, 140.3]], // 09 栃木県
  [194, [36.0, 36.9, 138.5, 139.6]], // 10 群馬県
  [734, [35.8, 36.2, 138.9, 139.9]], // 11 埼玉県
  [628, [34.9, 36.0, 139.8, 140.8]], // 12 千葉県
  [1405, [35.55, 35.85, 139.1, 139.9]], // 13 東京都
  [924, [35.2, 35.65, 139.1, 139.75]], // 14 神奈川県
  [220, [36.9, 38.4, 137.7, 139.8]], // 15 新潟県
  [103, [36.4, 36.9, 136.8, 137.7]], // 16 富山県
  [113, [36.1, 37.4, 136.3, 137.3]], // 17 石川県
  [77, [35.4, 36.3, 135.6, 136.8]], // 18 福井県
  [81, [35.2, 35.9, 138.2, 139.1]], // 19 山梨県
  [205, [35.3, 36.9, 137.4, 138.7]], // 20 長野県
  [198, [35.2, 36.4, 136.3, 137.6]], // 21 岐阜県
  [363, [34.6, 35.6, 137.5, 139.1]], // 22 静岡県
  [754, [34.7, 35.4, 136.7, 137.8]], // 23 愛知県
  [177, [33.8, 35.2, 136.0, 136.9]], // 24 三重県
  [141, [34.8, 35.7, 135.8, 136.4]], // 25 滋賀県
  [258, [34.8, 35.7, 135.1, 136.0]], // 26 京都府
  [884, [34.3, 34.95, 135.2, 135.7]], // 27 大阪府
  [547, [34.3, 35.6, 134.3, 135.45]], // 28 兵庫県
  [133, [33.9, 34.7, 135.6, 136.2]], // 29 奈良県
  [92, [33.5, 34.3, 135.1, 135.9]], // 30 和歌山県
  [55, [35.1, 35.6, 133.2, 134.5]], // 31 鳥取県
  [67, [34.4, 35.6, 131.7, 133.3]], // 32 島根県
  [189, [34.4, 35.3, 133.3, 134.4]], // 33 岡山県
  [280, [34.1, 35.1, 132.1, 133.4]], // 34 広島県
  [134, [33.8, 34.7, 130.9, 132.4]], // 35 山口県
  [72, [33.6, 34.2, 133.7, 134.8]], // 36 徳島県
  [95, [34.1, 34.4, 133.5, 134.4]], // 37 香川県
  [133, [32.9, 34.1, 132.3, 133.6]], // 38 愛媛県
  [69, [32.8, 33.8, 132.6, 134.2]], // 39 高知県
  [513, [33.1, 33.9, 130.2, 131.1]], // 40 福岡県
  [81, [33.0, 33.6, 129.8, 130.5]], // 41 佐賀県
  [131, [32.6, 33.3, 129.7, 130.3]], // 42 長崎県
  [174, [32.1, 33.2, 130.3, 131.2]], // 43 熊本県
  [112, [32.8, 33.7, 130.9, 132.0]], // 44 大分県
  [107, [31.4, 32.8, 130.8, 131.8]], // 45 宮崎県
  [159, [31.0, 32.1, 130.0, 131.1]], // 46 鹿児島県
  [147, [26.1, 26.9, 127.6, 128.3]], // 47 沖縄県
]

interface SyntheticPrefecture {
  readonly code: PrefectureCode
  readonly name: string
  readonly box: readonly [number, number, number, number]
  readonly municipality: (random: () => number) => LocalGovernmentCode
  readonly municipalities: ReadonlyArray<LocalGovernmentCode>
}

const syntheticPrefectures: ReadonlyArray<SyntheticPrefecture> = prefectures.map((prefecture, i) => {
  const [population, box] = prefectureData[i]!
  const cities = Math.min(90, 8 + Math.round(Math.sqrt(population) * 1.2))
  const towns = Math.min(90, 6 + Math.round(Math.sqrt(population) * 0.6))
  const codes: Array<readonly [LocalGovernmentCode, number]> = []
  for (let c = 0; c < cities; c++) {
    codes.push([toSixDigit(`${prefecture.code}${201 + c}`), 8 / (c + 1) + 1])
  }
  for (let t = 0; t < towns; t++) {
    // spread the towns over the 3xx, 4xx and 5xx blocks (郡 by 郡), 20 per block at most
    const block = 300 + 100 * (Math.floor(t / 20) % 3) + 1 + (t % 20) + 20 * Math.floor(t / 60)
    codes.push([toSixDigit(`${prefecture.code}${block}`), 0.4])
  }
  return {
    code: prefecture.code,
    name: prefecture.name.ja,
    box,
    municipality: weighted(codes),
    municipalities: codes.map(([code]) => code),
  }
})

const choosePrefecture = weighted(syntheticPrefectures.map((p, i) => [p, prefectureData[i]![0]] as const))

/**
 * 合成データの市区町村 (every municipality code the synthetic generators can produce), in prefecture order: a
 * wide-area tenant whose `municipalities` are these covers the whole synthetic country.
 *
 * @since 0.1.0
 * @category synthetic data
 * @example
 * ```ts
 * import { syntheticMunicipalityCodes } from "@zaitaku/testing"
 *
 * syntheticMunicipalityCodes().includes("022039") // true (a valid code; here also 八戸市)
 * ```
 */
export const syntheticMunicipalityCodes = (): ReadonlyArray<LocalGovernmentCode> =>
  syntheticPrefectures.flatMap((p) => p.municipalities)

// ---------------------------------------------------------------------------------------------------------------
// Kinds and names
// ---------------------------------------------------------------------------------------------------------------

/**
 * 種別の重み (kind weights): about the national number of each kind (in 100s), 2023 or so. Kinds without a
 * national count (`clinic` without the bed distinction, サービス種類コード 155) have weight 0.
 *
 * @since 0.1.0
 * @category synthetic data
 * @example
 * ```ts
 * import { syntheticKindWeights } from "@zaitaku/testing"
 *
 * syntheticKindWeights.pharmacy > syntheticKindWeights.hospital // true
 * ```
 */
export const syntheticKindWeights: Readonly<Record<ResourceKind, number>> = {
  hospital: 81,
  clinic: 0,
  clinic_with_beds: 58,
  clinic_without_beds: 990,
  dental_clinic: 670,
  pharmacy: 620,
  home_nursing_station: 160,
  care_management_office: 380,
  community_comprehensive_support_center: 54,
  home_help: 350,
  home_bathing: 17,
  home_rehabilitation: 50,
  day_service: 240,
  day_service_155: 0,
  day_rehabilitation: 80,
  short_stay: 110,
  night_home_help: 3,
  periodic_visit_care: 13,
  community_day_service: 190,
  special_nursing_home: 105,
  geriatric_health_facility: 42,
  integrated_care_facility: 8,
  dementia_group_home: 140,
  fee_based_elderly_home: 170,
  serviced_elderly_housing: 80,
  community_gathering_place: 200,
  daily_living_support: 30,
  meal_delivery: 30,
  watch_over: 20,
  transport_support: 15,
  other_community_resource: 20,
}

const chooseKind = weighted(resourceKinds.map((k) => [k.code, syntheticKindWeights[k.code]] as const))

type Named = readonly [string, string]

/** Place-like first parts of names, with their katakana readings. */
const places: ReadonlyArray<Named> = [
  ["さくら", "サクラ"],
  ["あおば", "アオバ"],
  ["ひまわり", "ヒマワリ"],
  ["若葉", "ワカバ"],
  ["緑ヶ丘", "ミドリガオカ"],
  ["中央", "チュウオウ"],
  ["本町", "ホンマチ"],
  ["駅前", "エキマエ"],
  ["東", "ヒガシ"],
  ["西", "ニシ"],
  ["南", "ミナミ"],
  ["北", "キタ"],
  ["山田", "ヤマダ"],
  ["川口", "カワグチ"],
  ["松原", "マツバラ"],
  ["高砂", "タカサゴ"],
  ["大川", "オオカワ"],
  ["石田", "イシダ"],
  ["青葉台", "アオバダイ"],
  ["港", "ミナト"],
  ["富士見", "フジミ"],
  ["日向", "ヒナタ"],
  ["つばさ", "ツバサ"],
  ["あおい", "アオイ"],
  ["ふれあい", "フレアイ"],
  ["やすらぎ", "ヤスラギ"],
  ["はなみずき", "ハナミズキ"],
  ["桜井", "サクライ"],
  ["清水", "シミズ"],
  ["森下", "モリシタ"],
  ["田中", "タナカ"],
  ["鈴木", "スズキ"],
  ["ケア", "ケア"],
  ["いきいき", "イキイキ"],
  ["のぞみ", "ノゾミ"],
  ["朝日", "アサヒ"],
  ["白銀", "シロガネ"],
  ["城山", "シロヤマ"],
  ["宮下", "ミヤシタ"],
  ["千代田", "チヨダ"],
]

/** Business-like parts by kind, with their katakana readings. */
const businessParts: Readonly<Partial<Record<ResourceKind, ReadonlyArray<Named>>>> = {
  hospital: [
    ["病院", "ビョウイン"],
    ["記念病院", "キネンビョウイン"],
    ["総合病院", "ソウゴウビョウイン"],
    ["中央病院", "チュウオウビョウイン"],
  ],
  clinic_with_beds: [
    ["医院", "イイン"],
    ["クリニック", "クリニック"],
    ["診療所", "シンリョウジョ"],
  ],
  clinic_without_beds: [
    ["内科クリニック", "ナイカクリニック"],
    ["医院", "イイン"],
    ["クリニック", "クリニック"],
    ["在宅クリニック", "ザイタククリニック"],
    ["整形外科", "セイケイゲカ"],
  ],
  dental_clinic: [
    ["歯科医院", "シカイイン"],
    ["デンタルクリニック", "デンタルクリニック"],
    ["歯科", "シカ"],
  ],
  pharmacy: [
    ["薬局", "ヤッキョク"],
    ["調剤薬局", "チョウザイヤッキョク"],
    ["ファーマシー", "ファーマシー"],
  ],
  home_nursing_station: [
    ["訪問看護ステーション", "ホウモンカンゴステーション"],
    ["訪問看護リハビリステーション", "ホウモンカンゴリハビリステーション"],
  ],
  care_management_office: [
    ["居宅介護支援事業所", "キョタクカイゴシエンジギョウショ"],
    ["ケアプランセンター", "ケアプランセンター"],
  ],
  community_comprehensive_support_center: [["地域包括支援センター", "チイキホウカツシエンセンター"]],
  home_help: [
    ["訪問介護ステーション", "ホウモンカイゴステーション"],
    ["ヘルパーステーション", "ヘルパーステーション"],
    ["訪問介護事業所", "ホウモンカイゴジギョウショ"],
  ],
  home_bathing: [["訪問入浴サービス", "ホウモンニュウヨクサービス"]],
  home_rehabilitation: [["訪問リハビリテーション", "ホウモンリハビリテーション"]],
  day_service: [
    ["デイサービスセンター", "デイサービスセンター"],
    ["デイサービス", "デイサービス"],
  ],
  day_rehabilitation: [["通所リハビリテーション", "ツウショリハビリテーション"]],
  short_stay: [["ショートステイ", "ショートステイ"]],
  night_home_help: [["夜間訪問介護", "ヤカンホウモンカイゴ"]],
  periodic_visit_care: [["定期巡回サービス", "テイキジュンカイサービス"]],
  community_day_service: [
    ["デイサービス", "デイサービス"],
    ["リハビリデイ", "リハビリデイ"],
  ],
  special_nursing_home: [["特別養護老人ホーム", "トクベツヨウゴロウジンホーム"]],
  geriatric_health_facility: [["介護老人保健施設", "カイゴロウジンホケンシセツ"]],
  integrated_care_facility: [["介護医療院", "カイゴイリョウイン"]],
  dementia_group_home: [["グループホーム", "グループホーム"]],
  fee_based_elderly_home: [["有料老人ホーム", "ユウリョウロウジンホーム"]],
  serviced_elderly_housing: [["サービス付き高齢者向け住宅", "サービスツキコウレイシャムケジュウタク"]],
  community_gathering_place: [
    ["サロン", "サロン"],
    ["いきいき百歳体操", "イキイキヒャクサイタイソウ"],
    ["カフェ", "カフェ"],
  ],
  daily_living_support: [["生活支援サービス", "セイカツシエンサービス"]],
  meal_delivery: [["配食サービス", "ハイショクサービス"]],
  watch_over: [["見守りネットワーク", "ミマモリネットワーク"]],
  transport_support: [["移送サービス", "イソウサービス"]],
}

const fallbackPart: Named = ["センター", "センター"]
const suffixes: ReadonlyArray<Named> = [
  ["", ""],
  ["", ""],
  ["", ""],
  ["第二", "ダイニ"],
  ["分室", "ブンシツ"],
]

const capabilityPools: Readonly<Partial<Record<ResourceKind, ReadonlyArray<Capability>>>> = {
  hospital: ["home_visit_medical_care", "house_call", "end_of_life_care", "home_oxygen", "ventilator"],
  clinic_with_beds: ["home_visit_medical_care", "house_call", "around_the_clock", "end_of_life_care"],
  clinic_without_beds: [
    "home_visit_medical_care",
    "house_call",
    "around_the_clock",
    "end_of_life_care",
    "intravenous_drip",
    "palliative_care_opioids",
    "dementia",
    "pediatric",
  ],
  dental_clinic: ["home_visit_medical_care", "house_call"],
  pharmacy: ["pharmacy_home_visits", "sterile_compounding", "narcotics", "around_the_clock"],
  home_nursing_station: [
    "around_the_clock",
    "end_of_life_care",
    "enhanced_home_nursing",
    "tube_feeding",
    "sputum_suction",
    "pressure_ulcer_care",
    "pediatric",
    "psychiatric",
  ],
  dementia_group_home: ["dementia", "end_of_life_care"],
  special_nursing_home: ["end_of_life_care", "sputum_suction", "tube_feeding", "dementia"],
}

const clinicKinds: ReadonlySet<ResourceKind> = new Set(["hospital", "clinic_with_beds", "clinic_without_beds"])
const hoursKinds: ReadonlySet<ResourceKind> = new Set([
  "hospital",
  "clinic_with_beds",
  "clinic_without_beds",
  "dental_clinic",
  "pharmacy",
  "care_management_office",
  "community_comprehensive_support_center",
])
const capacityKinds: ReadonlySet<ResourceKind> = new Set([
  "day_service",
  "day_rehabilitation",
  "short_stay",
  "community_day_service",
  "special_nursing_home",
  "geriatric_health_facility",
  "integrated_care_facility",
  "dementia_group_home",
  "fee_based_elderly_home",
  "serviced_elderly_housing",
])

const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const
const asOf = "2026-04-01T00:00:00+09:00"

/** A fixed-line number in display form: 10 digits, `0` + area code, never `00`. */
const phone = (random: () => number): string =>
  `0${int(random, 1, 9)}${digits(random, 2)}-${digits(random, 2)}-${digits(random, 4)}`

const round = (value: number, places: number): number => {
  const factor = 10 ** places
  return Math.round(value * factor) / factor
}

// ---------------------------------------------------------------------------------------------------------------
// The directory
// ---------------------------------------------------------------------------------------------------------------

/**
 * Options of {@link syntheticDirectory}.
 *
 * @since 0.1.0
 * @category synthetic data
 * @example
 * ```ts
 * import type { SyntheticDirectoryOptions } from "@zaitaku/testing"
 *
 * const options: SyntheticDirectoryOptions = { seed: 1, size: 450_000, tenantId: "0192f5a0-0000-7000-8000-000000000001" }
 * ```
 */
export interface SyntheticDirectoryOptions {
  /** The PRNG seed: the same seed and size give the same entries, in the same order. */
  readonly seed: number
  /** How many entries to yield. */
  readonly size: number
  /** The tenant whose directory the entries belong to. */
  readonly tenantId: string
}

/**
 * 合成の資源台帳 (a synthetic national-scale directory): yields `size` entries lazily (memory stays bounded
 * whatever the size), each a valid {@link NewResource} already in its parsed form (defaults filled in, phone numbers
 * in display form), so `NewResource.parse(entry)` equals `entry`. Provenance is `mhlw_kaigo_kohyo` with a unique
 * `sourceRecordId` (`<サービス種類コード or 000>:<10 digits>`). About a third of the entries have capabilities,
 * medical and office kinds mostly have hours, residential and day-care kinds mostly have a capacity; a few are
 * suspended. See the module comment for the distributions.
 *
 * @since 0.1.0
 * @category synthetic data
 * @example
 * ```ts
 * import { syntheticDirectory } from "@zaitaku/testing"
 *
 * for (const entry of syntheticDirectory({ seed: 1, size: 3, tenantId: "0192f5a0-0000-7000-8000-000000000001" })) {
 *   console.log(entry.name, entry.nameKana, entry.address.municipalityCode)
 * }
 * ```
 */
export function* syntheticDirectory(options: SyntheticDirectoryOptions): Generator<NewResource, void, undefined> {
  const random = mulberry32(options.seed)
  for (let i = 0; i < options.size; i++) {
    const prefecture = choosePrefecture(random)
    const kind = chooseKind(random)
    const municipalityCode = prefecture.municipality(random)
    const place = pick(random, places)
    const part = pick(random, businessParts[kind] ?? [fallbackPart])
    const suffix = pick(random, suffixes)
    const [south, north, west, east] = prefecture.box
    const latitude = round(south + random() * (north - south), 6)
    const longitude = round(west + random() * (east - west), 6)
    const serviceTypeCode = resourceKinds.find((k) => k.code === kind)?.serviceTypeCode
    const officeNumber = `${prefecture.code}${i.toString().padStart(8, "0")}`
    const pool = capabilityPools[kind]
    const capabilities: Array<Capability> = []
    if (pool !== undefined && random() < 0.35) {
      for (const capability of pool) if (random() < 0.4) capabilities.push(capability)
    }
    const withHours = hoursKinds.has(kind) && random() < 0.7
    const capacity = capacityKinds.has(kind) && random() < 0.7 ? int(random, 9, 100) : undefined
    const suspended = random() < 0.02
    const entry = {
      tenantId: options.tenantId as TenantId,
      kind,
      ...(clinicKinds.has(kind) && random() < 0.15 ? { homeCareSupport: "conventional" as const } : {}),
      name: `${place[0]}${part[0]}${suffix[0]}`,
      nameKana: `${place[1]}${part[1]}${suffix[1]}`,
      identifiers: serviceTypeCode === undefined ? {} : { careOfficeNumber: officeNumber },
      address: {
        prefectureCode: prefecture.code,
        municipalityCode,
        postalCode: `${digits(random, 3)}-${digits(random, 4)}`,
        line: `${prefecture.name}${place[0]}町${int(random, 1, 5)}丁目${int(random, 1, 30)}-${int(random, 1, 20)}`,
      },
      location: { latitude, longitude },
      phone: phone(random),
      ...(random() < 0.5 ? { fax: phone(random) } : {}),
      hours: withHours
        ? [
            ...weekdays.map((day) => ({ day, periods: [{ opens: "09:00", closes: "18:00" }] })),
            { day: "sat" as const, periods: [{ opens: "09:00", closes: "12:00" }] },
          ]
        : [],
      capabilities,
      ...(capacity === undefined ? {} : { availability: { capacity, asOf } }),
      serviceArea: [],
      status: suspended ? ("suspended" as const) : ("active" as const),
      provenance: {
        source: "mhlw_kaigo_kohyo" as const,
        sourceRecordId: `${serviceTypeCode ?? "000"}:${officeNumber}`,
        importedAt: asOf,
      },
    }
    // Built in the parsed form (brands included) without paying for a parse per entry; the test checks that it parses to itself.
    yield entry as unknown as NewResource
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The 介護サービス情報公表 CSV
// ---------------------------------------------------------------------------------------------------------------

/**
 * 介護サービス情報公表 CSV の見出し (the 24 columns of the open data CSV). A copy of `kaigoKohyoHeader` in
 * `@zaitaku/opendata-jp` (`packages/opendata-jp/src/KaigoKohyo.ts`): this package must not depend on adapters; the
 * directory benchmark (`apps/server/src/benchDirectory.ts`) checks that the two are equal before it runs.
 *
 * @since 0.1.0
 * @category synthetic data
 * @example
 * ```ts
 * import { syntheticKaigoKohyoHeader } from "@zaitaku/testing"
 *
 * syntheticKaigoKohyoHeader.length // 24
 * ```
 */
export const syntheticKaigoKohyoHeader = [
  "都道府県コード又は市町村コード",
  "No",
  "都道府県名",
  "市区町村名",
  "事業所名",
  "事業所名カナ",
  "サービスの種類",
  "住所",
  "方書（ビル名等）",
  "緯度",
  "経度",
  "電話番号",
  "FAX番号",
  "法人番号",
  "法人の名称",
  "事業所番号",
  "利用可能曜日",
  "利用可能曜日特記事項",
  "定員",
  "URL",
  "高齢者の方と障害者の方が同時一体的に利用できるサービス",
  "介護保険の通常の指定基準を満たしている",
  "障害福祉の通常の指定基準を満たしている",
  "備考",
] as const

const quoteCsv = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

/**
 * Options of {@link syntheticKaigoKohyoCsv}.
 *
 * @since 0.1.0
 * @category synthetic data
 * @example
 * ```ts
 * import type { SyntheticKaigoKohyoCsvOptions } from "@zaitaku/testing"
 *
 * const options: SyntheticKaigoKohyoCsvOptions = { seed: 7, rows: 20_000, serviceTypeCode: "110" }
 * ```
 */
export interface SyntheticKaigoKohyoCsvOptions {
  readonly seed: number
  readonly rows: number
  /** サービス種類コード of the file (`110` 訪問介護, `130` 訪問看護 …): one of core's kinds with that code. */
  readonly serviceTypeCode: string
}

/**
 * 合成の介護サービス情報公表 CSV (a synthetic 介護サービス情報公表 file) of one service: the exact 24-column header
 * and `rows` good rows (UTF-8, CRLF, no BOM) with unique 事業所番号, valid municipality codes over the whole
 * synthetic country, coordinates, phone numbers and, for services with places, a 定員. Deterministic in `seed`.
 *
 * @throws RangeError when `serviceTypeCode` is not the code of one of core's kinds.
 * @since 0.1.0
 * @category synthetic data
 * @example
 * ```ts
 * import { syntheticKaigoKohyoCsv } from "@zaitaku/testing"
 *
 * const csv = syntheticKaigoKohyoCsv({ seed: 7, rows: 100, serviceTypeCode: "110" })
 * csv.split("\r\n").length // 102 (header, 100 rows, the empty string after the last CRLF)
 * ```
 */
export const syntheticKaigoKohyoCsv = (options: SyntheticKaigoKohyoCsvOptions): string => {
  const definition = resourceKinds.find((k) => k.serviceTypeCode === options.serviceTypeCode)
  if (definition === undefined) {
    throw new RangeError(`syntheticKaigoKohyoCsv: no kind has service type code ${options.serviceTypeCode}`)
  }
  const kind = definition.code
  const random = mulberry32(options.seed)
  const lines: Array<string> = [syntheticKaigoKohyoHeader.join(",")]
  for (let i = 0; i < options.rows; i++) {
    const prefecture = choosePrefecture(random)
    const municipalityCode = prefecture.municipality(random)
    const place = pick(random, places)
    const part = pick(random, businessParts[kind] ?? [fallbackPart])
    const [south, north, west, east] = prefecture.box
    const capacity = capacityKinds.has(kind) ? int(random, 9, 100).toString() : "0"
    const fields: Array<string> = [
      municipalityCode,
      (i + 1).toString(),
      prefecture.name,
      `${place[0]}市`,
      `${place[0]}${part[0]}${i}`,
      `${place[1]}${part[1]}`,
      definition.label.ja,
      `${prefecture.name}${place[0]}町${int(random, 1, 5)}丁目${int(random, 1, 30)}-${int(random, 1, 20)}`,
      random() < 0.2 ? `${place[0]}ビル${int(random, 1, 9)}階` : "",
      round(south + random() * (north - south), 6).toString(),
      round(west + random() * (east - west), 6).toString(),
      phone(random),
      random() < 0.5 ? phone(random) : "",
      "",
      "",
      `${prefecture.code}7${i.toString().padStart(7, "0")}`,
      "月火水木金",
      random() < 0.3 ? "土日祝は要相談" : "",
      capacity,
      random() < 0.3 ? `https://example.jp/${i}` : "",
      "",
      "",
      "",
      "",
    ]
    lines.push(fields.map(quoteCsv).join(","))
  }
  return `${lines.join("\r\n")}\r\n`
}
