/**
 * 記録からの集計 (data values computed from records): the program's consultations, trainings and events with
 * their registrations, meetings, issues and countermeasures, counted into the standard data elements for every
 * area of a hierarchy and every requested period — so the desk's 相談件数 by requester and topic, the 研修参加者数
 * by profession and the 協議会開催回数 compute themselves — and the prefecture table of meetings, participants and
 * trainings per area that 北海道 compiles by hand from its 保健所 (seed document 004).
 *
 * Counting rules (pure functions, the same input always gives the same values):
 * - A record counts in the area it belongs to and in every area of the hierarchy that contains that area (by
 *   members: a municipality's meeting counts in its 二次医療圏 and its prefecture; a 保健所's meeting counts in the
 *   保健所管轄 and the prefecture, not in any one municipality). Records of areas the hierarchy does not know are
 *   returned as `unattributed` with a bilingual message, never dropped silently.
 * - Dates: consultations by `receivedOn`, events by the day they start (Japan time), meetings by `heldOn`, issues
 *   by `raisedOn` / `resolvedOn`, countermeasures by `dueOn`. Only events and meetings that were `held` count.
 * - Zero is a value: every area and period gets every count, 0 when nothing happened. But a number that is not
 *   known is not invented: when any event or meeting in scope has no participant count (attendance not recorded),
 *   the participant total for that area and period is left out (missing → "no data"), and a breakdown by
 *   profession or organisation is given only when every participant in scope has one.
 *
 * @since 0.1.0
 */
import {
  type ActivityEventKind,
  activityEventKindLabels,
  consultationTopicLabels,
  meetingKindLabels,
  organizationCategoryLabels,
  programItemOfEventKind,
  requesterCategoryLabels,
} from "./ActivityCodeLists.js"
import { type ActivityEvent, eventDay } from "./ActivityEvent.js"
import { type AreaHierarchy, type AreaLevel, type AreaRef, areaKey, type HierarchyArea } from "./AreaHierarchy.js"
import { findStandardCodeList } from "./CodeList.js"
import type { ConsultationRecord } from "./ConsultationRecord.js"
import type { EventRegistration } from "./EventRegistration.js"
import type { DataValue, RecordSource } from "./Indicator.js"
import { periodKey } from "./internal/fiscalPeriods.js"
import type { LocalizedText } from "./Label.js"
import { type Countermeasure, type Meeting, meetingAttendeeCount, type ProgramIssue } from "./Meeting.js"
import { type FiscalPeriod, type IsoDate, periodLabel, periodRange } from "./Period.js"
import { careSceneLabels } from "./ProgramFramework.js"
import type { DataElementCode } from "./ProgramIds.js"

// ---------------------------------------------------------------------------------------------------------------
// Inputs and outputs
// ---------------------------------------------------------------------------------------------------------------

/**
 * 活動記録 (activity records) to count: any of the program's record kinds, each optional.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import type { ActivityRecords } from "@zaitaku/core"
 *
 * const nothing: ActivityRecords = {}
 * ```
 */
export interface ActivityRecords {
  readonly consultations?: ReadonlyArray<ConsultationRecord>
  readonly events?: ReadonlyArray<ActivityEvent>
  readonly registrations?: ReadonlyArray<EventRegistration>
  readonly meetings?: ReadonlyArray<Meeting>
  readonly issues?: ReadonlyArray<ProgramIssue>
  readonly countermeasures?: ReadonlyArray<Countermeasure>
}

/**
 * 集計できなかった記録 (unattributed record): a record whose area the hierarchy does not know (or a
 * countermeasure without an area when no default was given), with the reason.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import type { UnattributedRecord } from "@zaitaku/core"
 *
 * declare const record: UnattributedRecord
 * record.message.ja
 * ```
 */
export interface UnattributedRecord {
  readonly source: RecordSource
  readonly id: string
  readonly area: AreaRef | undefined
  readonly message: LocalizedText
}

/**
 * 集計結果 (computed data values) and the records that could not be attributed to an area.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import type { ComputedDataValues } from "@zaitaku/core"
 *
 * declare const computed: ComputedDataValues
 * computed.values.length
 * ```
 */
export interface ComputedDataValues {
  readonly values: ReadonlyArray<DataValue>
  readonly unattributed: ReadonlyArray<UnattributedRecord>
}

