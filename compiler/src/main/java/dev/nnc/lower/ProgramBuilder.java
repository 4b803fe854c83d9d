package dev.nnc.lower;

import dev.nnc.ir.DType;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Program under construction that every function of it shares: field names,
 * symbol fields, buffers (with the pool of scratch buffers that functions reuse), methods.
 */
final class ProgramBuilder {
    final Kind dtype;
    final Names fields = new Names();
    /** Symbol name to the I32 field holding its size. */
    final Map<String, String> symbolFields = new LinkedHashMap<>();
    final List<Buffer> buffers = new ArrayList<>();
    final List<Method> methods = new ArrayList<>();
    /** Buffers that hold a named tensor of the spec, by a key such as {@code param:W1}. */
    final Map<String, String> named = new HashMap<>();
    /** The spec's tensors in slot order. */
    final List<TensorSpec> tensors = new ArrayList<>();
    /** Buffers of the constant tensors, which the runtime fills from the spec. */
    final Map<Leaves.Constant, String> constants = new HashMap<>();
    /** Scratch buffers: name to kind and size, shared by every function. */
    private final Map<String, Kind> scratchKinds = new LinkedHashMap<>();
    private final Map<String, Size> scratchSizes = new LinkedHashMap<>();
    private final Names methodNames = new Names();

    ProgramBuilder(Kind dtype) {
        this.dtype = dtype;
    }

    static Kind kind(DType t) {
        return switch (t) {
            case F32 -> Kind.F32;
            case F64 -> Kind.F64;
            case I32 -> Kind.I32;
        };
    }

    String symbolField(String symbol) {
        return symbolFields.computeIfAbsent(symbol, fields::fresh);
    }

    Expr size(Size s) {
        for (String sym : s.symbols()) {
            symbolField(sym);
        }
        return s.toExpr(symbolFields);
    }

    /** Adds an array field; returns its name. */
    String addBuffer(String wanted, Kind kind, Size size, int slot, String comment) {
        String name = fields.fresh(wanted);
        buffers.add(new Buffer(name, kind, size(size), slot, comment));
        return name;
    }

    /** Adds a tensor to the spec and the buffer that holds it; returns the buffer's name. */
    String addTensor(TensorSpec spec, Size size, String comment) {
        int slot = tensors.size();
        tensors.add(spec);
        return addBuffer(spec.name(), kind(spec.dtype()), size, slot, comment);
    }

    static Kind kind(dev.nnc.runtime.DType t) {
        return switch (t) {
            case F32 -> Kind.F32;
            case F64 -> Kind.F64;
            case I32 -> Kind.I32;
        };
    }

    static dev.nnc.runtime.DType runtimeType(DType t) {
        return switch (t) {
            case F32 -> dev.nnc.runtime.DType.F32;
            case F64 -> dev.nnc.runtime.DType.F64;
            case I32 -> dev.nnc.runtime.DType.I32;
        };
    }

    static List<String> dims(dev.nnc.ir.Shape shape) {
        List<String> out = new ArrayList<>();
        for (dev.nnc.ir.Dim d : shape.dims()) {
            out.add(d.toString());
        }
        return out;
    }

    /** A const tensor of the graph: a spec entry with its values, and its buffer. */
    String addConstant(Leaves.Constant c) {
        dev.nnc.ir.Shape shape = c.type().shape();
        TensorSpec spec = new TensorSpec(TensorSpec.Role.CONST, "const" + constants.size(), runtimeType(c.dtype()),
                dims(shape), null, null, c.value().data(), null);
        return addTensor(spec, Size.count(shape), "a constant tensor " + shape);
    }

    /** A new scratch buffer for a function's pool. */
    String addScratch(Kind kind, Size size) {
        String name = addBuffer("t" + scratchKinds.size(), kind, size, -1, "scratch, " + size + " elements");
        scratchKinds.put(name, kind);
        scratchSizes.put(name, size);
        return name;
    }

    /** Scratch buffers that fit, in creation order. */
    List<String> scratchFitting(Kind kind, Size size) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Kind> e : scratchKinds.entrySet()) {
            if (e.getValue() == kind && scratchSizes.get(e.getKey()).equals(size)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    String methodName(String wanted) {
        return methodNames.fresh(wanted);
    }

    void addMethod(Method m) {
        methods.add(m);
    }
}
