/** The model bundle format and the batched scorer (filled by the scoring issue). */
package io.segmenter.model;
