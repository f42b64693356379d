/**
 * 入退院調整ルールと遵守状況 (coordination rule sets and compliance): the rule sets the tenant's cases are evaluated
 * against (built in and read-only, or the tenant's own versions, written with `coordination:manage`), the tenant's
 * resolution order, and the compliance report of a period — 入院時情報提供の期限内率, 退院調整率, late and
 * missed counts, per hospital, care-management office or area, split by 要支援/要介護 — with the same figures as
 * indicator values. Both need `coordination:read`, which viewers hold too: they are aggregates, never a case.
 *
 * The report is computed from every case of the tenant whose span overlaps the period. Reading those cases is a
 * system operation on behalf of the caller (whose own scope may be narrower): the audit trail records each page
 * read as `case.list` by the system subject `compliance-report`, labelled with the caller's key.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  Actor,
  addLocalizedIssue,
  BusinessCalendar,
  type Case,
  type CaseFormSending,
  CaseStore,
  ComplianceGrouping,
  complianceIndicators,
  complianceReport,
  createRuleSet,
  IsoDate,
  isInForce,
  type Principal,
  ResolutionOrder,
  RuleSet,
  RuleSetCatalog,
  RuleSetStore,
  requirePermission,
  sendingsOfCases,
  TenantStore,
  ValidationError,
} from "@zaitaku/core"
import { Clock, Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { bearerSecurity, problemResponses, queryParams } from "./Common.js"

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

const Text = z.object({ ja: z.string(), en: z.string() })

/**
 * 入退院調整ルール (rule set) as documented in OpenAPI: core's {@link RuleSet}, and whether it is built in.
 *
 * @since 0.1.0
 * @category models
 */
export const RuleSetDocument = z
  .object({ ...RuleSet.shape, builtin: z.boolean().openapi({ description: "Built in and read-only" }) })
  .openapi("RuleSet")

/**
 * A new rule set, or a new version of one of the tenant's (core's {@link RuleSet}).
 *
 * @since 0.1.0
 * @category models
 */
export const NewRuleSetBody = z.object(RuleSet.shape).strict().openapi("NewRuleSet")

/**
 * 適用ルールの判定順 (the tenant's resolution order of the governing regional rule set).
 *
 * @since 0.1.0
 * @category models
 */
export const ResolutionDocument = z
  .object({
    /** Whose municipality chooses the regional rule set, in order: hospital, patient, care_manager. */
    resolution: ResolutionOrder,
  })
  .strict()
  .openapi("RuleSetResolution", {
    description: "Whose municipality chooses the regional rule set, in order (hospital, patient, care_manager)",
  })

const Outcomes = {
  onTime: z.number().int(),
  late: z.number().int(),
  missed: z.number().int(),
  pending: z.number().int(),
  waived: z.number().int(),
}

const FiguresDocument = z
  .object({
    admissionInformation: z.object({
      ...Outcomes,
      applicable: z.number().int(),
      onTimeRate: z.number().nullable().openapi({ description: "on time ÷ (on time + late + missed)" }),
    }),
    dischargeCoordination: z.object({
      discharged: z.number().int(),
      coordinated: z.number().int(),
      rate: z.number().nullable().openapi({ description: "退院調整率: coordinated ÷ discharged" }),
    }),
    obligations: z.object(Outcomes),
  })
  .openapi("ComplianceFigures")

/**
 * 遵守状況レポート (compliance report) with its indicator values.
 *
 * @since 0.1.0
 * @category models
 */