// ---------------------------------------------------------------------------------------------------------------
// Participants
// ---------------------------------------------------------------------------------------------------------------

/**
 * 参加者数 (participants) of an event: the recorded count when there is one, else the confirmed registrations
 * marked attended when attendance was taken for all of them; `total: null` when unknown. `byProfession` is given
 * only when it accounts for every participant.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import { type ActivityEvent, type EventRegistration, eventParticipants } from "@zaitaku/core"
 *
 * declare const event: ActivityEvent
 * declare const registrations: ReadonlyArray<EventRegistration>
 * eventParticipants(event, registrations).total
 * ```
 */
export const eventParticipants = (
  event: ActivityEvent,
  registrations: ReadonlyArray<EventRegistration>,
): {
  readonly total: number | null
  readonly byProfession: Readonly<Record<string, number>> | undefined
  /** Confirmed registrations and those attended, when attendance was taken for every confirmed registration. */
  readonly registered: { readonly confirmed: number; readonly attended: number } | undefined
} => {
  const confirmed = registrations.filter((r) => r.eventId === event.id && r.status === "confirmed")
  const taken = confirmed.length > 0 && confirmed.every((r) => r.attended !== undefined)
  const attended = confirmed.filter((r) => r.attended === true)
  const registered = taken ? { confirmed: confirmed.length, attended: attended.length } : undefined
  if (event.attendance !== undefined) {
    const breakdown = event.attendance.byProfession
    const complete =
      breakdown !== undefined && Object.values(breakdown).reduce((a, b) => a + b, 0) === event.attendance.total
    return { total: event.attendance.total, byProfession: complete ? breakdown : undefined, registered }
  }
  if (!taken) return { total: null, byProfession: undefined, registered }
  const byProfession: Record<string, number> = {}
  for (const r of attended) byProfession[r.applicant.profession] = (byProfession[r.applicant.profession] ?? 0) + 1
  return { total: attended.length, byProfession, registered }
}

const meetingByCategory = (meeting: Meeting): Readonly<Record<string, number>> | undefined => {
  if (meeting.attendees === undefined || meeting.attendees.some((g) => g.organizationCategory === undefined)) {
    return undefined
  }
  const counts: Record<string, number> = {}
  for (const group of meeting.attendees) {
    counts[group.organizationCategory!] = (counts[group.organizationCategory!] ?? 0) + group.count
  }
  return counts
}

// ---------------------------------------------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------------------------------------------

const codes = (labels: Readonly<Record<string, LocalizedText>>): ReadonlyArray<string> => Object.keys(labels)
const professionCodes = findStandardCodeList("profession")!.concepts.map((concept) => concept.code)
const allKinds = Object.keys(activityEventKindLabels) as Array<ActivityEventKind>
const trainingKinds = allKinds.filter((kind) => programItemOfEventKind[kind] === "training")
const publicKinds = allKinds.filter((kind) => programItemOfEventKind[kind] === "public_awareness")

/** The data elements computed here, their record source and the options of their breakdown. */
const computedElements: ReadonlyArray<readonly [string, RecordSource, ReadonlyArray<string>]> = [
  ["consultations", "consultations", codes(requesterCategoryLabels)],
  ["consultation_topics", "consultations", codes(consultationTopicLabels)],
  ["consultation_scenes", "consultations", codes(careSceneLabels)],
  ["consultations_referred", "consultations", []],
  ["consultations_institution_named", "consultations", []],
  ["consultation_minutes", "consultations", []],
  ["trainings_held", "events", trainingKinds],
  ["training_participants", "events", professionCodes],
  ["training_registrations_confirmed", "events", []],
  ["training_registrations_attended", "events", []],
  ["public_events_held", "events", publicKinds],
  ["public_event_participants", "events", []],
  ["meetings_held", "meetings", codes(meetingKindLabels)],
  ["meeting_participants", "meetings", codes(organizationCategoryLabels)],
  ["issues_raised", "meetings", codes(careSceneLabels)],
  ["issues_resolved", "meetings", []],
  ["countermeasures_due", "countermeasures", []],
  ["countermeasures_done_on_time", "countermeasures", []],
]

class Tally {
  private readonly sums = new Map<string, number>()
  private readonly records = new Map<string, number>()
  private readonly unknown = new Set<string>()

