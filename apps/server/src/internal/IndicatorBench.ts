/**
 * The indicator benchmark's parts (`benchIndicators.ts` runs them; `test/IndicatorBench.test.ts` runs them at a tiny
 * scale): synthetic municipalities grouped into 二次医療圏 and prefectures, seeding activity and coordination
 * records in SQL exactly as the stores write them, the pipeline through the real ports (ActivityStore, CaseStore)
 * and core's counting and indicator functions, and three hand-written SQL queries to compare it with.
 *
 * @since 0.1.0
 */

import { performance } from "node:perf_hooks"
import { isDeepStrictEqual } from "node:util"
import { holidayJpCalendar } from "@zaitaku/calendar-jp"
import {
  ActivityStore,
  Actor,
  type Area,
  type AreaHierarchy,
  type AreaRef,
  activityFilterColumns,
  activitySchemas,
  BusinessSchedule,
  Case,
  CaseStore,
  type CompiledIndicator,
  type ComplianceIndicatorValue,
  caseSpan,
  compileIndicator,
  complianceIndicators,
  complianceReport,
  computeActivityDataValues,
  type DataValue,
  EventRegistration,
  evaluateIndicator,
  type FiscalPeriod,
  IdGenerator,
  type LocalGovernmentCode,
  makeAreaHierarchy,
  makeDataValueIndex,
  nationalCareFees2018,
  nationalCareFees2024,
  periodRange,
  periodsOfFiscalYear,
  prefectures,
  rollUpDataValues,
  standardDataElements,
  standardIndicators,
  systemPrincipal,
  type Tenant,
  TenantStore,
  toSixDigit,
} from "@zaitaku/core"
import { layerSession, type RawConnection, type Session } from "@zaitaku/store-postgres"
import { Effect, Layer, ManagedRuntime, Result } from "effect"

// ---------------------------------------------------------------------------------------------------------------
// Municipalities, 二次医療圏, prefectures
// ---------------------------------------------------------------------------------------------------------------

/** Municipalities per prefecture (2024, 特別区 included): 1,741 in all. */
const municipalitiesPerPrefecture = [
  179, 40, 33, 35, 25, 35, 59, 44, 25, 35, 63, 54, 62, 33, 30, 15, 19, 17, 27, 77, 42, 35, 54, 29, 19, 26, 43, 41, 39,
  30, 19, 19, 27, 23, 19, 24, 17, 20, 34, 60, 20, 21, 45, 18, 26, 43, 41,
]

/** One synthetic municipality: its code (valid, with its check digit), prefecture, 二次医療圏 and relative size. */
export interface BenchMunicipality {
  readonly code: LocalGovernmentCode
  readonly prefecture: string
  readonly secondaryArea: string
  readonly weight: number
}

const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `count` synthetic municipalities (at most 1,741): in each prefecture as many as it really has, 45 % 市 (codes
 * from 201) and the rest 町村 (from 301, 20 to a 郡), with check digits; in groups of about five consecutive ones
 * per 二次医療圏 (about 330 in all, as in Japan). Sizes are log-normal, cities three times larger. Fewer than 1,741
 * are taken round-robin over the prefectures, so that a small run still spans several.
 */
export const benchMunicipalities = (count: number): ReadonlyArray<BenchMunicipality> => {
  const random = mulberry32(20_261_202)
  const byPrefecture = prefectures.map((prefecture, p) => {
    const n = municipalitiesPerPrefecture[p]!
    const cities = Math.ceil(n * 0.45)
    const areas = Math.max(1, Math.round(n / 5.3))
    return Array.from({ length: n }, (_, i): BenchMunicipality => {
      const number = i < cities ? 201 + i : 301 + ((i - cities) % 20) + 100 * Math.floor((i - cities) / 20)
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
      return {
        code: toSixDigit(`${prefecture.code}${number}`),
        prefecture: prefecture.code,
        secondaryArea: `${prefecture.code}${String(1 + Math.floor((i * areas) / n)).padStart(2, "0")}`,
        weight: Math.exp(normal * 0.8) * (i < cities ? 3 : 1),
      }
    })
  })
  const chosen: Array<BenchMunicipality> = []
  for (let i = 0; chosen.length < count && i < 179; i++) {
    for (const list of byPrefecture) {
      if (chosen.length < count && i < list.length) chosen.push(list[i]!)
    }
  }
  return chosen.sort((a, b) => (a.code < b.code ? -1 : 1))
}

/** The 二次医療圏 of the municipalities, as tenant areas. */
export const secondaryAreas = (municipalities: ReadonlyArray<BenchMunicipality>): ReadonlyArray<Area> => {
  const members = new Map<string, Array<LocalGovernmentCode>>()
  for (const m of municipalities) members.set(m.secondaryArea, [...(members.get(m.secondaryArea) ?? []), m.code])
  return [...members].map(([code, list]) => ({
    kind: "secondary_medical_area" as const,
    code,
    name: { ja: `二次医療圏${code}`, en: `Secondary medical area ${code}` },
    members: list,
  }))
}

// ---------------------------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------------------------

/** The three fiscal years (令和5〜7年度): 36 months, 2023-04-01 to 2026-03-31. */
export const fiscalYears = [2023, 2024, 2025] as const
export const firstDay = "2023-04-01"
export const lastDay = "2026-03-31"
/** After the last day: every admission of the period can be decided. */
export const asOf = "2026-04-10T12:00:00+09:00"
const days = 1096

const ruleSets = [nationalCareFees2018, nationalCareFees2024]

// ---------------------------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------------------------

/** How many records of each kind a run seeds, about, and how many at least (`records`). */
export interface SeedPlan {
  readonly records: number
  readonly consultations: number
  readonly events: number
  readonly meetings: number
  readonly issues: number
  readonly countermeasures: number
  readonly cases: number
}

/**
 * The mix for `records` records in all: 74.5 % consultations, 15 % coordination cases, about 6.4 % registrations
 * (two in five trainings take applications, 10–39 each: about 6.4 per event), 1 % events, 1.2 % meetings, 0.4 %
 * issues and 0.4 % countermeasures. {@link seed} tops the consultations up when the registrations fall short, so
 * that at least `records` are seeded.
 */
export const seedPlan = (records: number): SeedPlan => ({
  records,
  consultations: Math.round(records * 0.745),
  events: Math.round(records * 0.01),
  meetings: Math.round(records * 0.012),
  issues: Math.round(records * 0.004),
  countermeasures: Math.round(records * 0.004),
  cases: Math.round(records * 0.15),
})

