package io.chanflow.operators.validate;

import io.chanflow.operators.chan.PojoTypes;
import io.chanflow.operators.chan.SignalEvent;
import io.chanflow.state.signals.Signal;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.util.Arrays;
import java.util.Objects;

/**
 * A scored signal revision stamped by {@link StampModel} with the model that must validate it: the request keeps that
 * model even if another one is activated while it is in flight.
 *
 * @param signal the scored revision
 * @param features the point's features (schema {@code featureSchemaVersion}); null unless CONFIRMED
 * @param knownAt the end of the bar whose close caused the revision
 */
public record ValidationRequest(Signal signal, double[] features, int featureSchemaVersion, long knownAt,
                                String model, String modelVersion, String promptVersion) {
    public static final TypeInformation<ValidationRequest> TYPE = PojoTypes.strict(ValidationRequest.class);

    public ValidationRequest {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(promptVersion, "promptVersion");
    }

    public static ValidationRequest of(SignalEvent e, ActiveModel m) {
        return new ValidationRequest(e.signal(), e.features(), e.featureSchemaVersion(), e.knownAt(), m.model(),
                m.version(), m.promptVersion());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationRequest r && r.signal.equals(signal) && Arrays.equals(r.features, features)
                && r.featureSchemaVersion == featureSchemaVersion && r.knownAt == knownAt && r.model.equals(model)
                && r.modelVersion.equals(modelVersion) && r.promptVersion.equals(promptVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(signal, Arrays.hashCode(features), knownAt, model, modelVersion, promptVersion);
    }

    @Override
    public String toString() {
        return "ValidationRequest[" + signal.id() + " r" + signal.revision() + " " + signal.status() + ", " + model
                + " v" + modelVersion + " prompt " + promptVersion + "]";
    }
}
