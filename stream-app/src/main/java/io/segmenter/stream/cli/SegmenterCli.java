package io.segmenter.stream.cli;

public final class SegmenterCli {
    public static void main(String[] args) {
    }
}
