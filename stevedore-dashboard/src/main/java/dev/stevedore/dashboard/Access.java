package dev.stevedore.dashboard;

import dev.stevedore.dashboard.DashboardOptions.Credential;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Who a request comes from: a bearer token, an HTTP basic user, or, when no credential is configured,
 * anyone on the loopback interface (as an operator: they could run the CLI as well).
 */
final class Access {
    private final List<Credential> credentials;
    private final boolean basicUsers;

    Access(DashboardOptions options) {
        this.credentials = options.credentials();
        this.basicUsers = credentials.stream().anyMatch(c -> c.kind() == Credential.Kind.BASIC);
    }

    /** The challenge a 401 carries, so that browsers ask for a password when basic users exist. */
    String challenge() {
        return basicUsers ? "Basic realm=\"Stevedore dashboard\", charset=\"UTF-8\"" : "Bearer realm=\"Stevedore dashboard\"";
    }

    Principal authenticate(Context ctx) {
        if (credentials.isEmpty()) {
            if (!isLoopback(ctx.req().getRemoteAddr())) {
                throw Refusal.unauthorized("this dashboard has no credentials configured, so it serves the loopback"
                        + " interface only");
            }
            return new Principal(Principal.LOCAL, Role.OPERATOR);
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw Refusal.unauthorized("sign in: this dashboard needs a user name and password or a bearer token");
        }
        Principal principal = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? match(Credential.Kind.TOKEN, null, header.substring(7).strip())
                : header.regionMatches(true, 0, "Basic ", 0, 6) ? basic(header.substring(6).strip()) : null;
        if (principal == null) {
            throw Refusal.unauthorized("wrong credentials");
        }
        return principal;
    }

    private Principal basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : match(Credential.Kind.BASIC, decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Compares the secret's digest with every credential's, so timing says nothing about which one came close. */
    private Principal match(Credential.Kind kind, String name, String secret) {
        byte[] digest = DashboardOptions.digest(secret);
        Principal found = null;
        for (Credential credential : credentials) {
            boolean same = MessageDigest.isEqual(digest, credential.secretDigest());
            if (same && credential.kind() == kind && (name == null || name.equals(credential.name()))) {
                found = new Principal(credential.name(), credential.role());
            }
        }
        return found;
    }

    static boolean isLoopback(String address) {
        try {
            // An IP literal: no name lookup happens.
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
