/**
 * Training data: reading IDX files (the MNIST format, plain or gzip) and CSV files into
 * {@link dev.nnc.runtime.data.Dataset}s, scaling and standardising features, splitting off a
 * validation set, and filling caller-owned batch arrays in a seeded shuffled order.
 *
 * <p>Every problem with the data itself is a {@link dev.nnc.runtime.data.DataException}
 * whose message names the file and, where there is one, the row and column: a caller prints
 * {@code getMessage()} and nothing else. Mistakes in calling the API (a negative batch size,
 * a batch array of the wrong type) are {@link IllegalArgumentException}s.
 *
 * <p>JDK only, like the rest of the runtime.
 */
package dev.nnc.runtime.data;
