package dev.stevedore;

import dev.stevedore.spi.FanOutPage;
import dev.stevedore.spi.FanOutState;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a fan-out: reads the source page by page from where the run stands, and enqueues each page
 * with the run's new position in one transaction. A crash loses at most the page being read, which
 * the next call reads again; the jobs' unique keys (fan-out, run, job) make every item enqueued once
 * even when two callers run the same fan-out at the same time.
 */
final class FanOutRunner {
    /** Metadata key naming the fan-out on each of its jobs. */
    static final String META_NAME = "stevedore.fanout";
    /** Metadata key naming the run. */
    static final String META_RUN = "stevedore.fanout.run";
    /** Metadata key holding the item's position in the source (from 0), which fixes its time slot. */
    static final String META_POSITION = "stevedore.fanout.position";
    /** Longest fan-out name or run, in characters. */
    static final int MAX_NAME_LENGTH = 200;

    private final Store store;
    private final Enqueuer enqueuer;
    private final ArgsCodec codec;

    FanOutRunner(Store store, Enqueuer enqueuer, ArgsCodec codec) {
        this.store = store;
        this.enqueuer = enqueuer;
        this.codec = codec;
    }

    <T> FanOutResult run(String name, String run, FanOutSource<T> source, Function<? super T, ? extends Record> job,
                         FanOutOptions options) {
        Names.checkText("fan-out name", name, MAX_NAME_LENGTH);
        Names.checkText("fan-out run", run, MAX_NAME_LENGTH);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(job, "job");
        FanOutSlots slots = new FanOutSlots(options.perSlot, options.slotWidth);
        FanOutState state = store.fanOutStart(name, run);
        while (state.finishedAt() == null) {
            FanOutSource.Page<T> page = source.page(state.cursor(), options.pageSize);
            if (page == null || page.items().size() > options.pageSize) {
                throw new IllegalStateException("fan-out " + name + ": the source returned "
                        + (page == null ? "no page" : page.items().size() + " items") + " for a page of at most "
                        + options.pageSize + " items");
            }
            if (page.items().isEmpty() && page.nextCursor() != null && page.nextCursor().equals(state.cursor())) {
                throw new IllegalStateException("fan-out " + name + ": the source returned no items and the same "
                        + "cursor it was given (" + state.cursor() + "); it would never finish");
            }
            List<NewJob> jobs = new ArrayList<>(page.items().size());
            for (int i = 0; i < page.items().size(); i++) {
                Record args = Objects.requireNonNull(job.apply(page.items().get(i)), "the fan-out's job function returned null");
                jobs.add(prepare(name, run, state, state.position() + i, args, slots, options));
            }
            Optional<FanOutState> applied = store.fanOutPage(new FanOutPage(name, run, state.position(), jobs,
                    page.nextCursor(), state.position() + page.items().size()));
            // Empty: another caller moved the run on meanwhile; carry on from where it stands now.
            state = applied.isPresent() ? applied.get() : store.fanOutStart(name, run);
        }
        return new FanOutResult(name, run, state.startedAt(), state.finishedAt(), state.position(), state.enqueued());
    }

    private NewJob prepare(String name, String run, FanOutState state, long position, Record args, FanOutSlots slots,
                           FanOutOptions options) {
        String digest = UniqueKeys.argsDigest(Kinds.of(args.getClass()), codec.encode(args));
        return enqueuer.prepare(List.of(args), o -> {
            options.jobOptions.accept(o);
            o.at(slots.at(state.startedAt(), position, digest));
            o.meta(META_NAME, name);
            o.meta(META_RUN, run);
            o.meta(META_POSITION, Long.toString(position));
            o.unique(u -> u.byKey("fanout\u0000" + name + "\u0000" + run + "\u0000" + digest).states(JobState.values()));
        }).get(0);
    }
}
