-- The follow-up's numbers, per agreement × year × focus area × commitment,
-- as ONE query over the event table (bench/schema.sql): planned, completed
-- and cancelled counts, hours and fact sums, with corrections and
-- retractions applied as projections/src/follow_up does:
--   * a correction replaces top-level fields of its target's data (jsonb ||),
--     later corrections winning;
--   * a retracted event counts as if it were not there, and an activity
--     whose first event is retracted counts nowhere;
--   * status, dates and what an activity serves come from its latest plan,
--     rescheduling, completion or cancellation (a completion keeps the plan's
--     `serves` unless it names its own); the year is the year its dates start;
--   * facts: every whole number summed by name (objects inside `facts` read
--     one level down); "several" counted, never summed.
-- Only activities that serve an agreement (every generated one does).
WITH activity AS (
    SELECT id, stream, version, type, data
    FROM events
    WHERE stream LIKE 'activity-%'
),
retracted AS (
    SELECT stream, (data ->> 'target')::uuid AS target
    FROM activity
    WHERE type = 'retraction'
),
changes AS (
    SELECT a.stream, (a.data ->> 'target')::uuid AS target,
           jsonb_object_agg(c.key, c.value ORDER BY a.version) AS changes
    FROM activity a, jsonb_each(a.data -> 'changes') c
    WHERE a.type = 'correction'
    GROUP BY 1, 2
),
void AS (
    SELECT r.stream
    FROM retracted r
    JOIN activity a ON a.stream = r.stream AND a.id = r.target AND a.version = 1
),
standing AS (
    SELECT a.stream, a.version, a.type, a.data || coalesce(ch.changes, '{}') AS data
    FROM activity a
    LEFT JOIN changes ch ON ch.stream = a.stream AND ch.target = a.id
    WHERE a.type NOT IN ('correction', 'retraction')
      AND NOT EXISTS (SELECT 1 FROM retracted r WHERE r.stream = a.stream AND r.target = a.id)
      AND NOT EXISTS (SELECT 1 FROM void v WHERE v.stream = a.stream)
),
activity_row AS (
    SELECT stream,
        (array_agg(type ORDER BY version DESC) FILTER (
            WHERE type IN ('activity_planned', 'activity_completed', 'activity_cancelled')))[1] AS status,
        (array_agg(CASE type WHEN 'activity_completed' THEN data -> 'occurred' ELSE data -> 'planned' END
            ORDER BY version DESC) FILTER (
            WHERE type IN ('activity_planned', 'activity_rescheduled', 'activity_completed')))[1] AS dates,
        (array_agg(data -> 'serves' ORDER BY version DESC) FILTER (
            WHERE type = 'activity_planned'
               OR (type = 'activity_completed' AND jsonb_typeof(data -> 'serves') = 'object')))[1] AS serves,
        (array_agg(data ORDER BY version DESC) FILTER (WHERE type = 'activity_completed'))[1] AS completed
    FROM standing
    GROUP BY stream
),
counted AS (
    SELECT serves ->> 'agreement' AS agreement,
           left(CASE jsonb_typeof(dates) WHEN 'string' THEN dates #>> '{}' ELSE dates ->> 'from' END, 4)::int AS year,
           serves ->> 'focus_area' AS focus_area,
           serves ->> 'commitment' AS commitment,
           coalesce(status, 'activity_planned') AS status,
           completed
    FROM activity_row
    WHERE jsonb_typeof(serves) = 'object'
),
fact AS (
    SELECT c.agreement, c.year, c.focus_area, c.commitment, f.key, f.value
    FROM counted c, jsonb_each(c.completed -> 'facts') f
    WHERE c.status = 'activity_completed' AND jsonb_typeof(f.value) <> 'object'
    UNION ALL
    SELECT c.agreement, c.year, c.focus_area, c.commitment, g.key, g.value
    FROM counted c, jsonb_each(c.completed -> 'facts') f, jsonb_each(f.value) g
    WHERE c.status = 'activity_completed' AND jsonb_typeof(f.value) = 'object'
),
fact_total AS (
    SELECT agreement, year, focus_area, commitment, key,
        sum((value #>> '{}')::numeric) FILTER (
            WHERE jsonb_typeof(value) = 'number' AND (value #>> '{}') ~ '^[0-9]+$') AS sum,
        count(*) FILTER (WHERE value = '"several"') AS several
    FROM fact
    GROUP BY 1, 2, 3, 4, 5
    HAVING count(*) FILTER (WHERE value = '"several"'
        OR (jsonb_typeof(value) = 'number' AND (value #>> '{}') ~ '^[0-9]+$')) > 0
),
facts AS (
    SELECT agreement, year, focus_area, commitment,
        jsonb_object_agg(key, jsonb_build_object('sum', coalesce(sum, 0)::bigint)
            || CASE WHEN several > 0 THEN jsonb_build_object('several', several) ELSE '{}' END) AS facts
    FROM fact_total
    GROUP BY 1, 2, 3, 4
),
counts AS (
    SELECT agreement, year, focus_area, commitment,
        count(*) FILTER (WHERE status = 'activity_planned') AS planned,
        count(*) FILTER (WHERE status = 'activity_completed') AS completed,
        count(*) FILTER (WHERE status = 'activity_cancelled') AS cancelled,
        sum((completed ->> 'hours')::bigint) FILTER (WHERE status = 'activity_completed') AS hours
    FROM counted
    GROUP BY 1, 2, 3, 4
)
SELECT c.agreement, c.year, c.focus_area, c.commitment,
       c.planned, c.completed, c.cancelled, c.hours::bigint,
       coalesce(f.facts, '{}')::text AS facts
FROM counts c
LEFT JOIN facts f
  ON f.agreement = c.agreement AND f.year = c.year AND f.focus_area = c.focus_area
 AND f.commitment IS NOT DISTINCT FROM c.commitment
ORDER BY 1, 2, 3, 4;
