/**
 * What a person reads after training or evaluating: {@code metrics.json}
 * ({@link io.segmenter.trainer.report.MetricsJson}) and a self-contained {@code report.html} of
 * inline-SVG plots ({@link io.segmenter.trainer.report.HtmlReport}, {@link io.segmenter.trainer.report.Svg}).
 */
package io.segmenter.trainer.report;
