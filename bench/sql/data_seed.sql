-- The source table of the data-migration case (bench/run, case 4): :rows users with mixed-case emails over
-- 997 domains. Run with psql -v rows=N on an empty database, which then serves as the template of each run.
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  created_at timestamptz NOT NULL
);
INSERT INTO users (id, email, created_at)
SELECT g,
       'User.' || g || '@Mail-' || (g % 997) || '.Example.COM',
       timestamptz '2020-01-01 00:00:00+00' + g * interval '17 seconds'
FROM generate_series(1, :rows) AS g;
VACUUM (FREEZE, ANALYZE) users;
CHECKPOINT;
