package io.chanflow.operators.validate;

import io.chanflow.operators.chan.PojoTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.util.Objects;

/**
 * The model the validator uses for signals stamped from now on: an Ollama model name, its version label (what the
 * ledger and every validated signal record) and the prompt version.
 */
public record ActiveModel(String model, String version, String promptVersion) implements java.io.Serializable {
    public static final TypeInformation<ActiveModel> TYPE = PojoTypes.strict(ActiveModel.class);

    public ActiveModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(promptVersion, "promptVersion");
        if (model.isBlank() || version.isBlank() || promptVersion.isBlank()) {
            throw new IllegalArgumentException("model, version and prompt version must not be blank: " + model + " "
                    + version + " " + promptVersion);
        }
    }
}
