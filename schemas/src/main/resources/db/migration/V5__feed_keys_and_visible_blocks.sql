-- The recommendation feeds' API keys and a risk block that every consumer of the change streams can see.

CREATE SCHEMA feed;

-- Storefront API keys: only a SHA-256 of the key is kept (keys are long random tokens, so a slow hash adds nothing);
-- the key itself is shown once, when it is added. A revoked key stays, so the API can answer 403 rather than 401.
CREATE TABLE feed.api_keys (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    prefix      TEXT NOT NULL,
    key_sha256  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by  TEXT NOT NULL,
    revoked_at  TIMESTAMPTZ
);

-- A retailer blocked by the risk team is suspended in the core schema too, by whichever writer blocks it, so the block
-- reaches the change streams (the recommendation job stops learning from its orders) and unblocking restores it.
CREATE FUNCTION risk.suspend_blocked_retailer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE public.retailers SET status = 'suspended' WHERE id = NEW.retailer_id AND status <> 'suspended';
        RETURN NEW;
    END IF;
    UPDATE public.retailers SET status = 'active' WHERE id = OLD.retailer_id AND status = 'suspended';
    RETURN OLD;
END $$;
CREATE TRIGGER retailer_blocks_suspend AFTER INSERT OR DELETE ON risk.retailer_blocks
    FOR EACH ROW EXECUTE FUNCTION risk.suspend_blocked_retailer();
