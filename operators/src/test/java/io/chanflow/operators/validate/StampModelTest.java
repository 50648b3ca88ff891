package io.chanflow.operators.validate;

import io.chanflow.operators.chan.SignalEvent;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StampModelTest {
    private static final ActiveModel INITIAL = new ActiveModel("a:1b", "1", "v1");

    private static BroadcastOperatorTestHarness<SignalEvent, String, ValidationRequest> harness() throws Exception {
        return new BroadcastOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(new StampModel(INITIAL),
                List.of(StampModel.HISTORY)), 1, 1, 0);
    }

    private static String stampOf(BroadcastOperatorTestHarness<SignalEvent, String, ValidationRequest> h, int i)
            throws Exception {
        h.processElement(new StreamRecord<>(Fixtures.confirmed("SPY", i), i));
        List<ValidationRequest> out = h.extractOutputValues();
        ValidationRequest r = out.get(out.size() - 1);
        return r.model() + " " + r.modelVersion() + " " + r.promptVersion();
    }

    @Test
    void shouldStampByArrivalKeepAHistoryAndRollBackOneStep() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            assertThat(stampOf(h, 0)).isEqualTo("a:1b 1 v1");
            h.processBroadcastElement(new StreamRecord<>(
                    "{\"model\":\"b:3b\",\"version\":\"2\",\"prompt_version\":\"v1\",\"action\":\"activate\"}", 1));
            assertThat(stampOf(h, 1)).isEqualTo("b:3b 2 v1");
            h.processBroadcastElement(new StreamRecord<>(
                    "{\"model\":\"c:7b\",\"version\":\"3\",\"prompt_version\":\"v2\",\"action\":\"activate\"}", 2));
            h.processBroadcastElement(new StreamRecord<>("not json", 3)); // ignored, counted
            assertThat(stampOf(h, 2)).isEqualTo("c:7b 3 v2");
            h.processBroadcastElement(new StreamRecord<>("{\"action\":\"rollback\"}", 4));
            assertThat(stampOf(h, 3)).isEqualTo("b:3b 2 v1");
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(stampOf(restored, 4)).as("history survives a restore").isEqualTo("b:3b 2 v1");
            restored.processBroadcastElement(new StreamRecord<>("{\"action\":\"rollback\"}", 5));
            assertThat(stampOf(restored, 5)).isEqualTo("a:1b 1 v1");
            restored.processBroadcastElement(new StreamRecord<>("{\"action\":\"rollback\"}", 6)); // nothing left
            assertThat(stampOf(restored, 6)).isEqualTo("a:1b 1 v1");
        }
    }

    @Test
    void shouldRejectControlMessagesThatNameNoModel() {
        assertThatThrownBy(() -> ModelControl.parse("{\"action\":\"activate\",\"model\":\"x\"}"))
                .hasMessageContaining("model, version and prompt_version");
        assertThatThrownBy(() -> ModelControl.parse("{\"action\":\"promote\"}")).hasMessageContaining("activate or rollback");
        assertThat(ModelControl.parse("{\"action\":\"rollback\"}").action()).isEqualTo(ModelControl.Action.ROLLBACK);
    }
}
