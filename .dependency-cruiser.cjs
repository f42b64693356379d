/**
 * The direction of imports from ARCHITECTURE.md §2, checked on every `pnpm lint`:
 *   core ← testing ← adapters ← apps
 * core imports only effect and zod and no Node built-ins; an adapter never imports another adapter;
 * nothing imports from apps/.
 */
const adapters = "packages/(store-postgres|calendar-jp|notifier-webhook|opendata-jp|fhir-jp|hsds|client)"
const adapterPkgs = "@zaitaku/(store-postgres|calendar-jp|notifier-webhook|opendata-jp|fhir-jp|hsds|client)"

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-only-effect-and-zod",
      comment: "@zaitaku/core imports only effect and zod (and its own files): it must stay portable and browser-safe.",
      severity: "error",
      from: { path: "^packages/core/src" },
      to: { pathNot: ["^packages/core/src", "node_modules/(effect|zod)/", "^(effect|zod)(/|$)"] },
    },
    {
      name: "core-no-node-builtins",
      comment: "@zaitaku/core must run in browsers: no Node built-ins.",
      severity: "error",
      from: { path: "^packages/core/src" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "testing-not-adapters",
      comment: "@zaitaku/testing sits between core and the adapters; it never imports an adapter or an app.",
      severity: "error",
      from: { path: "^packages/testing/src" },
      to: {
        path: [`^${adapters}`, "^apps/", `node_modules/${adapterPkgs}`, `^${adapterPkgs}`, "@zaitaku/(server|widgets)"],
      },
    },
    {
      name: "adapter-not-other-adapter",
      comment: "An adapter imports core (and testing in its tests) and its own driver, never another adapter.",
      severity: "error",
      from: { path: `^${adapters}/` },
      to: {
        path: [`^${adapters}/`, `node_modules/${adapterPkgs}`, `^${adapterPkgs}`],
        pathNot: ["^packages/$1/"],
      },
    },
    {
      name: "no-imports-from-apps",
      comment: "Apps compose packages at the edge; nothing imports from apps/.",
      severity: "error",
      from: { pathNot: "^apps/" },
      to: { path: ["^apps/", "@zaitaku/(server|widgets)"] },
    },
    {
      name: "apps-not-other-apps",
      comment: "An app never imports another app.",
      severity: "error",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "no-unresolvable",
      comment: "Every import must resolve (an undeclared workspace dependency is an error, not a silent pass).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["(^|/)node_modules/", "\\.d\\.ts$", "(^|/)drizzle/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.depcruise.json" },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@zaitaku/source", "import", "types", "default", "node"],
      mainFields: ["module", "main", "types"],
    },
  },
}
