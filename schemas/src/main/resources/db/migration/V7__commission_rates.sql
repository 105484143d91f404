-- Platform revenue: the marketplace takes a commission on each confirmed order's lines, at its category's rate unless
-- the manufacturer negotiated its own. Rates are fractions (0.0500 = 5%). Contract v6 carries both columns.
ALTER TABLE categories ADD COLUMN commission_rate NUMERIC(5,4) NOT NULL DEFAULT 0.0500
    CHECK (commission_rate >= 0 AND commission_rate < 1);
ALTER TABLE manufacturers ADD COLUMN commission_rate NUMERIC(5,4)
    CHECK (commission_rate >= 0 AND commission_rate < 1);

-- Adding a column with a default writes no change events for the rows that exist: touch them, so every consumer of
-- the change streams (the warehouse's bronze and silver) receives their rates.
UPDATE categories SET commission_rate = commission_rate;
