package com.wholesaleos.console.http;

import com.wholesaleos.console.access.ConsoleUsers;
import com.wholesaleos.console.access.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A console page: the layout (menu of the areas the user's role may enter, the user, the CSRF token for its forms)
 * around a body from {@code console/pages/}. Values are escaped; the page's figures are loaded by its script.
 */
final class Page {
    private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

    private Page() {}

    static String render(String name, String title, ConsoleUsers.User user, String csrf, Map<String, String> values) {
        String body = resource("pages/" + name + ".html").replace("{{csrf}}", escape(csrf == null ? "" : csrf));
        for (var e : values.entrySet()) body = body.replace("{{" + e.getKey() + "}}", escape(e.getValue()));
        StringBuilder nav = new StringBuilder();
        if (user != null) {
            for (Role.Area area : user.role().areas()) {
                nav.append("<a class=\"nav-").append(area.name().toLowerCase()).append("\" href=\"").append(area.path()).append("\">")
                        .append(escape(area.title())).append("</a>");
            }
        }
        return resource("pages/layout.html")
                .replace("{{title}}", escape(title))
                .replace("{{page}}", escape(name))
                .replace("{{csrf}}", escape(csrf == null ? "" : csrf))
                .replace("{{user}}", user == null ? "" : escape(user.name()) + " <span class=\"role\">" + escape(user.role().sql()) + "</span>")
                .replace("{{signed-in}}", user == null ? "hidden" : "")
                .replace("{{nav}}", nav.toString())
                .replace("{{body}}", body);
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String resource(String path) {
        return RESOURCES.computeIfAbsent(path, p -> {
            try (InputStream in = Page.class.getResourceAsStream("/console/" + p)) {
                if (in == null) throw new IllegalStateException("missing resource /console/" + p);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
