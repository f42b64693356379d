/**
 * `@zaitaku/opendata-jp`: streaming readers for Japanese open data on medical and care resources — the
 * 介護サービス情報公表システム and 医療情報ネット CSV files and the デジタル庁 自治体標準オープンデータセット
 * (介護サービス事業所一覧, 医療機関一覧), UTF-8 (with or without BOM) or Shift_JIS — their mapping onto directory
 * entries, and exports.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./CsvReader.js"
export * from "./Encoding.js"
export * from "./Export.js"
export * from "./IryoNet.js"
export * from "./KaigoKohyo.js"
export * from "./StandardDataset.js"
export * from "./ToResource.js"
