package dev.stevedore.dashboard;

import java.util.List;

/** The frame around every page: head, navigation, who is signed in. */
final class Layout {
    /** A navigation entry: its path and label. */
    private record Link(String path, String label) {}

    private static final List<Link> NAV = List.of(new Link("/", "Overview"), new Link("/queues", "Queues"),
            new Link("/jobs", "Jobs"), new Link("/issues", "Issues"), new Link("/batches", "Batches"), new Link("/nodes", "Nodes"),
            new Link("/cron", "Cron"), new Link("/alerts", "Alerts"), new Link("/audit", "Audit"));

    private Layout() {}

    static Html page(String title, String active, Visit visit, Html body) {
        StringBuilder nav = new StringBuilder();
        for (Link link : NAV) {
            nav.append(Html.of("<a href=\"{}\"{}>{}</a>", link.path(),
                    new Html(link.path().equals(active) ? " class=\"active\" aria-current=\"page\"" : ""), link.label()));
        }
        return Html.of("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'>
                <meta name="csrf-token" content="{}">
                <title>{} · Stevedore</title>
                <link rel="stylesheet" href="/assets/dashboard.css">
                <script src="/assets/htmx.min.js" defer></script>
                <script src="/assets/chart.umd.min.js" defer></script>
                <script src="/assets/dashboard.js" defer></script>
                </head>
                <body>
                <header><span class="brand">Stevedore</span><nav>{}</nav>
                <span class="who" id="who">{} · {}</span></header>
                <main>
                <h1>{}</h1>
                {}
                </main>
                </body>
                </html>
                """, visit.csrf(), title, new Html(nav.toString()), visit.principal().name(),
                visit.principal().role().name().toLowerCase(java.util.Locale.ROOT), title, body);
    }

    /** A page that only says something: an error, a confirmation done. */
    static Html message(String title, Visit visit, String kind, String text, Html extra) {
        return page(title, "", visit, Html.of("<p class=\"{}\" id=\"message\">{}</p>{}", kind, text, extra));
    }

    /** What an action did, a warning if its audit entry could not be written, and the way back. */
    static Html done(String text, Html warning, String backPath, String backLabel) {
        return Html.of("<p class=\"notice\" id=\"message\">{}</p>{}<p><a href=\"{}\">{}</a></p>", text, warning, backPath, backLabel);
    }
}
