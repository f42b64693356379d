/**
 * PDCA (the program's plan–do–check–act cycle): plans with めざすべき姿, goals per scene, indicators, targets and
 * review notes; the indicator catalogue (standard, read-only, and the tenant's own); data values entered by hand,
 * imported from CSV or computed from the records; evaluations against targets with trend and status; roll-ups to
 * 二次医療圏, 保健所管轄 and the prefecture; exports in CSV (UTF-8 with BOM or Shift_JIS) and JSON.
 *
 * HTTP decisions:
 * - **Plans** carry `ETag` `W/"<version>"`; `PUT` and `DELETE` need `If-Match` (428 without, 412 when stale);
 *   `POST` takes an `Idempotency-Key`.
 * - **Tenant indicators** whose expressions do not compile (a syntax error, an unknown data element or option) are
 *   422 `invalid-indicator`, with each problem's field and reason in Japanese and English. Values that cannot be
 *   computed (a zero denominator, a missing value) are "no data" with the reason, never a number.
 * - **Periods** are written as codes: `FY2025`, `FY2025-H1`, `FY2025-Q3`, `2025-04` (a calendar month); **areas** as
 *   `<kind>:<code>` (`municipality:022039`, `secondary_medical_area:0203`, `prefecture:020001`).
 * - **CSV import** reads UTF-8 (with or without BOM) or Shift_JIS; every bad row is reported with its line,
 *   column and reason. `strict=true` stores nothing when any row is bad (422); otherwise the good rows are stored.
 * - **Compute** recomputes the values of the chosen record sources for the chosen periods, replacing what was
 *   computed before: running it twice stores the same values once.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  ActivityStore,
  Actor,
  type AreaHierarchy,
  AreaLevel,
  type AreaRef,
  activityTable,
  activityTableText,
  BusinessCalendar,
  type Case,
  CaseStore,
  type ComputedDataValues,
  Conflict,
  computeActivityDataValues,
  coordinationDataValues,
  DataElement,
  type DataValue,
  DataValuesRejected,
  dataValueCsvHeader,
  dataValueRows,
  directoryDataValues,
  evaluateIndicators,
  type FiscalPeriod,
  formatPeriodCode,
  IndicatorDefinition,
  makeAreaHierarchy,
  NewPdcaPlan,
  PdcaStore,
  type Principal,
  parseAreaCode,
  parsePeriodCode,
  periodRange,
  planTargets,
  RecordSource,
  type Resource,
  ResourceStore,
  RuleSetCatalog,
  requirePermission,
  rollUpDataValues,
  type StoredPdcaPlan,
  StoredPdcaPlan as StoredPdcaPlanSchema,
  TenantStore,
  ValidationError,
} from "@zaitaku/core"
import { readCsv, writeCsv } from "@zaitaku/opendata-jp"
import { Clock, Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { entityTagOf, expectedVersionOf, noneMatchHits, PreconditionFailed } from "../Preconditions.js"
import { Problem, problemContentType } from "../Problem.js"
import { bearerSecurity, listParam, problemResponses, queryParams } from "./Common.js"

// ---------------------------------------------------------------------------------------------------------------
// Documents and parameters
// ---------------------------------------------------------------------------------------------------------------

/** PDCA計画 (plan) as documented in OpenAPI. @since 0.1.0 @category models */
export const PdcaPlanDocument = z.object(StoredPdcaPlanSchema.shape).openapi("PdcaPlan")

/** Body of `POST /v1/pdca/plans` and `PUT /v1/pdca/plans/{id}`. @since 0.1.0 @category models */
export const NewPdcaPlanBody = z.object(NewPdcaPlan.shape).strict().openapi("NewPdcaPlan")

const Loose = z.object({}).loose()

const periodCode = z
  .string()
  .min(1)
  .max(20)
  .transform((text, ctx) => {
    const period = parsePeriodCode(text)
    if (period === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `Cannot read the period "${text}" (e.g. FY2025, FY2025-H1, FY2025-Q1, 2025-04)`,
        params: {
          ja: `期間「${text}」は読めません（例: FY2025, FY2025-H1, FY2025-Q1, 2025-04）`,
          code: "invalid_period",
        },
      })
      return z.NEVER
    }
    return period
  })

const areaCode = z
  .string()
  .min(1)
  .max(100)
  .transform((text, ctx) => {
    const area = parseAreaCode(text)
    if (area === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `"${text}" is not an area: write <kind>:<code>, e.g. municipality:022039 or secondary_medical_area:0203`,
        params: {
          ja: `「${text}」は地域として読めません（例: municipality:022039, secondary_medical_area:0203）`,
          code: "invalid_area",
        },
      })
      return z.NEVER
    }
    return area
  })

const periodsParam = listParam(periodCode as never, 60, "Periods: FY2025, FY2025-H1, FY2025-Q3 or 2025-04")
const areasParam = listParam(areaCode as never, 500, "Areas: <kind>:<code>")
const codesParam = (description: string) => listParam(z.string().min(1).max(64), 200, description)

const EvaluationParams = queryParams({
  period: periodsParam,
  area: areasParam,
  indicator: codesParam("Indicator codes (default: all)"),
  plan: z.string().uuid().optional().openapi({ description: "Targets of this plan (default: the active plans)" }),
})

const RollUpParams = queryParams({
  period: periodsParam,
  area: areasParam,
  dataElement: codesParam("Data element codes (default: all)"),
})

const DataValueParams = queryParams({
  dataElement: codesParam("Data element codes"),
  area: listParam(z.string().min(1).max(100), 500, "Areas: <kind>:<code>"),
  fiscalYear: listParam(z.coerce.number().int().min(1).max(9998) as never, 50, "Fiscal years"),
  source: listParam(z.enum(["entered", "imported", "computed"]), 3, "Provenance"),
})

