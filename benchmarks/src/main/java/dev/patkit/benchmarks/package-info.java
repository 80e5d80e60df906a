/** JMH benchmarks of the verify path. */
package dev.patkit.benchmarks;