export const ComplianceDocument = z
  .object({
    period: z.object({ start: z.string(), end: z.string() }),
    asOf: z.string(),
    by: ComplianceGrouping,
    groups: z.array(
      z.object({
        by: ComplianceGrouping,
        id: z
          .string()
          .nullable()
          .openapi({ description: "Directory entry id, or <kind>/<code> of an area; null: tenant, none, no area" }),
        name: Text.optional(),
        all: FiguresDocument,
        byCareNeed: z.object({ support: FiguresDocument, care: FiguresDocument, other: FiguresDocument }),
      }),
    ),
    indicators: z.array(
      z.object({
        indicator: z.string(),
        period: z.object({ start: z.string(), end: z.string() }),
        group: z.object({ by: ComplianceGrouping, id: z.string().nullable() }),
        careNeed: z.enum(["all", "support", "care", "other"]),
        value: z.number().nullable(),
        numerator: z.number().int().optional(),
        denominator: z.number().int().optional(),
      }),
    ),
  })
  .openapi("ComplianceReport")

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const RuleSetListParams = queryParams({
  date: IsoDate.optional().openapi({ description: "Only the versions in force on this date (YYYY-MM-DD)" }),
})

const RuleSetParams = queryParams({
  version: z.string().min(1).max(100).optional().openapi({ description: "A version (default: the latest)" }),
})

/** Query of the compliance report. @since 0.1.0 @category models */
export const ComplianceParams = queryParams({
  from: z.string().pipe(IsoDate).openapi({ description: "First day of the period (Japan), YYYY-MM-DD" }),
  to: z.string().pipe(IsoDate).openapi({ description: "Last day of the period, inclusive" }),
  by: ComplianceGrouping.optional().openapi({ description: "Grouping (default: tenant)" }),
  now: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "The instant statuses are computed at (default: now)" }),
}).superRefine((params, ctx) => {
  if (params.to < params.from) {
    addLocalizedIssue(ctx, ["to"], "期間の終わりが始まりより前です", "to is before from", "range_order")
  } else if (Date.parse(params.to) - Date.parse(params.from) > 366 * 86_400_000) {
    addLocalizedIssue(
      ctx,
      ["to"],
      "期間は1年（366日）以内にしてください",
      "The period may be at most a year (366 days)",
      "too_big",
    )
  }
})

const listRuleSetsRoute = createRoute({
  method: "get",
  path: "/v1/rule-sets",
  tags: ["coordination"],
  summary: "The rule sets cases are evaluated against (permission coordination:read)",
  security: bearerSecurity,
  request: { query: RuleSetListParams },
  responses: {
    200: {
      description: "Every version, built-in sets included",
      content: { "application/json": { schema: z.object({ items: z.array(RuleSetDocument) }) } },
    },
    ...problemResponses(400, 401, 403, 503),
  },
})

const getRuleSetRoute = createRoute({
  method: "get",
  path: "/v1/rule-sets/{id}",
  tags: ["coordination"],
  summary: "One rule set, the latest version or the given one (permission coordination:read)",
  security: bearerSecurity,
  request: { params: z.object({ id: z.string().min(1).max(200) }), query: RuleSetParams },
  responses: {
    200: { description: "The rule set", content: { "application/json": { schema: RuleSetDocument } } },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const createRuleSetRoute = createRoute({
  method: "post",
  path: "/v1/rule-sets",
  tags: ["coordination"],
  summary: "Store a tenant or regional rule set, or a new version of one (permission coordination:manage)",
  description:
    "A version is never changed: a correction is a new version with another `version`, and the effective periods " +
    "of the versions of one id must not overlap. The ids of the built-in sets are read-only (409). Every " +
    "`send_form` must name a form of the forms module (national or the tenant's). With `Idempotency-Key`, a retry " +
    "with the same body answers 201 with the same set; the same key with another body is 409.",
  security: bearerSecurity,
  request: {
    headers: z.object({
      "idempotency-key": z
        .string()
        .min(1)
        .max(255)
        .optional()
        .openapi({ description: "Makes the request safe to retry (1–255 characters, per tenant)" }),
    }),
    body: { required: true, content: { "application/json": { schema: NewRuleSetBody } } },
  },
  responses: {
    201: {
      description: "Stored (or the set first stored with this Idempotency-Key)",
      headers: { Location: { description: "/v1/rule-sets/{id}?version={version}", schema: { type: "string" } } },
      content: { "application/json": { schema: RuleSetDocument } },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 503),
  },
})

const getResolutionRoute = createRoute({
  method: "get",
  path: "/v1/rule-set-resolution",
  tags: ["coordination"],
  summary: "The tenant's resolution order of the governing regional rule set (permission coordination:read)",
  security: bearerSecurity,
  responses: {
    200: { description: "The order", content: { "application/json": { schema: ResolutionDocument } } },
    ...problemResponses(401, 403, 503),
  },
})

const setResolutionRoute = createRoute({
  method: "put",
  path: "/v1/rule-set-resolution",
  tags: ["coordination"],
  summary: "Set the tenant's resolution order (permission coordination:manage)",
  description: "Each of hospital, patient and care_manager at most once; audited.",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: ResolutionDocument } } } },
  responses: {
    200: { description: "The order now in use", content: { "application/json": { schema: ResolutionDocument } } },
    ...problemResponses(400, 401, 403, 413, 415, 503),
  },
})