  private key(element: string, option: string | undefined, area: string, period: string): string {
    return `${element}.${option ?? ""}|${area}|${period}`
  }

  add(element: string, option: string | undefined, area: string, period: string, amount: number): void {
    const key = this.key(element, option, area, period)
    this.sums.set(key, (this.sums.get(key) ?? 0) + amount)
    this.records.set(key, (this.records.get(key) ?? 0) + 1)
  }

  markUnknown(element: string, option: string | undefined, area: string, period: string): void {
    this.unknown.add(this.key(element, option, area, period))
  }

  read(element: string, option: string | undefined, area: string, period: string) {
    const key = this.key(element, option, area, period)
    return {
      value: this.sums.get(key) ?? 0,
      records: this.records.get(key) ?? 0,
      unknown: this.unknown.has(key),
    }
  }
}

/**
 * 記録から集計する (compute data values from records) for every area of the hierarchy (or those given) and every
 * requested period — months, quarters and the year may be requested together; each record counts in every period
 * that contains its date. See the module documentation for the counting rules.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import { type ActivityRecords, type AreaHierarchy, computeActivityDataValues } from "@zaitaku/core"
 *
 * declare const records: ActivityRecords
 * declare const hierarchy: AreaHierarchy
 * const { values, unattributed } = computeActivityDataValues(records, {
 *   hierarchy,
 *   periods: [{ kind: "year", fiscalYear: 2025, index: 1 }],
 *   at: "2026-04-01T09:00:00+09:00",
 * })
 * ```
 */
