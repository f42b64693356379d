/**
 * 問題詳細 (problem details): every error of the HTTP API becomes an RFC 9457 `application/problem+json` body,
 * here and only here. Status codes appear in this module and nowhere else.
 *
 * @since 0.1.0
 */
import { z } from "@hono/zod-openapi"
import {
  CaseStatus,
  ChangeRequestStatus,
  Conflict,
  caseStatusLabels,
  changeRequestStatusLabels,
  DataValuesRejected,
  DateOutsideCalendar,
  Forbidden,
  FormResponseStatus,
  ImportJobStatus,
  IndicatorRejected,
  importJobStatusLabels,
  NotFound,
  RecipientState,
  RegistrationRejected,
  recipientStateLabels,
  roleLabels,
  StoreError,
  Unauthenticated,
  ValidationError,
} from "@zaitaku/core"
import { Data, Predicate } from "effect"
import { HTTPException } from "hono/http-exception"
import { PreconditionFailed, PreconditionRequired } from "./Preconditions.js"

/** Japanese names of the entities that errors name (the English messages use the identifiers). */
const entityLabelsJa: Readonly<Record<string, string>> = {
  resource: "資源",
  resource_change_request: "変更申請",
  api_key: "APIキー",
  tenant: "テナント",
  audit_entry: "監査ログ",
  import_job: "取込ジョブ",
  organization: "法人",
  case: "ケース",
  case_entry: "記録",
  rule_set: "ルール",
  form_definition: "様式",
  form_response: "情報提供書",
  form_sending: "送付",
  idempotency_key: "Idempotency-Key",
  consultation: "相談記録",
  activity_event: "研修・イベント",
  meeting: "会議",
  program_issue: "課題",
  countermeasure: "対応策",
  event_registration: "参加申込",
}

const responseStatusJa: Readonly<Record<FormResponseStatus, string>> = {
  "in-progress": "下書き",
  completed: "完成",
  amended: "修正済み",
  "entered-in-error": "取消",
}
const otherStatesJa: Readonly<Record<string, string>> = {
  draft: "下書き",
  active: "使用中",
  retired: "廃止",
  replied: "返信済み",
  in_use: "他の様式の元様式として使用中",
  has_registrations: "申込またはアンケート回答あり（中止にしてください）",
}
const entityJa = (entity: string): string => entityLabelsJa[entity] ?? entity
/** The Japanese name of the state an entity is in, for a Conflict `state` (each entity has its own states). */
const stateJa = (entity: string, state: string): string => {
  switch (entity) {
    case "resource_change_request": {
      const status = ChangeRequestStatus.safeParse(state)
      return status.success ? changeRequestStatusLabels[status.data].ja : state
    }
    case "case": {
      const status = CaseStatus.safeParse(state)
      return status.success ? caseStatusLabels[status.data].ja : state
    }
    case "case_entry":
      return state === "withdrawn" ? "取消済み" : state
    case "import_job": {
      const status = ImportJobStatus.safeParse(state)
      return status.success ? importJobStatusLabels[status.data].ja : state
    }
    case "form_response": {
      const status = FormResponseStatus.safeParse(state)
      return status.success ? responseStatusJa[status.data] : state
    }
    case "form_sending": {
      const recipient = RecipientState.safeParse(state)
      return recipient.success ? recipientStateLabels[recipient.data].ja : (otherStatesJa[state] ?? state)
    }
    default:
      return otherStatesJa[state] ?? state
  }
}

/**
 * The base of every problem `type` URI.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { problemTypeBase } from "@zaitaku/server"
 *
 * `${problemTypeBase}validation` // "https://zaitaku.dev/problems/validation"
 * ```
 */
export const problemTypeBase = "https://zaitaku.dev/problems/"

/**
 * The media type of problem details (RFC 9457).
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { problemContentType } from "@zaitaku/server"
 *
 * problemContentType // "application/problem+json"
 * ```
 */
export const problemContentType = "application/problem+json"

/**
 * One invalid field of a rejected input.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ProblemFieldError } from "@zaitaku/server"
 *
 * ProblemFieldError.parse({
 *   in: "body",
 *   pointer: "/role",
 *   path: ["role"],
 *   code: "invalid_value",
 *   message: { ja: "無効な選択肢です", en: "Invalid option" },
 * })
 * ```
 */
