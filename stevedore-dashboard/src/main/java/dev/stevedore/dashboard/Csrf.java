package dev.stevedore.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token every write must carry (form field {@value #FIELD} or header {@value #HEADER}): an HMAC of
 * the user's name under a key drawn when the dashboard starts. A page from another site cannot read
 * it, so it cannot make a signed-in browser act; it changes on every restart, which only costs a
 * reload of an open page.
 */
final class Csrf {
    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";

    private final SecretKeySpec key;

    Csrf() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    String token(Principal principal) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(principal.name().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** Refuses with 403 unless {@code presented} is the principal's token. */
    void check(Principal principal, String presented) {
        if (presented == null || presented.isEmpty()) {
            throw Refusal.forbidden("this action needs the page's CSRF token: reload the page and try again");
        }
        if (!MessageDigest.isEqual(token(principal).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            throw Refusal.forbidden("the CSRF token is wrong or from before a restart: reload the page and try again");
        }
    }
}
