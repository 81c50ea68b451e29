package io.segmenter.stream.testing;

/** A started broker of either kind, owned by {@link KafkaBrokerExtension}. */
interface RunningBroker extends TestKafkaBroker, AutoCloseable {

    @Override
    void close();
}
