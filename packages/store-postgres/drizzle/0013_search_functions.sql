-- Search in SQL: the opening hours of a directory entry as a set of week keys, for the generated column
-- resources.opening_hours that the next migration (search_columns) adds. A period opens–closes on day d (0 = mon … 6
-- = sun, 7 = holiday: the order of core's DayOfWeek) becomes [d·10000 + HHMM(opens), d·10000 + HHMM(closes)), so
-- that core's isOpenAt(hours, { day, time }) — one of that day's periods has opens ≤ time < closes, comparing
-- "HH:MM" strings — is opening_hours @> d·10000 + HHMM(time). Times are "HH:MM" from 00:00 to 24:00, whose string
-- order is the order of HHMM; days are 10000 apart and a time is at most 2400, so a period that ends at 24:00 never
-- reaches the next day's 00:00. A period that does not open before it closes is never open (and is refused when an
-- entry is written): it adds nothing. Entries are validated before they are stored, so the JSON has this shape.
CREATE FUNCTION zaitaku_opening_hours(hours jsonb) RETURNS int4multirange
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog
  AS $$
    SELECT coalesce(range_agg(int4range(k.opens, k.closes)), '{}'::int4multirange)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(hours) = 'array' THEN hours ELSE '[]'::jsonb END) AS d(day)
    CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(d.day -> 'periods') = 'array' THEN d.day -> 'periods' ELSE '[]'::jsonb END
    ) AS p(period)
    CROSS JOIN LATERAL (
      SELECT array_position(ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'], d.day ->> 'day') - 1
    ) AS w(day)
    CROSS JOIN LATERAL (
      SELECT w.day * 10000 + replace(p.period ->> 'opens', ':', '')::int,
        w.day * 10000 + replace(p.period ->> 'closes', ':', '')::int
    ) AS k(opens, closes)
    WHERE k.opens < k.closes
  $$;
--> statement-breakpoint
-- The application role computes the column whenever it writes an entry. The columns and the index that
-- search_columns adds are covered by the grants and the row-level security policies of the resources table
-- (directory_security): both are per table, and nobody can write a generated column.
GRANT EXECUTE ON FUNCTION zaitaku_opening_hours(jsonb) TO zaitaku_app;
