package dev.stevedore.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every path the dashboard serves, and what runs around each request: sign-in, the role and CSRF
 * checks of writes, the safety headers, and the error pages (a clear message, never a stack trace).
 */
final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    private static final String VISIT = "stevedore.visit";
    /** No script, style or frame from anywhere else; no inline script or style at all. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    /** The largest request body read; an action's form is well under 10 KiB even with 500 job ids. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Source source;
    private final Access access;
    private final Csrf csrf;
    private final LiveUpdates live;
    private final SearchWindow.Sizes windows;

    /** {@code windows}: how much of an index a filtered jobs page reads ({@link SearchWindow}). */
    Routes(Source source, Access access, Csrf csrf, SearchWindow.Sizes windows) {
        this.source = source;
        this.access = access;
        this.csrf = csrf;
        this.windows = windows;
        this.live = new LiveUpdates(source);
    }

    /** Ends the live-update streams and their timer. */
    void close() {
        live.close();
    }

    void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = MAX_REQUEST_BYTES;
        config.routes.before(this::before);
        config.routes.get("/assets/{name}", Assets::serve);

        AuditLog audit = new AuditLog(source);
        config.routes.get("/", page("Overview", "/", new OverviewPage(source)));
        config.routes.get("/queues", page("Queues", "/queues", new QueuesPage(source)));
        config.routes.post("/queues/{queue}/{action}", page("Queues", "/queues", new QueueActions(source, audit)));
        config.routes.get("/jobs", page("Jobs", "/jobs", new JobsPage(source, windows)));
        JobActions jobActions = new JobActions(source, audit);
        config.routes.post("/jobs/actions", page("Jobs", "/jobs", jobActions));
        config.routes.post("/jobs/bulk", page("Jobs", "/jobs", new JobBulkActions(source, jobActions, audit)));
        config.routes.get("/jobs/{id}", page("Job", "/jobs", new JobPage(source, new Related(source))));
        config.routes.get("/batches", page("Batches and workflows", "/batches", new BatchesPage(source)));
        config.routes.get("/batches/{id}", page("Batch", "/batches", new BatchPage(source)));
        config.routes.get("/nodes", page("Nodes", "/nodes", new NodesPage(source)));
        config.routes.get("/issues", page("Issues", "/issues", new IssuesPage(source)));
        config.routes.get("/issues/{id}", page("Issue", "/issues", new IssuePage(source)));
        config.routes.post("/issues/{id}/{action}", page("Issues", "/issues", new IssueActions(source, audit)));
        config.routes.get("/cron", page("Cron", "/cron", new CronPage(source)));
        config.routes.post("/cron/actions", page("Cron", "/cron", new CronActions(source, audit)));
        config.routes.get("/audit", page("Audit log", "/audit", new AuditPage(source)));
        config.routes.get("/alerts", page("Alerts", "/alerts", new AlertsPage(source)));
        // Live updates: parameters are checked before the stream starts, while a 4xx can still be sent.
        config.routes.before("/events/overview", ctx -> Params.query(ctx));
        config.routes.sse("/events/overview", client -> live.topic(client, LiveUpdates.Topic.JOBS));
        for (LiveUpdates.Topic topic : LiveUpdates.Topic.values()) {
            String path = "/events/" + topic.name().toLowerCase(java.util.Locale.ROOT);
            config.routes.before(path, ctx -> Params.query(ctx));
            config.routes.sse(path, client -> live.topic(client, topic));
        }
        config.routes.before("/events/jobs/{id}", ctx -> {
            Params.query(ctx);
            long id = Params.pathId(ctx);
            source.node().job(id).orElseThrow(() -> Refusal.notFound("no job " + id));
        });
        config.routes.sse("/events/jobs/{id}", client -> live.job(client, Long.parseLong(client.ctx().pathParam("id"))));

        config.routes.exception(Refusal.class, (e, ctx) -> refuse(ctx, e.status(), e.getMessage()));
        // Javalin's own refusals, such as 413 for a body over maxRequestSize: the same page as ours.
        config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> refuse(ctx, e.getStatus(),
                e.getStatus() == 413 ? "the request is over the limit of " + MAX_REQUEST_BYTES / 1024 + " KiB" : e.getMessage()));
        config.routes.exception(IllegalArgumentException.class, (e, ctx) -> refuse(ctx, 400, e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("dashboard request {} {} failed", ctx.method(), ctx.path(), e);
            refuse(ctx, 500, "the dashboard could not answer this request; the server's log says why");
        });
        config.routes.error(404, ctx -> {
            // Javalin's own "Endpoint … not found" text is replaced; a page this class rendered stays.
            if (ctx.result() == null || !ctx.result().startsWith("<!doctype html>")) {
                refuse(ctx, 404, "no page at " + ctx.path());
            }
        });
    }

    /** A page: its title, the navigation entry it belongs to, and what renders its body. */
    private io.javalin.http.Handler page(String title, String nav, Page page) {
        return ctx -> {
            Visit visit = ctx.attribute(VISIT);
            Html body = page.render(ctx, visit);
            ctx.contentType("text/html; charset=utf-8");
            ctx.result(Layout.page(page.title(ctx, title), nav, visit, body).value());
        };
    }

    private void before(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (ctx.path().startsWith("/assets/")) {
            return;
        }
        ctx.header("Cache-Control", "no-store");
        HandlerType method = ctx.method();
        if (method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.POST) {
            throw Refusal.methodNotAllowed("the dashboard answers GET and HEAD, and POST for actions; not "
                    + Params.printable(ctx.req().getMethod()));
        }
        Principal principal = access.authenticate(ctx);
        ctx.attribute(VISIT, new Visit(principal, csrf.token(principal), source.store().now()));
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            if (!principal.mayAct()) {
                throw Refusal.forbidden(principal.name() + " is a viewer: viewers read, operators act");
            }
            Params.readForm(ctx);
            String token = ctx.header(Csrf.HEADER);
            csrf.check(principal, token != null ? token : ctx.formParam(Csrf.FIELD));
        }
    }

    private void refuse(Context ctx, int status, String message) {
        ctx.status(status);
        if (status == 401) {
            ctx.header("WWW-Authenticate", access.challenge());
        }
        if (status == 405) {
            ctx.header("Allow", "GET, HEAD, POST");
        }
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(Html.of("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>{} · Stevedore</title>
                <link rel="stylesheet" href="/assets/dashboard.css"></head>
                <body><main><h1>{}</h1><p class="error" id="message">{}</p><p><a href="/">Overview</a></p></main></body></html>
                """, status, reason(status), message == null ? "" : message).value());
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Sign-in needed";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Too large";
            case 415 -> "Not a form";
            default -> "Something went wrong";
        };
    }
}
