/**
 * The conformance suite every {@link dev.stevedore.spi.Store} passes. A store module subclasses
 * {@link dev.stevedore.tck.StoreContract} with a {@link dev.stevedore.tck.StoreFixture} factory.
 */
package dev.stevedore.tck;
