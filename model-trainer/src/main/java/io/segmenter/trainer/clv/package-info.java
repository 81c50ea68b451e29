/**
 * Customer purchase counts: the BG/NBD model ({@link io.segmenter.trainer.clv.BgNbd}, Fader, Hardie
 * and Lee 2005) fitted on per-customer {@link io.segmenter.trainer.clv.RepeatSummary}s, the published
 * baseline for how many purchases a customer makes next period, and
 * {@link io.segmenter.trainer.clv.CdnowProtocol}, the standard CDNOW calibration/holdout evaluation
 * that measures it and other predictions on the same customers.
 */
package io.segmenter.trainer.clv;
