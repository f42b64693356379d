import { BusinessCalendar } from "@zaitaku/core"
import { businessCalendarSuite, japaneseHolidays2024To2026 } from "@zaitaku/testing"

// The in-memory calendar fed with the hand-entered 内閣府 list is the reference behaviour.
businessCalendarSuite("memory", BusinessCalendar.layerMemory(japaneseHolidays2024To2026))
