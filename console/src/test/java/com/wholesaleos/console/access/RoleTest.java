package com.wholesaleos.console.access;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RoleTest {
    @Test
    void eachRoleEntersItsOwnAreaAndAdminAll() {
        assertEquals(EnumSet.of(Role.Area.LEADERSHIP), Role.LEADERSHIP.areas());
        assertEquals(EnumSet.of(Role.Area.RISK), Role.RISK.areas());
        assertEquals(EnumSet.of(Role.Area.HEALTH), Role.ENGINEER.areas());
        assertEquals(EnumSet.allOf(Role.Area.class), Role.ADMIN.areas());
        assertFalse(Role.LEADERSHIP.mayEnter(Role.Area.RISK));
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheRoles() {
        var e = assertThrows(IllegalArgumentException.class, () -> Role.parse("ceo"));
        assertTrue(e.getMessage().contains("leadership, risk, engineer or admin"), e.getMessage());
        assertEquals(Role.RISK, Role.parse(" Risk "));
    }

    @Test
    void passwordsAreBcryptHashedSaltedAndChecked() {
        String a = PasswordHash.hash("correct horse battery".toCharArray());
        String b = PasswordHash.hash("correct horse battery".toCharArray());
        assertTrue(a.startsWith("$2b$" + PasswordHash.COST + "$"), a);
        assertNotEquals(a, b, "salted");
        assertTrue(PasswordHash.matches(a, "correct horse battery".toCharArray()));
        assertFalse(PasswordHash.matches(a, "correct horse batterY".toCharArray()));
        assertFalse(PasswordHash.matches(null, "anything at all".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.checkAcceptable("short".toCharArray()));
    }
}
