/**
 * What a training run reads: dataset files ({@link io.segmenter.trainer.data.TrainingData}) or the
 * input topics' recent history ({@link io.segmenter.trainer.data.TopicHistory}), each source sorted
 * by event time and named by file name and checksum (or topic offsets).
 */
package io.segmenter.trainer.data;
