package dev.stevedore.examples.spring;

import dev.stevedore.JobKind;

/** The job of counting the day's accounts; scheduled by stevedore.cron.nightly-report. */
@JobKind("shop.nightly-report")
public record NightlyReport(String region) {}