const complianceRoute = createRoute({
  method: "get",
  path: "/v1/compliance",
  tags: ["coordination"],
  summary: "Compliance with the coordination rules in a period (permission coordination:read)",
  description:
    "入院時情報提供の期限内率, 退院調整率, and late and missed counts per hospital, care-management office or area " +
    "(`by`), split by 要支援/要介護, with the same figures as indicator values. Counted by the day of the trigger " +
    "(admission, discharge) in Japan time.",
  security: bearerSecurity,
  request: { query: ComplianceParams },
  responses: {
    200: { description: "The report", content: { "application/json": { schema: ComplianceDocument } } },
    ...problemResponses(400, 401, 403, 422, 503),
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

/**
 * The tenant's rule sets (`coordination:read`), optionally only those in force on a date.
 *
 * @since 0.1.0
 * @category handlers
 */
export const listRuleSets = Effect.fn("Coordination.listRuleSets")(function* (date: IsoDate | undefined) {
  yield* requirePermission("coordination:read")
  const catalog = yield* RuleSetCatalog
  const sets = yield* catalog.list
  return {
    items: sets
      .filter((set) => date === undefined || isInForce(set, date))
      .map((set) => ({ ...set, builtin: catalog.isBuiltin(set) })),
  }
})

/**
 * One rule set (`coordination:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const getRuleSet = Effect.fn("Coordination.getRuleSet")(function* (id: string, version: string | undefined) {
  yield* requirePermission("coordination:read")
  const catalog = yield* RuleSetCatalog
  const set = yield* catalog.get(id, version)
  return { ...set, builtin: catalog.isBuiltin(set) }
})

const inBody = <E>(error: E): E | ValidationError =>
  error instanceof ValidationError && (error.subject === "rule set" || error.subject === "resolution")
    ? new ValidationError({ subject: "request body", issues: error.issues })
    : error

/**
 * Stores a rule set or a new version (`coordination:manage`), checking the form templates it names.
 *
 * @since 0.1.0
 * @category handlers
 */
export const postRuleSet = Effect.fn("Coordination.postRuleSet")(function* (
  body: z.infer<typeof NewRuleSetBody>,
  idempotencyKey: string | undefined,
) {
  yield* requirePermission("coordination:manage")
  const stored = yield* createRuleSet(body, idempotencyKey === undefined ? {} : { idempotencyKey }).pipe(
    Effect.mapError(inBody),
  )
  return { ...stored.ruleSet, builtin: false }
})

/**
 * The tenant's resolution order (`coordination:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const getResolution = Effect.fn("Coordination.getResolution")(function* () {
  yield* requirePermission("coordination:read")
  return { resolution: [...(yield* (yield* RuleSetStore).resolution)] }
})

/**
 * Sets the tenant's resolution order (`coordination:manage`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const putResolution = Effect.fn("Coordination.putResolution")(function* (
  body: z.infer<typeof ResolutionDocument>,
) {
  yield* requirePermission("coordination:manage")
  const order = yield* (yield* RuleSetStore).setResolution(body.resolution).pipe(Effect.mapError(inBody))
  return { resolution: [...order] }
})

/**
 * The principal that reads cases for an aggregate on behalf of `caller`: the tenant's system subject, labelled with
 * the caller's credential, so that the audit trail says who asked.
 *
 * @since 0.1.0
 * @category handlers
 */
export const aggregatorFor = (caller: Principal, purpose: string): Principal => ({
  tenantId: caller.tenantId,
  role: "tenant_admin",
  subject: { kind: "system", id: purpose, label: `for ${caller.subject.kind} ${caller.subject.id}`.slice(0, 200) },
})

/**
 * The compliance report of a period (`coordination:read`), with its indicator values.
 *
 * @since 0.1.0
 * @category handlers
 */
export const compliance = Effect.fn("Coordination.compliance")(function* (query: z.infer<typeof ComplianceParams>) {
  const caller = yield* requirePermission("coordination:read")
  const now = query.now ?? new Date(yield* Clock.currentTimeMillis)
  const period = { start: query.from, end: query.to }
  const store = yield* CaseStore
  const cases: Array<Case> = []
  const sendings = new Map<string, ReadonlyArray<CaseFormSending>>()
  const aggregator = aggregatorFor(caller, "compliance-report")
  let cursor: string | undefined
  do {
    const page = yield* store
      .list({ period, limit: 200, ...(cursor === undefined ? {} : { cursor }) })
      .pipe(Effect.provideService(Actor, aggregator))
    cases.push(...page.items)
    const linked = yield* sendingsOfCases(page.items.map((c) => c.id)).pipe(Effect.provideService(Actor, aggregator))
    for (const [caseId, list] of linked) sendings.set(caseId, list)
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  const catalog = yield* RuleSetCatalog
  const tenant = yield* (yield* TenantStore).current
  const report = yield* Effect.fromResult(
    complianceReport(cases, {
      period,
      by: query.by ?? "tenant",
      ruleSets: yield* catalog.list,
      resolution: yield* catalog.resolution,
      calendar: (yield* BusinessCalendar).holidays,
      now,
      areas: tenant.areas,
      sendings,
    }),
  )
  return {
    ...report,
    groups: report.groups.map((group) => ({ ...group })),
    indicators: complianceIndicators(report).map((value) => ({ ...value })),
  }
})

/**
 * Registers `GET|POST /v1/rule-sets`, `GET /v1/rule-sets/{id}`, `GET|PUT /v1/rule-set-resolution` and
 * `GET /v1/compliance`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerCoordination = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  const read = requireAuth(runtime, "coordination:read")
  app.openapi({ ...listRuleSetsRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, listRuleSets(c.req.valid("query").date)), 200),
  )
  app.openapi({ ...getRuleSetRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, getRuleSet(c.req.valid("param").id, c.req.valid("query").version)), 200),
  )
  const manage = requireAuth(runtime, "coordination:manage")
  app.openapi({ ...createRuleSetRoute, middleware: manage }, async (c) => {
    const created = await runAsPrincipal(
      c,
      runtime,
      postRuleSet(c.req.valid("json"), c.req.valid("header")["idempotency-key"]),
    )
    return c.json(created, 201, {
      Location: `/v1/rule-sets/${encodeURIComponent(created.id)}?version=${encodeURIComponent(created.version)}`,
    })
  })
  app.openapi({ ...getResolutionRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, getResolution()), 200),
  )
  app.openapi({ ...setResolutionRoute, middleware: manage }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, putResolution(c.req.valid("json"))), 200),
  )
  app.openapi({ ...complianceRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, compliance(c.req.valid("query"))), 200),
  )
}