/** What was seeded. */
export interface SeedCounts {
  readonly consultations: number
  readonly events: number
  readonly registrations: number
  readonly meetings: number
  readonly issues: number
  readonly countermeasures: number
  readonly cases: number
  readonly total: number
}

/** `case when r < c1 then v1 when … else vn end` over weighted choices. */
const pick = (r: string, choices: ReadonlyArray<readonly [string, number]>): string => {
  const total = choices.reduce((sum, [, w]) => sum + w, 0)
  let cumulative = 0
  const whens = choices.slice(0, -1).map(([value, weight]) => {
    cumulative += weight
    return `when ${r} < ${(cumulative / total).toFixed(6)} then '${value}'`
  })
  return `(case ${whens.join(" ")} else '${choices[choices.length - 1]![0]}' end)`
}

const requesterCategories = [
  ["resident_family", 38],
  ["care_provider", 25],
  ["medical_institution", 20],
  ["community_support_center", 10],
  ["government", 4],
  ["other", 3],
] as const
const topics = [
  ["discharge_support", 18],
  ["home_care_provider_referral", 16],
  ["long_term_care_insurance", 14],
  ["dementia", 10],
  ["end_of_life", 8],
  ["medical_procedure", 8],
  ["other", 7],
  ["no_family", 5],
  ["financial", 5],
  ["advance_care_planning", 5],
  ["emergency", 4],
] as const
const scenes = [
  ["daily_care", 45],
  ["admission_discharge", 30],
  ["end_of_life", 15],
  ["emergency", 10],
] as const
const channels = [
  ["phone", 60],
  ["desk_visit", 15],
  ["home_visit", 10],
  ["fax", 7],
  ["email", 5],
  ["other", 3],
] as const
const outcomes = [
  ["advice_given", 50],
  ["referred", 20],
  ["coordinated", 15],
  ["continuing", 10],
  ["other", 5],
] as const
const eventKinds = [
  ["multi_professional_training", 30],
  ["public_lecture", 20],
  ["same_profession_training", 15],
  ["case_study_meeting", 15],
  ["outreach_lecture", 12],
  ["other_training", 5],
  ["other_public_event", 3],
] as const
export const trainingKinds = [
  "multi_professional_training",
  "same_profession_training",
  "case_study_meeting",
  "other_training",
]
const professions = [
  ["care_manager", 30],
  ["nurse", 20],
  ["certified_care_worker", 12],
  ["medical_social_worker", 8],
  ["doctor", 7],
  ["pharmacist", 6],
  ["physical_therapist", 5],
  ["public_health_nurse", 4],
  ["dentist", 3],
  ["municipal_staff", 5],
] as const
const meetingKinds = [
  ["community_care_meeting", 40],
  ["working_group", 20],
  ["liaison_meeting", 13],
  ["council", 12],
  ["subcommittee", 10],
  ["other", 5],
] as const
const organizationCategories = [
  "medical_association",
  "dental_association",
  "pharmaceutical_association",
  "nursing_association",
  "hospital",
  "clinic",
  "home_nursing_station",
  "pharmacy",
  "care_management_office",
  "care_provider",
  "community_support_center",
  "municipality",
  "health_center",
  "social_welfare_council",
  "fire_department",
  "residents",
  "other",
]
const careLevels = [
  ["care_1", 13],
  ["care_2", 13],
  ["care_3", 12],
  ["care_4", 11],
  ["care_5", 11],
  ["support_1", 12],
  ["support_2", 13],
  ["not_applied", 8],
  ["applied", 7],
] as const

/** An instant as the stores write it (`toISOString`): UTC with milliseconds. */
const instant = (timestamp: string) => `to_char((${timestamp}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

const schedules = (): { readonly office: string; readonly saturday: string } => {
  const office = BusinessSchedule.parse({
    hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({
      day,
      periods: [{ opens: "08:30", closes: "17:30" }],
    })),
  })
  const saturday = BusinessSchedule.parse({
    hours: (["mon", "tue", "wed", "thu", "fri", "sat"] as const).map((day) => ({
      day,
      periods: [{ opens: "09:00", closes: "18:00" }],
    })),
  })
  const literal = (value: unknown) => `'${JSON.stringify(value).replaceAll("'", "''")}'::jsonb`
  return { office: literal(office), saturday: literal(saturday) }
}

const recordColumns =
  "tenant_id, kind, id, version, subkind, status, area, record_date, resolved_on, scenes, topics, requester_category, data, created_at, updated_at"

/** Per tenant: how many records of each kind (`bench_plan`). */
const planRows = (
  tenants: ReadonlyArray<{ readonly tenant: Tenant; readonly municipality: BenchMunicipality }>,
  plan: SeedPlan,
) => {
  const total = tenants.reduce((sum, t) => sum + t.municipality.weight, 0)
  const share = (n: number, weight: number) => Math.max(1, Math.round((n * weight) / total))
  return tenants.map(({ tenant, municipality }, index) => ({
    index,
    tenantId: tenant.id,
    code: municipality.code,
    consultations: share(plan.consultations, municipality.weight),
    events: share(plan.events, municipality.weight),
    meetings: share(plan.meetings, municipality.weight),
    issues: share(plan.issues, municipality.weight),
    countermeasures: share(plan.countermeasures, municipality.weight),
    cases: share(plan.cases, municipality.weight),
  }))
}

