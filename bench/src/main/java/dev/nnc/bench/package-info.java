/** JMH benchmarks of nnc against baselines run in the same process. */
package dev.nnc.bench;
