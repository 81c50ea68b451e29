/**
 * Offering bundles to running instances: {@link io.segmenter.trainer.publish.ModelPublisher}
 * validates and produces a {@code ModelRelease} to the compacted models topic,
 * {@link io.segmenter.trainer.publish.ModelReleases} reads the topic back, and
 * {@link io.segmenter.trainer.publish.RefreshRule} decides whether a candidate replaces the live model.
 */
package io.segmenter.trainer.publish;
