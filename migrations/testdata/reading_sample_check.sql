-- Prints user_reading_stats as reading_sample_expected.tsv has it: COPY text format (tab-separated;
-- \t, \n and \\ escapes inside values; \N for NULL), independent of the session's TimeZone and collation.
COPY (
    SELECT user_id,
           books_started,
           books_completed,
           reading_sessions,
           total_reading_seconds,
           round(average_completion_rate::numeric, 6),
           favourite_genre,
           to_char(first_read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
           to_char(last_read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
    FROM user_reading_stats
    ORDER BY user_id COLLATE "C"
) TO STDOUT;