/** The statements that seed tenants `from`..`to` (indexes of `bench_plan`), one per kind. */
const seedStatements = (from: number, to: number): ReadonlyArray<readonly [string, string]> => {
  const { office, saturday } = schedules()
  const inRange = `p.idx between ${from} and ${to}`
  const day = (r: string) => `('${firstDay}'::date + floor(${r} * ${days})::int)`
  const consultations = `
    insert into activity_records (${recordColumns})
    select tenant_id, 'consultation', id, 1, channel, outcome, 'municipality:' || code, day, null,
      scene_list, topic_list, category,
      jsonb_build_object(
        'id', id, 'tenantId', tenant_id, 'area', jsonb_build_object('kind', 'municipality', 'code', code),
        'desk', '在宅医療・介護連携支援センター', 'receivedOn', to_char(day, 'YYYY-MM-DD'), 'channel', channel,
        'requester', jsonb_build_object('category', category)
          || case when category not in ('resident_family', 'other') and r5 < 0.7
               then jsonb_build_object('organizationName', '連携先' || floor(r5 * 400)::int) else '{}'::jsonb end
          || case when category = 'care_provider' and r6 < 0.8 then '{"profession":"care_manager"}'::jsonb
                  when category = 'medical_institution' and r6 < 0.6 then '{"profession":"medical_social_worker"}'::jsonb
                  else '{}'::jsonb end,
        'scenes', to_jsonb(scene_list), 'themes', '[]'::jsonb, 'topics', to_jsonb(topic_list),
        'referrals', case when outcome = 'referred' or (outcome = 'coordinated' and r6 < 0.3)
          then '[{"name":"訪問看護ステーション"}]'::jsonb else '[]'::jsonb end,
        'outcome', outcome, 'minutesSpent', 5 + floor(r7 * r7 * 115)::int
      ),
      created, created
    from (
      select *,
        case when t2 is null or t2 = t1 then array[t1] else array[t1, t2] end as topic_list,
        case when s1 is null then array[]::text[] when s2 is null or s2 = s1 then array[s1] else array[s1, s2] end
          as scene_list,
        (day + time '09:00' + make_interval(mins => floor(r8 * 480)::int)) at time zone 'Asia/Tokyo' as created
      from (
        select *,
          ${pick("r1", requesterCategories)} as category,
          ${pick("r2", topics)} as t1,
          case when r3 < 0.35 then ${pick("(r3 / 0.35)", topics)} end as t2,
          case when r4 < 0.6 then ${pick("(r4 / 0.6)", scenes)} end as s1,
          case when r4 < 0.15 then ${pick("(r6)", scenes)} end as s2,
          ${pick("r5", channels)} as channel,
          ${pick("r6", outcomes)} as outcome,
          case when extract(isodow from d) = 6 and r7 < 0.85 then d + 2
               when extract(isodow from d) = 7 and r7 < 0.85 then d + 1 else d end as day
        from (
          select p.tenant_id, p.code, gen_random_uuid() as id, ${day("random()")} as d,
            random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8
          from bench_plan p cross join lateral generate_series(1, p.consultations) g
          where ${inRange}
        ) a
      ) b
    ) c`
  const events = `
    insert into activity_records (${recordColumns})
    select tenant_id, 'event', id, 1, kind, status, 'municipality:' || code, day, null, '{}', '{}', null,
      jsonb_build_object(
        'id', id, 'tenantId', tenant_id, 'area', jsonb_build_object('kind', 'municipality', 'code', code),
        'kind', kind, 'title', case when training then '多職種研修会' else '在宅医療講演会' end,
        'scenes', '[]'::jsonb, 'themes', '[]'::jsonb,
        'organizer', '{"name":"在宅医療・介護連携支援センター","category":"municipality"}'::jsonb,
        'coOrganizers', '[]'::jsonb,
        'startsAt', ${instant("(day + time '18:30') at time zone 'Asia/Tokyo'")},
        'endsAt', ${instant("(day + time '20:00') at time zone 'Asia/Tokyo'")},
        'venue', '{"mode":"in_person","name":"市民会館"}'::jsonb, 'targetProfessions', '[]'::jsonb,
        'status', status
      )
      || case when mode = 'registrations' then jsonb_build_object('registration', jsonb_build_object(
           'capacity', 40, 'deadline', to_char(day - 3, 'YYYY-MM-DD'), 'confirmation', 'automatic',
           'waitList', true, 'public', false, 'formTemplateId', 'training-application')) else '{}'::jsonb end
      || case when status <> 'held' or mode in ('registrations', 'unknown') then '{}'::jsonb
              when mode = 'total' or not training then jsonb_build_object('attendance', jsonb_build_object('total', total))
              else jsonb_build_object('attendance', jsonb_build_object('total', total, 'byProfession',
                jsonb_build_object('care_manager', total - total / 2 - total / 4, 'nurse', total / 2,
                  'doctor', total / 4))) end,
      created, created
    from (
      select *, kind in ('${trainingKinds.join("','")}') as training,
        (day - 30 + time '10:00') at time zone 'Asia/Tokyo' as created,
        case when kind in ('${trainingKinds.join("','")}') and r3 < 0.4 then 'registrations'
             when r3 < 0.9 then 'breakdown' when r3 < 0.97 then 'total' else 'unknown' end as mode,
        8 + floor(r4 * 60)::int as total
      from (
        select *, ${pick("r1", eventKinds)} as kind,
          case when r2 < 0.9 then 'held' when r2 < 0.98 then 'cancelled' else 'planned' end as status
        from (
          select p.tenant_id, p.code, gen_random_uuid() as id, ${day("random()")} as day,
            random() r1, random() r2, random() r3, random() r4
          from bench_plan p cross join lateral generate_series(1, p.events) g
          where ${inRange}
        ) a
      ) b
    ) c`
  const registrations = `
    insert into event_registrations (tenant_id, event_id, id, sequence, applicant_key, status, data, created_at, updated_at)
    select tenant_id, event_id, id, seq, 'email:' || email, status,
      jsonb_build_object(
        'id', id, 'tenantId', tenant_id, 'eventId', event_id, 'sequence', seq, 'applicantKey', 'email:' || email,
        'applicant', jsonb_build_object('name', '参加者' || seq, 'email', email, 'profession', profession),
        'status', status, 'submittedAt', ${instant("submitted")},
        'history', case when status = 'cancelled' then jsonb_build_array(
            jsonb_build_object('status', 'received', 'at', ${instant("submitted")}, 'reason', 'applied'),
            jsonb_build_object('status', 'confirmed', 'at', ${instant("submitted")}, 'reason', 'seat_given'),
            jsonb_build_object('status', 'cancelled', 'at', ${instant("submitted + interval '2 days'")}, 'reason', 'cancelled_by_applicant'))
          else jsonb_build_array(
            jsonb_build_object('status', 'received', 'at', ${instant("submitted")}, 'reason', 'applied'),
            jsonb_build_object('status', 'confirmed', 'at', ${instant("submitted")}, 'reason', 'seat_given')) end
      ) || case when status = 'confirmed' and taken then jsonb_build_object('attended', r2 < 0.85) else '{}'::jsonb end,
      submitted, case when status = 'cancelled' then submitted + interval '2 days' else submitted end
    from (
      select *, 'p' || seq || '.' || substr(event_id::text, 1, 8) || '@example.jp' as email,
        case when r1 < 0.08 then 'cancelled' else 'confirmed' end as status,
        ${pick("r3", professions)} as profession
      from (
        select e.tenant_id, e.id as event_id, gen_random_uuid() as id, g as seq,
          e.status = 'held' and abs(hashtext(e.id::text)) % 20 <> 0 as taken,
          (e.record_date - 20 + time '12:00') at time zone 'Asia/Tokyo' + make_interval(mins => g) as submitted,
          random() r1, random() r2, random() r3
        from bench_plan p
        join activity_records e on e.tenant_id = p.tenant_id and e.kind = 'event' and e.data ? 'registration'
        cross join lateral generate_series(1, 10 + abs(hashtext(e.id::text || 'n')) % 30) g
        where ${inRange}
      ) a
    ) b`
  const group = (category: string, count: string) =>
    `jsonb_build_object('organizationCategory', ${category}, 'count', ${count})`
  const category = (index: string) => `(array['${organizationCategories.join("','")}'])[1 + (${index})]`
  const meetings = `
    insert into activity_records (${recordColumns})
    select tenant_id, 'meeting', id, 1, kind, status, 'municipality:' || code, day, null, '{}', '{}', null,
      jsonb_build_object(
        'id', id, 'tenantId', tenant_id, 'area', jsonb_build_object('kind', 'municipality', 'code', code),
        'kind', kind, 'title', case when kind = 'council' then '在宅医療・介護連携推進協議会' else '連携会議' end,
        'heldOn', to_char(day, 'YYYY-MM-DD'), 'scenes', '[]'::jsonb, 'themes', '[]'::jsonb, 'agenda', '[]'::jsonb,
        'status', status
      ) || case when r3 < 0.05 then '{}'::jsonb
                when r3 < 0.1 then jsonb_build_object('attendees', jsonb_build_array(jsonb_build_object('count', 3 + i1)))
                else jsonb_build_object('attendees', jsonb_build_array(
                  ${group(category("i1"), "1 + i2 % 6")},
                  ${group(category("(i1 + 1 + i2 % 8) % 17"), "2 + i3 % 9")},
                  ${group(category("(i1 + 9 + i3 % 8) % 17"), "1 + i1 % 4")})) end,
      created, created
    from (
      select *, ${pick("r1", meetingKinds)} as kind,
        case when r2 < 0.92 then 'held' when r2 < 0.97 then 'cancelled' else 'planned' end as status,
        (day - 14 + time '10:00') at time zone 'Asia/Tokyo' as created,
        floor(r4 * 17)::int as i1, floor(r5 * 1000)::int as i2, floor(r6 * 1000)::int as i3
      from (
        select p.tenant_id, p.code, gen_random_uuid() as id, ${day("random()")} as day,
          random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
        from bench_plan p cross join lateral generate_series(1, p.meetings) g
        where ${inRange}
      ) a
    ) b`
  const issues = `
    insert into activity_records (${recordColumns})
    select tenant_id, 'issue', id, 1, null, status, 'municipality:' || code, day, resolved, array[scene], '{}', null,
      jsonb_build_object(
        'id', id, 'tenantId', tenant_id, 'area', jsonb_build_object('kind', 'municipality', 'code', code),
        'title', '退院時の情報共有が不十分', 'scenes', jsonb_build_array(scene), 'themes', '[]'::jsonb,
        'status', status, 'raisedOn', to_char(day, 'YYYY-MM-DD')
      ) || case when resolved is null then '{}'::jsonb
                else jsonb_build_object('resolvedOn', to_char(resolved, 'YYYY-MM-DD')) end,
      created, created
    from (
      select *, case when status = 'resolved' then least(day + 10 + floor(r3 * 300)::int, '${lastDay}'::date) end
          as resolved,
        (day + time '10:00') at time zone 'Asia/Tokyo' as created
      from (
        select *, ${pick("r1", scenes)} as scene,
          case when r2 < 0.3 then 'open' when r2 < 0.6 then 'addressing' when r2 < 0.95 then 'resolved'
               else 'withdrawn' end as status
        from (
          select p.tenant_id, p.code, gen_random_uuid() as id, ${day("random()")} as day,
            random() r1, random() r2, random() r3
          from bench_plan p cross join lateral generate_series(1, p.issues) g
          where ${inRange}
        ) a
      ) b
    ) c`
  const countermeasures = `
    insert into activity_records (${recordColumns})
    select tenant_id, 'countermeasure', id, 1, null, status, 'municipality:' || code, day, null, array[scene], '{}',
      null,
      jsonb_build_object(
        'id', id, 'tenantId', tenant_id, 'area', jsonb_build_object('kind', 'municipality', 'code', code),
        'title', '入退院支援ルールの周知', 'scenes', jsonb_build_array(scene), 'themes', '[]'::jsonb,
        'issueIds', '[]'::jsonb, 'goalIds', '[]'::jsonb,
        'owner', '{"name":"在宅医療・介護連携支援センター"}'::jsonb, 'dueOn', to_char(day, 'YYYY-MM-DD'),
        'status', status
      ) || case when status = 'done' then jsonb_build_object('completedOn', to_char(day - 30 + floor(r3 * 45)::int,
             'YYYY-MM-DD')) else '{}'::jsonb end,
      created, created
    from (
      select *, ${pick("r1", scenes)} as scene,
        case when r2 < 0.2 then 'planned' when r2 < 0.45 then 'in_progress' when r2 < 0.95 then 'done'
             else 'cancelled' end as status,
        (day - 90 + time '10:00') at time zone 'Asia/Tokyo' as created
      from (
        select p.tenant_id, p.code, gen_random_uuid() as id, ${day("random()")} as day,
          random() r1, random() r2, random() r3
        from bench_plan p cross join lateral generate_series(1, p.countermeasures) g
        where ${inRange}
      ) a
    ) b`
  const by = `'{"kind":"system","id":"bench"}'::jsonb`
  const event = (id: string, type: string, at: string) =>
    `jsonb_build_object('id', '${id}', 'type', '${type}', 'at', ${instant(at)}, 'recordedAt', ${instant(at)}, 'recordedBy', ${by})`
  const cases = `
    insert into cases (tenant_id, id, version, status, hospital_id, care_manager_id, party_ids, start_date, end_date,
      data, created_at, updated_at)
    select tenant_id, id, 1, case when discharged is null then 'open' else 'closed' end, hospital, care_manager,
      case when care_manager is null then array[hospital] else array[hospital, care_manager] end,
      (admitted at time zone 'Asia/Tokyo')::date, (discharged at time zone 'Asia/Tokyo')::date,
      jsonb_build_object(
        'id', id, 'tenantId', tenant_id, 'patient', 'p-' || translate(substr(id::text, 1, 8) || substr(id::text, 25, 12), '0123456789', 'ghijklmnop'),
        'patientMunicipality', code,
        'parties', jsonb_build_object('hospital', jsonb_build_object('id', hospital, 'municipality', code))
          || case when care_manager is null then '{}'::jsonb else jsonb_build_object('care_manager',
               jsonb_build_object('id', care_manager) || case when r6 < 0.45 then jsonb_build_object('schedule', ${office})
                 when r6 < 0.8 then '{}'::jsonb else jsonb_build_object('schedule', ${saturday}) end) end,
        'careLevel', care_level, 'ageBand', '65_and_over', 'admissionPurpose', 'treatment', 'wards', '[]'::jsonb,
        'status', case when discharged is null then 'open' else 'closed' end,
        'events', case when discharged is null then jsonb_build_array(${event("admission", "admission", "admitted")})
          else jsonb_build_array(${event("admission", "admission", "admitted")}, ${event("discharge", "discharge", "discharged")}) end,
        'evidence', case when informed is null then '[]'::jsonb else jsonb_build_array(jsonb_build_object(
            'id', 'information', 'kind', 'form_sent', 'at', ${instant("informed")}, 'from', 'care_manager',
            'to', 'hospital', 'templateId', 'admission-information', 'recordedAt', ${instant("informed")},
            'recordedBy', ${by})) end
          || case when contacted is null then '[]'::jsonb else jsonb_build_array(jsonb_build_object(
            'id', 'contact', 'kind', 'contact', 'at', ${instant("contacted")}, 'from', 'hospital',
            'to', 'care_manager', 'recordedAt', ${instant("contacted")}, 'recordedBy', ${by})) end,
        'waivers', '[]'::jsonb, 'createdAt', ${instant("admitted")}, 'createdBy', ${by},
        'updatedAt', ${instant("coalesce(discharged, admitted)")}, 'version', 1
      ),
      admitted, coalesce(discharged, admitted)
    from (
      select *,
        case when care_manager is not null and r7 < 0.75 then admitted + make_interval(secs => floor(r8 * r9 * 5 * 86400)) end
          as informed,
        case when discharged is not null and care_manager is not null and care_level not in ('not_applied', 'applied')
               and r10 < 0.7 then discharged - interval '2 days' end as contacted
      from (
        select *,
          ${pick("r2", careLevels)} as care_level,
          case when r3 < (case when r2 < 0.85 then 0.85 else 0.05 end) then bench_uuid(tenant_id::text || 'cm' || floor(r4 * 40)::int) end
            as care_manager,
          bench_uuid(tenant_id::text || 'h' || floor(r5 * 6)::int) as hospital,
          case when r11 < 0.9 then admitted + make_interval(days => 3 + floor(r12 * 45)::int, mins => floor(r13 * 300)::int) end
            as discharged
        from (
          select p.tenant_id, p.code, gen_random_uuid() as id,
            ((${day("random()")} + time '00:00') + case when s < 0.7 then make_interval(mins => 480 + floor(m * 540)::int)
               when s < 0.9 then make_interval(mins => 1020 + floor(m * 420)::int) else make_interval(mins => floor(m * 480)::int) end)
              at time zone 'Asia/Tokyo' as admitted,
            random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8, random() r9,
            random() r10, random() r11, random() r12, random() r13
          from (select *, random() s, random() m from bench_plan p cross join lateral generate_series(1, p.cases) g
                where ${inRange}) p
        ) a
      ) b
    ) c`
  return [
    ["consultations", consultations],
    ["events", events],
    ["registrations", registrations],
    ["meetings", meetings],
    ["issues", issues],
    ["countermeasures", countermeasures],
    ["cases", cases],
  ]
}

