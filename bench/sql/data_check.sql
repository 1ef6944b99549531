-- After a data-migration run: rows, rows whose email is not lower-case, rows whose domain is wrong, and
-- whether users has its primary key. Expected: N|0|0|t
SELECT count(*),
       count(*) FILTER (WHERE email <> lower(email)),
       count(*) FILTER (WHERE domain IS DISTINCT FROM split_part(email, '@', 2)),
       EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'p')
FROM users;
