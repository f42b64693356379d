import { IdGenerator } from "@zaitaku/core"
import { layerPglite, pgliteTemplate } from "@zaitaku/store-postgres"
import { Layer } from "effect"
import { coordinationLayer, memoryLayer } from "../src/AppLayer.js"
import { activitiesScenario } from "./activities.js"

activitiesScenario("memory", async () => memoryLayer())

activitiesScenario("PGlite", async () =>
  Layer.merge(
    layerPglite({ loadDataDir: await pgliteTemplate(), migrate: false }).pipe(Layer.provide(IdGenerator.layer)),
    coordinationLayer,
  ),
)