/** The tenants of a run, one per municipality. */
export interface BenchTenant {
  readonly tenant: Tenant
  readonly municipality: BenchMunicipality
}

/** A session's stores, for the pipeline. */
export const benchRuntime = (session: Session) =>
  ManagedRuntime.make(layerSession(session).pipe(Layer.provide(IdGenerator.layer)))
export type BenchRuntime = ReturnType<typeof benchRuntime>

/** Creates one municipality tenant per municipality through `TenantStore`. */
export const createTenants = (
  runtime: BenchRuntime,
  municipalities: ReadonlyArray<BenchMunicipality>,
): Promise<ReadonlyArray<BenchTenant>> =>
  runtime.runPromise(
    Effect.forEach(
      municipalities,
      (municipality) =>
        Effect.gen(function* () {
          const tenant = yield* (yield* TenantStore).create({
            code: municipality.code,
            kind: "municipality",
            name: { ja: `市町村${municipality.code}`, en: `Municipality ${municipality.code}` },
            municipalities: [municipality.code],
          })
          return { tenant, municipality }
        }),
      { concurrency: 4 },
    ),
  )

/**
 * Seeds the records of `plan` for the tenants, in SQL on the owner connection (`INSERT … SELECT … FROM
 * generate_series`), `batch` tenants per statement, then more consultations if fewer than `plan.records` were
 * made; `onProgress` after each statement. Returns the counts.
 */
