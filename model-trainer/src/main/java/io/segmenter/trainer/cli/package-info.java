/**
 * The {@code model-trainer} commands ({@code train}, {@code evaluate}, {@code publish},
 * {@code refresh}) and their shared options; {@link io.segmenter.trainer.TrainerCli} is the entry
 * point. Results go to stdout, progress to stderr.
 */
package io.segmenter.trainer.cli;
