package io.chanflow.operators.chan;

import io.chanflow.state.outcome.FeatureVector;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;

import java.util.Arrays;
import java.util.Objects;

/**
 * One signal revision on its way to the scoring step ({@link ChanFunction#SIGNAL_EVENTS}): the
 * engine's unscored {@link Signal}, the features of its point when the revision is CONFIRMED, and
 * the event time at which the revision became known.
 *
 * @param signal the revision as the engine emitted it (unscored)
 * @param features the point's feature values as of the confirming bar, in the order of schema
 *                 {@code featureSchemaVersion}; {@code null} unless the revision is CONFIRMED
 * @param featureSchemaVersion the schema of {@code features}; 0 when there are none
 * @param knownAt the end of the bar whose close caused the revision ({@code causeTime} is its start):
 *                the event time from which the revision is a fact
 */
public record SignalEvent(Signal signal, double[] features, int featureSchemaVersion, long knownAt) {
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<SignalEvent> TYPE =
            PojoTypes.strict(SignalEvent.class);

    public SignalEvent {
        Objects.requireNonNull(signal, "signal");
        boolean confirmed = signal.status() == SignalStatus.CONFIRMED;
        if (confirmed != (features != null)) {
            throw new IllegalArgumentException("features must be given exactly for CONFIRMED revisions: " + signal.id()
                    + " r" + signal.revision() + " is " + signal.status() + (features == null ? " without" : " with")
                    + " features");
        }
        if ((features == null) != (featureSchemaVersion == 0) || featureSchemaVersion < 0) {
            throw new IllegalArgumentException("featureSchemaVersion " + featureSchemaVersion + " does not fit "
                    + (features == null ? "no features" : "features"));
        }
        if (knownAt <= signal.causeTime()) {
            throw new IllegalArgumentException("knownAt " + knownAt + " must be after the cause bar's start "
                    + signal.causeTime());
        }
    }

    /** The event of {@code s}, caused by a bar that ended at {@code barEnd}; {@code f} only for a CONFIRMED one. */
    public static SignalEvent of(Signal s, FeatureVector f, long barEnd) {
        return f == null ? new SignalEvent(s, null, 0, barEnd) : new SignalEvent(s, f.toArray(), f.schemaVersion(), barEnd);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignalEvent e && e.signal.equals(signal) && Arrays.equals(e.features, features)
                && e.featureSchemaVersion == featureSchemaVersion && e.knownAt == knownAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(signal, Arrays.hashCode(features), featureSchemaVersion, knownAt);
    }

    @Override
    public String toString() {
        return "SignalEvent[" + signal + ", features=" + Arrays.toString(features) + ", schema=" + featureSchemaVersion
                + ", knownAt=" + knownAt + "]";
    }
}
