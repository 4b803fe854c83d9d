package dev.nnc.codegen.java;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.type.PrimitiveType;
import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.runtime.Erf;
import java.util.Objects;

/**
 * Program expressions as Java expressions of exactly the same type and value.
 *
 * <p>Every Java expression built here has the Java type of its {@link Expr#kind()}, and every
 * operand is checked to have the kind its operator takes, so javac never promotes a float
 * operation to double behind the reader's back: F32 {@code ADD(a, b)} is the float sum
 * {@code a + b}, rounded once to float, as the JVM's {@code fadd}. Functions Java has only in
 * double ({@code exp}, {@code tanh}, {@code pow}, ...) take the exact widening of a float and
 * their result is cast back: {@code (float) Math.exp(x)}.
 *
 * <p>Parentheses: as few as Java's precedence and left associativity allow, and never fewer.
 * Floating-point arithmetic is not associative, so {@code a + (b + c)} keeps its parentheses.
 */
final class JavaExpressions {

    /** The locals and buffers an expression may name, as the enclosing code declares them. */
    interface Names {
        /** The Java name of a local in scope, checked to have the expected kind. */
        String local(Expr.Local local);

        /** The Java name to read a buffer through; the enclosing method makes it available. */
        String buffer(String name);
    }

    // Java's precedence levels that the generated code uses, loosest first.
    private static final int CONDITIONAL = 0;
    private static final int EQUALITY = 1;
    private static final int RELATIONAL = 2;
    private static final int ADDITIVE = 3;
    private static final int MULTIPLICATIVE = 4;
    private static final int UNARY = 5;
    private static final int PRIMARY = 6;

    private final ClassScope scope;
    private final Names names;

    JavaExpressions(ClassScope scope, Names names) {
        this.scope = scope;
        this.names = names;
    }

    /** {@code e} as Java, after checking that it has kind {@code expected}. */
    Expression translate(Expr e, Kind expected, String what) {
        requireKind(e, expected, what);
        return translate(e);
    }

    Expression translate(Expr e) {
        if (e instanceof Expr.Const c) {
            return JavaLiterals.number(c.kind(), c.value(), scope.types());
        } else if (e instanceof Expr.Local l) {
            return new NameExpr(names.local(l));
        } else if (e instanceof Expr.Field f) {
            return field(f);
        } else if (e instanceof Expr.Load l) {
            Kind kind = scope.buffer(l.buffer()).kind();
            if (l.kind() != kind) {
                throw new IllegalArgumentException("load of " + kind + " buffer " + l.buffer() + " as " + l.kind());
            }
            return new ArrayAccessExpr(new NameExpr(names.buffer(l.buffer())),
                    translate(l.index(), Kind.I32, "the index into " + l.buffer()));
        } else if (e instanceof Expr.Apply a) {
            return apply(a);
        } else if (e instanceof Expr.Convert c) {
            return cast(c.kind(), translate(c.value()));
        } else if (e instanceof Expr.CheckLabel c) {
            return new MethodCallExpr(null, Program.CHECK_LABEL, new NodeList<>(
                    translate(c.value(), Kind.I32, "a label"),
                    translate(c.classes(), Kind.I32, "the number of classes"),
                    translate(c.example(), Kind.I32, "the example index"),
                    JavaLiterals.string(Objects.requireNonNull(c.input(), "CheckLabel's input name"))));
        }
        throw new IllegalArgumentException("unknown expression " + e);
    }

    private Expression field(Expr.Field f) {
        if (f.inherited()) {
            Kind kind = switch (f.name()) {
                case Program.LEARNING_RATE -> Kind.F64;
                case Program.UPDATES -> Kind.I64;
                default -> throw new IllegalArgumentException("the base class has no field " + f.name());
            };
            requireKind(f, kind, "field " + f.name());
            return new NameExpr(f.name());
        }
        requireKind(f, Kind.I32, "symbol " + f.name());
        return new NameExpr(scope.names().symbol(f.name()));
    }

    private Expression apply(Expr.Apply a) {
        Fn fn = a.fn();
        Kind kind = a.kind();
        if (a.args().size() != fn.arity()) {
            throw new IllegalArgumentException(fn + " takes " + fn.arity() + " operands, not " + a.args().size());
        }
        if (!kind.isFloat() && !(kind == Kind.I32 && (fn == Fn.ADD || fn == Fn.SUB || fn == Fn.MUL))) {
            throw new IllegalArgumentException(fn + " has no " + kind + " form");
        }
        Expression[] x = new Expression[a.args().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = translate(a.arg(i), kind, "operand " + i + " of " + kind + " " + fn);
        }
        return switch (fn) {
            case ADD -> binary(BinaryExpr.Operator.PLUS, x[0], x[1]);
            case SUB -> binary(BinaryExpr.Operator.MINUS, x[0], x[1]);
            case MUL -> binary(BinaryExpr.Operator.MULTIPLY, x[0], x[1]);
            case DIV -> binary(BinaryExpr.Operator.DIVIDE, x[0], x[1]);
            case NEG -> negate(x[0]);
            // Java has these in float, with the meaning Fn gives them in double.
            case ABS -> math("abs", x);
            case SIGN -> math("signum", x);
            case MAX -> math("max", x);
            case MIN -> math("min", x);
            // (float) (a > b ? 1 : 0), as the bytecode backend computes it: an int choice is a
            // conditional move to C2, a float one a branch.
            case GT, EQ -> cast(kind, conditional(comparison(fn, x[0], x[1]), intOne(), intZero()));
            case SELECT -> Expr.cheapToComputeAlways(a.arg(1)) && Expr.cheapToComputeAlways(a.arg(2))
                    // choose(c, x, y): both computed, then chosen as bits, a conditional move to C2.
                    ? new MethodCallExpr(null, Program.CHOOSE, new NodeList<>(condition(a.arg(0), kind, x[0]), x[1], x[2]))
                    : conditional(binary(BinaryExpr.Operator.NOT_EQUALS, x[0], zero(kind)), x[1], x[2]);
            // These only in double: a float widens exactly, and the result rounds back once.
            case EXP, LOG, LOG1P, EXPM1, SQRT, TANH, SIN, COS, POW -> inKind(kind, math(fn.spelling(), x));
            case ERF -> inKind(kind, scope.types().call(Erf.class, "erf", x));
        };
    }

