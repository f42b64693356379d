/**
 * The API reference: `/openapi.json` (OpenAPI 3.1) and `/docs`, a Scalar page whose script is served from this
 * server (no CDN, no web fonts, no telemetry).
 *
 * @since 0.1.0
 */
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import type { App } from "../Handler.js"

/**
 * Path of the reference page's script.
 *
 * @since 0.1.0
 * @category constants
 */
export const docsScriptPath = "/docs/assets/scalar-standalone.js"

const scalarConfiguration = JSON.stringify({
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: "never",
  agent: { disabled: true },
  mcp: { disabled: true },
})

const docsHtml = `<!doctype html>
<html lang="ja">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Zaitaku API リファレンス / API reference</title>
  </head>
  <body>
    <noscript>JavaScript is needed for this page; the raw document is at <a href="/openapi.json">/openapi.json</a>.</noscript>
    <script id="api-reference" data-url="/openapi.json" data-configuration='${scalarConfiguration}'></script>
    <script src="${docsScriptPath}"></script>
  </body>
</html>
`

/** The Content-Security-Policy of the page: everything from this origin only. */
const docsCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ")

const scalarFile = (): string => {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve("@scalar/api-reference")), "browser", "standalone.js")
}

let script: Promise<Uint8Array> | undefined

/**
 * Registers `GET /openapi.json`, `GET /docs` and the page's script.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerDocs = (app: App, document: () => unknown): void => {
  app.get("/openapi.json", (c) => c.json(document() as object, 200, { "Cache-Control": "no-cache" }))
  app.get("/docs", (c) => c.html(docsHtml, 200, { "Content-Security-Policy": docsCsp, "Cache-Control": "no-cache" }))
  app.get(docsScriptPath, async (c) => {
    script ??= readFile(scalarFile()).then((buffer) => new Uint8Array(buffer))
    const body = await script.catch((error: unknown) => {
      script = undefined
      throw error
    })
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    })
  })
}
