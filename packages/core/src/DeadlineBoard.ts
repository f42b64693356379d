/**
 * 期限ボード (deadline board): an organisation's obligations that are overdue or still to do, soonest first, and the
 * two transitions a notifier is told about — an obligation becoming due soon, and becoming overdue.
 *
 * An organisation's obligations are those whose actor it is in a case: a hospital's are the `hospital` obligations
 * of the cases it is the hospital of, a care-management office's the `care_manager` ones, and so on.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import * as z from "zod"
import type { Actor } from "./Actor.js"
import {
  BusinessCalendar,
  calendarDaysBetween,
  type DateOutsideCalendar,
  type InstantInput,
  tokyoDateTimeOf,
} from "./BusinessCalendar.js"
import { type Case, evaluateCase } from "./Case.js"
import { CaseStore } from "./CaseStore.js"
import type { Evaluation, Obligation } from "./Coordination.js"
import type { Forbidden, StoreError, ValidationError } from "./Errors.js"
import { sendingsOfCases } from "./FormStore.js"
import type { CaseId, ResourceId } from "./Ids.js"
import type { LocalizedText } from "./Label.js"
import type { IsoDate } from "./Period.js"
import { RuleSetCatalog } from "./RuleSetCatalog.js"

/**
 * 通知の契機 (obligation transition): `due_soon` — still to do, and due within the warning window; `overdue` — not
 * done by its due date.
 *
 * @since 0.1.0
 * @category transitions
 * @example
 * ```ts
 * import { ObligationTransition } from "@zaitaku/core"
 *
 * ObligationTransition.options // ["due_soon", "overdue"]
 * ```
 */
export const ObligationTransition = z.enum(["due_soon", "overdue"])
/** @since 0.1.0 @category transitions */
export type ObligationTransition = z.infer<typeof ObligationTransition>

/**
 * Japanese and English labels of each {@link ObligationTransition}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { obligationTransitionLabels } from "@zaitaku/core"
 *
 * obligationTransitionLabels.overdue.ja // "期限超過"
 * ```
 */
export const obligationTransitionLabels: Readonly<Record<ObligationTransition, LocalizedText>> = {
  due_soon: { ja: "期限が近い", en: "Due soon" },
  overdue: { ja: "期限超過", en: "Overdue" },
}

/**
 * The default warning window: an obligation due today or tomorrow is due soon.
 *
 * @since 0.1.0
 * @category transitions
 * @example
 * ```ts
 * import { defaultDueSoonDays } from "@zaitaku/core"
 *
 * defaultDueSoonDays // 1
 * ```
 */
export const defaultDueSoonDays = 1

/**
 * The transition an obligation is in on `today` (a Japan date): `overdue` when missed, `due_soon` when pending and
 * due within `dueSoonDays` days (0: today only), else `undefined` (met, waived, not applicable, undated, or not yet
 * near).
 *
 * @since 0.1.0
 * @category transitions
 * @example
 * ```ts
 * import { transitionOf, type Obligation } from "@zaitaku/core"
 *
 * declare const obligation: Obligation
 * transitionOf(obligation, "2024-07-13")
 * ```
 */
export const transitionOf = (
  obligation: Pick<Obligation, "status" | "dueDate">,
  today: IsoDate,
  dueSoonDays: number = defaultDueSoonDays,
): ObligationTransition | undefined => {
  if (obligation.status === "missed") return "overdue"
  if (obligation.status !== "pending" || obligation.dueDate === null) return undefined
  const left = calendarDaysBetween(today, obligation.dueDate)
  return left >= 0 && left <= dueSoonDays ? "due_soon" : undefined
}

/**
 * The directory entry that must act on an obligation in a case (its actor's organisation), if the case names one.
 *
 * @since 0.1.0
 * @category board
 * @example
 * ```ts
 * import { organisationOf, type Case, type Obligation } from "@zaitaku/core"
 *
 * declare const c: Case
 * declare const obligation: Obligation
 * organisationOf(c, obligation) // e.g. the care-management office's id
 * ```
 */
export const organisationOf = (c: Case, obligation: Pick<Obligation, "actor">): ResourceId | undefined =>
  c.parties[obligation.actor]?.id

/**
 * One line of the board: the case (its id and pseudonym), the obligation, days until its due date (negative when
 * overdue; `null` without one) and whether it is due soon.
 *
 * @since 0.1.0
 * @category board
 */
export interface BoardItem {
  readonly caseId: CaseId
  readonly patient: string
  readonly obligation: Obligation
  readonly daysUntilDue: number | null
  readonly dueSoon: boolean
}

/**
 * 期限ボード (an organisation's board) as of a date: overdue obligations (longest overdue first), then the
 * obligations still to do (soonest first; undated last).
 *
 * @since 0.1.0
 * @category board
 * @example
 * ```ts
 * import type { DeadlineBoard } from "@zaitaku/core"
 *
 * declare const board: DeadlineBoard
 * board.overdue.length
 * ```
 */
export interface DeadlineBoard {
  readonly organisation: ResourceId
  readonly asOf: IsoDate
  readonly dueSoonDays: number
  readonly overdue: ReadonlyArray<BoardItem>
  readonly upcoming: ReadonlyArray<BoardItem>
}

