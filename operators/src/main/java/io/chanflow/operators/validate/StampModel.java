package io.chanflow.operators.validate;

import io.chanflow.operators.chan.SignalEvent;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Map;
import java.util.Objects;

/**
 * Stamps every signal revision with the active model, version and prompt version, <b>before</b> the async validator:
 * a request in flight keeps the model it was stamped with, so a switch never changes an answer already asked for,
 * and the stamp is what the validated signal and the ledger record.
 *
 * <p>Broadcast state {@code model-history}: index → {@link ActiveModel}, a stack (0 = the oldest). {@code activate}
 * pushes, {@code rollback} pops (the initial model, index -1 in effect, is never popped; a rollback with nothing to
 * go back to is counted in {@code chanflow.llm.controlIgnored}). Empty history: the initial model from the job's
 * settings. Every parallel instance applies the same messages in the same order (one broadcast stream), so they
 * agree on the history.
 *
 * <p><b>Ordering.</b> A control message and a signal are ordered by their arrival at the instance: signals that
 * arrive before the message is processed keep the old model, every later one gets the new model. Flink does not
 * order the two inputs further (there is no event time on control messages), so the exact switching point of a
 * live run is decided by arrival; the ledger makes a replay use the models that were recorded.
 */
public final class StampModel extends BroadcastProcessFunction<SignalEvent, String, ValidationRequest> {
    /** The broadcast state holding the model history. */
    public static final MapStateDescriptor<Integer, ActiveModel> HISTORY =
            new MapStateDescriptor<>("model-history", Types.INT, ActiveModel.TYPE);

    /** Accumulator: activations and rollbacks applied, summed over every parallel instance. */
    public static final String SWITCHES_ACCUMULATOR = "llm-model-switches";

    private final ActiveModel initial;
    private transient Counter switches;
    private transient org.apache.flink.api.common.accumulators.LongCounter switchesApplied;
    private transient Counter ignored;

    public StampModel(ActiveModel initial) {
        this.initial = Objects.requireNonNull(initial, "initial");
    }

    @Override
    public void open(OpenContext ctx) {
        var g = getRuntimeContext().getMetricGroup().addGroup("chanflow").addGroup("llm");
        switches = g.counter("modelSwitches");
        ignored = g.counter("controlIgnored");
        switchesApplied = new org.apache.flink.api.common.accumulators.LongCounter();
        getRuntimeContext().addAccumulator(SWITCHES_ACCUMULATOR, switchesApplied); // summed over the instances
    }

    @Override
    public void processElement(SignalEvent e, ReadOnlyContext ctx, Collector<ValidationRequest> out) throws Exception {
        out.collect(ValidationRequest.of(e, current(ctx.getBroadcastState(HISTORY))));
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<ValidationRequest> out) throws Exception {
        ModelControl c;
        try {
            c = ModelControl.parse(json);
        } catch (IllegalArgumentException bad) {
            ignored.inc();
            return;
        }
        BroadcastState<Integer, ActiveModel> h = ctx.getBroadcastState(HISTORY);
        int top = top(h);
        if (c.action() == ModelControl.Action.ACTIVATE) {
            h.put(top + 1, c.model());
            switches.inc();
            switchesApplied.add(1);
        } else if (top >= 0) {
            h.remove(top);
            switches.inc();
            switchesApplied.add(1);
        } else {
            ignored.inc();
        }
    }

    private ActiveModel current(ReadOnlyBroadcastState<Integer, ActiveModel> h) throws Exception {
        int top = -1;
        ActiveModel m = initial;
        for (Map.Entry<Integer, ActiveModel> e : h.immutableEntries()) {
            if (e.getKey() > top) {
                top = e.getKey();
                m = e.getValue();
            }
        }
        return m;
    }

    private static int top(BroadcastState<Integer, ActiveModel> h) throws Exception {
        int top = -1;
        for (Map.Entry<Integer, ActiveModel> e : h.entries()) {
            top = Math.max(top, e.getKey());
        }
        return top;
    }
}
