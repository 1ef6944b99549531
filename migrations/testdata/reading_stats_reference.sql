-- The rows a16296f06ed0 should load into user_reading_stats, computed independently in plain SQL and
-- printed exactly as reading_sample_check.sql prints the real table. For tests on generated data:
--   psql -f reading_stats_reference.sql > want; (run the revision); psql -f reading_sample_check.sql | diff - want
COPY (
    WITH rec AS (
        SELECT rb.id, rb.user_id, rb.content_id, rb.completion_rate, rb.start_time, rb.end_time,
               CASE WHEN isfinite(rb.start_time) AND isfinite(rb.end_time) AND rb.end_time > rb.start_time
                    THEN extract(epoch FROM rb.end_time) - extract(epoch FROM rb.start_time) ELSE 0 END AS seconds,
               CASE WHEN jsonb_typeof(ci.content_metadata::jsonb -> 'genres') = 'array'
                         THEN ci.content_metadata::jsonb -> 'genres'
                    WHEN jsonb_typeof(ci.content_metadata::jsonb -> 'tags') = 'array'
                         THEN ci.content_metadata::jsonb -> 'tags'
               END AS genres
        FROM reading_behaviors rb
        LEFT JOIN content_items ci ON ci.id = rb.content_id
        WHERE rb.user_id IS NOT NULL
    ), per_user AS (
        SELECT user_id,
               count(DISTINCT content_id) AS books_started,
               count(DISTINCT content_id) FILTER (WHERE completion_rate >= 1 AND completion_rate <> 'NaN')
                   AS books_completed,
               count(*) AS reading_sessions,
               round(sum(seconds))::bigint AS total_reading_seconds,
               avg(completion_rate) FILTER (WHERE completion_rate NOT IN ('NaN', 'Infinity', '-Infinity'))
                   AS average_completion_rate,
               min(start_time) AS first_read_at,
               max(COALESCE(end_time, start_time)) AS last_read_at
        FROM rec
        GROUP BY user_id
    ), tally AS (
        SELECT user_id, genre, count(*) AS records, sum(seconds) AS seconds
        FROM (SELECT DISTINCT rec.id, rec.user_id, rec.seconds, g.genre
              FROM rec, jsonb_array_elements_text(rec.genres) AS g(genre)
              WHERE g.genre <> '') AS record_genre
        GROUP BY user_id, genre
    ), favourite AS (
        SELECT DISTINCT ON (user_id) user_id, genre
        FROM tally
        ORDER BY user_id, records DESC, seconds DESC, genre COLLATE "C"
    )
    SELECT p.user_id,
           COALESCE(u.books_started, 0),
           COALESCE(u.books_completed, 0),
           COALESCE(u.reading_sessions, 0),
           COALESCE(u.total_reading_seconds, 0),
           round(u.average_completion_rate::numeric, 6),
           f.genre,
           to_char(u.first_read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
           to_char(u.last_read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
    FROM user_profiles p
    LEFT JOIN per_user u ON u.user_id = p.user_id
    LEFT JOIN favourite f ON f.user_id = p.user_id
    ORDER BY p.user_id COLLATE "C"
) TO STDOUT;