export const seed = async (
  session: Session,
  tenants: ReadonlyArray<BenchTenant>,
  plan: SeedPlan,
  options: { readonly batch?: number; readonly onProgress?: (kind: string, done: number) => void } = {},
): Promise<SeedCounts> => {
  const rows = planRows(tenants, plan)
  const batch = options.batch ?? 50
  return session.withConnection(async (c) => {
    await c.exec(`
      create or replace function bench_uuid(seed text) returns uuid language sql immutable as $$
        select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3)
          || '-' || substr(h, 21, 12))::uuid from (select md5(seed) as h) x
      $$;
      drop table if exists bench_plan;
      create table bench_plan (idx int primary key, tenant_id uuid not null, code text not null,
        consultations int not null, events int not null, meetings int not null, issues int not null,
        countermeasures int not null, cases int not null);
      select setseed(0.2026);
      -- the seeded records link to nothing (no follow-ups, no issue of a meeting): an empty links column while
      -- seeding, dropped again before the measured part
      alter table activity_records alter column links set default '{}'::uuid[];
    `)
    for (let i = 0; i < rows.length; i += 500) {
      const slice = rows.slice(i, i + 500)
      await c.query(
        `insert into bench_plan select * from unnest($1::int[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[])`,
        [
          slice.map((r) => r.index),
          slice.map((r) => r.tenantId),
          slice.map((r) => r.code),
          slice.map((r) => r.consultations),
          slice.map((r) => r.events),
          slice.map((r) => r.meetings),
          slice.map((r) => r.issues),
          slice.map((r) => r.countermeasures),
          slice.map((r) => r.cases),
        ],
      )
    }
    for (let from = 0; from < rows.length; from += batch) {
      const to = Math.min(rows.length, from + batch) - 1
      for (const [kind, statement] of seedStatements(from, to)) {
        await c.exec(statement)
        options.onProgress?.(kind, to + 1)
      }
    }
    let counts = await countSeeded(c)
    // rounding the shares can leave the total a little short: top up until at least `records` exist
    while (counts.total < plan.records) {
      // Fewer registrations than expected: more consultations, shared by size, so that at least `records` exist.
      const extra = planRows(tenants, { ...plan, consultations: plan.records - counts.total })
      await c.query(
        "update bench_plan p set consultations = x.n from unnest($1::int[], $2::int[]) as x(idx, n) where p.idx = x.idx",
        [extra.map((r) => r.index), extra.map((r) => r.consultations)],
      )
      for (let from = 0; from < rows.length; from += batch) {
        const to = Math.min(rows.length, from + batch) - 1
        await c.exec(seedStatements(from, to)[0]![1])
        options.onProgress?.("more consultations", to + 1)
      }
      counts = await countSeeded(c)
    }
    await c.exec("alter table activity_records alter column links drop default")
    await c.exec("analyze activity_records; analyze event_registrations; analyze cases")
    return counts
  })
}