    /** SELECT's condition as a Java boolean: the comparison itself when it is one, else {@code c != 0}. */
    private Expression condition(Expr c, Kind kind, Expression translated) {
        if (c instanceof Expr.Apply a && (a.fn() == Fn.GT || a.fn() == Fn.EQ)) {
            return comparison(a.fn(), translate(a.arg(0), kind, "operand 0 of " + kind + " " + a.fn()),
                    translate(a.arg(1), kind, "operand 1 of " + kind + " " + a.fn()));
        }
        return binary(BinaryExpr.Operator.NOT_EQUALS, translated, zero(kind));
    }

    /** {@code l > r} for GT, {@code l == r} for EQ. */
    private static Expression comparison(Fn fn, Expression l, Expression r) {
        return binary(fn == Fn.GT ? BinaryExpr.Operator.GREATER : BinaryExpr.Operator.EQUALS, l, r);
    }

    private MethodCallExpr math(String method, Expression[] args) {
        return scope.types().call(Math.class, method, args);
    }

    private static Expression inKind(Kind kind, Expression doubleValue) {
        return kind == Kind.F32 ? cast(Kind.F32, doubleValue) : doubleValue;
    }

    private static Expression intOne() {
        return new IntegerLiteralExpr("1");
    }

    private static Expression intZero() {
        return new IntegerLiteralExpr("0");
    }

    private Expression zero(Kind kind) {
        return JavaLiterals.number(kind, 0, scope.types());
    }

    /** {@code left op right}, parenthesising an operand only where Java would group it otherwise. */
    static Expression binary(BinaryExpr.Operator op, Expression left, Expression right) {
        int level = precedence(op);
        // Left-associative: a - b - c is (a - b) - c, so only the right operand needs
        // parentheses at its own level.
        Expression l = precedence(left) < level ? new EnclosedExpr(left) : left;
        Expression r = precedence(right) <= level ? new EnclosedExpr(right) : right;
        return new BinaryExpr(l, r, op);
    }

    static Expression negate(Expression operand) {
        // -(-x) must not print as --x, the decrement.
        boolean minus = operand instanceof UnaryExpr u && (u.getOperator() == UnaryExpr.Operator.MINUS
                || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT);
        return new UnaryExpr(precedence(operand) < UNARY || minus ? new EnclosedExpr(operand) : operand,
                UnaryExpr.Operator.MINUS);
    }

    /** {@code (float) x}: a cast is a primitive conversion, exactly the JVM's i2f, d2f, f2i, ... */
    static Expression cast(Kind kind, Expression operand) {
        return new CastExpr(primitive(kind), precedence(operand) < UNARY ? new EnclosedExpr(operand) : operand);
    }

    static Expression conditional(Expression condition, Expression then, Expression otherwise) {
        return new ConditionalExpr(condition, enclosedIfConditional(then), enclosedIfConditional(otherwise));
    }

    private static Expression enclosedIfConditional(Expression e) {
        return e instanceof ConditionalExpr ? new EnclosedExpr(e) : e;
    }

    static PrimitiveType primitive(Kind kind) {
        return switch (kind) {
            case I32 -> PrimitiveType.intType();
            case I64 -> PrimitiveType.longType();
            case F32 -> PrimitiveType.floatType();
            case F64 -> PrimitiveType.doubleType();
        };
    }

    private static int precedence(Expression e) {
        if (e instanceof BinaryExpr b) {
            return precedence(b.getOperator());
        }
        if (e instanceof UnaryExpr || e instanceof CastExpr) {
            return UNARY;
        }
        return e instanceof ConditionalExpr ? CONDITIONAL : PRIMARY;
    }

    private static int precedence(BinaryExpr.Operator op) {
        return switch (op) {
            case PLUS, MINUS -> ADDITIVE;
            case MULTIPLY, DIVIDE, REMAINDER -> MULTIPLICATIVE;
            case LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> RELATIONAL;
            case EQUALS, NOT_EQUALS -> EQUALITY;
            // Looser than anything the generated code nests: always parenthesised as an operand.
            default -> CONDITIONAL;
        };
    }

    static void requireKind(Expr e, Kind expected, String what) {
        if (e.kind() != expected) {
            throw new IllegalArgumentException(what + " must be " + expected + ", not " + e.kind() + ": " + e);
        }
    }
}
