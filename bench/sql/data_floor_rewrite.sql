-- Floor 2 of the data-migration case: the rewrite godwit's revision performs, in SQL alone: a new table from
-- CREATE TABLE AS, then the same swap and primary key as the revision, in one transaction.
BEGIN;
CREATE TABLE users_new AS
  SELECT id, lower(email) AS email, split_part(lower(email), '@', 2) AS domain, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
ALTER TABLE users ADD PRIMARY KEY (id);
COMMIT;
