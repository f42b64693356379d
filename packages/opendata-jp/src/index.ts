/**
 * `@zaitaku/opendata-jp`: streaming readers for Japanese national open data on medical and care resources —
 * 介護サービス情報公表システム and 医療情報ネット CSV files, UTF-8 (with or without BOM) or Shift_JIS.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./CsvReader.js"
export * from "./Encoding.js"
export * from "./Export.js"
export * from "./IryoNet.js"
export * from "./KaigoKohyo.js"
export * from "./ToResource.js"
