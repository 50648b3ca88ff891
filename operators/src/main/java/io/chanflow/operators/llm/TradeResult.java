package io.chanflow.operators.llm;

/** How a closed trade ended, as the statistics and the trade memory count it. */
public enum TradeResult {
    WIN("W"), LOSS("L"), FLAT("F");

    private final String code;

    TradeResult(String code) {
        this.code = code;
    }

    /** The one-letter code stored in Redis lists and Chroma metadata: {@code W L F}. */
    public String code() {
        return code;
    }

    public static TradeResult fromCode(String code) {
        for (TradeResult r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown trade result code '" + code + "' (expected W, L or F)");
    }
}
