package io.segmenter.trainer;

import io.segmenter.model.NetworkTraining;
import java.io.PrintWriter;
import java.util.Locale;

/** Where a long run reports what it is doing: stages, and epochs with their loss. */
public interface TrainingProgress {

    /** Nothing reported. */
    TrainingProgress SILENT = new TrainingProgress() {
        @Override
        public void stage(String what) {
        }

        @Override
        public NetworkTraining.EpochListener epochs(String network, int epochs) {
            return NetworkTraining.EpochListener.SILENT;
        }
    };

    void stage(String what);

    /** The listener of one network's fit of {@code epochs} epochs. */
    NetworkTraining.EpochListener epochs(String network, int epochs);

    /** One line per stage and about ten lines per network (every tenth of its epochs and the last), to {@code out}. */
    static TrainingProgress printingTo(PrintWriter out) {
        return new TrainingProgress() {
            @Override
            public void stage(String what) {
                out.println(what);
                out.flush();
            }

            @Override
            public NetworkTraining.EpochListener epochs(String network, int epochs) {
                int step = Math.max(1, epochs / 10);
                return (epoch, loss) -> {
                    if (epoch % step == 0 || epoch == epochs || epoch == 1) {
                        out.println(String.format(Locale.ROOT, "  %s epoch %d/%d loss %.5f", network, epoch, epochs, loss));
                        out.flush();
                    }
                };
            }
        };
    }
}
