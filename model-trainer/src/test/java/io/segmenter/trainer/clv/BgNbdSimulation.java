package io.segmenter.trainer.clv;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Customers drawn from a BG/NBD model: lambda ~ Gamma(r, alpha), p ~ Beta(a, b); purchases at rate
 * lambda from time 0 (the first purchase), a dropout with probability p after each repeat purchase.
 */
final class BgNbdSimulation {

    private final BgNbd model;
    private final RandomGenerator random;
    private final GammaDistribution rate;
    private final BetaDistribution dropout;

    BgNbdSimulation(BgNbd model, long seed) {
        this.model = model;
        this.random = new Well19937c(seed);
        this.rate = new GammaDistribution(random, model.r(), 1 / model.alpha());
        this.dropout = new BetaDistribution(random, model.a(), model.b());
    }

    /** One customer observed for {@code T} after the first purchase. */
    RepeatSummary customer(double T) {
        double lambda = rate.sample();
        double p = dropout.sample();
        int x = 0;
        double tx = 0;
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / lambda;
            if (t > T) {
                return new RepeatSummary(x, tx, T);
            }
            x++;
            tx = t;
            if (random.nextDouble() < p) {
                return new RepeatSummary(x, tx, T);
            }
        }
    }

    /** {@code n} customers whose observation lengths T spread evenly over [minT, maxT]. */
    List<RepeatSummary> customers(int n, double minT, double maxT) {
        List<RepeatSummary> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(customer(minT + (maxT - minT) * i / Math.max(1, n - 1)));
        }
        return out;
    }

    BgNbd model() {
        return model;
    }
}
