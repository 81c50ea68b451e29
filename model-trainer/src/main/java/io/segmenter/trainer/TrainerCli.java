package io.segmenter.trainer;

/**
 * Entry point of {@code model-trainer.jar}. The commands (train, evaluate, publish, refresh)
 * arrive with the trainer issue; until then the jar says so and exits non-zero, so a scheduled
 * job pointed at it fails loudly instead of succeeding without training.
 */
public final class TrainerCli {

    private TrainerCli() {
    }

    public static void main(String[] args) {
        System.err.println("model-trainer: no commands yet (train, evaluate, publish and refresh are not built);"
                + " see the trainer issue. Nothing was done.");
        System.exit(2);
    }
}
