package io.segmenter.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmenter.trainer.TrainingProgress;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.predict.Backtest;
import io.segmenter.trainer.predict.BacktestJson;
import io.segmenter.trainer.predict.BacktestText;
import io.segmenter.trainer.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backtest}: the predictive heads and their baselines, trained before a time and measured after it. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Measure the predictions (P(order within H), expected orders, P(no event within C)) on a later"
                + " period: DL4J, naive Bayes, logistic/Poisson regression, the best single feature and BG/NBD learn from"
                + " the cuts before each source's test start and are measured on the cuts from it on, every figure with"
                + " a bootstrap 95% interval over users.",
            "Prints the tables; with --out writes DIR/predictions.json and DIR/predictions.html."})
public final class BacktestCommand implements Callable<Integer> {

    static final String JSON = "predictions.json";
    static final String HTML = "predictions.html";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainInput input;

    @Mixin
    PredictionOptions prediction;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write predictions.json and predictions.html here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter err = cl.getErr();
        Backtest.Options options = prediction.backtest(cl, seed);
        Cli.warnWithoutSingleThread(err);
        TrainingData data = input.load(cl, err);
        Backtest.Result result = Backtest.run(data, options, TrainingProgress.printingTo(err));
        PrintWriter stdout = cl.getOut();
        stdout.print(BacktestText.format(result));
        if (out != null) {
            write(result, out);
            stdout.println("wrote " + out.resolve(JSON) + " and " + out.resolve(HTML));
        }
        stdout.flush();
        return 0;
    }

    /** {@code dir/predictions.json} and {@code dir/predictions.html}. */
    static void write(Backtest.Result result, Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(JSON), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(BacktestJson.of(result)));
        Files.writeString(dir.resolve(HTML), HtmlReport.backtest(result), StandardCharsets.UTF_8);
    }
}
