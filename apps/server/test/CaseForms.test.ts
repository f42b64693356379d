import { IdGenerator } from "@zaitaku/core"
import { layerPglite, pgliteTemplate } from "@zaitaku/store-postgres"
import { Layer } from "effect"
import { coordinationLayer, memoryLayer } from "../src/AppLayer.js"
import { caseFormsScenario } from "./caseForms.js"

caseFormsScenario("memory", async () => memoryLayer())

caseFormsScenario("PGlite", async () =>
  Layer.merge(
    layerPglite({ loadDataDir: await pgliteTemplate(), migrate: false }).pipe(Layer.provide(IdGenerator.layer)),
    coordinationLayer,
  ),
)
