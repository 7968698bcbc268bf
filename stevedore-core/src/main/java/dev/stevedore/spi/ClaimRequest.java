package dev.stevedore.spi;

/**
 * Claim parameters. SPI record.
 *
 * @param queue  the queue to claim from
 * @param nodeId the claiming node
 * @param limit  the most jobs to claim, ≥ 1
 */
public record ClaimRequest(String queue, String nodeId, int limit) {
    public ClaimRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be ≥ 1, was " + limit);
        }
    }
}
