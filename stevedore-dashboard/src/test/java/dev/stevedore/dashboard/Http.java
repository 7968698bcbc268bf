package dev.stevedore.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client for the dashboard's tests: GET and form POST, with or without credentials. */
final class Http {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([0-9a-f]+)\">");
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    private Http(String base, String authorization) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = authorization;
    }

    static Http anonymous(Dashboard dashboard) {
        return new Http(dashboard.url(), null);
    }

    static Http basic(Dashboard dashboard, String user, String password) {
        return new Http(dashboard.url(), "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
    }

    static Http bearer(Dashboard dashboard, String token) {
        return new Http(dashboard.url(), "Bearer " + token);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
    }

    /** Posts a form; each entry's values are sent in order (a name may repeat). */
    HttpResponse<String> post(String path, Map<String, List<String>> form) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
    }

    /** A form URL-encoded, each entry's values in order. */
    static String formBody(Map<String, List<String>> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, values) -> values.forEach(value -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return body.toString();
    }

    /**
     * Sends a request line exactly as given over a plain socket (the JDK's client refuses malformed
     * escapes, which is what this is for); returns the status code and the body.
     */
    RawResponse raw(String pathAndQuery) {
        return exchange("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + URI.create(base).getHost()
                + "\r\nConnection: close\r\n", new byte[0]);
    }

    /**
     * Sends {@code head} (the request line and headers, each line ended by CRLF, without the blank line)
     * and then {@code body} exactly as given, with this client's credentials added, and reads the answer;
     * a server that closes the connection before answering yields status 0.
     */
    RawResponse exchange(String head, byte[] body) {
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String request = head + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            var out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                socket.shutdownOutput(); // a body shorter than its Content-Length ends here, not at a time-out
            } catch (java.net.SocketException closedEarly) {
                // The server may refuse and close before reading everything: its answer is still there.
            }
            byte[] bytes;
            try {
                bytes = socket.getInputStream().readAllBytes();
            } catch (java.net.SocketException reset) {
                bytes = new byte[0];
            }
            String response = new String(bytes, StandardCharsets.UTF_8);
            if (response.length() < 12) {
                return new RawResponse(0, response, "");
            }
            int headAt = response.indexOf("\r\n\r\n");
            return new RawResponse(Integer.parseInt(response.substring(9, 12)),
                    headAt < 0 ? "" : response.substring(headAt + 4), headAt < 0 ? response : response.substring(0, headAt));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A status, body and head read off the wire (a chunked body keeps its chunk sizes: fine for "contains"). */
    record RawResponse(int status, String body, String head) {
        /** The first value of header {@code name} (case-insensitive), or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /** Opens an event stream and returns the first {@code event:} line and the {@code data:} line after it. */
    List<String> firstEvent(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<java.io.InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        return List.of(line, lines.readLine());
                    }
                }
                return List.of();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The response headers of an event stream, read as soon as they arrive; the stream is then closed. */
    java.net.http.HttpHeaders streamHeaders(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<java.io.InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.headers();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CSRF token a page gives this client's user. */
    String csrf() {
        Matcher m = CSRF.matcher(get("/").body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the overview page");
        }
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
