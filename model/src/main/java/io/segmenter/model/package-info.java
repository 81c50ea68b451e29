/**
 * The model bundle format and the batched DL4J scorer, shared by the stream (serving) and the
 * trainer (training). No Kafka Streams.
 *
 * <ul>
 *   <li>{@link io.segmenter.model.ModelBundle}: the versioned zip artifact; {@code read} validates,
 *       {@code builder()} assembles (trainer), {@code write} / {@code toBytes} persist.</li>
 *   <li>{@link io.segmenter.model.BundleValidator}: every check before use;
 *       {@link io.segmenter.model.BundleRejectedException} says which one failed.</li>
 *   <li>{@link io.segmenter.model.BatchScorer}: many vectors per DL4J call; one instance per thread
 *       from {@link io.segmenter.model.ModelBundle#newScorer()}.</li>
 *   <li>{@link io.segmenter.model.ScoreExplainer}: reasons in words an analyst reads.</li>
 *   <li>{@link io.segmenter.model.DemoBundles}: a small valid bundle from seeded synthetic data.</li>
 * </ul>
 */
package io.segmenter.model;
