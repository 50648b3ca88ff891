package io.chanflow.state;

/** Buy/sell point (买卖点) types, as chan.py names them. */
public enum BspType {
    T1("1"), T1P("1p"), T2("2"), T2S("2s"), T3A("3a"), T3B("3b");

    private final String label;

    BspType(String label) {
        this.label = label;
    }

    /** chan.py's label: {@code 1 1p 2 2s 3a 3b}. */
    public String label() {
        return label;
    }

    public static BspType fromLabel(String s) {
        for (BspType t : values()) {
            if (t.label.equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown buy/sell point type '" + s + "' (expected one of 1,1p,2,2s,3a,3b)");
    }
}
