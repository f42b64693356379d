import { defineConfig } from "drizzle-kit"

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/Schema.ts",
  out: "./drizzle",
})
