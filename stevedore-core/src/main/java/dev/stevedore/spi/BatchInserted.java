package dev.stevedore.spi;

import java.util.List;

/**
 * What {@link Store#batchInsert} inserted. SPI record.
 *
 * @param id     the batch's id
 * @param jobIds its jobs' ids, in input order
 */
public record BatchInserted(long id, List<Long> jobIds) {
    public BatchInserted {
        jobIds = List.copyOf(jobIds);
    }
}