export const computeActivityDataValues = (
  records: ActivityRecords,
  options: {
    readonly hierarchy: AreaHierarchy
    readonly periods: ReadonlyArray<FiscalPeriod>
    readonly at: string
    /** Only these areas (default: every area of the hierarchy). */
    readonly areas?: ReadonlyArray<AreaRef>
    /** The area of countermeasures that name none (usually the tenant's municipality). */
    readonly defaultCountermeasureArea?: AreaRef
  },
): ComputedDataValues => {
  const { hierarchy } = options
  const targets: ReadonlyArray<HierarchyArea> =
    options.areas === undefined
      ? hierarchy.areas
      : options.areas.flatMap((ref) => {
          const area = hierarchy.find(ref)
          return area === undefined ? [] : [area]
        })
  const targetKeys = new Set(targets.map((area) => areaKey(area.ref)))
  const periods = options.periods.map((period) => ({ period, key: periodKey(period), range: periodRange(period) }))
  const tally = new Tally()
  const unattributed: Array<UnattributedRecord> = []
  const containing = new Map<string, ReadonlyArray<string>>()

  /** Keys of the target areas containing `area`, or undefined when the hierarchy does not know it. */
  const areasOf = (area: AreaRef): ReadonlyArray<string> | undefined => {
    const key = areaKey(area)
    if (hierarchy.find(area) === undefined) return undefined
    let found = containing.get(key)
    if (found === undefined) {
      found = hierarchy
        .containing(area)
        .map((a) => areaKey(a.ref))
        .filter((k) => targetKeys.has(k))
      containing.set(key, found)
    }
    return found
  }
  const periodsOf = (date: IsoDate): ReadonlyArray<string> =>
    periods.filter((p) => p.range.start <= date && date <= p.range.end).map((p) => p.key)

  const count = (
    source: RecordSource,
    id: string,
    area: AreaRef | undefined,
    date: IsoDate,
    f: (
      add: (element: string, option: string | undefined, amount: number) => void,
      unknown: (element: string, option?: string) => void,
    ) => void,
  ): void => {
    const areaKeys = area === undefined ? undefined : areasOf(area)
    if (areaKeys === undefined) {
      unattributed.push({
        source,
        id,
        area,
        message:
          area === undefined
            ? {
                ja: "地域が指定されていないため集計できません",
                en: "The record names no area, so it cannot be counted",
              }
            : {
                ja: `地域「${area.code}」（${area.kind}）が地域の一覧にないため集計できません`,
                en: `The area ${area.kind} ${area.code} is not in the area hierarchy, so the record cannot be counted`,
              },
      })
      return
    }
    const periodKeys = periodsOf(date)
    if (periodKeys.length === 0 || areaKeys.length === 0) return
    f(
      (element, option, amount) => {
        for (const a of areaKeys) for (const p of periodKeys) tally.add(element, option, a, p, amount)
      },
      (element, option) => {
        for (const a of areaKeys) for (const p of periodKeys) tally.markUnknown(element, option, a, p)
      },
    )
  }

  for (const c of records.consultations ?? []) {
    count("consultations", c.id, c.area, c.receivedOn, (add) => {
      add("consultations", undefined, 1)
      add("consultations", c.requester.category, 1)
      add("consultation_topics", undefined, 1)
      for (const topic of c.topics) add("consultation_topics", topic, 1)
      if (c.scenes.length > 0) add("consultation_scenes", undefined, 1)
      for (const scene of c.scenes) add("consultation_scenes", scene, 1)
      if (c.referrals.length > 0) add("consultations_referred", undefined, 1)
      const institution = c.requester.category !== "resident_family" && c.requester.category !== "other"
      if (institution && (c.requester.resourceId !== undefined || c.requester.organizationName !== undefined)) {
        add("consultations_institution_named", undefined, 1)
      }
      add("consultation_minutes", undefined, c.minutesSpent)
    })
  }

  const registrations = records.registrations ?? []
  for (const event of records.events ?? []) {
    if (event.status !== "held") continue
    const training = programItemOfEventKind[event.kind] === "training"
    const participants = eventParticipants(event, registrations)
    count("events", event.id, event.area, eventDay(event), (add, unknown) => {
      const [held, people] = training
        ? (["trainings_held", "training_participants"] as const)
        : (["public_events_held", "public_event_participants"] as const)
      add(held, undefined, 1)
      add(held, event.kind, 1)
      if (participants.total === null) unknown(people)
      else add(people, undefined, participants.total)
      if (training) {
        for (const profession of professionCodes) {
          if (participants.byProfession === undefined) unknown(people, profession)
          else add(people, profession, participants.byProfession[profession] ?? 0)
        }
        if (participants.registered !== undefined) {
          add("training_registrations_confirmed", undefined, participants.registered.confirmed)
          add("training_registrations_attended", undefined, participants.registered.attended)
        }
      }
    })
  }

  for (const meeting of records.meetings ?? []) {
    if (meeting.status !== "held") continue
    const attendees = meetingAttendeeCount(meeting)
    const byCategory = meetingByCategory(meeting)
    count("meetings", meeting.id, meeting.area, meeting.heldOn, (add, unknown) => {
      add("meetings_held", undefined, 1)
      add("meetings_held", meeting.kind, 1)
      if (attendees === null) unknown("meeting_participants")
      else add("meeting_participants", undefined, attendees)
      for (const category of codes(organizationCategoryLabels)) {
        if (byCategory === undefined) unknown("meeting_participants", category)
        else add("meeting_participants", category, byCategory[category] ?? 0)
      }
    })
  }

  for (const issue of records.issues ?? []) {
    count("meetings", issue.id, issue.area, issue.raisedOn, (add) => {
      add("issues_raised", undefined, 1)
      for (const scene of issue.scenes) add("issues_raised", scene, 1)
    })
    if (issue.status === "resolved" && issue.resolvedOn !== undefined) {
      count("meetings", issue.id, issue.area, issue.resolvedOn, (add) => add("issues_resolved", undefined, 1))
    }
  }

  for (const measure of records.countermeasures ?? []) {
    if (measure.dueOn === undefined || measure.status === "cancelled") continue
    const dueOn = measure.dueOn
    count("countermeasures", measure.id, measure.area ?? options.defaultCountermeasureArea, dueOn, (add) => {
      add("countermeasures_due", undefined, 1)
      if (measure.status === "done" && measure.completedOn !== undefined && measure.completedOn <= dueOn) {
        add("countermeasures_done_on_time", undefined, 1)
      }
    })
  }

  const values: Array<DataValue> = []
  for (const area of targets) {
    const a = areaKey(area.ref)
    for (const { period, key: p } of periods) {
      for (const [element, from, elementOptions] of computedElements) {
        for (const option of [undefined, ...elementOptions]) {
          const read = tally.read(element, option, a, p)
          if (read.unknown) continue
          values.push({
            dataElement: element as DataElementCode,
            ...(option === undefined ? {} : { option }),
            area: area.ref,
            period,
            value: read.value,
            provenance: { source: "computed", at: options.at, from, records: read.records },
          })
        }
      }
    }
  }
  return { values, unattributed }
}

