// Brings the schema in line with the SQLAlchemy models: the indexes they declare, their server defaults and
// NOT NULLs, and a time zone on the one timestamp column created without it.
//
// The downgrade restores the previous schema exactly (types, defaults, nullability, indexes). It cannot
// restore the NULLs the upgrade backfilled: the filled-in values stay, which the old schema accepts.
// (No create_date: the original file is not in the seed, only its id and message.)
#include <godwit/revision.hpp>

GODWIT_REVISION(AlignLocalSchemaWithModels, R"(
  revision: 7d8e9f1a2b3c
  down_revision: 6a1b012c8e7c
  message: align_local_schema_with_models
)");

void AlignLocalSchemaWithModels::upgrade(godwit::Context& ctx) {
  // The application always wrote UTC into this column, so read the old values as UTC (explicitly, not in
  // the session's TimeZone). Changed before the indexes below are built, so the rewrite rebuilds none.
  ctx.execute(R"sql(
ALTER TABLE conversation_messages
    ALTER COLUMN "timestamp" TYPE TIMESTAMP WITH TIME ZONE USING "timestamp" AT TIME ZONE 'UTC',
    ALTER COLUMN "timestamp" SET DEFAULT now())sql");

  ctx.execute("CREATE INDEX ix_conversation_messages_session_id ON conversation_messages (session_id)");
  ctx.execute("CREATE INDEX ix_reading_behaviors_content_id ON reading_behaviors (content_id)");
  ctx.execute(
      "CREATE INDEX ix_discovery_recommendations_content_id ON discovery_recommendations (content_id)");
  ctx.execute("CREATE INDEX ix_preference_snapshots_user_id ON preference_snapshots (user_id)");

  ctx.execute("ALTER TABLE content_items ALTER COLUMN created_at SET DEFAULT now()");
  ctx.execute("ALTER TABLE content_items ALTER COLUMN updated_at SET DEFAULT now()");
  ctx.execute("ALTER TABLE reading_behaviors ALTER COLUMN created_at SET DEFAULT now()");
  ctx.execute("ALTER TABLE discovery_recommendations ALTER COLUMN created_at SET DEFAULT now()");

  // NOT NULL needs every existing row filled first, with the value the model's default would have given.
  ctx.execute("UPDATE user_profiles SET created_at = COALESCE(last_updated, now()) WHERE created_at IS NULL");
  ctx.execute(R"sql(
ALTER TABLE user_profiles
    ALTER COLUMN created_at SET DEFAULT now(),
    ALTER COLUMN created_at SET NOT NULL)sql");
  ctx.execute("UPDATE conversation_histories SET total_messages = 0 WHERE total_messages IS NULL");
  ctx.execute(R"sql(
ALTER TABLE conversation_histories
    ALTER COLUMN total_messages SET DEFAULT 0,
    ALTER COLUMN total_messages SET NOT NULL)sql");
  ctx.execute("UPDATE conversation_sessions SET is_persistent = true WHERE is_persistent IS NULL");
  ctx.execute(R"sql(
ALTER TABLE conversation_sessions
    ALTER COLUMN is_persistent SET DEFAULT true,
    ALTER COLUMN is_persistent SET NOT NULL)sql");
}

void AlignLocalSchemaWithModels::downgrade(godwit::Context& ctx) {
  ctx.execute(R"sql(
ALTER TABLE conversation_sessions
    ALTER COLUMN is_persistent DROP NOT NULL,
    ALTER COLUMN is_persistent DROP DEFAULT)sql");
  ctx.execute(R"sql(
ALTER TABLE conversation_histories
    ALTER COLUMN total_messages DROP NOT NULL,
    ALTER COLUMN total_messages DROP DEFAULT)sql");
  ctx.execute(R"sql(
ALTER TABLE user_profiles
    ALTER COLUMN created_at DROP NOT NULL,
    ALTER COLUMN created_at DROP DEFAULT)sql");

  ctx.execute("ALTER TABLE discovery_recommendations ALTER COLUMN created_at DROP DEFAULT");
  ctx.execute("ALTER TABLE reading_behaviors ALTER COLUMN created_at DROP DEFAULT");
  ctx.execute("ALTER TABLE content_items ALTER COLUMN updated_at DROP DEFAULT");
  ctx.execute("ALTER TABLE content_items ALTER COLUMN created_at DROP DEFAULT");

  ctx.execute("DROP INDEX ix_preference_snapshots_user_id");
  ctx.execute("DROP INDEX ix_discovery_recommendations_content_id");
  ctx.execute("DROP INDEX ix_reading_behaviors_content_id");
  ctx.execute("DROP INDEX ix_conversation_messages_session_id");

  // Back to UTC wall-clock values, the inverse of the upgrade's conversion (exact, whatever TimeZone is).
  ctx.execute(R"sql(
ALTER TABLE conversation_messages
    ALTER COLUMN "timestamp" DROP DEFAULT,
    ALTER COLUMN "timestamp" TYPE TIMESTAMP WITHOUT TIME ZONE USING "timestamp" AT TIME ZONE 'UTC')sql");
}