const ExportParams = queryParams({
  format: z.enum(["csv", "json"]).optional().openapi({ description: "`csv` (default) or `json`" }),
  encoding: z
    .enum(["utf-8", "shift_jis"])
    .optional()
    .openapi({ description: "`utf-8` (with BOM, default) or `shift_jis` (CP932, for older spreadsheet software)" }),
  period: periodsParam,
  area: areasParam,
  plan: z.string().uuid().optional(),
})

const ImportParams = queryParams({
  strict: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`true`: any bad row rejects the whole file and nothing is stored" }),
  file: z
    .string()
    .min(1)
    .max(300)
    .optional()
    .openapi({ description: "The file's name, kept in each value's provenance" }),
})

const NewDataValue = z
  .object({
    dataElement: z.string().min(1).max(64),
    option: z.string().min(1).max(64).optional(),
    area: z.union([areaCode, z.object({ kind: z.string(), code: z.string() })]),
    period: z.union([periodCode, z.object({ kind: z.string(), fiscalYear: z.number(), index: z.number() })]),
    value: z.number(),
  })
  .strict()

const DataValuesBody = z.object({ values: z.array(NewDataValue).min(1).max(10_000) }).strict()

const ComputeBody = z
  .object({
    sources: z.array(RecordSource).min(1).max(6),
    periods: z.array(periodCode).min(1).max(60),
  })
  .strict()

const ifMatchHeader = z.object({
  "if-match": z.string().optional().openapi({ description: 'Required: the ETag last received, e.g. W/"3"' }),
})
const PlanParams = z.object({ id: z.string().uuid() })
const CodeParams = z.object({ code: z.string().min(1).max(64) })

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const tags = ["pdca"]
const problem = (description: string) => ({ description, content: { [problemContentType]: { schema: Problem } } })
const etagHeader = {
  ETag: { description: 'The version as a weak entity tag, e.g. W/"3"', schema: { type: "string" as const } },
}
const json = (description: string, schema: z.ZodType = Loose) => ({
  description,
  content: { "application/json": { schema } },
})
const planResponse = (description: string) => ({
  description,
  headers: etagHeader,
  content: { "application/json": { schema: PdcaPlanDocument } },
})
const invalidIndicator = { 422: problem("An indicator expression does not compile: where and why, in ja and en") }

const listPlansRoute = createRoute({
  method: "get",
  path: "/v1/pdca/plans",
  tags,
  summary: "The tenant's PDCA plans (permission pdca:read)",
  security: bearerSecurity,
  responses: {
    200: json("The plans", z.object({ items: z.array(PdcaPlanDocument) })),
    ...problemResponses(401, 403, 503),
  },
})

const createPlanRoute = createRoute({
  method: "post",
  path: "/v1/pdca/plans",
  tags,
  summary: "Create a plan: めざすべき姿, goals per scene, indicators, targets, reviews (permission pdca:write)",
  description:
    "Every indicator a goal names must be a standard or a tenant indicator. With `Idempotency-Key`, a retry with " +
    "the same body answers 201 with the same plan; the same key with another body is 409.",
  security: bearerSecurity,
  request: {
    headers: z.object({ "idempotency-key": z.string().min(1).max(255).optional() }),
    body: { required: true, content: { "application/json": { schema: NewPdcaPlanBody } } },
  },
  responses: {
    201: {
      ...planResponse("Created (or the plan first created with this Idempotency-Key)"),
      headers: { ...etagHeader, Location: { description: "/v1/pdca/plans/{id}", schema: { type: "string" } } },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 503),
  },
})

