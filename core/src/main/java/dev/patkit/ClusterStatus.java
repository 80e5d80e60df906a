package dev.patkit;

import java.time.Duration;

/**
 * What a node in cluster mode knows of its link, for metrics and health checks.
 *
 * @param trusted         whether it verifies cached tokens from memory now (otherwise it reads the store every call)
 * @param leaseRemaining  how long its current trust lasts without another renewal; zero when not trusted
 * @param appliedSequence the last change it has applied
 * @param lag             how long ago it last confirmed that it had applied every change
 */
public record ClusterStatus(boolean trusted, Duration leaseRemaining, long appliedSequence, Duration lag) {
}
