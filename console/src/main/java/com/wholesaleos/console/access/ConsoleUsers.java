package com.wholesaleos.console.access;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's accounts (table {@code console.users}): bcrypt hashes, roles, and a lockout after repeated wrong
 * passwords. Every sign-in attempt is recorded in {@code console.sign_ins}.
 */
public final class ConsoleUsers {
    /** A signed-in user as the console knows it. */
    public record User(String name, Role role) {}

    /** One account as {@code wos users list} shows it: never the hash. */
    public record Account(String name, Role role, int failedAttempts, Instant lockedUntil, Instant lastSignIn, Instant createdAt) {}

    /** How a sign-in ended. */
    public sealed interface SignIn {
        record SignedIn(User user) implements SignIn {}
        /** Wrong name or password: the console does not say which. */
        record Refused() implements SignIn {}
        record Locked(Instant until) implements SignIn {}
    }

    private final MarketplaceDatabase database;
    private final int maxFailures;
    private final Duration lockout;

    public ConsoleUsers(MarketplaceDatabase database, int maxFailures, Duration lockout) {
        this.database = database;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    /** Creates a user, or with {@code replace} sets an existing user's role and password (and unlocks it). */
    public void add(String name, Role role, char[] password, boolean replace) throws SQLException {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{1,62}")) {
            throw new IllegalArgumentException("a user name is 2-63 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        PasswordHash.checkAcceptable(password);
        String hash = PasswordHash.hash(password);
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(replace
                ? "INSERT INTO console.users (name, role, password_hash) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, "
                  + "password_hash = EXCLUDED.password_hash, failed_attempts = 0, locked_until = NULL, updated_at = now()"
                : "INSERT INTO console.users (name, role, password_hash) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, name);
            ps.setString(2, role.sql());
            ps.setString(3, hash);
            if (ps.executeUpdate() == 0) throw new IllegalArgumentException("user " + name + " exists (use --replace to set a new role and password)");
        }
    }

    /** Lifts a lockout and forgets the failed attempts. */
    public boolean unlock(String name) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE console.users SET failed_attempts = 0, locked_until = NULL, updated_at = now() WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean remove(String name) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("DELETE FROM console.users WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() == 1;
        }
    }

    public List<Account> list() throws SQLException {
        List<Account> out = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, role, failed_attempts, locked_until, last_sign_in, created_at FROM console.users ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Account(rs.getString(1), Role.parse(rs.getString(2)), rs.getInt(3), instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))));
            }
        }
        return out;
    }

    public int count() throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM console.users");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The user's current role, or empty if it was removed: a session is checked against it on every request. */
    public Optional<User> find(String name) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("SELECT role FROM console.users WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new User(name, Role.parse(rs.getString(1)))) : Optional.empty();
            }
        }
    }

    /**
     * Checks a password. A locked account is refused without checking it; the {@code maxFailures}-th wrong password in a
     * row locks the account for the lockout time; a right one resets the count.
     */
    public SignIn signIn(String name, char[] password) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            String hash = null;
            Role role = null;
            Instant lockedUntil = null;
            int failures = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT role, password_hash, locked_until, failed_attempts FROM console.users WHERE name = ? FOR UPDATE")) {
                ps.setString(1, name == null ? "" : name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        role = Role.parse(rs.getString(1));
                        hash = rs.getString(2);
                        lockedUntil = instant(rs.getTimestamp(3));
                        failures = rs.getInt(4);
                    }
                }
            }
            Instant now = Instant.now();
            SignIn outcome;
            if (lockedUntil != null && lockedUntil.isAfter(now)) {
                outcome = new SignIn.Locked(lockedUntil);
            } else if (PasswordHash.matches(hash, password)) {
                update(c, "UPDATE console.users SET failed_attempts = 0, locked_until = NULL, last_sign_in = now() WHERE name = ?", name);
                outcome = new SignIn.SignedIn(new User(name, role));
            } else if (hash != null && failures + 1 >= maxFailures) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE console.users SET failed_attempts = 0, locked_until = ? WHERE name = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now.plus(lockout)));
                    ps.setString(2, name);
                    ps.executeUpdate();
                }
                outcome = new SignIn.Locked(now.plus(lockout));
            } else {
                if (hash != null) update(c, "UPDATE console.users SET failed_attempts = failed_attempts + 1 WHERE name = ?", name);
                outcome = new SignIn.Refused();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO console.sign_ins (name, outcome) VALUES (?, ?)")) {
                ps.setString(1, name == null ? "" : name);
                ps.setString(2, outcome instanceof SignIn.SignedIn ? "signed_in" : outcome instanceof SignIn.Locked ? "locked"
                        : hash == null ? "unknown_user" : "wrong_password");
                ps.executeUpdate();
            }
            c.commit();
            return outcome;
        }
    }

    private static void update(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) { return t == null ? null : t.toInstant(); }
}