const getPlanRoute = createRoute({
  method: "get",
  path: "/v1/pdca/plans/{id}",
  tags,
  summary: "One plan, with its ETag (permission pdca:read)",
  security: bearerSecurity,
  request: { params: PlanParams, headers: z.object({ "if-none-match": z.string().optional() }) },
  responses: {
    200: planResponse("The plan"),
    304: { description: "Not modified", headers: etagHeader },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const replacePlanRoute = createRoute({
  method: "put",
  path: "/v1/pdca/plans/{id}",
  tags,
  summary: "Replace a plan: its goals, targets and reviews too (permission pdca:write; If-Match required)",
  security: bearerSecurity,
  request: {
    params: PlanParams,
    headers: ifMatchHeader,
    body: { required: true, content: { "application/json": { schema: NewPdcaPlanBody } } },
  },
  responses: {
    200: planResponse("The plan"),
    412: problem("The plan changed since it was read"),
    428: problem("If-Match is missing"),
    ...problemResponses(400, 401, 403, 404, 413, 415, 503),
  },
})

const deletePlanRoute = createRoute({
  method: "delete",
  path: "/v1/pdca/plans/{id}",
  tags,
  summary: "Delete a plan (permission pdca:write; If-Match required)",
  security: bearerSecurity,
  request: { params: PlanParams, headers: ifMatchHeader },
  responses: {
    204: { description: "Deleted" },
    412: problem("The plan changed since it was read"),
    428: problem("If-Match is missing"),
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const targetsRoute = createRoute({
  method: "get",
  path: "/v1/pdca/targets",
  tags,
  summary: "Targets per indicator, area and period, from the plans' goals (permission pdca:read)",
  security: bearerSecurity,
  request: { query: queryParams({ plan: z.string().uuid().optional() }) },
  responses: { 200: json("The targets"), ...problemResponses(400, 401, 403, 503) },
})

const dataElementsRoute = createRoute({
  method: "get",
  path: "/v1/pdca/data-elements",
  tags,
  summary: "Data elements: the standard catalogue and the tenant's own (permission pdca:read)",
  security: bearerSecurity,
  responses: { 200: json("The data elements"), ...problemResponses(401, 403, 503) },
})

const saveDataElementRoute = createRoute({
  method: "put",
  path: "/v1/pdca/data-elements/{code}",
  tags,
  summary: "Create or replace a tenant data element (permission pdca:write); standard codes are 409",
  security: bearerSecurity,
  request: { params: CodeParams, body: { required: true, content: { "application/json": { schema: Loose } } } },
  responses: { 200: json("The data element"), ...problemResponses(400, 401, 403, 409, 413, 415, 503) },
})

const indicatorsRoute = createRoute({
  method: "get",
  path: "/v1/pdca/indicators",
  tags,
  summary: "Indicator definitions: the standard catalogue and the tenant's own (permission pdca:read)",
  security: bearerSecurity,
  responses: { 200: json("The indicators"), ...problemResponses(401, 403, 503) },
})

const saveIndicatorRoute = createRoute({
  method: "put",
  path: "/v1/pdca/indicators/{code}",
  tags,
  summary: "Create or replace a tenant indicator (permission pdca:write)",
  description:
    "The numerator and denominator are expressions over data elements (`#{code}`, `#{code.option}`, arithmetic, " +
    "a few functions, period offsets). An unknown data element or a syntax error is 422 with where and why; a " +
    "standard code is 409.",
  security: bearerSecurity,
  request: { params: CodeParams, body: { required: true, content: { "application/json": { schema: Loose } } } },
  responses: {
    200: json("The indicator"),
    ...invalidIndicator,
    ...problemResponses(400, 401, 403, 409, 413, 415, 503),
  },
})

const deleteIndicatorRoute = createRoute({
  method: "delete",
  path: "/v1/pdca/indicators/{code}",
  tags,
  summary: "Delete a tenant indicator that no plan uses (permission pdca:write)",
  security: bearerSecurity,
  request: { params: CodeParams },
  responses: { 204: { description: "Deleted" }, ...problemResponses(401, 403, 404, 409, 503) },
})

const listValuesRoute = createRoute({
  method: "get",
  path: "/v1/pdca/data-values",
  tags,
  summary: "Data values with their provenance (permission pdca:read)",
  security: bearerSecurity,
  request: { query: DataValueParams },
  responses: { 200: json("The values"), ...problemResponses(400, 401, 403, 503) },
})

const enterValuesRoute = createRoute({
  method: "post",
  path: "/v1/pdca/data-values",
  tags,
  summary: "Enter data values by hand (permission pdca:write); each replaces the value stored under its key",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: DataValuesBody } } } },
  responses: { 200: json("How many were written"), ...problemResponses(400, 401, 403, 413, 415, 503) },
})

const importValuesRoute = createRoute({
  method: "post",
  path: "/v1/pdca/data-values/import",
  tags,
  summary: "Import data values from CSV (permission pdca:write)",
  description:
    `Columns: ${dataValueCsvHeader.join(", ")}. UTF-8 with or without BOM, or Shift_JIS. Every bad row is ` +
    "reported with its line, column and reason; with `strict=true` any bad row rejects the file (422) and " +
    "nothing is stored, otherwise the good rows are stored.",
  security: bearerSecurity,
  request: { query: ImportParams, body: { required: true, content: { "text/csv": { schema: z.string() } } } },
  responses: {
    200: json("Rows stored and rows rejected"),
    422: problem("Strict mode: a row is bad, nothing was stored"),
    ...problemResponses(400, 401, 403, 413, 503),
  },
})

const computeRoute = createRoute({
  method: "post",
  path: "/v1/pdca/data-values/compute",
  tags,
  summary: "Compute data values from the records (permission pdca:write); recomputing replaces",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: ComputeBody } } } },
  responses: { 200: json("Values written per source"), ...problemResponses(400, 401, 403, 413, 415, 422, 503) },
})

const evaluationsRoute = createRoute({
  method: "get",
  path: "/v1/pdca/evaluations",
  tags,
  summary: "Indicator values against targets, with trend and status (permission pdca:read)",
  description:
    "Larger areas are computed from the sums of their municipalities' data values (Σ numerators ÷ Σ " +
    "denominators). A value that cannot be computed is `null` with status `no_data` and the reasons.",
  security: bearerSecurity,
  request: { query: EvaluationParams },
  responses: { 200: json("The evaluations"), ...problemResponses(400, 401, 403, 503) },
})

const ActivityTableParams = queryParams({
  period: periodCode.openapi({ description: "One period: FY2025, FY2025-H1, FY2025-Q3 or 2025-04" }) as never,
  level: AreaLevel.optional().openapi({
    description: "The areas of the rows: health_center_district (default), secondary_medical_area, municipality, …",
  }),
  format: z.enum(["json", "csv"]).optional().openapi({ description: "`json` (default) or `csv`" }),
  encoding: z
    .enum(["utf-8", "shift_jis"])
    .optional()
    .openapi({ description: "CSV only: `utf-8` (with BOM, default) or `shift_jis`" }),
  lang: z.enum(["ja", "en"]).optional().openapi({ description: "CSV only: the language of the header (default ja)" }),
})

const activityTableRoute = createRoute({
  method: "get",
  path: "/v1/pdca/activity-table",
  tags,
  summary:
    "会議・研修・講演会の実施状況表: meetings, trainings and public events with participants per area, from the records " +
    "(permissions pdca:read and activities:read)",
  description:
    "Built from the activity records of the tenant's municipalities, one row per area of the level (zeros when " +
    "nothing was held), with the totals and the number of areas that held any. Participant counts that are not " +
    "fully known are marked, never passed off as complete. Records of areas outside the tenant are listed as " +
    "unattributed.",
  security: bearerSecurity,
  request: { query: ActivityTableParams },
  responses: {
    200: {
      description: "The table",
      content: { "application/json": { schema: Loose }, "text/csv": { schema: z.string() } },
    },
    ...problemResponses(400, 401, 403, 503),
  },
})

