package dev.stevedore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/** Posts alert changes to an HTTP endpoint with the JDK's client, one request per change, bounded by a timeout. */
final class WebhookAlertSink implements AlertSink {
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** How much of an error response's body a failure quotes. */
    private static final int QUOTED_BODY = 200;

    private final URI url;
    /** The URL without its path and query: a Slack webhook's path is its secret, so logs show only this. */
    private final String origin;
    private final Duration timeout;
    private final Function<AlertChange, String> body;
    private final HttpClient client;

    WebhookAlertSink(URI url, Duration timeout, Function<AlertChange, String> body) {
        this.url = checkUrl(url);
        this.origin = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("webhook timeout must be in [PT0.001S, " + MAX_TIMEOUT + "], was " + timeout);
        }
        this.timeout = timeout;
        this.body = body;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void send(AlertChange change) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "stevedore-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(body.apply(change), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body().strip();
            throw new IOException("webhook " + origin + " answered HTTP " + response.statusCode()
                    + (text.isEmpty() ? "" : ": " + (text.length() > QUOTED_BODY ? text.substring(0, QUOTED_BODY) + "…" : text)));
        }
    }

    @Override
    public String toString() {
        return "webhook " + origin;
    }

    private static URI checkUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("webhook url must be an absolute http(s) URL, was \"" + url.getScheme() + ":…\"");
        }
        return url;
    }
}
