package io.segmenter.trainer.cli;

import io.segmenter.trainer.predict.Backtest;
import io.segmenter.trainer.predict.PredictionTargets;
import io.segmenter.trainer.predict.PredictiveTraining;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The predictive heads' settings: periods and the network. */
public final class PredictionOptions {

    @Option(names = "--purchase-horizon", paramLabel = "DURATION",
            description = "H: predict orders in the H after each cut (ISO-8601, e.g. P1D, P7D). Default: by the data's span,"
                    + " P7D with churn P30D for data of 90 days or more, P1D/P3D from 9 days, PT1H/PT1H below.")
    Duration purchaseHorizon;

    @Option(names = "--churn-horizon", paramLabel = "DURATION",
            description = "C: churn = no event at all in the C after the cut (ISO-8601). Give it with --purchase-horizon.")
    Duration churnHorizon;

    @Option(names = "--predictive-hidden", split = ",", defaultValue = "64,32",
            description = "Hidden layer sizes of the predictive network's shared trunk. Default: ${DEFAULT-VALUE}.")
    int[] hidden;

    @Option(names = "--predictive-epochs", defaultValue = "40",
            description = "Most epochs per member (early stopping on held-out users). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--predictive-members", defaultValue = "5",
            description = "Networks in the ensemble, each from its own seed. Default: ${DEFAULT-VALUE}.")
    int members;

    @Option(names = "--test-from", paramLabel = "DATE",
            description = "First test day of the predictions (yyyy-MM-dd, midnight of each source's zone: UTC+8 for taobao,"
                    + " else UTC) for every source. Default: each source's last 30% of daily cuts.")
    LocalDate testFrom;

    @Option(names = "--resamples", defaultValue = "1000",
            description = "Bootstrap resamples per interval of the prediction figures. Default: ${DEFAULT-VALUE}.")
    int resamples;

    /** Whether the periods were given (then data that cannot support them is an error, not a bundle without heads). */
    boolean given() {
        return purchaseHorizon != null || churnHorizon != null;
    }

    /** The backtest these options describe. */
    Backtest.Options backtest(CommandLine commandLine, long seed) {
        if (resamples < 1) {
            throw new ParameterException(commandLine, "--resamples must be at least 1");
        }
        return new Backtest.Options(targets(commandLine), Optional.ofNullable(testFrom), network(commandLine, seed),
                resamples);
    }

    Optional<PredictionTargets> targets(CommandLine commandLine) {
        if ((purchaseHorizon == null) != (churnHorizon == null)) {
            throw new ParameterException(commandLine, "give --purchase-horizon and --churn-horizon together");
        }
        try {
            return purchaseHorizon == null ? Optional.empty()
                    : Optional.of(new PredictionTargets(purchaseHorizon, churnHorizon));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
    }

    PredictiveTraining.Options network(CommandLine commandLine, long seed) {
        try {
            PredictiveTraining.Options d = PredictiveTraining.Options.defaults(seed);
            return new PredictiveTraining.Options(hidden, epochs, members, d.learningRate(), d.l2(), d.calibrationShare(),
                    seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
    }
}
