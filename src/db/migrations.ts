/**
 * The database schema as a list of steps: entry i takes a file from schema version i to i + 1
 * (SQLite's user_version). Steps are only ever appended, never edited, so every file on disk
 * can be brought forward.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: questions as asked (without who asked) and readers' votes, for `npm run report`.
  `
  CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    source TEXT NOT NULL CHECK (source IN ('slash', 'mention')),
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    abstained INTEGER NOT NULL CHECK (abstained IN (0, 1))
  );
  CREATE INDEX IF NOT EXISTS questions_normalized ON questions (normalized);
  CREATE TABLE IF NOT EXISTS votes (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (question_id, user_id)
  );
  `,
  // 2: moderators' per-server settings, and the moderation log (with user ids, per server, kept LOG_RETENTION_DAYS).
  `
  CREATE TABLE server_settings (
    guild_id TEXT PRIMARY KEY,
    cooldown_seconds INTEGER NOT NULL DEFAULT 0 CHECK (cooldown_seconds >= 0),
    answers_per_minute INTEGER NOT NULL DEFAULT 0 CHECK (answers_per_minute >= 0),
    mentions INTEGER NOT NULL DEFAULT 1 CHECK (mentions IN (0, 1))
  );
  CREATE TABLE server_channels (
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
  );
  CREATE TABLE server_debate_roles (
    guild_id TEXT NOT NULL,
    role_id TEXT NOT NULL,
    PRIMARY KEY (guild_id, role_id)
  );
  CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    guild_id TEXT NOT NULL,
    channel_id TEXT,
    user_id TEXT NOT NULL,
    command TEXT NOT NULL,
    question TEXT NOT NULL,
    reply TEXT NOT NULL
  );
  CREATE INDEX moderation_log_guild ON moderation_log (guild_id, id);
  CREATE INDEX moderation_log_at ON moderation_log (at);
  `,
  // 3: the recent questions of each thread the bot started, so follow-ups keep their context across
  // restarts; no user ids, at most 10 per thread, kept LOG_RETENTION_DAYS (thread-history.ts).
  `
  CREATE TABLE thread_questions (
    id INTEGER PRIMARY KEY,
    thread_id TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL
  );
  CREATE INDEX thread_questions_thread ON thread_questions (thread_id, id);
  CREATE INDEX thread_questions_at ON thread_questions (asked_at);
  `,
  // 4: the server each question was answered in, so a vote button counts only in the server whose answer carried it.
  `
  ALTER TABLE questions ADD COLUMN guild_id TEXT;
  `,
  // 5: each server's own library (library-db.ts): the papers its members added, who added them and
  // when; the roles that may change it; and when the bot left a server, so its library is deleted
  // LIBRARY_RETENTION_DAYS later.
  `
  CREATE TABLE library_papers (
    guild_id TEXT NOT NULL,
    paper_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    passages INTEGER NOT NULL,
    PRIMARY KEY (guild_id, paper_id),
    UNIQUE (guild_id, hash)
  );
  CREATE TABLE server_library_roles (
    guild_id TEXT NOT NULL,
    role_id TEXT NOT NULL,
    PRIMARY KEY (guild_id, role_id)
  );
  CREATE TABLE library_departures (
    guild_id TEXT PRIMARY KEY,
    left_at TEXT NOT NULL
  );
  `,
];
