/**
 * Ajv (JSON Schema 2020-12) loaded with the Open Referral HSDS 3.0 schemas of the shared standards folder
 * (`../shared/standards/hsds-3.0`, beside the repository; CC BY-SA 4.0). The HSDS schemas have no `$id` and refer to
 * each other by file name (`"$ref": "phone.json"`), so each is added with its file URL as `$id` and the references
 * resolve to the sibling files. `compiled/tabular.json` refers to the same sibling names, so it is added as if it
 * lived beside them (`schema/tabular.json`, a name no other file uses). `openapi.json` is not a JSON Schema and is
 * skipped. Ajv runs in non-strict mode: the HSDS files carry Frictionless keywords (`constraints`, `core`,
 * `datapackage_type`, `tabular_required` …) that are not JSON Schema.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js"
import { default as addFormats } from "ajv-formats"

export const hsdsDirectory = fileURLToPath(new URL("../../../../shared/standards/hsds-3.0/", import.meta.url))
const schemaDirectory = join(hsdsDirectory, "schema")
export const schemaBase = pathToFileURL(`${schemaDirectory}/`).href

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, "utf8"))

export interface HsdsValidator {
  /** Names of the table schemas loaded (`organization`, `service`, …). */
  readonly tables: ReadonlyArray<string>
  /** Ajv errors of `value` against `schema/<table>.json`, or against `compiled/tabular.json` for `"tabular"`. */
  readonly errors: (schema: string, value: unknown) => ReadonlyArray<ErrorObject>
}

export const loadHsdsValidator = (): HsdsValidator => {
  if (!existsSync(join(schemaDirectory, "service.json"))) {
    throw new Error(
      `The HSDS 3.0 schemas are missing: expected them in ${schemaDirectory}. Clone the shared standards folder ` +
        "beside the repository (../shared/standards/hsds-3.0) to run the HSDS validation tests.",
    )
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  const tables = readdirSync(schemaDirectory)
    .filter((file) => file.endsWith(".json") && file !== "openapi.json")
    .sort()
  for (const file of tables) ajv.addSchema({ ...readJson(join(schemaDirectory, file)), $id: `${schemaBase}${file}` })
  ajv.addSchema({ ...readJson(join(schemaDirectory, "compiled", "tabular.json")), $id: `${schemaBase}tabular.json` })
  return {
    tables: tables.map((file) => file.replace(/\.json$/, "")),
    errors: (schema, value) => {
      const validate = ajv.getSchema(`${schemaBase}${schema}.json`)
      if (validate === undefined) throw new Error(`No HSDS schema ${schema}`)
      return validate(value) ? [] : (validate.errors ?? [])
    },
  }
}