export const ProblemFieldError = z
  .object({
    /** Which part of the request: `body`, `query`, `path` or `header` (absent for domain inputs). */
    in: z.enum(["body", "query", "path", "header"]).optional(),
    /** JSON Pointer (RFC 6901) to the field inside that part; `""` is the whole part. */
    pointer: z.string(),
    /** The same location as an array of keys and indexes. */
    path: z.array(z.union([z.string(), z.number()])),
    /** Machine-readable code: zod's issue code or a domain code such as `check_digit`. */
    code: z.string(),
    message: z.object({ ja: z.string(), en: z.string() }),
  })
  .openapi("ProblemFieldError")
/** @since 0.1.0 @category models */
export type ProblemFieldError = z.infer<typeof ProblemFieldError>

/**
 * 問題詳細 (problem details, RFC 9457) with Zaitaku's extension members: `requestId`, Japanese `title_ja` and
 * `detail_ja` beside the English `title` and `detail`, and `errors` for validation problems.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Problem } from "@zaitaku/server"
 *
 * Problem.shape.errors // field errors of a validation problem
 * ```
 */
export const Problem = z
  .object({
    type: z.string().openapi({ example: "https://zaitaku.dev/problems/validation" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    title_ja: z.string(),
    detail_ja: z.string(),
    errors: z.array(ProblemFieldError).optional(),
  })
  .catchall(z.unknown())
  .openapi("Problem")
/** @since 0.1.0 @category models */
export type Problem = z.infer<typeof Problem>

/**
 * No route has this path.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { RouteNotFound } from "@zaitaku/server"
 *
 * new RouteNotFound({ path: "/v1/nothing" })
 * ```
 */
export class RouteNotFound extends Data.TaggedError("RouteNotFound")<{ readonly path: string }> {}

/**
 * A route has this path, but not for this method.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { MethodNotAllowed } from "@zaitaku/server"
 *
 * new MethodNotAllowed({ method: "PUT", allow: ["GET", "HEAD"] })
 * ```
 */
export class MethodNotAllowed extends Data.TaggedError("MethodNotAllowed")<{
  readonly method: string
  readonly allow: ReadonlyArray<string>
}> {}

/**
 * The request could not be parsed as HTTP at all (Node's parser refused it before any route saw it): `code` is the
 * parser's error code, e.g. `HPE_INVALID_URL` for raw non-ASCII characters in the URL, `HPE_HEADER_OVERFLOW` for
 * headers that are too large.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { MalformedRequest } from "@zaitaku/server"
 *
 * new MalformedRequest({ code: "HPE_INVALID_URL" })
 * ```
 */
export class MalformedRequest extends Data.TaggedError("MalformedRequest")<{ readonly code: string }> {}

/**
 * The request body is larger than the server accepts.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { PayloadTooLarge } from "@zaitaku/server"
 *
 * new PayloadTooLarge({ limit: 1_048_576 })
 * ```
 */
export class PayloadTooLarge extends Data.TaggedError("PayloadTooLarge")<{ readonly limit: number }> {}

/**
 * The server cannot serve yet: the database does not answer or migrations are pending.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { NotReady } from "@zaitaku/server"
 *
 * new NotReady({ database: "ok", migrations: { applied: 1, pending: 1 } })
 * ```
 */
export class NotReady extends Data.TaggedError("NotReady")<{
  readonly database: "ok" | "unavailable"
  readonly migrations: { readonly applied: number; readonly pending: number } | null
  readonly cause?: unknown
}> {}

/**
 * A problem ready to send, and what to log about it.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { toProblem } from "@zaitaku/server"
 *
 * const { status, body } = toProblem(new Error("boom"), { requestId: "r1", instance: "/v1/tenants/me" })
 * status // 500
 * ```
 */
export interface ProblemResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Problem
  /** Set when the cause must go to the logs (server-side failures); never sent to the client. */
  readonly logCause?: unknown
}

interface Text {
  readonly en: string
  readonly ja: string
}

const subjectLocation = (subject: string): ProblemFieldError["in"] | undefined => {
  switch (subject) {
    case "request body":
      return "body"
    case "query parameters":
      return "query"
    case "path parameters":
      return "path"
    case "request headers":
      return "header"
    default:
      return undefined
  }
}

/**
 * JSON Pointer (RFC 6901) of a path: `["a", 0, "b/c"]` → `/a/0/b~1c`.
 *
 * @since 0.1.0
 * @category formatting
 * @example
 * ```ts
 * import { jsonPointer } from "@zaitaku/server"
 *
 * jsonPointer(["areas", 0, "code"]) // "/areas/0/code"
 * ```
 */
export const jsonPointer = (path: ReadonlyArray<string | number>): string =>
  path.map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("")

const statusTitles: Readonly<Record<number, { slug: string; title: Text }>> = {
  400: { slug: "bad-request", title: { en: "Bad request", ja: "不正なリクエストです" } },
  401: { slug: "unauthenticated", title: { en: "Authentication required", ja: "認証が必要です" } },
  403: { slug: "forbidden", title: { en: "Forbidden", ja: "この操作を行う権限がありません" } },
  404: { slug: "not-found", title: { en: "Not found", ja: "見つかりません" } },
  405: { slug: "method-not-allowed", title: { en: "Method not allowed", ja: "このメソッドは使えません" } },
  409: { slug: "conflict", title: { en: "Conflict", ja: "既存のデータと競合しています" } },
  412: { slug: "precondition-failed", title: { en: "Precondition failed", ja: "データが更新されています" } },
  413: { slug: "payload-too-large", title: { en: "Payload too large", ja: "リクエスト本文が大きすぎます" } },
  431: {
    slug: "request-header-fields-too-large",
    title: { en: "Request header fields too large", ja: "リクエストヘッダーが大きすぎます" },
  },
  422: {
    slug: "date-outside-calendar",
    title: { en: "Date outside the holiday data", ja: "祝日データの範囲外の日付です" },
  },
  415: {
    slug: "unsupported-media-type",
    title: { en: "Unsupported media type", ja: "対応していないメディアタイプです" },
  },
  428: {
    slug: "precondition-required",
    title: { en: "Precondition required", ja: "If-Match ヘッダーが必要です" },
  },
  500: { slug: "internal", title: { en: "Internal server error", ja: "サーバー内部でエラーが発生しました" } },
  503: { slug: "unavailable", title: { en: "Service unavailable", ja: "サービスを利用できません" } },
}

interface Mapped {
  readonly status: number
  readonly slug?: string
  readonly title?: Text
  readonly detail: Text
  readonly headers?: Readonly<Record<string, string>>
  readonly extra?: Readonly<Record<string, unknown>>
  readonly logCause?: unknown
}

const unauthenticatedDetail: Readonly<Record<Unauthenticated["reason"], Text>> = {
  missing: {
    en: "Send an API key in the Authorization header: Authorization: Bearer <key>",
    ja: "Authorization ヘッダーで API キーを送ってください（Authorization: Bearer <キー>）",
  },
  malformed: {
    en: "The Authorization header does not hold a well-formed bearer API key",
    ja: "Authorization ヘッダーの API キーの形式が正しくありません",
  },
  unknown: {
    en: "The API key is not valid: it is unknown or has been revoked",
    ja: "API キーが無効です（存在しないか、失効しています）",
  },
  revoked: {
    en: "The API key is not valid: it is unknown or has been revoked",
    ja: "API キーが無効です（存在しないか、失効しています）",
  },
}

const mapError = (error: unknown): Mapped => {
  if (error instanceof ValidationError) {
    const location = subjectLocation(error.subject)
    const count = error.issues.length
    return {
      status: 400,
      slug: "validation",
      title: { en: "Invalid request", ja: "入力内容に誤りがあります" },
      detail: {
        en: `The ${error.subject} is invalid: ${count} problem${count === 1 ? "" : "s"} found`,
        ja: `${location === undefined ? error.subject : subjectJa[location]}に${count}件の誤りがあります`,
      },
      extra: {
        errors: error.issues.map(
          (issue): ProblemFieldError => ({
            ...(location === undefined ? {} : { in: location }),
            pointer: jsonPointer(issue.path),
            path: [...issue.path],
            code: issue.code,
            message: { ja: issue.message.ja, en: issue.message.en },
          }),
        ),
      },
    }
  }
  if (error instanceof Unauthenticated) {
    const challenge =
      error.reason === "missing" ? `Bearer realm="zaitaku"` : `Bearer realm="zaitaku", error="invalid_token"`
    return { status: 401, detail: unauthenticatedDetail[error.reason], headers: { "WWW-Authenticate": challenge } }
  }
  if (error instanceof Forbidden) {
    const roleJa = Predicate.hasProperty(roleLabels, error.role)
      ? roleLabels[error.role as keyof typeof roleLabels].ja
      : error.role
    if (error.resourceId !== undefined) {
      return {
        status: 403,
        detail: {
          en: `This key may use ${error.permission} only for its own directory entries, and ${error.resourceId} is not one of them`,
          ja: `このキーで ${error.permission} を行えるのは、キーに登録された自事業所の資源だけです（${error.resourceId} は対象外です）`,
        },
      }
    }
    return {
      status: 403,
      detail: {
        en: `The role ${error.role} does not have the permission ${error.permission}`,
        ja: `役割「${roleJa}」には権限 ${error.permission} がありません`,
      },
    }
  }
  if (error instanceof NotFound) {
    return {
      status: 404,
      detail: {
        en: `No ${error.entity} with id ${error.id} was found`,
        ja: `${entityJa(error.entity)}（ID ${error.id}）は見つかりません`,
      },
    }
  }
  if (error instanceof RouteNotFound) {
    return {
      status: 404,
      detail: {
        en: `There is no resource at ${error.path}; see /openapi.json for the API`,
        ja: `${error.path} にはリソースがありません（API は /openapi.json を参照してください）`,
      },
    }
  }
  if (error instanceof MethodNotAllowed) {
    const allow = error.allow.join(", ")
    return {
      status: 405,
      detail: {
        en: `${error.method} is not allowed here; allowed: ${allow}`,
        ja: `${error.method} はここでは使えません（使えるメソッド: ${allow}）`,
      },
      headers: { Allow: allow },
    }
  }
  if (error instanceof Conflict) {
    if (error.fields !== undefined && error.fields.length > 0) {
      const fields = error.fields.join(", ")
      return {
        status: 409,
        detail: {
          en: `The ${error.entity} ${error.id} cannot be applied: ${fields} changed since it was made. Nothing was changed; reject it, or ask for a new one`,
          ja: `${entityJa(error.entity)} ${error.id} は、申請後に ${fields} が変更されたため反映できません（何も変更していません）。却下するか、改めて申請してもらってください`,
        },
        extra: { fields: [...error.fields] },
      }
    }
    if (error.entity === "case" && error.reason === "state" && error.state === "closed") {
      return {
        status: 409,
        detail: {
          en: `The case ${error.id} is closed: reopen it (status "open") to record events, evidence or waivers`,
          ja: `ケース ${error.id} は終了しています。出来事・実施記録・免除を登録するには、状態を「対応中」（open）に戻してください`,
        },
        extra: { state: error.state },
      }
    }
    if (error.reason === "state" && error.state === "linked_from") {
      return {
        status: 409,
        detail: {
          en: `The ${error.entity} ${error.id} cannot be removed: other records (issues, countermeasures or follow-up consultations) link to it. Nothing was changed; remove or relink them first`,
          ja: `${entityJa(error.entity)} ${error.id} は他の記録（課題・対応策・継続相談）から参照されているため削除できません（何も変更していません）。先にそれらを削除するか、参照先を変えてください`,
        },
        extra: { state: error.state },
      }
    }
    if (error.entity === "rule_set" && error.reason === "state" && error.state === "builtin") {
      return {
        status: 409,
        detail: {
          en: `The rule set ${error.id} is built in and read-only: store your own under another id (a copy with your changes)`,
          ja: `入退院調整ルール ${error.id} は組み込みのため変更できません。別のIDで独自のルール（写しを編集したもの）を登録してください`,
        },
        extra: { state: error.state },
      }
    }
    if (error.entity === "rule_set" && error.reason === "already_exists") {
      return {
        status: 409,
        detail: {
          en: `The rule set version ${error.id} exists and is never changed: store a correction as a new version`,
          ja: `入退院調整ルール ${error.id} はすでにあり、登録後は変更できません。修正は新しい版として登録してください`,
        },
      }
    }
    if (error.reason === "state" && error.state !== undefined) {
      return {
        status: 409,
        detail: {
          en: `The ${error.entity} ${error.id} is already ${error.state}; it cannot be changed again`,
          ja: `${entityJa(error.entity)} ${error.id} はすでに「${stateJa(error.entity, error.state)}」のため、変更できません`,
        },
        extra: { state: error.state },
      }
    }
    return {
      status: 409,
      detail: {
        en: `The ${error.entity} ${error.id} conflicts with existing data (${error.reason})`,
        ja: `${error.entity} ${error.id} は既存のデータと競合しています（${error.reason}）`,
      },
    }
  }
  if (error instanceof RegistrationRejected) {
    // A refused application or registration change: nothing was stored. Too late, full, closed or not open are
    // 422 (the request is understood but the event does not allow it); a registration's own state is 409.
    const late = error.reason === "deadline_passed" || error.reason === "event_started"
    if (error.reason === "not_found") return { status: 404, detail: error.description, extra: { reason: error.reason } }
    const conflict = error.reason === "state" || error.reason === "capacity_below_confirmed"
    return {
      status: conflict ? 409 : 422,
      slug: late ? "registration-closed" : conflict ? "registration-conflict" : "registration-rejected",
      title: late
        ? { en: "Applications are closed", ja: "申込期間外です" }
        : conflict
          ? { en: "The registration cannot be changed", ja: "申込を変更できません" }
          : { en: "The application was not accepted", ja: "申込を受け付けられません" },
      detail: error.description,
      extra: { reason: error.reason },
    }
  }
  if (error instanceof DateOutsideCalendar) {
    return {
      status: 422,
      detail: error.detail,
      extra: { date: error.date, coverage: error.coverage },
      logCause: error,
    }
  }
  if (error instanceof IndicatorRejected) {
    const count = error.issues.length
    return {
      status: 422,
      slug: "invalid-indicator",
      title: { en: "The indicator cannot be computed", ja: "評価指標を計算できません" },
      detail: {
        en: `The indicator ${error.indicator} cannot be computed: ${error.issues.map((i) => i.message.en).join("; ")}`,
        ja: `評価指標「${error.indicator}」は計算できません（${count}件）：${error.issues.map((i) => i.message.ja).join("；")}`,
      },
      extra: {
        errors: error.issues.map(
          (issue): ProblemFieldError => ({
            in: "body",
            pointer: jsonPointer(issue.path),
            path: [...issue.path],
            code: issue.code,
            message: { ja: issue.message.ja, en: issue.message.en },
          }),
        ),
      },
    }
  }
  if (error instanceof DataValuesRejected) {
    return {
      status: 422,
      slug: "invalid-rows",
      title: { en: "The file has bad rows", ja: "ファイルに誤りのある行があります" },
      detail: {
        en: `${error.errors.length} row error(s) found; in strict mode nothing was stored`,
        ja: `${error.errors.length}件の誤りがあります。厳格モードのため、何も登録していません`,
      },
      extra: { rowErrors: error.errors.map((e) => ({ ...e, message: { ...e.message } })), encoding: error.encoding },
    }
  }
  if (error instanceof PreconditionFailed) {
    return {
      status: 412,
      detail: {
        en: `The ${error.entity} ${error.id} has changed since the If-Match version; read it and change it again`,
        ja: `${error.entity} ${error.id} は If-Match の版より後に更新されています。最新の内容を取得して再度変更してください`,
      },
    }
  }
  if (error instanceof PreconditionRequired) {
    return {
      status: 428,
      detail: {
        en: `Send the ETag you last received in an ${error.header} header, so that no concurrent change is overwritten`,
        ja: `他の人の変更を上書きしないよう、最後に受け取った ETag を ${error.header} ヘッダーで送ってください`,
      },
    }
  }
  if (error instanceof MalformedRequest) {
    if (error.code === "HPE_HEADER_OVERFLOW") {
      return {
        status: 431,
        detail: {
          en: "The request headers are too large",
          ja: "リクエストヘッダーが大きすぎます",
        },
        extra: { code: error.code },
      }
    }
    return {
      status: 400,
      detail:
        error.code === "HPE_INVALID_URL"
          ? {
              en: "The URL contains characters that must be percent-encoded: encode non-ASCII text (Japanese in a query, for example) as UTF-8 %XX escapes, as browsers do (curl: --data-urlencode or --url-query)",
              ja: "URL にそのまま使えない文字が含まれています。日本語などの文字は UTF-8 でパーセントエンコードしてください（curl では --data-urlencode または --url-query を使います）",
            }
          : {
              en: "The request is not well-formed HTTP",
              ja: "リクエストが HTTP として正しくありません",
            },
      extra: { code: error.code },
    }
  }
  if (error instanceof PayloadTooLarge) {
    return {
      status: 413,
      detail: {
        en: `The request body is larger than ${error.limit} bytes`,
        ja: `リクエスト本文が上限（${error.limit} バイト）を超えています`,
      },
    }
  }
  if (error instanceof StoreError) {
    return {
      status: 503,
      detail: {
        en: "The database could not complete the request; nothing was changed. Try again later",
        ja: "データベースで処理を完了できませんでした（変更は行われていません）。しばらくしてから再度お試しください",
      },
      headers: { "Retry-After": "5" },
      logCause: error,
    }
  }
  if (error instanceof NotReady) {
    return {
      status: 503,
      slug: "not-ready",
      title: { en: "Not ready", ja: "準備ができていません" },
      detail:
        error.database === "unavailable"
          ? { en: "The database does not answer", ja: "データベースに接続できません" }
          : {
              en: "Database migrations are pending; run `zaitaku migrate`",
              ja: "データベースの移行（マイグレーション）が未適用です。`zaitaku migrate` を実行してください",
            },
      headers: { "Retry-After": "5" },
      extra: { database: error.database, migrations: error.migrations },
      ...(error.cause === undefined ? {} : { logCause: error.cause }),
    }
  }
  if (error instanceof HTTPException) {
    if (error.status === 400) {
      return {
        status: 400,
        slug: "malformed-body",
        title: { en: "Malformed request body", ja: "リクエスト本文を解析できません" },
        detail: /json/i.test(error.message)
          ? { en: "The request body is not valid JSON", ja: "リクエスト本文が正しい JSON ではありません" }
          : { en: "The request body could not be parsed", ja: "リクエスト本文を解析できません" },
      }
    }
    if (error.status === 415) {
      return {
        status: 415,
        detail: {
          en: "Send the body as application/json",
          ja: "リクエスト本文は application/json で送ってください",
        },
      }
    }
    if (error.status === 413) {
      return { status: 413, detail: { en: "The request body is too large", ja: "リクエスト本文が大きすぎます" } }
    }
    if (error.status >= 400 && error.status < 500) {
      return { status: error.status, detail: { en: error.message || "Bad request", ja: "不正なリクエストです" } }
    }
  }
  return {
    status: 500,
    detail: {
      en: "The server failed to handle the request; the error has been logged",
      ja: "サーバーで処理に失敗しました。エラーは記録されています",
    },
    logCause: error,
  }
}

const subjectJa: Readonly<Record<NonNullable<ProblemFieldError["in"]>, string>> = {
  body: "リクエスト本文",
  query: "クエリパラメーター",
  path: "パスパラメーター",
  header: "リクエストヘッダー",
}

/**
 * Maps any error to problem details — the one place where errors become HTTP responses.
 *
 * | error | status |
 * |---|---|
 * | `ValidationError`, malformed JSON | 400 (with `errors[]`: pointer, path, code, ja/en message) |
 * | `Unauthenticated` | 401 (+ `WWW-Authenticate: Bearer`) |
 * | `Forbidden` | 403 |
 * | `NotFound`, unknown route | 404 |
 * | method not allowed | 405 (+ `Allow`) |
 * | `Conflict` | 409 |
 * | `PreconditionFailed` (stale `If-Match`) | 412 |
 * | `DateOutsideCalendar` (a deadline needs a day the holiday data does not cover) | 422 |
 * | `IndicatorRejected` (an indicator expression does not compile), `DataValuesRejected` (strict CSV import) | 422 |
 * | `RegistrationRejected` (after the deadline, full without wait-list, event closed; a registration's state) | 422 (409; 404) |
 * | `PreconditionRequired` (no `If-Match`) | 428 |
 * | `MalformedRequest` (refused by Node's HTTP parser: raw UTF-8 in the URL; oversized headers) | 400 (431) |
 * | body too large | 413 |
 * | wrong content type | 415 |
 * | `StoreError`, not ready | 503 (the cause is logged, never sent) |
 * | anything else | 500 (the cause is logged, never sent) |
 *
 * @since 0.1.0
 * @category conversions
 * @example
 * ```ts
 * import { NotFound } from "@zaitaku/core"
 * import { toProblem } from "@zaitaku/server"
 *
 * toProblem(new NotFound({ entity: "api_key", id: "x" }), { requestId: "r1", instance: "/v1/api-keys/x" }).status // 404
 * ```
 */
export const toProblem = (
  error: unknown,
  context: { readonly requestId: string; readonly instance: string },
): ProblemResponse => {
  const mapped = mapError(error)
  const known = statusTitles[mapped.status] ?? {
    slug: `status-${mapped.status}`,
    title: { en: "Error", ja: "エラー" },
  }
  const title = mapped.title ?? known.title
  const body: Problem = {
    type: `${problemTypeBase}${mapped.slug ?? known.slug}`,
    title: title.en,
    status: mapped.status,
    detail: mapped.detail.en,
    instance: context.instance,
    requestId: context.requestId,
    title_ja: title.ja,
    detail_ja: mapped.detail.ja,
    ...mapped.extra,
  }
  return {
    status: mapped.status,
    headers: { "Content-Type": problemContentType, ...mapped.headers },
    body,
    ...(mapped.logCause === undefined ? {} : { logCause: mapped.logCause }),
  }
}