// ---------------------------------------------------------------------------------------------------------------
// The prefecture table (北海道-style)
// ---------------------------------------------------------------------------------------------------------------

/**
 * 表の1欄 (table cell): how many were held, the participants (`null` when any of them has no count), the sum of
 * the known counts, and how many had no count.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import type { ActivityTableCell } from "@zaitaku/core"
 *
 * const cell: ActivityTableCell = { held: 20, participants: null, knownParticipants: 0, withoutCount: 20 }
 * ```
 */
export interface ActivityTableCell {
  readonly held: number
  readonly participants: number | null
  readonly knownParticipants: number
  readonly withoutCount: number
}

/**
 * 会議・研修・講演会の実施状況表 (activity table) per area, as 北海道 compiles it for its 保健所: 会議（WG・部会）,
 * 多職種・専門職の研修会 (trainings, カ) and 講演会 (public awareness events, キ), each as 回数 and 人数（延べ）; and the
 * totals with the number of areas that held any.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import type { ActivityTable } from "@zaitaku/core"
 *
 * declare const table: ActivityTable
 * table.total.meetings.held
 * ```
 */
export interface ActivityTable {
  readonly period: FiscalPeriod
  readonly level: AreaLevel
  readonly rows: ReadonlyArray<{
    readonly area: AreaRef
    readonly name: LocalizedText
    readonly meetings: ActivityTableCell
    readonly trainings: ActivityTableCell
    readonly publicEvents: ActivityTableCell
  }>
  readonly total: {
    readonly meetings: ActivityTableCell & { readonly areas: number }
    readonly trainings: ActivityTableCell & { readonly areas: number }
    readonly publicEvents: ActivityTableCell & { readonly areas: number }
  }
}

const emptyCell = (): { held: number; knownParticipants: number; withoutCount: number } => ({
  held: 0,
  knownParticipants: 0,
  withoutCount: 0,
})

const finish = (cell: { held: number; knownParticipants: number; withoutCount: number }): ActivityTableCell => ({
  ...cell,
  participants: cell.withoutCount > 0 ? null : cell.knownParticipants,
})

/**
 * 実施状況表を作る (build the activity table) for the areas of one level (e.g. `health_center_district`) and one
 * period, from the records: every area of that level is a row (with zeros when nothing was held), in the order of
 * the hierarchy. Records count in every row whose area contains theirs. Records of unknown areas are returned.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import { type ActivityRecords, type AreaHierarchy, activityTable } from "@zaitaku/core"
 *
 * declare const records: ActivityRecords
 * declare const hierarchy: AreaHierarchy
 * const { table } = activityTable(records, { hierarchy, level: "health_center_district", period: { kind: "year", fiscalYear: 2023, index: 1 } })
 * ```
 */
