package dev.stevedore.dashboard;

import dev.stevedore.BatchStatus;
import dev.stevedore.spi.BatchFilter;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /batches}: every batch newest first, 50 a page along the key, with its state, its progress
 * (live counts while it runs, the tally once finished) and its parent. The store reads one page of
 * batches; an open batch's counts are one range scan of its jobs' index each.
 */
final class BatchesPage implements Page {
    static final int PAGE = 50;
    private final Source source;

    BatchesPage(Source source) {
        this.source = source;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params params = Params.query(ctx, "before");
        Long before = params.id("before");
        List<BatchStatus> batches = source.store().batchList(new BatchFilter(null, before, PAGE));
        if (batches.isEmpty()) {
            return Html.of("<p id=\"no-batches\">No batch{}. Batches and workflows appear here once enqueued"
                    + " (Stevedore.enqueueBatch).</p>", before == null ? " yet" : " before this point");
        }
        Html next = batches.size() == PAGE ? Html.of("<p class=\"pager\"><a href=\"/batches?before={}\" id=\"next-page\">Older</a></p>",
                batches.get(PAGE - 1).id()) : Html.EMPTY;
        return Html.of("{}{}", table("batches", batches, visit), next);
    }

    /** A table of batches: the list page's, and a batch's children on its own page. */
    static Html table(String id, List<BatchStatus> batches, Visit visit) {
        List<Html> rows = new ArrayList<>();
        for (BatchStatus b : batches) {
            rows.add(Html.of("""
                    <tr id="batch-{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>""",
                    b.id(), BatchView.link(b.id()), b.description(), BatchView.state(b), BatchView.progress(b, visit.now()),
                    b.parentId() == null ? Html.EMPTY : BatchView.link(b.parentId()), Format.ago(b.createdAt(), visit.now()),
                    b.finishedAt() == null ? "" : Format.ago(b.finishedAt(), visit.now())));
        }
        return Html.of("""
                <table id="{}"><thead><tr><th>Batch</th><th>Description</th><th>State</th><th>Progress</th><th>Parent</th>
                <th>Created</th><th>Finished</th></tr></thead><tbody>{}</tbody></table>""", id, Html.join(rows));
    }
}
