package dev.stevedore.dashboard;

import java.time.Instant;

/**
 * One request as the pages see it: who sent it, the CSRF token its forms carry, and the store's now.
 *
 * @param principal who
 * @param csrf      the token for this principal's forms
 * @param now       the store's clock when the request began
 */
record Visit(Principal principal, String csrf, Instant now) {
    /** The hidden field every form that writes carries. */
    Html csrfField() {
        return Html.of("<input type=\"hidden\" name=\"" + Csrf.FIELD + "\" value=\"{}\">", csrf);
    }

    boolean mayAct() {
        return principal.mayAct();
    }
}
