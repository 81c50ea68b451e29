package io.segmenter.stream.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.http.HttpSettings;
import io.segmenter.stream.http.QueryServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code segmenter run}: one instance of the service against a real cluster, with its HTTP port
 * (interactive queries), until SIGTERM. The HTTP server binds first, so {@code application.server}
 * names the bound port; on SIGTERM it stops before the streams close, so no query reads a
 * closing store.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one instance against --bootstrap-servers until interrupted (SIGTERM closes it cleanly).",
            "Serves GET /users/{id} and /health/live on http.bind:http.port."})
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
        QueryServer server = QueryServer.start(HttpSettings.from(resolved));
        SegmenterApp app;
        try {
            app = SegmenterApp.create(resolved.with("http.port", Integer.toString(server.port())), meters);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.serveUsers(app.streams());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested, closing");
            try {
                server.close();
            } finally {
                app.close();
                stopped.countDown();
            }
        }, "segmenter-shutdown"));
        app.start();
        stopped.await();
        return 0;
    }
}
