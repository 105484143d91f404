-- Core transactional service of the marketplace. Money is NUMERIC(18,2) in the order's currency.
-- Timestamps are timestamptz. Status columns are text with CHECK constraints (Debezium maps both to strings).

CREATE TABLE regions (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    currency    CHAR(3) NOT NULL
);

CREATE TABLE categories (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    parent_id   BIGINT REFERENCES categories(id)
);

CREATE TABLE manufacturers (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE retailers (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    segment     TEXT NOT NULL CHECK (segment IN ('independent', 'chain', 'online', 'horeca')),
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    signup_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'suspended', 'churned'))
);

CREATE TABLE distributors (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE distributor_regions (
    distributor_id BIGINT NOT NULL REFERENCES distributors(id),
    region_id      BIGINT NOT NULL REFERENCES regions(id),
    PRIMARY KEY (distributor_id, region_id)
);

CREATE TABLE products (
    id              BIGSERIAL PRIMARY KEY,
    manufacturer_id BIGINT NOT NULL REFERENCES manufacturers(id),
    category_id     BIGINT NOT NULL REFERENCES categories(id),
    sku             TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    unit_price      NUMERIC(18,2) NOT NULL CHECK (unit_price > 0),
    currency        CHAR(3) NOT NULL,
    moq             INTEGER NOT NULL DEFAULT 1 CHECK (moq > 0),
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'delisted')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- region_id is the ship-to region and retailer_segment the retailer's segment when it ordered
-- (segments set price tiers), both fixed at placement like the prices themselves.
CREATE TABLE orders (
    id                BIGSERIAL PRIMARY KEY,
    retailer_id       BIGINT NOT NULL REFERENCES retailers(id),
    region_id         BIGINT NOT NULL REFERENCES regions(id),
    retailer_segment  TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'placed'
                      CHECK (status IN ('placed', 'confirmed', 'shipped', 'delivered', 'cancelled', 'refunded')),
    currency          CHAR(3) NOT NULL,
    total_amount      NUMERIC(18,2) NOT NULL CHECK (total_amount >= 0),
    refunded_amount   NUMERIC(18,2) NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    placed_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX orders_status_idx ON orders (status);

-- category_id is the product's category as sold, so history does not move when a product is re-categorised.
CREATE TABLE order_items (
    order_id     BIGINT NOT NULL REFERENCES orders(id),
    line_no      INTEGER NOT NULL,
    product_id   BIGINT NOT NULL REFERENCES products(id),
    category_id  BIGINT NOT NULL REFERENCES categories(id),
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit_price   NUMERIC(18,2) NOT NULL,
    line_total   NUMERIC(18,2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- Append-only audit trail of status changes: one row per transition, in the transition's transaction.
CREATE TABLE order_status_history (
    id          BIGSERIAL PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders(id),
    status      TEXT NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_status_history_order_idx ON order_status_history (order_id);

CREATE TABLE payments (
    id                     BIGSERIAL PRIMARY KEY,
    order_id               BIGINT NOT NULL REFERENCES orders(id),
    attempt                INTEGER NOT NULL,
    method                 TEXT NOT NULL CHECK (method IN ('card', 'bank_transfer', 'net_terms', 'wallet')),
    instrument_fingerprint TEXT NOT NULL,
    amount                 NUMERIC(18,2) NOT NULL,
    currency               CHAR(3) NOT NULL,
    status                 TEXT NOT NULL CHECK (status IN ('authorized', 'captured', 'failed', 'refunded')),
    failure_reason         TEXT,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX payments_order_idx ON payments (order_id);

-- A refund of one order line (partial) or of what remains of every line (full refund). Append-only.
CREATE TABLE refunds (
    id          BIGSERIAL PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders(id),
    line_no     INTEGER NOT NULL,
    amount      NUMERIC(18,2) NOT NULL CHECK (amount > 0),
    reason      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (order_id, line_no) REFERENCES order_items(order_id, line_no)
);
CREATE INDEX refunds_order_idx ON refunds (order_id);

CREATE TABLE shipments (
    id              BIGSERIAL PRIMARY KEY,
    order_id        BIGINT NOT NULL REFERENCES orders(id),
    distributor_id  BIGINT NOT NULL REFERENCES distributors(id),
    status          TEXT NOT NULL CHECK (status IN ('in_transit', 'delivered', 'returned')),
    shipped_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ
);

CREATE TABLE referrals (
    id           BIGSERIAL PRIMARY KEY,
    referrer_id  BIGINT NOT NULL REFERENCES retailers(id),
    referee_id   BIGINT NOT NULL REFERENCES retailers(id),
    reward       NUMERIC(18,2) NOT NULL,
    currency     CHAR(3) NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'rewarded', 'rejected')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE reviews (
    id           BIGSERIAL PRIMARY KEY,
    order_id     BIGINT NOT NULL REFERENCES orders(id),
    retailer_id  BIGINT NOT NULL REFERENCES retailers(id),
    product_id   BIGINT NOT NULL REFERENCES products(id),
    rating       SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body         TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
