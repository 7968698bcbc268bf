package dev.stevedore;

/** A registered handler with its kind's options. */
record Registration<T extends Record>(String kind, Class<T> type, JobHandler<T> handler, KindOptions options) {

    @SuppressWarnings("unchecked")
    void invoke(JobContext ctx, Record args) throws Exception {
        handler.handle(ctx, (T) args);
    }
}
