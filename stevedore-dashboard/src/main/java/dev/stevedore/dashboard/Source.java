package dev.stevedore.dashboard;

import dev.stevedore.Stevedore;
import dev.stevedore.spi.Store;

/**
 * What the pages read and act through: the node, so that every action runs the library's own checks
 * and events, and its store, for what the node does not expose (counts per queue, nodes, job lists).
 *
 * @param node  the application's or worker's node
 * @param store the store it was built with
 */
record Source(Stevedore node, Store store) {}