const countSeeded = async (c: RawConnection): Promise<SeedCounts> => {
  const [row] = await c.query(`select
    (select count(*) from activity_records where kind = 'consultation')::int as consultations,
    (select count(*) from activity_records where kind = 'event')::int as events,
    (select count(*) from event_registrations)::int as registrations,
    (select count(*) from activity_records where kind = 'meeting')::int as meetings,
    (select count(*) from activity_records where kind = 'issue')::int as issues,
    (select count(*) from activity_records where kind = 'countermeasure')::int as countermeasures,
    (select count(*) from cases)::int as cases`)
  const n = row as Omit<SeedCounts, "total">
  return {
    ...n,
    total: n.consultations + n.events + n.registrations + n.meetings + n.issues + n.countermeasures + n.cases,
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checking the seeded rows against the stores' own reading and writing
// ---------------------------------------------------------------------------------------------------------------

/**
 * Reads a sample of tenants' records back through the ports (`ActivityStore.activityRecords`, `CaseStore.list`)
 * and checks that each one parses with core's schema to itself (so the JSON is what the stores write: defaults
 * applied, nothing extra) and that its filter columns are what the stores compute from it. Throws on the first
 * difference. Returns how many records were checked.
 */
export const verifySample = async (
  runtime: BenchRuntime,
  session: Session,
  tenants: ReadonlyArray<BenchTenant>,
): Promise<number> => {
  let checked = 0
  const same = (what: string, parsed: unknown, stored: unknown) => {
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), stored)) {
      throw new Error(
        `${what} does not read back as the store writes it:\n${JSON.stringify(stored)}\n${JSON.stringify(parsed)}`,
      )
    }
    checked++
  }
  for (const { tenant } of tenants) {
    const as = Effect.provideService(Actor, systemPrincipal(tenant.id, "bench"))
    const records = await runtime.runPromise(
      Effect.gen(function* () {
        return yield* (yield* ActivityStore).activityRecords({ start: "2024-04-01", end: "2025-03-31" })
      }).pipe(as),
    )
    const kinds = [
      ["consultation", records.consultations ?? []],
      ["event", records.events ?? []],
      ["meeting", records.meetings ?? []],
      ["issue", records.issues ?? []],
      ["countermeasure", records.countermeasures ?? []],
    ] as const
    for (const [kind, list] of kinds) {
      for (const record of list.slice(0, 50)) {
        same(`${kind} ${record.id}`, activitySchemas[kind].parse(record), record)
        const [row] = await session.withConnection((c) =>
          c.query(
            `select subkind, status, area, to_char(record_date, 'YYYY-MM-DD') as date,
               to_char(resolved_on, 'YYYY-MM-DD') as "resolvedOn", scenes, topics, requester_category as "requesterCategory",
               links::text[] as links
             from activity_records where tenant_id = $1 and id = $2`,
            [tenant.id, record.id],
          ),
        )
        same(`${kind} ${record.id} columns`, activityFilterColumns(kind, record as never), row)
      }
    }
    for (const registration of (records.registrations ?? []).slice(0, 50)) {
      same(`registration ${registration.id}`, EventRegistration.parse(registration), registration)
    }
    const page = await runtime.runPromise(
      Effect.gen(function* () {
        return yield* (yield* CaseStore).list({ limit: 50 })
      }).pipe(as),
    )
    for (const c of page.items) {
      same(`case ${c.id}`, Case.parse(c), c)
      const [row] = await session.withConnection((connection) =>
        connection.query(
          `select to_char(start_date, 'YYYY-MM-DD') as start, to_char(end_date, 'YYYY-MM-DD') as "end"
           from cases where tenant_id = $1 and id = $2`,
          [tenant.id, c.id],
        ),
      )
      same(`case ${c.id} span`, caseSpan(c), row)
    }
  }
  return checked
}

// ---------------------------------------------------------------------------------------------------------------
// The pipeline
// ---------------------------------------------------------------------------------------------------------------

/** The three indicators checked against hand-written SQL. */
export const checkedIndicators = ["consultations_total", "training_participants", "consultation_referral_rate"] as const
export type CheckedIndicator = (typeof checkedIndicators)[number]

/** `<municipality code>|<first day of the month>` → value (`null`: no data). */
export type IndicatorGrid = Map<string, number | null>

