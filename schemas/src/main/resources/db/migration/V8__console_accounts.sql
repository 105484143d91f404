-- The web console's accounts. Passwords are kept only as bcrypt hashes; repeated failed sign-ins lock an account for a while.
CREATE SCHEMA IF NOT EXISTS console;

CREATE TABLE console.users (
    name             TEXT PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    role             TEXT NOT NULL CHECK (role IN ('leadership', 'risk', 'engineer', 'admin')),
    password_hash    TEXT NOT NULL,
    failed_attempts  INT NOT NULL DEFAULT 0,
    locked_until     TIMESTAMPTZ,
    last_sign_in     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Who signed in (or failed to) and when: the console's own audit, beside risk.audit for risk actions.
CREATE TABLE console.sign_ins (
    id       BIGSERIAL PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    name     TEXT NOT NULL,
    outcome  TEXT NOT NULL CHECK (outcome IN ('signed_in', 'wrong_password', 'unknown_user', 'locked'))
);
