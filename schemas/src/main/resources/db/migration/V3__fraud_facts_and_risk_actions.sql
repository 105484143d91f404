-- Facts the fraud rules need (personal data: the fraud job and the risk team see them; the warehouse hashes or drops
-- them before gold), and the two risk actions that reach the marketplace itself.

ALTER TABLE retailers
    ADD COLUMN contact_phone   TEXT,
    ADD COLUMN default_address TEXT,
    ADD COLUMN signup_device   TEXT;

ALTER TABLE orders
    ADD COLUMN ship_to_address TEXT,
    ADD COLUMN device_id       TEXT;

-- The risk store lives in its own schema, apart from the marketplace's tables.
CREATE SCHEMA risk;

-- A blocked retailer can place no new order, whichever service writes it.
CREATE TABLE risk.retailer_blocks (
    retailer_id  BIGINT PRIMARY KEY REFERENCES public.retailers(id),
    blocked_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    blocked_by   TEXT NOT NULL,
    note         TEXT NOT NULL
);

-- A held order cannot move to shipped until it is released.
CREATE TABLE risk.order_holds (
    order_id  BIGINT PRIMARY KEY REFERENCES public.orders(id),
    held_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    held_by   TEXT NOT NULL,
    note      TEXT NOT NULL
);

-- Every risk action, append-only: who, what, when, why.
CREATE TABLE risk.audit (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    note       TEXT NOT NULL
);

-- SQLSTATE WO001 / WO002: writers recognise the refusal (the simulator counts it and carries on).
CREATE FUNCTION risk.refuse_blocked_retailer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM risk.retailer_blocks b WHERE b.retailer_id = NEW.retailer_id) THEN
        RAISE EXCEPTION 'retailer % is blocked by the risk team', NEW.retailer_id USING ERRCODE = 'WO001';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER orders_refuse_blocked_retailer BEFORE INSERT ON public.orders
    FOR EACH ROW EXECUTE FUNCTION risk.refuse_blocked_retailer();

CREATE FUNCTION risk.refuse_shipping_held_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM risk.order_holds h WHERE h.order_id = NEW.id) THEN
        RAISE EXCEPTION 'order % is on hold by the risk team', NEW.id USING ERRCODE = 'WO002';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER orders_refuse_shipping_held BEFORE UPDATE OF status ON public.orders
    FOR EACH ROW WHEN (NEW.status = 'shipped' AND OLD.status IS DISTINCT FROM 'shipped')
    EXECUTE FUNCTION risk.refuse_shipping_held_order();