/** What the pipeline did and how long each part took. */
export interface PipelineResult {
  readonly tenants: number
  readonly areas: { readonly secondary: number; readonly prefectures: number }
  readonly records: { readonly activity: number; readonly registrations: number; readonly cases: number }
  readonly seconds: {
    readonly total: number
    readonly activityReads: number
    readonly caseReads: number
    readonly dataValues: number
    readonly compliance: number
    readonly evaluation: number
    readonly rollUp: number
  }
  readonly dataValues: number
  readonly rolledUpValues: number
  readonly indicatorValues: { readonly municipalities: number; readonly larger: number; readonly withValue: number }
  readonly indicators: number
  readonly grids: Readonly<Record<CheckedIndicator, IndicatorGrid>>
}

const monthsOf = (fiscalYear: number): ReadonlyArray<FiscalPeriod> => periodsOfFiscalYear(fiscalYear, "month")

/** The coordination figures of one tenant for one month as data values of the municipality. */
const coordinationValues = (
  values: ReadonlyArray<ComplianceIndicatorValue>,
  area: AreaRef,
  period: FiscalPeriod,
  at: string,
): ReadonlyArray<DataValue> => {
  const all = values.filter((v) => v.careNeed === "all" && v.group.id === null)
  const out: Array<DataValue> = []
  const push = (dataElement: string, value: number) =>
    out.push({
      dataElement: dataElement as DataValue["dataElement"],
      area,
      period,
      value,
      provenance: { source: "computed", at, from: "coordination", records: value },
    })
  const admission = all.find((v) => v.indicator === "admission_information_on_time_rate")
  const discharge = all.find((v) => v.indicator === "discharge_coordination_rate")
  push("admission_information_on_time", admission?.numerator ?? 0)
  push("admission_information_due", admission?.denominator ?? 0)
  push("discharges_coordinated", discharge?.numerator ?? 0)
  push("discharges_requiring_coordination", discharge?.denominator ?? 0)
  return out
}

/**
 * For every tenant, under its own actor: the records of each fiscal year through `ActivityStore.activityRecords`
 * and the cases through `CaseStore.list` (pages of 200); data values by `computeActivityDataValues` and, per
 * month, `complianceReport` → `complianceIndicators`; every indicator of the standard catalogue for every month.
 * Then, prefecture by prefecture, `rollUpDataValues` to the 二次医療圏 and the prefecture, and every indicator for
 * those. Only one prefecture's data values are held at a time.
 */
export const runPipeline = async (
  runtime: BenchRuntime,
  tenants: ReadonlyArray<BenchTenant>,
  options: { readonly onTenant?: (done: number) => void } = {},
): Promise<PipelineResult> => {
  const compiled: ReadonlyArray<CompiledIndicator> = standardIndicators.map((definition) => {
    const result = compileIndicator(definition, standardDataElements)
    if (Result.isFailure(result)) throw new Error(`indicator ${definition.code} does not compile`)
    return result.success
  })
  const grids = Object.fromEntries(checkedIndicators.map((code) => [code, new Map()])) as Record<
    CheckedIndicator,
    IndicatorGrid
  >
  const at = new Date().toISOString()
  const seconds = { activityReads: 0, caseReads: 0, dataValues: 0, compliance: 0, evaluation: 0, rollUp: 0 }
  const records = { activity: 0, registrations: 0, cases: 0 }
  let dataValues = 0
  let rolledUpValues = 0
  const indicatorValues = { municipalities: 0, larger: 0, withValue: 0 }
  const timed = async <A>(part: keyof typeof seconds, f: () => A | Promise<A>): Promise<A> => {
    const began = performance.now()
    const result = await f()
    seconds[part] += (performance.now() - began) / 1000
    return result
  }
  const allMonths = fiscalYears.flatMap(monthsOf)
  const byPrefecture = new Map<string, Array<BenchTenant>>()
  for (const t of tenants) {
    byPrefecture.set(t.municipality.prefecture, [...(byPrefecture.get(t.municipality.prefecture) ?? []), t])
  }
  const allAreas = secondaryAreas(tenants.map((t) => t.municipality))
  let done = 0
  let secondaryCount = 0
  const began = performance.now()
  for (const [prefecture, members] of byPrefecture) {
    const areas = allAreas.filter((area) => area.code.startsWith(prefecture))
    secondaryCount += areas.length
    const hierarchy: AreaHierarchy = makeAreaHierarchy(
      areas,
      members.map((m) => ({ code: m.municipality.code, name: { ja: m.municipality.code, en: m.municipality.code } })),
    )
    const prefectureValues: Array<DataValue> = []
    for (const { tenant, municipality } of members) {
      const as = Effect.provideService(Actor, systemPrincipal(tenant.id, "bench"))
      const area: AreaRef = { kind: "municipality", code: municipality.code }
      const values: Array<DataValue> = []
      for (const fiscalYear of fiscalYears) {
        const months = monthsOf(fiscalYear)
        const range = { start: periodRange(months[0]!).start, end: periodRange(months[11]!).end }
        const activity = await timed("activityReads", () =>
          runtime.runPromise(
            Effect.gen(function* () {
              return yield* (yield* ActivityStore).activityRecords(range)
            }).pipe(as),
          ),
        )
        records.activity +=
          (activity.consultations?.length ?? 0) +
          (activity.events?.length ?? 0) +
          (activity.meetings?.length ?? 0) +
          (activity.issues?.length ?? 0) +
          (activity.countermeasures?.length ?? 0)
        records.registrations += activity.registrations?.length ?? 0
        const computed = await timed("dataValues", () =>
          computeActivityDataValues(activity, {
            hierarchy,
            periods: months,
            at,
            areas: [area],
            defaultCountermeasureArea: area,
          }),
        )
        if (computed.unattributed.length > 0) throw new Error(`${computed.unattributed.length} records unattributed`)
        values.push(...computed.values)
        const cases = await timed("caseReads", () =>
          runtime.runPromise(
            Effect.gen(function* () {
              const store = yield* CaseStore
              const all: Array<Case> = []
              let cursor: string | undefined
              do {
                const page = yield* store.list({
                  period: range,
                  limit: 200,
                  ...(cursor === undefined ? {} : { cursor }),
                })
                all.push(...page.items)
                cursor = page.nextCursor ?? undefined
              } while (cursor !== undefined)
              return all
            }).pipe(as),
          ),
        )
        records.cases += cases.length
        await timed("compliance", () => {
          const byMonth = new Map<string, Array<Case>>()
          for (const c of cases) {
            const monthsOfCase = new Set(c.events.map((e) => tokyoMonth(e.at)))
            for (const month of monthsOfCase) byMonth.set(month, [...(byMonth.get(month) ?? []), c])
          }
          for (const period of months) {
            const monthRange = periodRange(period)
            const report = complianceReport(byMonth.get(monthRange.start.slice(0, 7)) ?? [], {
              period: monthRange,
              by: "tenant",
              ruleSets,
              calendar: holidayJpCalendar,
              now: asOf,
            })
            if (Result.isFailure(report)) throw report.failure
            values.push(...coordinationValues(complianceIndicators(report.success), area, period, at))
          }
        })
      }
      dataValues += values.length
      await timed("evaluation", () => {
        const index = makeDataValueIndex(values)
        for (const indicator of compiled) {
          const grid = grids[indicator.definition.code as CheckedIndicator] as IndicatorGrid | undefined
          for (const period of allMonths) {
            const value = evaluateIndicator(indicator, area, period, index)
            indicatorValues.municipalities++
            if (value.value !== null) indicatorValues.withValue++
            if (grid !== undefined) grid.set(`${municipality.code}|${periodRange(period).start}`, value.value)
          }
        }
      })
      for (const value of values) prefectureValues.push(value)
      options.onTenant?.(++done)
    }
    await timed("rollUp", () => {
      const rolled = rollUpDataValues(prefectureValues, hierarchy)
      rolledUpValues += rolled.values.length - prefectureValues.length
      const index = makeDataValueIndex(rolled.values)
      for (const larger of hierarchy.areas) {
        if (larger.ref.kind === "municipality") continue
        for (const indicator of compiled) {
          for (const period of allMonths) {
            const value = evaluateIndicator(indicator, larger.ref, period, index)
            indicatorValues.larger++
            if (value.value !== null) indicatorValues.withValue++
          }
        }
      }
    })
  }
  return {
    tenants: tenants.length,
    areas: { secondary: secondaryCount, prefectures: byPrefecture.size },
    records,
    seconds: { total: (performance.now() - began) / 1000, ...seconds },
    dataValues,
    rolledUpValues,
    indicatorValues,
    indicators: compiled.length,
    grids,
  }
}

