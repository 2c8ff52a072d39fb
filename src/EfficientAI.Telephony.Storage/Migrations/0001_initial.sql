-- 0001: calls and what happened during them.
-- One row per call; the child tables hold its ordered lists and go away with it (ON DELETE CASCADE).

CREATE TABLE calls (
    id              bigserial PRIMARY KEY,
    -- The SIP Call-ID header of the dialog (RFC 3261 §8.1.1.4), not a key of this database.
    call_id         text             NOT NULL,
    target          text             NOT NULL,
    direction       text             NOT NULL,
    outcome         text             NOT NULL,
    -- Final SIP response status (RFC 3261 §7.2); 0 when no final response arrived.
    sip_status      integer          NOT NULL,
    started_at      timestamptz      NOT NULL,
    answered_at     timestamptz      NULL,
    ended_at        timestamptz      NULL,
    -- Post-dial delay: INVITE sent to first ringing/answer, in milliseconds.
    pdd_ms          double precision NULL,
    end_reason      text             NULL,
    recording_path  text             NULL,
    rtp_sent        bigint           NOT NULL DEFAULT 0,
    rtp_received    bigint           NOT NULL DEFAULT 0,
    rtp_lost        bigint           NOT NULL DEFAULT 0,
    -- Interarrival jitter (RFC 3550 §6.4.1) converted to milliseconds.
    rtp_jitter_ms   double precision NOT NULL DEFAULT 0,
    late_frames     bigint           NOT NULL DEFAULT 0,
    dialplan        text             NULL,
    created_at      timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT calls_sip_status_range CHECK (sip_status = 0 OR sip_status BETWEEN 100 AND 699),
    CONSTRAINT calls_ended_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);

-- Listing recent calls, and the calls of one target or dialplan over time.
CREATE INDEX calls_started_at_idx ON calls (started_at DESC);
CREATE INDEX calls_target_started_at_idx ON calls (target, started_at DESC);
CREATE INDEX calls_dialplan_started_at_idx ON calls (dialplan, started_at DESC) WHERE dialplan IS NOT NULL;
-- Finding a call from a SIP trace.
CREATE INDEX calls_call_id_idx ON calls (call_id);

-- The transcript: who spoke when, in call order. Times are milliseconds on the call's media clock.
CREATE TABLE call_turns (
    call_id   bigint           NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    ordinal   integer          NOT NULL,
    speaker   text             NOT NULL,
    start_ms  double precision NOT NULL,
    end_ms    double precision NOT NULL,
    text      text             NULL,
    PRIMARY KEY (call_id, ordinal),
    CONSTRAINT call_turns_end_after_start CHECK (end_ms >= start_ms)
);

-- Response latencies of the agent under test, one per measured turn, in call order.
CREATE TABLE call_latencies (
    call_id     bigint           NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    ordinal     integer          NOT NULL,
    latency_ms  double precision NOT NULL,
    PRIMARY KEY (call_id, ordinal)
);

-- Every event of the call stamped on its media clock: sample index and the same instant in milliseconds.
CREATE TABLE timeline_events (
    call_id       bigint           NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    ordinal       integer          NOT NULL,
    sample_index  bigint           NOT NULL,
    at_ms         double precision NOT NULL,
    kind          text             NOT NULL,
    speaker       text             NULL,
    text          text             NULL,
    PRIMARY KEY (call_id, ordinal)
);

-- Querying one kind of event across calls (e.g. every barge-in).
CREATE INDEX timeline_events_kind_idx ON timeline_events (kind);
