package com.wholesaleos.feedapi.keys;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storefront's API keys, in PostgreSQL (feed.api_keys). A key is 32 random bytes, shown once when added; only its
 * SHA-256 is stored (a slow hash protects guessable passwords, not random tokens). A revoked key stays on record, so
 * it is refused as revoked (403) rather than unknown (401).
 */
public final class ApiKeys {
    /** What a presented key is. */
    public enum Verdict { VALID, UNKNOWN, REVOKED }

    public record Key(String name, String prefix, Instant createdAt, String createdBy, Instant revokedAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final MarketplaceDatabase db;
    /** SHA-256 → revoked; refreshed by {@link #refresh()}. */
    private volatile Map<String, Boolean> known = Map.of();

    public ApiKeys(MarketplaceDatabase db) { this.db = db; }

    /** Adds a key and returns it: the only time it is shown. */
    public String add(String name, String by) throws SQLException {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("key name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = "wos_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO feed.api_keys (name, prefix, key_sha256, created_by) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, key.substring(0, 10));
            ps.setString(3, sha256(key));
            ps.setString(4, by);
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) throw new IllegalArgumentException("a key named '" + name + "' exists already", e);
            throw e;
        }
        return key;
    }

    /** Revokes the named key; false if there is no such active key. */
    public boolean revoke(String name) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("UPDATE feed.api_keys SET revoked_at = now() WHERE name = ? AND revoked_at IS NULL")) {
            ps.setString(1, name);
            return ps.executeUpdate() == 1;
        }
    }

    public List<Key> list() throws SQLException {
        List<Key> out = new ArrayList<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT name, prefix, created_at, created_by, revoked_at FROM feed.api_keys ORDER BY created_at, name")) {
            while (rs.next()) {
                out.add(new Key(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()));
            }
        }
        return out;
    }

    /** Re-reads every key's hash and state (the API calls this every feed.key-refresh-ms). */
    public void refresh() throws SQLException {
        Map<String, Boolean> next = new ConcurrentHashMap<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT key_sha256, revoked_at IS NOT NULL FROM feed.api_keys")) {
            while (rs.next()) next.put(rs.getString(1), rs.getBoolean(2));
        }
        known = next;
    }

    /** Judges a presented key against the last refresh. */
    public Verdict check(String presented) {
        if (presented == null || presented.isBlank()) return Verdict.UNKNOWN;
        Boolean revoked = known.get(sha256(presented.trim()));
        return revoked == null ? Verdict.UNKNOWN : revoked ? Verdict.REVOKED : Verdict.VALID;
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
