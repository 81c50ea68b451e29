package io.segmenter.trainer.cli;

import io.segmenter.trainer.clv.BgNbd;
import io.segmenter.trainer.clv.CdnowProtocol;
import io.segmenter.trainer.clv.CustomerHoldout;
import io.segmenter.trainer.eval.Bootstrap;
import io.segmenter.trainer.eval.Clusters;
import io.segmenter.trainer.eval.CountMetrics;
import io.segmenter.trainer.predict.BacktestText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdnow}: the published CDNOW protocol (Fader, Hardie and Lee 2005) with BG/NBD and the naive baselines. */
@Command(name = "cdnow", mixinStandardHelpOptions = true,
        description = {"The CDNOW protocol of Fader, Hardie and Lee (2005): BG/NBD fitted on the first 39 weeks of 1997,"
                + " each customer's transaction days in the next 39 weeks predicted, beside 'calibration rate x 39 weeks'"
                + " and 'always 0'; 95% bootstrap intervals over customers."})
public final class CdnowCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "CDNOW_master.txt (the full 23,570 customers).")
    Path data;

    @Option(names = "--resamples", defaultValue = "1000", description = "Bootstrap resamples. Default: ${DEFAULT-VALUE}.")
    int resamples;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the resampling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        CdnowProtocol protocol = CdnowProtocol.standard();
        List<CustomerHoldout> rows = protocol.rows(data);
        BgNbd model = CdnowProtocol.fit(rows);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "CDNOW: %,d customers, calibration to %s, holdout %.0f weeks%n", rows.size(),
                protocol.calibrationEnd(), protocol.holdoutWeeks());
        out.printf(Locale.ROOT, "BG/NBD (weeks): r %.3f, alpha %.3f, a %.3f, b %.3f%n", model.r(), model.alpha(), model.a(),
                model.b());
        double[] actual = rows.stream().mapToDouble(CustomerHoldout::holdoutTransactions).toArray();
        Bootstrap bootstrap = new Bootstrap(seed, resamples);
        Clusters customers = Clusters.singletons(rows.size());
        out.printf(Locale.ROOT, "  %-30s %-22s %-22s %-22s %s%n", "model", "RMSE", "MAE", "top-decile lift (any)",
                "predicted / actual");
        print(out, "BG/NBD", protocol.bgNbdPredictions(model, rows), actual, customers, bootstrap);
        print(out, "calibration rate x 39 weeks", protocol.calibrationRatePredictions(rows), actual, customers, bootstrap);
        print(out, "always 0", CdnowProtocol.zeroPredictions(rows), actual, customers, bootstrap);
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String name, double[] predicted, double[] actual, Clusters customers,
            Bootstrap bootstrap) {
        CountMetrics m = CountMetrics.of(predicted, actual);
        out.printf(Locale.ROOT, "  %-30s %-22s %-22s %-22s %,.0f / %,.0f%n", name, BacktestText.ci(bootstrap.interval(customers,
                m::rmse)), BacktestText.ci(bootstrap.interval(customers, m::mae)),
                m.sumPredicted() > 0 ? BacktestText.ci(bootstrap.interval(customers, m::anyEventLift)) : "-",
                m.sumPredicted(), m.sumActual());
    }
}
