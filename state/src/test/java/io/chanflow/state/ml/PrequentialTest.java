package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PrequentialTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void shouldGiveOneForAPerfectRankingAndZeroForAReversedOne() {
        assertThat(Prequential.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {F, F, T, T})).isEqualTo(1.0);
        assertThat(Prequential.auc(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {F, F, T, T})).isEqualTo(0.0);
    }

    @Test
    void shouldGiveOneHalfWhenEveryScoreIsTied() {
        assertThat(Prequential.auc(new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, new boolean[] {T, F, T, F, F})).isEqualTo(0.5);
    }

    @Test
    void shouldMatchAFourPointCaseWorkedByHand() {
        // positives score 0.35 and 0.8, negatives 0.1 and 0.4; the four (positive, negative) pairs:
        //   0.35 > 0.1 yes, 0.35 > 0.4 no, 0.8 > 0.1 yes, 0.8 > 0.4 yes  ->  3 / 4
        // by ranks: sorted 0.1(1) 0.35(2) 0.4(3) 0.8(4); positive ranks 2 + 4 = 6; (6 - 2*3/2) / (2*2) = 0.75
        assertThat(Prequential.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {F, F, T, T})).isEqualTo(0.75);
    }

    @Test
    void shouldGiveTiesHalfCredit() {
        // positives 0.5 and 0.9, negatives 0.5 and 0.2: pairs 0.5~0.5 tie (1/2), 0.5>0.2, 0.9>0.5, 0.9>0.2 -> 3.5 / 4
        assertThat(Prequential.auc(new double[] {0.5, 0.5, 0.2, 0.9}, new boolean[] {T, F, F, T})).isEqualTo(0.875);
    }

    @Test
    void shouldAgreeWithCountingEveryPairOnARandomSample() {
        SplittableRandom r = new SplittableRandom(8);
        int n = 300;
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextBoolean();
            s[i] = Math.round((r.nextDouble() + (y[i] ? 0.3 : 0)) * 20) / 20.0; // coarse: many ties
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(Prequential.auc(s, y)).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void shouldGiveNaNWhenAClassIsAbsentOrTheInputIsEmpty() {
        assertThat(Prequential.auc(new double[] {0.1, 0.9}, new boolean[] {T, T})).isNaN();
        assertThat(Prequential.auc(new double[] {0.1, 0.9}, new boolean[] {F, F})).isNaN();
        assertThat(Prequential.auc(new double[0], new boolean[0])).isNaN();
        assertThat(Prequential.logLoss(new double[0], new boolean[0])).isNaN();
        assertThat(Prequential.accuracy(new double[0], new boolean[0])).isNaN();
    }

    @Test
    void shouldComputeLogLossWithClamping() {
        // -(ln 0.8 + ln 0.5) / 2
        assertThat(Prequential.logLoss(new double[] {0.8, 0.5}, new boolean[] {T, F}))
                .isCloseTo(-(Math.log(0.8) + Math.log(0.5)) / 2, within(1e-15));
        // a certain mistake costs -ln(1e-15) ~ 34.54, not infinity
        assertThat(Prequential.logLoss(new double[] {0.0}, new boolean[] {T})).isCloseTo(-Math.log(1e-15), within(1e-9));
        assertThat(Prequential.logLoss(new double[] {1.0}, new boolean[] {T})).isCloseTo(0.0, within(1e-14));
    }

    @Test
    void shouldCountAccuracyAtThresholdOneHalf() {
        assertThat(Prequential.accuracy(new double[] {0.5, 0.49, 0.9, 0.1}, new boolean[] {T, T, F, F})).isEqualTo(0.5);
    }

    @Test
    void shouldRejectMismatchedLengthsAndNaNScores() {
        assertThatThrownBy(() -> Prequential.auc(new double[2], new boolean[3])).hasMessage("2 scores but 3 labels");
        assertThatThrownBy(() -> Prequential.logLoss(new double[] {Double.NaN}, new boolean[1])).hasMessage("score 0 is NaN");
    }
}
