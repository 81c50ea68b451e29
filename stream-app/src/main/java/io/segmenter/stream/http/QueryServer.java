package io.segmenter.stream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's one HTTP port (JDK {@link HttpServer}, a small fixed pool of request threads).
 * Serves {@code GET /users/{id}} (see {@link UsersHandler} and {@link UserDocument}) and
 * {@code GET /health/live}; {@link #route} adds more (metrics, readiness). With
 * {@code http.auth.token} set, {@code /users} requires {@code Authorization: Bearer <token>}
 * ({@link BearerTokenCheck}, 401 otherwise); routes added with {@link #route} stay open.
 *
 * <p>Binds before the streams exist, because {@code application.server} must name the bound
 * port:
 * <pre>{@code
 * QueryServer server = QueryServer.start(HttpSettings.from(config));
 * SegmenterApp app = SegmenterApp.create(config.with("http.port", Integer.toString(server.port())), meters);
 * server.serveUsers(app.streams());   // until then /users answers 503
 * app.start();
 * ...
 * server.close();                      // before app.close()
 * }</pre>
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    /** How long {@link #close} lets running exchanges finish. */
    private static final Duration DEFAULT_DRAIN = Duration.ofSeconds(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(3);

    private final HttpServer server;
    private final ExecutorService pool;
    private final HostInfo self;
    private final Duration drainTimeout;
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonResponses responses = new JsonResponses(mapper);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object drain = new Object();
    private int inFlight; // guarded by drain
    private volatile boolean stopping;
    private volatile UserQueries users = UserQueries.NOT_ATTACHED;

    private QueryServer(HttpServer server, ExecutorService pool, HostInfo self, Duration drainTimeout) {
        this.server = server;
        this.pool = pool;
        this.self = self;
        this.drainTimeout = drainTimeout;
    }

    /** Binds {@code bindAddress:port} and starts serving; {@code /users} answers 503 until {@link #serveUsers}. */
    public static QueryServer start(HttpSettings settings) {
        return start(settings, DEFAULT_DRAIN);
    }

    static QueryServer start(HttpSettings settings, Duration drainTimeout) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the HTTP server to " + settings.bindAddress() + ":" + settings.port(), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), threadFactory());
        server.setExecutor(pool);
        QueryServer query = new QueryServer(server, pool, new HostInfo(settings.advertisedHost(), server.getAddress().getPort()),
                drainTimeout);
        query.registerDefaultRoutes(settings.authToken());
        server.start();
        LOG.info("HTTP server listening on {}:{}, advertised to other instances as {}; /users {}",
                settings.bindAddress(), query.port(), OwnerForwarder.authority(query.self),
                settings.requiresToken() ? "requires a bearer token" : "is open (no http.auth.token)");
        return query;
    }

    private void registerDefaultRoutes(String authToken) {
        OwnerForwarder forwarder = new OwnerForwarder(self, CONNECT_TIMEOUT, FORWARD_TIMEOUT, authToken);
        HttpHandler usersHandler = new UsersHandler(() -> users, forwarder, responses);
        server.createContext("/users", tracked(authToken.isEmpty()
                ? usersHandler
                : new BearerTokenCheck(authToken).guard(usersHandler, responses)));
        route("/health/live", exchange -> responses.json(exchange, 200, mapper.createObjectNode().put("status", "UP")));
        server.createContext("/", tracked(exchange -> {
            try (exchange) {
                responses.error(exchange, 404, "not-found", "no such endpoint");
            }
        }));
    }

    /** The bound port (the real one when {@code http.port} was 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The bound address and port ({@code http.bind}). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** How other instances reach this one: the advertised host and the bound port. */
    public HostInfo self() {
        return self;
    }

    /** Answers {@code /users/{id}} from {@code streams} from now on. */
    public void serveUsers(KafkaStreams streams) {
        serveUsers(streams, List.of());
    }

    /** As {@link #serveUsers(KafkaStreams)}, adding one top-level field per attribute to each user document. */
    public void serveUsers(KafkaStreams streams, List<UserAttribute> attributes) {
        serveUsers(new StreamsUserQueries(streams, self, new UserDocument(mapper, self, attributes)));
    }

    void serveUsers(UserQueries queries) {
        this.users = queries;
    }

    /**
     * Serves {@code GET path} (exact path) with {@code handler}; other methods get 405. For
     * endpoints such as {@code /metrics} and {@code /health/ready}.
     */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, tracked(exchange -> {
            try (exchange) {
                if (!path.equals(exchange.getRequestURI().getPath())) {
                    responses.error(exchange, 404, "not-found", "no such endpoint");
                } else if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    responses.error(exchange, 405, "method-not-allowed", "only GET is supported");
                } else {
                    handler.handle(exchange);
                }
            }
        }));
    }

    /**
     * Answers new requests with 503, lets running ones finish (for up to a second), then closes
     * the port and stops the threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        try {
            awaitDrained(drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // stop(0): on JDK 17 a positive delay is always waited in full, even when nothing runs
        server.stop(0);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(FORWARD_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("HTTP server on port {} stopped", port());
    }

    private void awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drain) {
            while (inFlight > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                drain.wait(left);
            }
        }
    }

    /** Counts the exchange in flight for {@link #close}; once stopping, answers 503 instead. */
    private HttpHandler tracked(HttpHandler handler) {
        return exchange -> {
            synchronized (drain) {
                inFlight++;
            }
            try {
                if (stopping) {
                    try (exchange) {
                        responses.error(exchange, 503, "shutting-down", "this instance is stopping");
                    }
                } else {
                    handler.handle(exchange);
                }
            } finally {
                synchronized (drain) {
                    if (--inFlight == 0) {
                        drain.notifyAll();
                    }
                }
            }
        };
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "segmenter-http-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
