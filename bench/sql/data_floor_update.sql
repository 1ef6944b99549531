-- Floor 1 of the data-migration case: the same change as one in-place UPDATE.
BEGIN;
ALTER TABLE users ADD COLUMN domain text;
UPDATE users SET email = lower(email), domain = split_part(lower(email), '@', 2);
COMMIT;
