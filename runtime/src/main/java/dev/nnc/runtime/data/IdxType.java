package dev.nnc.runtime.data;

/** The element types of the IDX format: the third byte of the magic number. */
public enum IdxType {
    UBYTE(0x08, 1, "unsigned byte"),
    BYTE(0x09, 1, "signed byte"),
    SHORT(0x0B, 2, "short"),
    INT(0x0C, 4, "int"),
    FLOAT(0x0D, 4, "float"),
    DOUBLE(0x0E, 8, "double");

    private final int code;
    private final int bytes;
    private final String text;

    IdxType(int code, int bytes, String text) {
        this.code = code;
        this.bytes = bytes;
        this.text = text;
    }

    public int code() {
        return code;
    }

    /** Bytes per value. */
    public int bytes() {
        return bytes;
    }

    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** The type with this code, or null. */
    static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** "unsigned byte (0x08)". */
    @Override
    public String toString() {
        return String.format("%s (0x%02X)", text, code);
    }
}
