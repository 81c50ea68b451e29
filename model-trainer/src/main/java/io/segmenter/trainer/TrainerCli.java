package io.segmenter.trainer;

public final class TrainerCli {
    public static void main(String[] args) {
    }
}
