/**
 * デモ用の資源台帳 (the demo tenant's directory): fourteen fictional entries in 八戸市 across the kinds a directory
 * holds — a hospital, 在宅療養支援診療所, dental clinic, pharmacy, 訪問看護, 居宅介護支援, 地域包括支援センター, care
 * services, facilities and informal resources —, so that search, the map, the stale report and the exports show
 * something on a first start. Every name ends in （デモ） and every phone number is in the 0178-99 range, so that no
 * one mistakes them for real offices.
 *
 * @since 0.1.0
 */
import type { NewResourceInput, TenantId } from "@zaitaku/core"

const hachinohe = (line: string) => ({
  prefectureCode: "02" as const,
  municipalityCode: "022039",
  line: `青森県八戸市${line}`,
})

const weekdays = (opens: string, closes: string, saturday?: { opens: string; closes: string }) => [
  ...(["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, periods: [{ opens, closes }] })),
  ...(saturday === undefined ? [] : [{ day: "sat" as const, periods: [saturday] }]),
]

/**
 * The demo directory of a tenant: the entries {@link seedDemo} creates in the demo tenant when its directory is
 * empty. `assuredAt` is set for most entries relative to `now`, so the stale report lists a few as due or never
 * checked.
 *
 * @since 0.1.0
 * @category seeding
 * @example
 * ```ts
 * import { demoDirectory } from "@zaitaku/server"
 *
 * demoDirectory("0192f5a0-0000-7000-8000-000000000001", new Date()).length // 14
 * ```
 */
export const demoDirectory = (tenantId: TenantId | string, now: Date): ReadonlyArray<NewResourceInput> => {
  const monthsAgo = (months: number) => {
    const at = new Date(now)
    at.setUTCMonth(at.getUTCMonth() - months)
    return at.toISOString()
  }
  const assured = (months: number, days = 0) => {
    const at = new Date(monthsAgo(months))
    at.setUTCDate(at.getUTCDate() - days)
    return { assuredAt: at.toISOString(), assuredBy: { kind: "system" as const, id: "demo-seed", label: "デモデータ" } }
  }
  const demo = { source: "manual" as const }
  const notes = "デモデータです。実在の事業所ではありません。"
  return [
    {
      tenantId,
      kind: "hospital",
      name: "八戸みなと総合病院（デモ）",
      nameKana: "ハチノヘミナトソウゴウビョウイン",
      address: hachinohe("田向三丁目1-1"),
      location: { latitude: 40.5207, longitude: 141.5133 },
      phone: "0178-99-1001",
      fax: "0178-99-1002",
      hours: weekdays("08:30", "17:00"),
      capabilities: ["palliative_care_opioids"],
      availability: { capacity: 320, asOf: monthsAgo(1) },
      consultation: {
        description: "地域医療連携室（入退院支援）が窓口です",
        hours: weekdays("08:30", "17:00"),
        channels: ["phone", "fax"],
        howToReach: "入院時情報提供書はFAXで地域医療連携室へ",
      },
      provenance: demo,
      notes,
      ...assured(3),
    },
    {
      tenantId,
      kind: "clinic_without_beds",
      homeCareSupport: "enhanced_collaborative",
      name: "はちのへ在宅クリニック（デモ）",
      nameKana: "ハチノヘザイタククリニック",
      address: hachinohe("大字長苗代字前田3-2"),
      location: { latitude: 40.505, longitude: 141.46 },
      phone: "0178-99-1101",
      fax: "0178-99-1102",
      hours: weekdays("09:00", "18:00", { opens: "09:00", closes: "12:00" }),
      capabilities: [
        "home_visit_medical_care",
        "house_call",
        "around_the_clock",
        "end_of_life_care",
        "palliative_care_opioids",
        "home_oxygen",
        "dementia",
      ],
      serviceArea: ["022039", "024422"],
      consultation: {
        description: "医師への相談は水曜午後",
        hours: [{ day: "wed", periods: [{ opens: "13:00", closes: "14:00" }] }],
        channels: ["fax", "phone"],
        howToReach: "医師とケアマネジャーの連絡票をFAXしてから電話",
      },
      provenance: demo,
      notes,
      ...assured(2),
    },
    {
      tenantId,
      kind: "dental_clinic",
      homeCareSupport: "dental",
      name: "うみねこ歯科医院（デモ）",
      nameKana: "ウミネコシカイイン",
      address: hachinohe("鮫町字下松苗場20"),
      location: { latitude: 40.5345, longitude: 141.5605 },
      phone: "0178-99-1201",
      hours: weekdays("09:00", "18:00"),
      capabilities: ["home_visit_medical_care"],
      provenance: demo,
      notes,
      ...assured(14),
    },
    {
      tenantId,
      kind: "pharmacy",
      name: "本八戸駅前薬局（デモ）",
      nameKana: "ホンハチノヘエキマエヤッキョク",
      address: hachinohe("内丸一丁目5-8"),
      location: { latitude: 40.5116, longitude: 141.4906 },
      phone: "0178-99-1301",
      fax: "0178-99-1302",
      hours: weekdays("09:00", "19:00", { opens: "09:00", closes: "13:00" }),
      capabilities: ["pharmacy_home_visits", "narcotics", "sterile_compounding", "around_the_clock"],
      provenance: demo,
      notes,
      ...assured(5),
    },
    {
      tenantId,
      kind: "home_nursing_station",
      name: "訪問看護ステーションかもめ（デモ）",
      nameKana: "ホウモンカンゴステーションカモメ",
      address: hachinohe("番町10-3"),
      location: { latitude: 40.5098, longitude: 141.4848 },
      phone: "0178-99-1401",
      fax: "0178-99-1402",
      hours: weekdays("08:30", "17:30"),
      capabilities: [
        "around_the_clock",
        "end_of_life_care",
        "intravenous_drip",
        "pressure_ulcer_care",
        "tube_feeding",
        "sputum_suction",
        "enhanced_home_nursing",
      ],
      serviceArea: ["022039", "024414", "024431"],
      availability: { vacancy: 3, asOf: monthsAgo(0) },
      provenance: demo,
      notes,
      ...assured(1),
    },
    {
      tenantId,
      kind: "care_management_office",
      name: "ケアプランセンターしおかぜ（デモ）",
      nameKana: "ケアプランセンターシオカゼ",
      address: hachinohe("小中野六丁目2-1"),
      location: { latitude: 40.5236, longitude: 141.5046 },
      phone: "0178-99-1501",
      fax: "0178-99-1502",
      hours: weekdays("08:30", "17:30"),
      availability: { vacancy: 0, asOf: monthsAgo(0) },
      provenance: demo,
      notes,
      ...assured(11, 15),
    },
    {
      tenantId,
      kind: "community_comprehensive_support_center",
      name: "八戸市中央地域包括支援センター（デモ）",
      nameKana: "ハチノヘシチュウオウチイキホウカツシエンセンター",
      address: hachinohe("内丸一丁目1-1"),
      location: { latitude: 40.5123, longitude: 141.4885 },
      phone: "0178-99-1601",
      fax: "0178-99-1602",
      hours: weekdays("08:30", "17:15"),
      serviceArea: ["022039"],
      provenance: demo,
      notes,
      ...assured(4),
    },
    {
      tenantId,
      kind: "home_help",
      name: "ヘルパーステーションあけぼの（デモ）",
      nameKana: "ヘルパーステーションアケボノ",
      address: hachinohe("白銀町字人形沢6-1"),
      location: { latitude: 40.5367, longitude: 141.5376 },
      phone: "0178-99-1701",
      hours: weekdays("08:00", "18:00", { opens: "08:00", closes: "17:00" }),
      serviceArea: ["022039"],
      provenance: demo,
      notes,
    },
    {
      tenantId,
      kind: "day_service",
      name: "デイサービスこもれび（デモ）",
      nameKana: "デイサービスコモレビ",
      address: hachinohe("大字是川字中居林1-5"),
      location: { latitude: 40.4821, longitude: 141.4355 },
      phone: "0178-99-1801",
      hours: weekdays("08:30", "17:00", { opens: "08:30", closes: "17:00" }),
      availability: { capacity: 25, vacancy: 2, asOf: monthsAgo(0) },
      provenance: demo,
      notes,
      ...assured(8),
    },
    {
      tenantId,
      kind: "special_nursing_home",
      name: "特別養護老人ホーム種差の里（デモ）",
      nameKana: "トクベツヨウゴロウジンホームタネサシノサト",
      address: hachinohe("大字鮫町字高岩7"),
      location: { latitude: 40.5172, longitude: 141.6095 },
      phone: "0178-99-1901",
      capabilities: ["end_of_life_care", "tube_feeding", "dementia"],
      availability: { capacity: 80, vacancy: 0, asOf: monthsAgo(0) },
      provenance: demo,
      notes,
      ...assured(13),
    },
    {
      tenantId,
      kind: "dementia_group_home",
      name: "グループホームさくら通り（デモ）",
      nameKana: "グループホームサクラドオリ",
      address: hachinohe("根城八丁目3-3"),
      location: { latitude: 40.5065, longitude: 141.4585 },
      phone: "0178-99-2001",
      capabilities: ["dementia"],
      availability: { capacity: 18, vacancy: 1, asOf: monthsAgo(0) },
      provenance: demo,
      notes,
      ...assured(6),
    },
    {
      tenantId,
      kind: "community_gathering_place",
      name: "いきいき百歳体操 類家会場（デモ）",
      nameKana: "イキイキヒャクサイタイソウルイケカイジョウ",
      address: hachinohe("類家四丁目1-1 類家公民館"),
      location: { latitude: 40.4984, longitude: 141.5012 },
      hours: [{ day: "tue", periods: [{ opens: "10:00", closes: "11:30" }] }],
      provenance: demo,
      notes: `${notes}参加無料、申込不要。`,
    },
    {
      tenantId,
      kind: "meal_delivery",
      name: "ふれあい配食サービス（デモ）",
      nameKana: "フレアイハイショクサービス",
      address: hachinohe("沼館三丁目1-10"),
      location: { latitude: 40.5189, longitude: 141.4768 },
      phone: "0178-99-2201",
      hours: weekdays("10:00", "14:00", { opens: "10:00", closes: "14:00" }),
      serviceArea: ["022039"],
      provenance: demo,
      notes: `${notes}昼食・夕食の配達と安否確認。`,
      ...assured(2),
    },
    {
      tenantId,
      kind: "transport_support",
      name: "南郷地区おでかけ支援（デモ）",
      nameKana: "ナンゴウチクオデカケシエン",
      address: hachinohe("南郷大字市野沢字黄檗1-1"),
      location: { latitude: 40.4216, longitude: 141.3836 },
      phone: "0178-99-2301",
      hours: [
        { day: "mon", periods: [{ opens: "09:00", closes: "15:00" }] },
        { day: "thu", periods: [{ opens: "09:00", closes: "15:00" }] },
      ],
      provenance: demo,
      notes: `${notes}通院・買い物の送迎（要予約）。`,
    },
  ]
}
