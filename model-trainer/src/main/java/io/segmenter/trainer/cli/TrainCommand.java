package io.segmenter.trainer.cli;

import io.segmenter.trainer.Trainer;
import io.segmenter.trainer.TrainingProgress;
import io.segmenter.trainer.data.TrainingData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: data to {@code DIR/model.zip}, {@code baseline.json}, {@code metrics.json}, {@code report.html}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Learn segments and the fraud model from history, measure them on held-out users, write the bundle.",
            "Writes DIR/model.zip, DIR/baseline.json (clustering and naive Bayes, for evaluate), DIR/metrics.json, DIR/report.html."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainInput input;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Trainer.Options options = training.resolve(spec.commandLine());
        Cli.warnWithoutSingleThread(err);
        TrainingData data = input.load(spec.commandLine(), err);
        Trainer.Run run = Trainer.train(data, options, TrainingProgress.printingTo(err));
        Outputs.writeTraining(run, out);
        PrintWriter stdout = spec.commandLine().getOut();
        Outputs.printTraining(run, out, stdout);
        stdout.flush();
        return 0;
    }
}
