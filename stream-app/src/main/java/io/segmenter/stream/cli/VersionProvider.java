package io.segmenter.stream.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = SegmenterCli.class.getPackage().getImplementationVersion();
        return new String[] {"segmenter " + (version == null ? "(development build)" : version)};
    }
}
