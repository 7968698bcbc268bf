package dev.stevedore.spi;

/**
 * A callback job as its batch declared it: when it fires, and its kind and queue (its arguments stay
 * in the store). SPI record; what {@link Store#batchCallbackList} returns.
 *
 * @param event when the batch inserts it
 * @param kind  the callback job's kind
 * @param queue the queue it is inserted into
 */
public record DeclaredCallback(BatchCallback.Event event, String kind, String queue) {}
