-- Webhooks of integration clients (#21): each delivers the outbox events of the problems its
-- client registered to one URL, signed with the webhook's secret.
CREATE TABLE webhooks (
    id                    TEXT PRIMARY KEY,
    client_id             TEXT NOT NULL REFERENCES integration_clients (id),
    url                   TEXT NOT NULL,
    -- The event kinds it wants, a JSON array of codes; ["*"] for all.
    events_json           TEXT NOT NULL,
    -- The HMAC key of its signatures (the receiver holds the same value).
    secret                TEXT NOT NULL,
    active                BOOLEAN NOT NULL,
    -- The outbox position it has been fanned out to: the events after it become deliveries.
    after_seq             BIGINT NOT NULL,
    -- Health: failed attempts since the last success, and when each last happened.
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    last_success_at       TIMESTAMP,
    last_failure_at       TIMESTAMP,
    last_error            TEXT,
    created_by            TEXT NOT NULL,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_client_idx ON webhooks (client_id);

-- One event for one webhook. A server claims a row (claimed_by until claimed_until) before
-- sending it, so that with several servers each delivery is sent by one of them at a time.
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    webhook_id       TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_seq        BIGINT NOT NULL REFERENCES outbox_events (seq),
    event_kind       TEXT NOT NULL,
    issue_id         TEXT,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL,
    next_attempt_at  TIMESTAMP NOT NULL,
    -- Retries stop then (24 hours after the event, or after a redelivery was asked for).
    retry_until      TIMESTAMP NOT NULL,
    claimed_by       TEXT,
    claimed_until    TIMESTAMP,
    last_attempt_at  TIMESTAMP,
    response_status  INTEGER,
    last_error       TEXT,
    delivered_at     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    UNIQUE (webhook_id, event_seq)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (webhook_id, issue_id, event_seq);
