package io.elmanstream.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The live page ({@code GET /}) and the JavaScript library it draws with, served from the jar:
 * the page from this package's resources, uPlot from its Maven webjar under {@code /webjars/}
 * (no CDN, nothing fetched at run time, no build step outside Maven). The page reads the JSON
 * routes of the same instance ({@code /models}, {@code /alerts}, {@code /streams/{key}}).
 */
final class LivePage {
    static final String WEBJARS = "/webjars/";

    /** A file to send: status, content type, bytes. */
    record Asset(int status, String type, byte[] bytes) {
    }

    private LivePage() {
    }

    static Asset page() {
        return resource("/io/elmanstream/http/live.html");
    }

    /** A file of a webjar: {@code /webjars/uplot/1.6.30/dist/uPlot.iife.min.js} is the jar's {@code META-INF/resources/webjars/...}. */
    static Asset webjar(String path) {
        if (path.contains("..") || path.contains("//")) return text(404, "not found: " + path);
        return resource("/META-INF/resources" + path);
    }

    private static Asset resource(String name) {
        try (InputStream in = LivePage.class.getResourceAsStream(name)) {
            if (in == null) return text(404, "not found: " + name);
            return new Asset(200, type(name), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String name) {
        if (name.endsWith(".html")) return "text/html; charset=utf-8";
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        return "application/octet-stream";
    }

    private static Asset text(int status, String message) {
        return new Asset(status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
    }
}
