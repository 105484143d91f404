-- More facts the fraud rules need, the risk store's alerts, and the simulator's ground truth.

-- When a line was added (business time): the price-raise rule compares it with the product's last price change.
ALTER TABLE order_items ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- When a product last changed (its price, usually).
ALTER TABLE products ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- Where a manufacturer is paid and the device its account is run from (personal data, as the retailers' are):
-- seller collusion is a buyer paying with the seller's own instrument or ordering from its device.
ALTER TABLE manufacturers
    ADD COLUMN payout_instrument TEXT,
    ADD COLUMN device_id         TEXT;

-- When the referral credit was paid (status 'rewarded').
ALTER TABLE referrals ADD COLUMN rewarded_at TIMESTAMPTZ;

-- One row per alert the risk team works. The fraud job publishes the latest version of each (rule, entity) on
-- wos.fraud.alerts; the alert desk applies them here. While an alert is active (open, acknowledged, escalated) new
-- evidence updates it; once dismissed or confirmed, new evidence opens a new alert.
CREATE TABLE risk.alerts (
    id               BIGSERIAL PRIMARY KEY,
    alert_key        TEXT NOT NULL,
    rule             TEXT NOT NULL,
    rule_version     INTEGER NOT NULL,
    severity         TEXT NOT NULL,
    score            DOUBLE PRECISION NOT NULL,
    entity_type      TEXT NOT NULL,
    entity_id        TEXT NOT NULL,
    evidence         JSONB NOT NULL,
    event_time       TIMESTAMPTZ NOT NULL,
    first_detected   TIMESTAMPTZ NOT NULL,
    last_detected    TIMESTAMPTZ NOT NULL,
    updates          INTEGER NOT NULL DEFAULT 1,
    state            TEXT NOT NULL DEFAULT 'open'
                     CHECK (state IN ('open', 'acknowledged', 'escalated', 'dismissed', 'confirmed')),
    state_changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    state_changed_by TEXT
);
CREATE UNIQUE INDEX alerts_one_active_per_key ON risk.alerts (alert_key) WHERE state IN ('open', 'acknowledged', 'escalated');
CREATE INDEX alerts_by_key ON risk.alerts (alert_key, id);
CREATE INDEX alerts_by_state ON risk.alerts (state, last_detected DESC);

-- How far the alert desk has applied each partition of wos.fraud.alerts, committed with the alerts it applied.
CREATE TABLE risk.alert_feed_positions (
    topic_partition INTEGER PRIMARY KEY,
    next_offset     BIGINT NOT NULL
);

-- Ground truth of simulated fraud: which entity a scenario made fraudulent (or a look-alike of it). Written by the
-- simulator, read by the evaluation; never captured, never read by the fraud job.
CREATE SCHEMA simulation;
CREATE TABLE simulation.fraud_labels (
    id           BIGSERIAL PRIMARY KEY,
    scenario     TEXT NOT NULL,
    rule         TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    fraud        BOOLEAN NOT NULL,
    detail       TEXT NOT NULL,
    last_commit  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
