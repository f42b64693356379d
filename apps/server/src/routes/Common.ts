/**
 * Pieces shared by the route modules: problem responses for OpenAPI and the security requirement.
 *
 * @since 0.1.0
 */
import { z } from "@hono/zod-openapi"
import { addLocalizedIssue } from "@zaitaku/core"
import { Problem, problemContentType } from "../Problem.js"

const descriptions: Readonly<Record<number, string>> = {
  400: "Invalid input (validation errors carry `errors[]` with JSON pointers and ja/en messages)",
  401: "Missing, malformed, unknown or revoked API key",
  403: "The key's role lacks the permission",
  404: "Not found (also for another tenant's rows)",
  409: "Conflict with existing data",
  413: "Request body too large",
  415: "Body is not application/json",
  422: "A deadline needs a date outside the holiday data the server has",
  503: "Database unavailable or not ready",
}

/**
 * OpenAPI responses of the given error statuses, each with a {@link Problem} body.
 *
 * @since 0.1.0
 * @category openapi
 */
export const problemResponses = <const S extends ReadonlyArray<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 503>>(
  ...statuses: S
) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? "Error",
        content: { [problemContentType]: { schema: Problem } },
      },
    ]),
  ) as {
    [K in S[number]]: { description: string; content: { "application/problem+json": { schema: typeof Problem } } }
  }

/**
 * The security requirement of routes that need an API key.
 *
 * @since 0.1.0
 * @category openapi
 */
export const bearerSecurity = [{ bearerAuth: [] as Array<string> }]

/**
 * Responses of every authenticated route: 401 and 503.
 *
 * @since 0.1.0
 * @category openapi
 */
export const authenticatedProblems = problemResponses(401, 503)

/**
 * A query object that refuses unknown parameters, each at its own pointer (`/kind` for a misspelt `kinds`).
 *
 * @since 0.1.0
 * @category parameters
 */
export const queryParams = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.looseObject(shape).superRefine((params, ctx) => {
    for (const key of Object.keys(params)) {
      if (!Object.hasOwn(shape, key)) {
        addLocalizedIssue(
          ctx,
          [key],
          `クエリパラメーター「${key}」は使えません（使えるもの: ${Object.keys(shape).join(", ")}）`,
          `Unknown query parameter ${key}; known: ${Object.keys(shape).join(", ")}`,
          "unrecognized_key",
        )
      }
    }
  })

/**
 * A list parameter: repeated, comma-separated, or both; each item validated at `/<name>/<index>`.
 *
 * @since 0.1.0
 * @category parameters
 */
export const listParam = <T extends z.ZodType<unknown, string>>(item: T, max: number, description: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (typeof value === "string" ? [value] : value).flatMap((part) => part.split(",")).map((part) => part.trim()),
    )
    .pipe(z.array(item).min(1).max(max))
    .optional()
    .openapi({ description: `${description}. Repeat the parameter or separate values with commas.` })
