package com.wholesaleos.console.access;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt (cost 12, about a quarter of a second here): a stolen table of hashes is slow to guess from. */
public final class PasswordHash {
    static final int COST = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Verified against when the user is unknown, so an unknown name takes as long as a wrong password. */
    private static final String DECOY = hash("decoy password that nobody has".toCharArray());

    private PasswordHash() {}

    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password, salt, COST);
    }

    public static boolean matches(String hash, char[] password) {
        return OpenBSDBCrypt.checkPassword(hash == null ? DECOY : hash, password) && hash != null;
    }

    /** What a password must be: long enough to resist guessing, short enough for bcrypt (72 bytes). */
    public static void checkAcceptable(char[] password) {
        if (password.length < 10) throw new IllegalArgumentException("a password needs at least 10 characters");
        if (new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            throw new IllegalArgumentException("a password may have at most 72 bytes (bcrypt ignores the rest)");
        }
    }
}
