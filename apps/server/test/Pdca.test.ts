import { IdGenerator } from "@zaitaku/core"
import { layerPglite, pgliteTemplate } from "@zaitaku/store-postgres"
import { Layer } from "effect"
import { coordinationLayer, memoryLayer } from "../src/AppLayer.js"
import { pdcaScenario } from "./pdca.js"

pdcaScenario("memory", async () => memoryLayer())

pdcaScenario("PGlite", async () =>
  Layer.merge(
    layerPglite({ loadDataDir: await pgliteTemplate(), migrate: false }).pipe(Layer.provide(IdGenerator.layer)),
    coordinationLayer,
  ),
)
