package io.chanflow.state.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FeatureNormalizerTest {

    static FeatureVector random(Random r) {
        double[] v = new double[Features.NAMES.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextDouble() - 0.3) * 300; // far outside most ranges, so clipping is exercised
        }
        for (int i = 0; i < 6; i++) {
            v[i] = 0;
        }
        v[r.nextInt(6)] = 1;
        return new FeatureVector(Features.SCHEMA_VERSION, v);
    }

    /** Every feature at the value its scaling maps to 0 (pivot_pos 0.5, rsi14 50, bb_pct_b 0.5; the rest 0). */
    static double[] neutral() {
        double[] v = new double[30];
        v[12] = 0.5;
        v[25] = 50;
        v[27] = 0.5;
        return v;
    }

    static double length(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    @Test
    void shouldScaleEveryFeatureOfTheSchemaInItsOrder() {
        assertThat(FeatureNormalizer.SCALES).extracting(FeatureNormalizer.Scale::name)
                .containsExactlyElementsOf(Features.NAMES);
        assertThat(FeatureNormalizer.DIMENSIONS).isEqualTo(30);
    }

    @Test
    void shouldReturnUnitLengthVectorsOfFiniteValues() {
        Random r = new Random(42);
        for (int n = 0; n < 1000; n++) {
            float[] v = FeatureNormalizer.normalize(random(r));
            assertThat(v).hasSize(30);
            assertThat(length(v)).isCloseTo(1.0, offset(1e-6));
            for (float f : v) {
                assertThat(Float.isFinite(f)).isTrue();
            }
        }
    }

    @Test
    void shouldBeDeterministicForEqualVectors() {
        FeatureVector a = random(new Random(5));
        FeatureVector b = new FeatureVector(Features.SCHEMA_VERSION, a.toArray());
        assertThat(FeatureNormalizer.normalize(a)).containsExactly(FeatureNormalizer.normalize(b));
    }

    @Test
    void shouldKeepTheOneHotTypeFlagsOneHotWithEqualWeights() {
        double[] v = new double[30];
        v[3] = 1; // type_2s
        v[5] = 1; // type_3b
        v[6] = 1; // is_buy
        v[25] = 70; // rsi14
        float[] n = FeatureNormalizer.normalize(new FeatureVector(1, v));
        assertThat(n[0]).isZero();
        assertThat(n[1]).isZero();
        assertThat(n[2]).isZero();
        assertThat(n[4]).isZero();
        assertThat(n[3]).isPositive().isEqualTo(n[5]).isEqualTo(n[6]);
        assertThat(n[7]).isZero();
    }

    @Test
    void shouldClipOutliersSoOneFeatureCannotDominate() {
        double[] a = neutral();
        a[0] = 1;
        a[15] = 5; // stroke_amp_pct at the top of its range
        double[] b = a.clone();
        b[15] = 500; // an absurd amplitude: clipped to 5
        assertThat(FeatureNormalizer.normalize(new FeatureVector(1, b)))
                .containsExactly(FeatureNormalizer.normalize(new FeatureVector(1, a)));
        assertThat(FeatureNormalizer.normalize(new FeatureVector(1, a))[0]).isCloseTo((float) Math.sqrt(0.5),
                offset(1e-6f));
    }

    @Test
    void shouldRejectAVectorWithNothingToCompare() {
        double[] zero = neutral(); // no type flag set, every other feature at its centre
        assertThatThrownBy(() -> FeatureNormalizer.normalize(new FeatureVector(1, zero)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
        assertThatThrownBy(() -> FeatureNormalizer.normalize(new FeatureVector(2, new double[3])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
    }
}
