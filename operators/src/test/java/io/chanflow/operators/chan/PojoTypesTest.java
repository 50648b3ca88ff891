package io.chanflow.operators.chan;

import io.chanflow.state.outcome.ExitReason;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.outcome.TradeOutcome;
import io.chanflow.state.outcome.TradeResult;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records between the chan operator and the scoring step are Flink POJOs all the way down, never Kryo. */
class PojoTypesTest {

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws Exception {
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        TypeSerializer<T> ser = type.createSerializer(noKryo);
        DataOutputSerializer out = new DataOutputSerializer(512);
        ser.serialize(value, out);
        return ser.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    }

    private static Signal signal(SignalStatus st) {
        return new Signal(Signal.idOf("SPY", "5m", "seg", 1_000L, false, "1p"), "SPY", "5m", "seg", 1_000L, false, "1p",
                st, 2, "why", 60_000L, 7, 167.25, "0123456789abcdef", Signal.UNSCORED, 0, 0);
    }

    @Test
    void shouldSerializeSignalEventsAndOutcomeEventsAsPojosWithoutKryo() throws Exception {
        assertThat(SignalEvent.TYPE).isInstanceOf(PojoTypeInfo.class);
        assertThat(OutcomeEvent.TYPE).isInstanceOf(PojoTypeInfo.class);
        double[] f = new double[Features.NAMES.size()];
        f[3] = -1.5;
        SignalEvent confirmed = new SignalEvent(signal(SignalStatus.CONFIRMED), f, Features.SCHEMA_VERSION, 120_000L);
        SignalEvent provisional = new SignalEvent(signal(SignalStatus.PROVISIONAL), null, 0, 120_000L);
        assertThat(roundTrip(SignalEvent.TYPE, confirmed)).isEqualTo(confirmed);
        assertThat(roundTrip(SignalEvent.TYPE, provisional)).isEqualTo(provisional);
        Signal scored = signal(SignalStatus.CONFIRMED).withScore(0.25, 3, 1);
        assertThat(roundTrip(TypeInformation.of(Signal.class), scored)).isEqualTo(scored);

        TradeOutcome o = new TradeOutcome("SPY/5m/seg/1000/S/1p", "SPY", "5m", "seg", 1_000L, false, List.of("1p", "2"),
                60_000L, 167.0, 167.5, 166.0, 360_000L, 166.0, 0.6, 0.7, 0.1, 5, TradeResult.WIN, ExitReason.TARGET);
        OutcomeEvent e = new OutcomeEvent(o, f, Features.SCHEMA_VERSION, 420_000L);
        assertThat(roundTrip(OutcomeEvent.TYPE, e)).isEqualTo(e);
    }

    record WithAnObject(String name, Object payload) { }

    record Nesting(String name, WithAnObject inner) { }

    @Test
    void shouldFailFastNamingTheRecordWhenItOrAFieldWouldNeedKryo() {
        assertThatThrownBy(() -> PojoTypes.strict(WithAnObject.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(WithAnObject.class.getName())
                .hasMessageContaining("Kryo");
        assertThatThrownBy(() -> PojoTypes.strict(Nesting.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Nesting.class.getName())
                .hasMessageContaining("Kryo");
    }

    @Test
    void shouldRejectFeaturesOnRevisionsThatAreNotConfirmedAndTheirAbsenceOnConfirmedOnes() {
        double[] f = new double[Features.NAMES.size()];
        assertThatThrownBy(() -> new SignalEvent(signal(SignalStatus.CONFIRMED), null, 0, 120_000L))
                .hasMessageContaining("CONFIRMED without features");
        assertThatThrownBy(() -> new SignalEvent(signal(SignalStatus.INVALIDATED), f, 1, 120_000L))
                .hasMessageContaining("INVALIDATED with features");
        assertThatThrownBy(() -> new SignalEvent(signal(SignalStatus.PROVISIONAL), null, 0, 60_000L))
                .hasMessageContaining("knownAt");
    }
}