const tokyoMonth = (instantText: string): string =>
  new Date(Date.parse(instantText) + 9 * 3_600_000).toISOString().slice(0, 7)

// ---------------------------------------------------------------------------------------------------------------
// Hand-written SQL
// ---------------------------------------------------------------------------------------------------------------

const grid = (values: string) => `
  select t.code, to_char(m.month, 'YYYY-MM-DD') as month, ${values}
  from tenants t
  cross join generate_series(date '${firstDay}', date '${lastDay}', interval '1 month') m(month)`

/**
 * One query per checked indicator over every tenant, grouped by municipality and month, on the owner connection
 * (no row-level security): what a report writer would hand-write against the stores' tables.
 */
export const indicatorSql: Readonly<Record<CheckedIndicator, string>> = {
  consultations_total: `
    with counts as (
      select tenant_id, date_trunc('month', record_date) as month, count(*) as n
      from activity_records where kind = 'consultation' and record_date between '${firstDay}' and '${lastDay}'
      group by 1, 2)
    ${grid("coalesce(c.n, 0)::float8 as value")}
    left join counts c on c.tenant_id = t.id and c.month = m.month
    where t.kind = 'municipality'`,
  training_participants: `
    with registered as (
      select tenant_id, event_id,
        count(*) filter (where status = 'confirmed') as confirmed,
        count(*) filter (where status = 'confirmed' and data ? 'attended') as taken,
        count(*) filter (where status = 'confirmed' and (data->>'attended')::boolean) as attended
      from event_registrations group by 1, 2),
    events as (
      select e.tenant_id, date_trunc('month', e.record_date) as month,
        case when e.data ? 'attendance' then (e.data->'attendance'->>'total')::int
             when r.confirmed > 0 and r.taken = r.confirmed then r.attended end as participants
      from activity_records e left join registered r on r.tenant_id = e.tenant_id and r.event_id = e.id
      where e.kind = 'event' and e.status = 'held' and e.subkind in ('${trainingKinds.join("','")}')
        and e.record_date between '${firstDay}' and '${lastDay}'),
    sums as (
      select tenant_id, month, case when bool_or(participants is null) then null else sum(participants) end as n
      from events group by 1, 2)
    ${grid("case when s.tenant_id is null then 0 else s.n end::float8 as value")}
    left join sums s on s.tenant_id = t.id and s.month = m.month
    where t.kind = 'municipality'`,
  consultation_referral_rate: `
    with counts as (
      select tenant_id, date_trunc('month', record_date) as month, count(*) as n,
        count(*) filter (where jsonb_array_length(data->'referrals') > 0) as referred
      from activity_records where kind = 'consultation' and record_date between '${firstDay}' and '${lastDay}'
      group by 1, 2)
    ${grid("case when coalesce(c.n, 0) = 0 then null else round(100.0 * c.referred / c.n, 1) end::float8 as value")}
    left join counts c on c.tenant_id = t.id and c.month = m.month
    where t.kind = 'municipality'`,
}

/** Runs one indicator's query; returns its grid and the time it took. */
export const runSql = async (
  session: Session,
  indicator: CheckedIndicator,
): Promise<{ readonly seconds: number; readonly grid: IndicatorGrid }> => {
  const began = performance.now()
  const rows = (await session.withConnection((c) => c.query(indicatorSql[indicator]))) as ReadonlyArray<{
    code: string
    month: string
    value: number | null
  }>
  const seconds = (performance.now() - began) / 1000
  return { seconds, grid: new Map(rows.map((r) => [`${r.code}|${r.month}`, r.value])) }
}

/** The differences between two grids (at most `limit`), as text; empty when they are equal. */
export const gridDifferences = (pipeline: IndicatorGrid, sql: IndicatorGrid, limit = 10): ReadonlyArray<string> => {
  const out: Array<string> = []
  const keys = new Set([...pipeline.keys(), ...sql.keys()])
  for (const key of keys) {
    const a = pipeline.has(key) ? pipeline.get(key) : "absent"
    const b = sql.has(key) ? sql.get(key) : "absent"
    if (a !== b) out.push(`${key}: pipeline ${a}, SQL ${b}`)
    if (out.length >= limit) break
  }
  return out
}
