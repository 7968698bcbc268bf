package dev.stevedore.dashboard;

import io.javalin.http.Context;

/** What renders the body of one page (or the result of one action) from a request. */
interface Page {
    Html render(Context ctx, Visit visit);

    /** The page's title; most pages keep the one they are routed with. */
    default String title(Context ctx, String routed) {
        return routed;
    }
}
