package io.segmenter.stream.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.config.SegmenterConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code segmenter run}: one instance of the service against a real cluster, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one instance against --bootstrap-servers until interrupted (SIGTERM closes it cleanly).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        SegmenterConfig resolved = config.resolve(System.getenv());
        LOG.info("configuration: {}", resolved);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CountDownLatch stopped = new CountDownLatch(1);
        SegmenterApp app = SegmenterApp.create(resolved, meters);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested, closing");
            app.close();
            stopped.countDown();
        }, "segmenter-shutdown"));
        app.start();
        stopped.await();
        return 0;
    }
}
