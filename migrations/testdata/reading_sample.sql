-- Seed data for the data migration a16296f06ed0 (user_reading_stats). Load it into an empty database
-- upgraded to 7d8e9f1a2b3c, run a16296f06ed0, then compare:
--   psql -X -q -v ON_ERROR_STOP=1 -f reading_sample_check.sql | diff - reading_sample_expected.tsv
--
-- What each user exercises (see the definitions at the top of the revision's source):
--   alice                   the plain case; an item listing a genre twice (counted once per record); an
--                           article whose genres come from content_metadata.tags; a NULL completion_rate
--   o'brien "the reader"    quotes in a user id; genres that are not an array fall back to tags; emoji
--   new<LF>line<\>user      newline and backslash in a user id; a four-way tie broken by name, byte order
--   ユーザー三              Unicode id; a tie on records broken by seconds; NULL, "" and duplicate genre
--                           entries; NULL content_metadata; a record still open (end_time NULL)
--   edge-cases              a record without content item; end before start and end equal to start (no
--                           time); NaN completion_rate (neither completed nor averaged); a rate above 1
--   sci-fan                 quotes in a genre name wins
--   zed-no-reading          a profile without records: zeros and NULLs
-- plus one reading record without a user, which is ignored.
BEGIN;

INSERT INTO user_profiles (user_id, preferences, reading_levels, last_updated, created_at) VALUES
  ('alice', '{"topics": ["history"]}', '{"english": {"level": "advanced", "confidence": 0.9}}',
   '2025-01-01 00:00:00+00', '2024-12-01 00:00:00+00'),
  ('o''brien "the reader"', NULL, NULL, NULL, '2024-12-02 00:00:00+00'),
  (E'new\nline\\user', '{}', NULL, NULL, '2024-12-03 00:00:00+00'),
  ('ユーザー三', NULL, '{"japanese": {"level": "beginner", "confidence": 0.4}}', NULL,
   '2024-12-04 00:00:00+00'),
  ('edge-cases', NULL, NULL, NULL, '2024-12-05 00:00:00+00'),
  ('sci-fan', NULL, NULL, NULL, '2024-12-06 00:00:00+00'),
  ('zed-no-reading', NULL, NULL, NULL, '2024-12-07 00:00:00+00');

-- JSON escapes inside the SQL literals: \t and \n are a tab and a newline in the genre names, \\ a
-- backslash, \" a double quote.
INSERT INTO content_items (id, title, content, language, content_metadata) VALUES
  ('c1', 'Dune', '...', 'english',
   '{"author": "Frank Herbert", "content_type": "book", "genres": ["Sci-\"Fi\"", "Classics"]}'),
  ('c2', 'O''Reilly''s "Guide"', '...', 'english',
   '{"author": "Tim O''Reilly", "content_type": "book", "genres": ["Tab\tGenre", "Classics", "Classics"]}'),
  ('c3', 'ノルウェイの森', '...', 'japanese',
   '{"author": "村上春樹", "content_type": "book", "genres": ["ファンタジー", "Multi\nLine"]}'),
  ('c4', 'Espresso notes', '...', 'english',
   '{"author": "Anon", "content_type": "article", "tags": ["Café ☕", "Back\\slash"]}'),
  ('c5', 'Untitled', '...', 'english', NULL),
  ('c6', 'Essays', '...', 'english',
   '{"content_type": "book", "genres": "not-an-array", "tags": ["Essays 📚"]}'),
  ('c7', 'Verses', '...', 'english', '{"content_type": "book", "genres": [null, "", "Poetry", "Poetry"]}'),
  ('c8', 'Mixed', '...', 'english',
   '{"content_type": "article", "genres": ["Tab\tGenre", "Multi\nLine"], "tags": ["ignored when genres is an array"]}'),
  ('c9', 'Left Hand', '...', 'english', '{"author": "Ursula", "genres": ["Sci-\"Fi\"", "ファンタジー"]}');

INSERT INTO reading_behaviors (user_id, content_id, session_id, start_time, end_time, completion_rate) VALUES
  ('alice', 'c1', 'r1', '2025-01-01 10:00:00+00', '2025-01-01 10:30:00+00', 0.5),
  ('alice', 'c1', 'r2', '2025-01-02 10:00:00+00', '2025-01-02 11:00:00+00', 1.0),
  ('alice', 'c2', 'r3', '2025-01-03 20:00:00+00', '2025-01-03 20:15:00+00', 0.25),
  ('alice', 'c4', 'r4', '2025-01-04 08:00:00+00', '2025-01-04 08:10:00+00', NULL),
  ('o''brien "the reader"', 'c3', 'r5', '2025-02-01 00:00:00+00', '2025-02-01 01:00:00+00', 1.0),
  ('o''brien "the reader"', 'c6', 'r6', '2025-02-02 00:00:00+00', '2025-02-02 00:30:00+00', 1.0),
  ('o''brien "the reader"', 'c6', 'r7', '2025-02-03 00:00:00+00', '2025-02-03 00:30:00+00', 0.9),
  (E'new\nline\\user', 'c3', 'r8', '2025-03-01 12:00:00+00', '2025-03-01 12:20:00+00', 0.1),
  (E'new\nline\\user', 'c4', 'r9', '2025-03-02 12:00:00+00', '2025-03-02 12:20:00+00', 0.2),
  ('ユーザー三', 'c1', 'r10', '2025-04-01 09:00:00+00', '2025-04-01 09:10:00+00', 0.3),
  ('ユーザー三', 'c7', 'r11', '2025-04-02 09:00:00+00', '2025-04-02 10:00:00+00', 0.6),
  ('ユーザー三', 'c5', 'r12', '2025-04-03 09:00:00+00', NULL, NULL),
  ('edge-cases', NULL, 'r13', '2025-05-01 10:00:00+00', '2025-05-01 10:45:00+00', 1.0),
  ('edge-cases', 'c2', 'r14', '2025-05-02 10:00:00+00', '2025-05-02 09:00:00+00', 'NaN'),
  ('edge-cases', 'c8', 'r15', '2025-05-03 10:00:00+00', '2025-05-03 10:00:00+00', 1.5),
  ('sci-fan', 'c9', 'r16', '2025-06-01 07:00:00+00', '2025-06-01 07:05:00+00', 1.0),
  ('sci-fan', 'c1', 'r17', '2025-06-02 07:00:00+00', '2025-06-02 07:30:00+00', 0.4),
  (NULL, 'c1', 'r18', '2025-07-01 07:00:00+00', '2025-07-01 09:00:00+00', 1.0);

COMMIT;
