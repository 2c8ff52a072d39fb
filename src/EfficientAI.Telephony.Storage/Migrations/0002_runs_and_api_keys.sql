-- 0002: API keys, runs requested through the admin API, and per-assertion results of calls.

-- An API key is eai_<prefix>_<secret>; only the prefix (for lookup) and the SHA-256 of the whole key are kept.
-- The secret is 256 random bits, so a fast hash is enough: there is nothing to guess by brute force.
CREATE TABLE api_keys (
    id            bigserial   PRIMARY KEY,
    name          text        NOT NULL,
    prefix        text        NOT NULL,
    key_hash      bytea       NOT NULL,
    -- read < run < admin; each scope includes the ones before it.
    scope         text        NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz NULL,
    revoked_at    timestamptz NULL,
    CONSTRAINT api_keys_scope_known CHECK (scope IN ('read', 'run', 'admin')),
    CONSTRAINT api_keys_hash_length CHECK (octet_length(key_hash) = 32),
    CONSTRAINT api_keys_name_not_blank CHECK (length(btrim(name)) > 0)
);

CREATE UNIQUE INDEX api_keys_prefix_idx ON api_keys (prefix);

-- One request to run a dialplan: its calls point back here through calls.run_id.
CREATE TABLE runs (
    id             bigserial   PRIMARY KEY,
    dialplan_name  text        NOT NULL,
    -- SHA-256 (hex) of the dialplan YAML that was run.
    dialplan_hash  text        NOT NULL,
    dialplan_yaml  text        NOT NULL,
    -- The SIP URI to call instead of the dialplan's target; NULL: the dialplan's target or the reference agent.
    target         text        NULL,
    status         text        NOT NULL DEFAULT 'queued',
    created_at     timestamptz NOT NULL,
    started_at     timestamptz NULL,
    finished_at    timestamptz NULL,
    requested_by   bigint      NULL REFERENCES api_keys (id) ON DELETE SET NULL,
    calls_total    integer     NOT NULL,
    calls_done     integer     NOT NULL DEFAULT 0,
    calls_passed   integer     NOT NULL DEFAULT 0,
    error          text        NULL,
    CONSTRAINT runs_status_known CHECK (status IN ('queued', 'running', 'done', 'failed')),
    CONSTRAINT runs_counts CHECK (calls_total >= 1 AND calls_done BETWEEN 0 AND calls_total AND calls_passed BETWEEN 0 AND calls_done)
);

CREATE INDEX runs_created_at_idx ON runs (created_at DESC, id DESC);
-- A worker picks the oldest queued run.
CREATE INDEX runs_queued_idx ON runs (created_at, id) WHERE status = 'queued';

ALTER TABLE calls ADD COLUMN run_id bigint NULL REFERENCES runs (id) ON DELETE SET NULL;
CREATE INDEX calls_run_id_idx ON calls (run_id) WHERE run_id IS NOT NULL;

-- The assertions of a call with what was measured against what threshold, in dialplan order.
CREATE TABLE assertion_results (
    call_id    bigint  NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    ordinal    integer NOT NULL,
    name       text    NOT NULL,
    passed     boolean NOT NULL,
    measured   text    NULL,
    threshold  text    NULL,
    evidence   text    NULL,
    PRIMARY KEY (call_id, ordinal)
);

-- The documents of a call as rendered when it ended (the evaluation they come from is not stored in rows):
-- the report as JSON, the HTML report and the JUnit XML.
CREATE TABLE call_documents (
    call_id      bigint NOT NULL PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    report_json  jsonb  NOT NULL,
    report_html  text   NOT NULL,
    junit_xml    text   NOT NULL
);