export const activityTable = (
  records: Pick<ActivityRecords, "events" | "registrations" | "meetings">,
  options: { readonly hierarchy: AreaHierarchy; readonly level: AreaLevel; readonly period: FiscalPeriod },
): { readonly table: ActivityTable; readonly unattributed: ReadonlyArray<UnattributedRecord> } => {
  const { hierarchy, level, period } = options
  const range = periodRange(period)
  const rows = hierarchy.areas.filter((area) => area.ref.kind === level)
  const cells = new Map(
    rows.map((area) => [
      areaKey(area.ref),
      { meetings: emptyCell(), trainings: emptyCell(), publicEvents: emptyCell() },
    ]),
  )
  const unattributed: Array<UnattributedRecord> = []
  const add = (
    source: RecordSource,
    id: string,
    area: AreaRef,
    date: IsoDate,
    column: "meetings" | "trainings" | "publicEvents",
    participants: number | null,
  ) => {
    if (date < range.start || date > range.end) return
    if (hierarchy.find(area) === undefined) {
      unattributed.push({
        source,
        id,
        area,
        message: {
          ja: `地域「${area.code}」（${area.kind}）が地域の一覧にないため集計できません`,
          en: `The area ${area.kind} ${area.code} is not in the area hierarchy, so the record cannot be counted`,
        },
      })
      return
    }
    for (const row of hierarchy.containing(area)) {
      const cell = cells.get(areaKey(row.ref))?.[column]
      if (cell === undefined) continue
      cell.held += 1
      if (participants === null) cell.withoutCount += 1
      else cell.knownParticipants += participants
    }
  }
  for (const meeting of records.meetings ?? []) {
    if (meeting.status !== "held") continue
    add("meetings", meeting.id, meeting.area, meeting.heldOn, "meetings", meetingAttendeeCount(meeting))
  }
  for (const event of records.events ?? []) {
    if (event.status !== "held") continue
    const column = programItemOfEventKind[event.kind] === "training" ? "trainings" : "publicEvents"
    add(
      "events",
      event.id,
      event.area,
      eventDay(event),
      column,
      eventParticipants(event, records.registrations ?? []).total,
    )
  }
  const tableRows = rows.map((area) => {
    const cell = cells.get(areaKey(area.ref))!
    return {
      area: area.ref,
      name: area.name,
      meetings: finish(cell.meetings),
      trainings: finish(cell.trainings),
      publicEvents: finish(cell.publicEvents),
    }
  })
  const total = (column: "meetings" | "trainings" | "publicEvents") => {
    const sum = emptyCell()
    let areas = 0
    for (const row of tableRows) {
      const cell = row[column]
      sum.held += cell.held
      sum.knownParticipants += cell.knownParticipants
      sum.withoutCount += cell.withoutCount
      if (cell.held > 0) areas += 1
    }
    return { ...finish(sum), areas }
  }
  return {
    table: {
      period,
      level,
      rows: tableRows,
      total: { meetings: total("meetings"), trainings: total("trainings"), publicEvents: total("publicEvents") },
    },
    unattributed,
  }
}

/**
 * 表を文字にする (the table as text cells), with a header row and a total row, in Japanese or English: counts of
 * participants that are not fully known are written as the known sum followed by （不明あり）/ (some unknown), or
 * as （不明）/ (unknown) when none is known — never as a bare number that looks complete.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import { type ActivityTable, activityTableText } from "@zaitaku/core"
 *
 * declare const table: ActivityTable
 * activityTableText(table, "ja")[0] // ["地域", "会議（WG・部会）回数", "人数（延べ）", …]
 * ```
 */
export const activityTableText = (
  table: ActivityTable,
  language: "ja" | "en",
): ReadonlyArray<ReadonlyArray<string>> => {
  const ja = language === "ja"
  const people = (cell: ActivityTableCell): string => {
    if (cell.held === 0) return ""
    if (cell.participants !== null) return String(cell.participants)
    if (cell.knownParticipants === 0) return ja ? "（不明）" : "(unknown)"
    return ja ? `${cell.knownParticipants}（不明あり）` : `${cell.knownParticipants} (some unknown)`
  }
  const header = ja
    ? [
        `地域（${periodLabel(table.period).ja}）`,
        "会議（WG・部会）回数",
        "人数（延べ）",
        "多職種・専門職の研修会 回数",
        "人数（延べ）",
        "講演会 回数",
        "人数（延べ）",
      ]
    : [
        `Area (${periodLabel(table.period).en})`,
        "Meetings held",
        "Participants",
        "Trainings held",
        "Participants",
        "Public events held",
        "Participants",
      ]
  const body = table.rows.map((row) => [
    row.name[language],
    String(row.meetings.held),
    people(row.meetings),
    String(row.trainings.held),
    people(row.trainings),
    String(row.publicEvents.held),
    people(row.publicEvents),
  ])
  const areas = (n: number) => (ja ? `${n}地域` : `${n} areas`)
  const { meetings, trainings, publicEvents } = table.total
  const totalRow = [
    ja
      ? `合計（実施: 会議${areas(meetings.areas)}・研修${areas(trainings.areas)}・講演会${areas(publicEvents.areas)}）`
      : `Total (held in: meetings ${areas(meetings.areas)}, trainings ${areas(trainings.areas)}, public events ${areas(publicEvents.areas)})`,
    String(meetings.held),
    people(meetings),
    String(trainings.held),
    people(trainings),
    String(publicEvents.held),
    people(publicEvents),
  ]
  return [header, ...body, totalRow]
}
