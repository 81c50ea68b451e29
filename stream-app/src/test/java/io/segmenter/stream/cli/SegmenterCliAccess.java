package io.segmenter.stream.cli;

import java.io.PrintWriter;

/** Runs the CLI in-process for tests, capturing its output. */
public final class SegmenterCliAccess {

    private SegmenterCliAccess() {
    }

    public static int execute(PrintWriter out, String... args) {
        var cli = SegmenterCli.commandLine();
        cli.setOut(out);
        cli.setErr(out);
        return cli.execute(args);
    }
}