const rollUpsRoute = createRoute({
  method: "get",
  path: "/v1/pdca/rollups",
  tags,
  summary: "Data values of larger areas, summed from their municipalities, with the gaps (permission pdca:read)",
  security: bearerSecurity,
  request: { query: RollUpParams },
  responses: { 200: json("The rolled-up values and gaps"), ...problemResponses(400, 401, 403, 503) },
})

const exportRoute = createRoute({
  method: "get",
  path: "/v1/pdca/exports/{kind}",
  tags,
  summary: "Export data values, targets or evaluations as CSV or JSON (permission pdca:read)",
  security: bearerSecurity,
  request: { params: z.object({ kind: z.enum(["values", "targets", "evaluations"]) }), query: ExportParams },
  responses: {
    200: {
      description: "The file",
      content: { "text/csv": { schema: z.string() }, "application/json": { schema: Loose } },
    },
    ...problemResponses(400, 401, 403, 503),
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

const plain = <A>(value: A): never => JSON.parse(JSON.stringify(value)) as never

const inBody =
  (...subjects: ReadonlyArray<string>) =>
  <E>(error: E): E | ValidationError =>
    error instanceof ValidationError && subjects.includes(error.subject)
      ? new ValidationError({ subject: "request body", issues: error.issues })
      : error

/**
 * The version an `If-Match` value allows a change on: 428 when missing, 400 when malformed or `*`, 412 when stale.
 *
 * @since 0.1.0
 * @category preconditions
 */
export const expectedPlanVersion = (id: string, header: string | undefined) =>
  expectedVersionOf(
    header,
    Effect.map(
      Effect.flatMap(Effect.service(PdcaStore), (store) => store.getPlan(id)),
      (plan) => plan.version,
    ),
    () => new PreconditionFailed({ entity: "pdca_plan", id }),
  )

const stalePlan =
  (id: string) =>
  <E>(error: E): E | PreconditionFailed =>
    error instanceof Conflict && error.reason === "version_mismatch" && error.entity === "pdca_plan"
      ? new PreconditionFailed({ entity: "pdca_plan", id })
      : error

/** The tenant's area hierarchy: its municipalities, its areas and their prefectures. @since 0.1.0 @category handlers */
export const tenantHierarchy = Effect.gen(function* () {
  const tenant = yield* (yield* TenantStore).current
  return makeAreaHierarchy(
    tenant.areas,
    tenant.municipalities.map((code) => ({ code, name: { ja: code, en: code } })),
  )
})

const aggregatorFor = (caller: Principal, purpose: string): Principal => ({
  tenantId: caller.tenantId,
  role: "tenant_admin",
  subject: { kind: "system", id: purpose, label: `for ${caller.subject.kind} ${caller.subject.id}`.slice(0, 200) },
})

/**
 * What a record source computation is given: the hierarchy, the periods, the time of the computation, and the
 * caller (so that reads of personal data are audited under a system subject labelled with it).
 *
 * @since 0.1.0
 * @category compute
 */
export interface RecordSourceInput {
  readonly hierarchy: AreaHierarchy
  readonly periods: ReadonlyArray<FiscalPeriod>
  readonly at: string
  readonly caller: Principal
}

/**
 * A computation of data values from one kind of record. New record kinds (consultations, events, meetings) are
 * added to {@link recordSources}.
 *
 * @since 0.1.0
 * @category compute
 */
export type RecordSourceComputation = (
  input: RecordSourceInput,
) => Effect.Effect<
  ComputedDataValues,
  unknown,
  ResourceStore | CaseStore | RuleSetCatalog | BusinessCalendar | ActivityStore
>

/** The first day of the earliest period to the last day of the latest. */
const periodSpan = (periods: ReadonlyArray<FiscalPeriod>) => {
  const ranges = periods.map(periodRange)
  // ISO dates order as strings
  return {
    start: ranges.map((r) => r.start).sort()[0] as string,
    end: ranges.map((r) => r.end).sort()[ranges.length - 1] as string,
  }
}

const directorySource: RecordSourceComputation = (input) =>
  Effect.gen(function* () {
    const store = yield* ResourceStore
    const entries: Array<Resource> = []
    let cursor: string | null = null
    do {
      const page: { readonly items: ReadonlyArray<Resource>; readonly nextCursor: string | null } = yield* store
        .search({ status: ["active", "suspended", "closed"], limit: 200, ...(cursor === null ? {} : { cursor }) })
        .pipe(Effect.provideService(Actor, aggregatorFor(input.caller, "pdca-compute")))
      entries.push(...page.items)
      cursor = page.nextCursor
    } while (cursor !== null)
    return directoryDataValues(entries, input)
  })

const coordinationSource: RecordSourceComputation = (input) =>
  Effect.gen(function* () {
    const actor = aggregatorFor(input.caller, "pdca-compute")
    const store = yield* CaseStore
    const span = periodSpan(input.periods)
    const cases: Array<Case> = []
    let cursor: string | undefined
    do {
      // only the cases whose span overlaps the periods can have an admission or discharge in them
      const page = yield* store
        .list({ period: span, limit: 200, ...(cursor === undefined ? {} : { cursor }) })
        .pipe(Effect.provideService(Actor, actor))
      cases.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor !== undefined)
    const catalog = yield* RuleSetCatalog
    return yield* Effect.fromResult(
      coordinationDataValues(cases, {
        ...input,
        ruleSets: yield* catalog.list.pipe(Effect.provideService(Actor, actor)),
        resolution: yield* catalog.resolution.pipe(Effect.provideService(Actor, actor)),
        calendar: (yield* BusinessCalendar).holidays,
      }),
    )
  })

/**
 * The values of one kind of activity record (consultations, events, meetings, countermeasures): the records of the
 * periods' span, counted by core's `computeActivityDataValues`, keeping the values that kind of record gives.
 */
const activitySource =
  (source: "consultations" | "events" | "meetings" | "countermeasures"): RecordSourceComputation =>
  (input) =>
    Effect.gen(function* () {
      const store = yield* ActivityStore
      const records = yield* store
        .activityRecords(periodSpan(input.periods))
        .pipe(Effect.provideService(Actor, aggregatorFor(input.caller, "pdca-compute")))
      const tenantArea = input.hierarchy.areas.find((area) => area.ref.kind === "municipality")?.ref
      const computed = computeActivityDataValues(records, {
        hierarchy: input.hierarchy,
        periods: input.periods,
        at: input.at,
        ...(tenantArea === undefined ? {} : { defaultCountermeasureArea: tenantArea }),
      })
      return {
        values: computed.values.filter(
          (value) => value.provenance.source === "computed" && value.provenance.from === source,
        ),
        unattributed: computed.unattributed.filter((record) => record.source === source),
      }
    })

/**
 * 集計元 (record sources) the compute operation knows: the directory, coordination cases, and the program's
 * activity records.
 *
 * @since 0.1.0
 * @category compute
 */
export const recordSources: Partial<Record<RecordSource, RecordSourceComputation>> = {
  directory: directorySource,
  coordination: coordinationSource,
  consultations: activitySource("consultations"),
  events: activitySource("events"),
  meetings: activitySource("meetings"),
  countermeasures: activitySource("countermeasures"),
}

/** Computes and stores the data values of record sources (`pdca:write`). @since 0.1.0 @category handlers */
export const computeValues = Effect.fn("Pdca.compute")(function* (body: z.infer<typeof ComputeBody>) {
  const caller = yield* requirePermission("pdca:write")
  const hierarchy = yield* tenantHierarchy
  const at = new Date(yield* Clock.currentTimeMillis).toISOString()
  const store = yield* PdcaStore
  const results: Array<Record<string, unknown>> = []
  for (const source of body.sources) {
    const computation = recordSources[source]
    if (computation === undefined) {
      return yield* new ValidationError({
        subject: "request body",
        issues: [
          {
            path: ["sources", body.sources.indexOf(source)],
            code: "not_computable",
            message: {
              ja: `「${source}」の記録からの集計にはまだ対応していません（対応: ${Object.keys(recordSources).join(", ")}）`,
              en: `Values cannot be computed from ${source} yet (available: ${Object.keys(recordSources).join(", ")})`,
            },
          },
        ],
      })
    }
    const computed = yield* computation({ hierarchy, periods: body.periods, at, caller })
    const stored = yield* store.replaceComputed(source, body.periods, computed.values)
    results.push({ source, ...stored, unattributed: plain(computed.unattributed) })
  }
  return { at, periods: body.periods.map(formatPeriodCode), sources: results }
})

const targetsOf = (plans: ReadonlyArray<StoredPdcaPlan>, planId: string | undefined) =>
  (planId === undefined ? plans.filter((p) => p.status === "active") : plans.filter((p) => p.id === planId)).flatMap(
    (plan) => planTargets(plan).map((target) => ({ ...target, planId: plan.id })),
  )

/** Evaluates indicators (`pdca:read`). @since 0.1.0 @category handlers */
export const evaluate = Effect.fn("Pdca.evaluate")(function* (params: {
  readonly periods: ReadonlyArray<FiscalPeriod>
  readonly areas?: ReadonlyArray<AreaRef> | undefined
  readonly indicators?: ReadonlyArray<string> | undefined
  readonly plan?: string | undefined
}) {
  yield* requirePermission("pdca:read")
  const store = yield* PdcaStore
  const hierarchy = yield* tenantHierarchy
  const catalogue = yield* store.indicators
  const elements = (yield* store.dataElements).map((e) => e.element)
  const fiscalYears = [...new Set(params.periods.flatMap((p) => [p.fiscalYear, p.fiscalYear - 1]))]
  const values = yield* store.listDataValues({ fiscalYears })
  if (params.plan !== undefined) yield* store.getPlan(params.plan)
  const targets = targetsOf(yield* store.listPlans, params.plan)
  const definitions = catalogue
    .map((c) => c.definition)
    .filter((d) => params.indicators === undefined || params.indicators.includes(d.code))
  return evaluateIndicators({
    definitions,
    elements,
    values,
    hierarchy,
    targets,
    periods: params.periods,
    ...(params.areas === undefined ? {} : { areas: params.areas }),
  })
})

const requirePeriods = (periods: ReadonlyArray<FiscalPeriod> | undefined) =>
  periods === undefined || periods.length === 0
    ? Effect.fail(
        new ValidationError({
          subject: "query parameters",
          issues: [
            {
              path: ["period"],
              code: "required",
              message: {
                ja: "期間（period）を指定してください（例: FY2025）",
                en: "Give a period, e.g. period=FY2025",
              },
            },
          ],
        }),
      )
    : Effect.succeed(periods)

/** Reads a CSV upload of data values and stores it (`pdca:write`). @since 0.1.0 @category handlers */
export const importValues = Effect.fn("Pdca.import")(function* (
  bytes: Uint8Array,
  options: { readonly strict: boolean; readonly file?: string | undefined },
) {
  yield* requirePermission("pdca:write")
  const store = yield* PdcaStore
  const elements = (yield* store.dataElements).map((e) => e.element)
  const at = new Date(yield* Clock.currentTimeMillis).toISOString()
  const records: Array<{ line: number; record: ReadonlyArray<string> }> = []
  const fileErrors: Array<{ line: number; column: string | null; code: string; message: { ja: string; en: string } }> =
    []
  const reader = readCsv([bytes], { expectedHeader: dataValueCsvHeader, checkColumnCount: true })
  const read = yield* Effect.tryPromise({
    try: async () => {
      for await (const row of reader) {
        if (row.errors.length > 0) {
          for (const error of row.errors) {
            fileErrors.push({
              line: error.line,
              column: error.column ?? null,
              code: error.code,
              message: { ja: error.reason.ja, en: error.reason.en },
            })
          }
        } else records.push({ line: row.line, record: row.record })
      }
      return reader.encoding
    },
    catch: (cause) => cause,
  }).pipe(
    Effect.mapError((cause) => {
      const detail = (cause as { detail?: { ja: string; en: string } }).detail
      return new ValidationError({
        subject: "request body",
        issues: [
          {
            path: [],
            code: (cause as { reason?: string }).reason ?? "malformed",
            message: detail ?? { ja: "CSVを読み込めません", en: `The CSV cannot be read: ${String(cause)}` },
          },
        ],
      })
    }),
  )
  const { values, errors } = dataValueRows(records, {
    elements,
    at,
    ...(options.file === undefined ? {} : { file: options.file }),
  })
  const allErrors = [...fileErrors, ...errors].sort((a, b) => a.line - b.line)
  if (options.strict && allErrors.length > 0) {
    return yield* new DataValuesRejected({ errors: allErrors, encoding: read ?? null })
  }
  const stored = values.length === 0 ? { written: 0 } : yield* store.putDataValues(values)
  return { encoding: read ?? null, imported: stored.written, rejected: allErrors.length, errors: allErrors }
})

const csvCell = (value: unknown): string => (value === null || value === undefined ? "" : String(value))

/** Builds an export (`pdca:read`). @since 0.1.0 @category handlers */
export const exportOf = Effect.fn("Pdca.export")(function* (
  kind: "values" | "targets" | "evaluations",
  params: {
    readonly periods?: ReadonlyArray<FiscalPeriod> | undefined
    readonly areas?: ReadonlyArray<AreaRef> | undefined
    readonly plan?: string | undefined
  },
) {
  yield* requirePermission("pdca:read")
  const store = yield* PdcaStore
  if (kind === "values") {
    const values = yield* store.listDataValues(
      params.periods === undefined ? {} : { fiscalYears: [...new Set(params.periods.map((p) => p.fiscalYear))] },
    )
    const wanted = (value: DataValue) =>
      (params.areas === undefined ||
        params.areas.some((a) => a.kind === value.area.kind && a.code === value.area.code)) &&
      (params.periods === undefined ||
        params.periods.some((p) => formatPeriodCode(p) === formatPeriodCode(value.period)))
    const rows = values.filter(wanted)
    return {
      json: rows.map((v) => ({ ...v, periodCode: formatPeriodCode(v.period) })),
      header: [...dataValueCsvHeader, "source", "recorded_at"],
      rows: rows.map((v) => [
        v.dataElement,
        v.option ?? "",
        v.area.kind,
        v.area.code,
        formatPeriodCode(v.period),
        String(v.value),
        v.provenance.source,
        "at" in v.provenance ? v.provenance.at : "",
      ]),
    }
  }
  if (kind === "targets") {
    const targets = targetsOf(yield* store.listPlans, params.plan ?? undefined).filter(
      (t) =>
        (params.areas === undefined || params.areas.some((a) => a.kind === t.area.kind && a.code === t.area.code)) &&
        (params.periods === undefined ||
          params.periods.some((p) => formatPeriodCode(p) === formatPeriodCode(t.period))),
    )
    return {
      json: targets.map((t) => ({ ...t, periodCode: formatPeriodCode(t.period) })),
      header: [
        "plan_id",
        "goal_id",
        "indicator",
        "area_kind",
        "area_code",
        "period",
        "target",
        "baseline_period",
        "baseline",
      ],
      rows: targets.map((t) => [
        t.planId,
        t.goalId,
        t.indicator,
        t.area.kind,
        t.area.code,
        formatPeriodCode(t.period),
        String(t.value),
        t.baseline === undefined ? "" : formatPeriodCode(t.baseline.period),
        t.baseline === undefined ? "" : String(t.baseline.value),
      ]),
    }
  }
  const periods = yield* requirePeriods(params.periods)
  const result = yield* evaluate({ periods, areas: params.areas, plan: params.plan })
  return {
    json: result,
    header: [
      "indicator",
      "indicator_name",
      "area_kind",
      "area_code",
      "area_name",
      "period",
      "value",
      "numerator",
      "denominator",
      "previous",
      "target",
      "change",
      "trend",
      "status",
      "status_label",
      "no_data_reason",
    ],
    rows: result.rows.map((r) => [
      r.indicator,
      r.name.ja,
      r.area.kind,
      r.area.code,
      r.areaName.ja,
      r.periodCode,
      csvCell(r.value),
      csvCell(r.numerator),
      csvCell(r.denominator),
      csvCell(r.previous),
      csvCell(r.target),
      csvCell(r.change),
      r.trend,
      r.status,
      r.statusLabel.ja,
      r.noData.map((n) => n.message.ja).join(" / "),
    ]),
  }
})

const toValue = (input: z.infer<typeof NewDataValue>, at: string, by: string) => ({
  dataElement: input.dataElement,
  ...(input.option === undefined ? {} : { option: input.option }),
  area: input.area,
  period: input.period,
  value: input.value,
  provenance: { source: "entered" as const, at, by },
})

// ---------------------------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------------------------

/**
 * Registers the PDCA routes under `/v1/pdca`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerPdca = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  const read = requireAuth(runtime, "pdca:read")
  const write = requireAuth(runtime, "pdca:write")
  const withTag = (plan: StoredPdcaPlan) => ({ ETag: entityTagOf(plan.version), "Cache-Control": "private, no-store" })
  const noStore = { "Cache-Control": "private, no-store" }

  app.openapi({ ...listPlansRoute, middleware: read }, async (c) => {
    const plans = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) => store.listPlans),
    )
    return c.json({ items: plain(plans) }, 200, noStore)
  })
  app.openapi({ ...createPlanRoute, middleware: write }, async (c) => {
    const key = c.req.valid("header")["idempotency-key"]
    const body = c.req.valid("json")
    const created = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) =>
        store.createPlan(body as never, key === undefined ? {} : { idempotencyKey: key }),
      ).pipe(Effect.mapError(inBody("plan"))),
    )
    return c.json(plain(created), 201, { ...withTag(created), Location: `/v1/pdca/plans/${created.id}` })
  })
  app.openapi({ ...getPlanRoute, middleware: read }, async (c) => {
    const found = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) => store.getPlan(c.req.valid("param").id)),
    )
    if (noneMatchHits(c.req.valid("header")["if-none-match"], found.version)) return c.body(null, 304, withTag(found))
    return c.json(plain(found), 200, withTag(found))
  })
  app.openapi({ ...replacePlanRoute, middleware: write }, async (c) => {
    const { id } = c.req.valid("param")
    const body = c.req.valid("json")
    const ifMatch = c.req.valid("header")["if-match"]
    const updated = await runAsPrincipal(
      c,
      runtime,
      Effect.gen(function* () {
        yield* requirePermission("pdca:write")
        const expectedVersion = yield* expectedPlanVersion(id, ifMatch)
        return yield* (yield* PdcaStore).replacePlan(id, body as never, { expectedVersion })
      }).pipe(Effect.mapError(inBody("plan")), Effect.mapError(stalePlan(id))),
    )
    return c.json(plain(updated), 200, withTag(updated))
  })
  app.openapi({ ...deletePlanRoute, middleware: write }, async (c) => {
    const { id } = c.req.valid("param")
    const ifMatch = c.req.valid("header")["if-match"]
    await runAsPrincipal(
      c,
      runtime,
      Effect.gen(function* () {
        yield* requirePermission("pdca:write")
        const expectedVersion = yield* expectedPlanVersion(id, ifMatch)
        return yield* (yield* PdcaStore).deletePlan(id, { expectedVersion })
      }).pipe(Effect.mapError(stalePlan(id))),
    )
    return c.body(null, 204)
  })
  app.openapi({ ...targetsRoute, middleware: read }, async (c) => {
    const { plan } = c.req.valid("query")
    const targets = await runAsPrincipal(
      c,
      runtime,
      Effect.gen(function* () {
        const store = yield* PdcaStore
        if (plan !== undefined) yield* store.getPlan(plan)
        return targetsOf(yield* store.listPlans, plan).map((t) => ({ ...t, periodCode: formatPeriodCode(t.period) }))
      }),
    )
    return c.json({ items: plain(targets) }, 200, noStore)
  })
  app.openapi({ ...dataElementsRoute, middleware: read }, async (c) => {
    const found = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) => store.dataElements),
    )
    return c.json({ items: plain(found.map((e) => ({ origin: e.origin, ...e.element }))) }, 200, noStore)
  })
  app.openapi({ ...saveDataElementRoute, middleware: write }, async (c) => {
    const body = { ...(c.req.valid("json") as object), code: c.req.valid("param").code }
    const saved = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) => store.saveDataElement(body as never)).pipe(
        Effect.mapError(inBody("data element")),
      ),
    )
    return c.json(plain({ origin: "tenant", ...DataElement.parse(saved) }), 200)
  })
  app.openapi({ ...indicatorsRoute, middleware: read }, async (c) => {
    const found = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) => store.indicators),
    )
    return c.json({ items: plain(found.map((i) => ({ origin: i.origin, ...i.definition }))) }, 200, noStore)
  })
  app.openapi({ ...saveIndicatorRoute, middleware: write }, async (c) => {
    const body = { ...(c.req.valid("json") as object), code: c.req.valid("param").code }
    const saved = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) => store.saveIndicator(body as never)).pipe(
        Effect.mapError(inBody("indicator")),
      ),
    )
    return c.json(plain({ origin: "tenant", ...IndicatorDefinition.parse(saved) }), 200)
  })
  app.openapi({ ...deleteIndicatorRoute, middleware: write }, async (c) => {
    await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) => store.deleteIndicator(c.req.valid("param").code)),
    )
    return c.body(null, 204)
  })
  app.openapi({ ...listValuesRoute, middleware: read }, async (c) => {
    const q = c.req.valid("query")
    const values = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(PdcaStore), (store) =>
        store.listDataValues({
          ...(q.dataElement === undefined ? {} : { dataElements: q.dataElement }),
          ...(q.area === undefined ? {} : { areas: q.area.map((a) => (a.includes(":") ? a : `municipality:${a}`)) }),
          ...(q.fiscalYear === undefined ? {} : { fiscalYears: q.fiscalYear as never }),
          ...(q.source === undefined ? {} : { sources: q.source }),
        }),
      ).pipe(
        Effect.mapError((error) =>
          error instanceof ValidationError && error.subject === "query"
            ? new ValidationError({ subject: "query parameters", issues: error.issues })
            : error,
        ),
      ),
    )
    return c.json({ items: plain(values.map((v) => ({ ...v, periodCode: formatPeriodCode(v.period) }))) }, 200, noStore)
  })
  app.openapi({ ...enterValuesRoute, middleware: write }, async (c) => {
    const body = c.req.valid("json")
    const result = await runAsPrincipal(
      c,
      runtime,
      Effect.gen(function* () {
        const actor = yield* requirePermission("pdca:write")
        const at = new Date(yield* Clock.currentTimeMillis).toISOString()
        const by = `${actor.subject.kind}:${actor.subject.id}`.slice(0, 200)
        return yield* (yield* PdcaStore).putDataValues(body.values.map((v) => toValue(v, at, by)))
      }).pipe(
        Effect.mapError((error) =>
          error instanceof ValidationError && error.subject === "data values"
            ? new ValidationError({
                subject: "request body",
                issues: error.issues.map((i) => ({ ...i, path: ["values", ...i.path] })),
              })
            : error,
        ),
      ),
    )
    return c.json(result, 200)
  })
  app.openapi({ ...importValuesRoute, middleware: write }, async (c) => {
    const q = c.req.valid("query")
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    const result = await runAsPrincipal(
      c,
      runtime,
      importValues(bytes, { strict: q.strict === "true", file: q.file }).pipe(
        Effect.mapError((error) =>
          error instanceof ValidationError && error.subject === "data values"
            ? new ValidationError({ subject: "request body", issues: error.issues })
            : error,
        ),
      ),
    )
    return c.json(plain(result), 200)
  })
  app.openapi({ ...computeRoute, middleware: write }, async (c) =>
    c.json(plain(await runAsPrincipal(c, runtime, computeValues(c.req.valid("json")))), 200),
  )
  app.openapi({ ...evaluationsRoute, middleware: read }, async (c) => {
    const q = c.req.valid("query")
    const result = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(requirePeriods(q.period as never), (periods) =>
        evaluate({
          periods,
          areas: q.area as never,
          indicators: q.indicator,
          plan: q.plan,
        }),
      ),
    )
    return c.json(plain(result), 200, noStore)
  })
  app.openapi({ ...rollUpsRoute, middleware: read }, async (c) => {
    const q = c.req.valid("query")
    const result = await runAsPrincipal(
      c,
      runtime,
      Effect.gen(function* () {
        yield* requirePermission("pdca:read")
        const periods = yield* requirePeriods(q.period as never)
        const store = yield* PdcaStore
        const hierarchy = yield* tenantHierarchy
        const values = yield* store.listDataValues({
          fiscalYears: [...new Set(periods.map((p) => p.fiscalYear))],
          ...(q.dataElement === undefined ? {} : { dataElements: q.dataElement }),
        })
        const rolled = rollUpDataValues(values, hierarchy)
        const areas = (q.area as ReadonlyArray<AreaRef> | undefined) ?? hierarchy.areas.map((a) => a.ref)
        const inScope = (area: AreaRef, period: FiscalPeriod) =>
          areas.some((a) => a.kind === area.kind && a.code === area.code) &&
          periods.some((p) => formatPeriodCode(p) === formatPeriodCode(period))
        return {
          values: rolled.values
            .filter((v) => inScope(v.area, v.period))
            .map((v) => ({ ...v, periodCode: formatPeriodCode(v.period) })),
          gaps: rolled.gaps.filter((g) => inScope(g.area, g.period)),
        }
      }),
    )
    return c.json(plain(result), 200, noStore)
  })
  app.openapi({ ...activityTableRoute, middleware: read }, async (c) => {
    const q = c.req.valid("query")
    const period = q.period as unknown as FiscalPeriod
    const level = q.level ?? "health_center_district"
    const built = await runAsPrincipal(
      c,
      runtime,
      Effect.gen(function* () {
        const caller = yield* requirePermission("pdca:read")
        yield* requirePermission("activities:read")
        const hierarchy = yield* tenantHierarchy
        const records = yield* (yield* ActivityStore)
          .activityRecords(periodRange(period))
          .pipe(Effect.provideService(Actor, aggregatorFor(caller, "activity-table")))
        return activityTable(records, { hierarchy, level, period })
      }),
    )
    if (q.format === "csv") {
      const [header, ...rows] = activityTableText(built.table, q.lang ?? "ja")
      const encoding = q.encoding ?? "utf-8"
      const file = writeCsv(header ?? [], rows, encoding === "utf-8" ? "utf-8-bom" : "shift_jis")
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": `text/csv; charset=${encoding === "utf-8" ? "utf-8" : "Shift_JIS"}`,
        "Content-Disposition": `attachment; filename="activity-table-${formatPeriodCode(period)}-${level}.csv"`,
        ...noStore,
      }) as never
    }
    return c.json(
      { table: plain(built.table), periodCode: formatPeriodCode(period), unattributed: plain(built.unattributed) },
      200,
    ) as never
  })

  app.openapi({ ...exportRoute, middleware: read }, async (c) => {
    const { kind } = c.req.valid("param")
    const q = c.req.valid("query")
    const built = await runAsPrincipal(
      c,
      runtime,
      exportOf(kind, { periods: q.period as never, areas: q.area as never, plan: q.plan }),
    )
    const name = `pdca-${kind}`
    if (q.format === "json") {
      return c.body(JSON.stringify(built.json), 200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}.json"`,
        ...noStore,
      }) as never
    }
    const encoding = q.encoding ?? "utf-8"
    const file = writeCsv(built.header, built.rows, encoding === "utf-8" ? "utf-8-bom" : "shift_jis")
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": `text/csv; charset=${encoding === "utf-8" ? "utf-8" : "Shift_JIS"}`,
      "Content-Disposition": `attachment; filename="${name}.csv"`,
      ...noStore,
    }) as never
  })
}
