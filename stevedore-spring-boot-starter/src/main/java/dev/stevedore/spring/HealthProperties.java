package dev.stevedore.spring;

/** {@code stevedore.health.*}: when the Actuator health indicator "stevedore" says DOWN. */
public class HealthProperties {
    /**
     * A queue this node runs that scores under this (0..100) makes the indicator DOWN; 0 never does.
     * Scores come from the health scorer (docs/health.md): 50 means clearly in trouble.
     */
    private int minQueueScore = 50;

    public int getMinQueueScore() { return minQueueScore; }
    public void setMinQueueScore(int minQueueScore) { this.minQueueScore = minQueueScore; }
}
