package dev.stevedore.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's scripts and styles, by a fixed list of names (no path from the request ever reaches
 * the class path): htmx and Chart.js from their WebJars, the dashboard's own script and style.
 */
final class Assets {
    private record Asset(String resource, String contentType) {}

    private static final Map<String, Asset> ASSETS = Map.of(
            "htmx.min.js", new Asset("/META-INF/resources/webjars/htmx.org/2.0.10/dist/htmx.min.js", "text/javascript"),
            "chart.umd.min.js", new Asset("/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js", "text/javascript"),
            "dashboard.js", new Asset("/dev/stevedore/dashboard/dashboard.js", "text/javascript"),
            "dashboard.css", new Asset("/dev/stevedore/dashboard/dashboard.css", "text/css"));
    private static final Map<String, byte[]> LOADED = new ConcurrentHashMap<>();

    private Assets() {}

    static void serve(Context ctx) {
        Asset asset = ASSETS.get(ctx.pathParam("name"));
        if (asset == null) {
            throw Refusal.notFound("no asset named \"" + Params.printable(ctx.pathParam("name")) + "\"");
        }
        byte[] bytes = LOADED.computeIfAbsent(asset.resource(), Assets::load);
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType(asset.contentType() + "; charset=utf-8");
        ctx.result(bytes);
    }

    private static byte[] load(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's jar lacks " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