const byDue = (a: BoardItem, b: BoardItem): number =>
  (a.obligation.dueDate ?? "9999-99-99").localeCompare(b.obligation.dueDate ?? "9999-99-99") ||
  (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0) ||
  (a.obligation.key < b.obligation.key ? -1 : a.obligation.key > b.obligation.key ? 1 : 0)

/**
 * Builds an organisation's board from evaluated cases (pure).
 *
 * @since 0.1.0
 * @category board
 * @example
 * ```ts
 * import { deadlineBoard, type Case, type Evaluation, type ResourceId } from "@zaitaku/core"
 *
 * declare const evaluated: ReadonlyArray<{ case: Case; evaluation: Evaluation }>
 * declare const office: ResourceId
 * deadlineBoard(evaluated, { organisation: office, today: "2024-07-13" })
 * ```
 */
export const deadlineBoard = (
  evaluated: Iterable<{ readonly case: Case; readonly evaluation: Evaluation }>,
  options: { readonly organisation: ResourceId; readonly today: IsoDate; readonly dueSoonDays?: number },
): DeadlineBoard => {
  const dueSoonDays = options.dueSoonDays ?? defaultDueSoonDays
  const overdue: Array<BoardItem> = []
  const upcoming: Array<BoardItem> = []
  for (const { case: c, evaluation } of evaluated) {
    for (const obligation of evaluation.obligations) {
      if (obligation.status !== "missed" && obligation.status !== "pending") continue
      if (organisationOf(c, obligation) !== options.organisation) continue
      const item: BoardItem = {
        caseId: c.id,
        patient: c.patient,
        obligation,
        daysUntilDue: obligation.dueDate === null ? null : calendarDaysBetween(options.today, obligation.dueDate),
        dueSoon: transitionOf(obligation, options.today, dueSoonDays) === "due_soon",
      }
      ;(obligation.status === "missed" ? overdue : upcoming).push(item)
    }
  }
  return {
    organisation: options.organisation,
    asOf: options.today,
    dueSoonDays,
    overdue: overdue.sort(byDue),
    upcoming: upcoming.sort(byDue),
  }
}

/**
 * Every open case the actor may read, page by page, each evaluated as of `now` with the tenant's rule sets and the
 * sendings of form responses linked to it ({@link sendingsOfCases}).
 * Each page read is audited by the store.
 *
 * @since 0.1.0
 * @category board
 * @example
 * ```ts
 * import { evaluateOpenCases } from "@zaitaku/core"
 *
 * const program = evaluateOpenCases({ now: new Date() })
 * ```
 */
export const evaluateOpenCases = Effect.fn("DeadlineBoard.evaluateOpenCases")(function* (options: {
  readonly now: InstantInput
  readonly organisation?: ResourceId
}): Effect.fn.Return<
  ReadonlyArray<{ readonly case: Case; readonly evaluation: Evaluation }>,
  ValidationError | Forbidden | StoreError | DateOutsideCalendar,
  CaseStore | RuleSetCatalog | BusinessCalendar | Actor
> {
  const store = yield* CaseStore
  const catalog = yield* RuleSetCatalog
  const calendar = yield* BusinessCalendar
  const ruleSets = yield* catalog.list
  const resolution = yield* catalog.resolution
  const out: Array<{ case: Case; evaluation: Evaluation }> = []
  let cursor: string | undefined
  do {
    const page = yield* store.list({
      status: ["open"],
      limit: 200,
      ...(options.organisation === undefined ? {} : { organisation: options.organisation }),
      ...(cursor === undefined ? {} : { cursor }),
    })
    const sendings = yield* sendingsOfCases(page.items.map((c) => c.id))
    for (const c of page.items) {
      const evaluation = yield* Effect.fromResult(
        evaluateCase(c, ruleSets, calendar.holidays, options.now, { resolution, sendings: sendings.get(c.id) }),
      )
      out.push({ case: c, evaluation })
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  return out
})

/**
 * 期限ボードを読む (read an organisation's board): its open cases evaluated as of `now` (default: the `Clock`), with
 * {@link deadlineBoard}. Needs `cases:read`; hospital staff and care managers see their own organisations' only.
 *
 * @since 0.1.0
 * @category board
 * @example
 * ```ts
 * import { organisationBoard, ResourceId } from "@zaitaku/core"
 *
 * const program = organisationBoard(ResourceId.parse("0192f5a0-0000-7000-8000-00000000c001"))
 * ```
 */
export const organisationBoard = Effect.fn("DeadlineBoard.organisationBoard")(function* (
  organisation: ResourceId,
  options: { readonly now?: InstantInput; readonly dueSoonDays?: number } = {},
) {
  const now = options.now ?? new Date(yield* Clock.currentTimeMillis)
  const evaluated = yield* evaluateOpenCases({ now, organisation })
  return deadlineBoard(evaluated, {
    organisation,
    today: tokyoDateTimeOf(now).date,
    ...(options.dueSoonDays === undefined ? {} : { dueSoonDays: options.dueSoonDays }),
  })
})
