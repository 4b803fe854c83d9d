package dev.nnc.codegen.java;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.LineComment;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.ArrayType;
import dev.nnc.program.Accesses;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.gemm.Gemm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of one generated method, from the statements of a Program method.
 *
 * <p>It starts by copying each buffer field the statements mention into a local of the same
 * name ({@code float[] W1 = this.W1;}), so the statements read as if the buffers were locals
 * and each field is read once per call, not once per element. Symbol sizes and the inherited
 * fields are read directly.
 *
 * <p>Program locals keep their names where Java allows. Java forbids what the Program allows,
 * a local declared again while one of its name is in scope (in the same block, or in a loop
 * nested in it); such a declaration gets a fresh name ({@code x_1}), and later uses follow the
 * Program's scoping to it.
 */
final class MethodBody implements JavaExpressions.Names {
    private record Local(String javaName, Kind kind) {}

    /** A Java block: its Program locals, and every Java name declared in it so far. */
    private record Block(Map<String, Local> locals, Set<String> javaNames) {}

    private final ClassScope scope;
    private final String method;
    private final JavaExpressions expressions;
    /** The blocks in scope, innermost first. */
    private final Deque<Block> blocks = new ArrayDeque<>();
    /** The buffers copied into locals at the top of the method. */
    private final Set<String> copied = new HashSet<>();

    private MethodBody(ClassScope scope, String method) {
        this.scope = scope;
        this.method = method;
        this.expressions = new JavaExpressions(scope, this);
    }

    static BlockStmt of(ClassScope scope, String method, List<Stmt> statements) {
        return of(scope, method, List.of(), statements, new ArrayList<>());
    }

    /**
     * The body of a method with I32 parameters {@code params} (Program names); their Java
     * names are added to {@code javaParams}, in order.
     */
    static BlockStmt of(ClassScope scope, String method, List<String> params, List<Stmt> statements,
                        List<String> javaParams) {
        MethodBody body = new MethodBody(scope, method);
        Map<String, Local> declared = new HashMap<>();
        for (String p : params) {
            if (declared.containsKey(p)) {
                throw new IllegalArgumentException("method " + method + " has two parameters named " + p);
            }
            Set<String> taken = new HashSet<>(javaParams);
            String javaName = scope.names().local(p, taken);
            javaParams.add(javaName);
            declared.put(p, new Local(javaName, Kind.I32));
        }
        Set<String> used = Accesses.buffers(statements);
        // The copies go in first: JavaParser places comments by the order nodes were added.
        BlockStmt block = new BlockStmt();
        for (Buffer b : scope.program().buffers()) {
            if (used.contains(b.name())) {
                String name = scope.names().buffer(b.name());
                block.addStatement(new ExpressionStmt(new VariableDeclarationExpr(new VariableDeclarator(
                        new ArrayType(JavaExpressions.primitive(b.kind())), name,
                        new FieldAccessExpr(new ThisExpr(), name)))));
                body.copied.add(b.name());
            }
        }
        body.block(block, statements, declared);
        return block;
    }

    @Override
    public String local(Expr.Local local) {
        Local l = lookup(local.name());
        if (l.kind() != local.kind()) {
            throw new IllegalArgumentException("local " + local.name() + " of method " + method + " is "
                    + l.kind() + ", read as " + local.kind());
        }
        return l.javaName();
    }

    @Override
    public String buffer(String name) {
        scope.buffer(name);
        if (!copied.contains(name)) {
            throw new IllegalStateException("buffer " + name + " was not found before the body was translated");
        }
        return scope.names().buffer(name);
    }

    /**
     * Adds {@code statements} to {@code block}, in a scope of their own that starts with
     * {@code declared} (a loop's variable).
     */
    private void block(BlockStmt block, List<Stmt> statements, Map<String, Local> declared) {
        Block scoped = new Block(new HashMap<>(declared), new HashSet<>());
        declared.values().forEach(l -> scoped.javaNames().add(l.javaName()));
        blocks.push(scoped);
        List<String> comments = new ArrayList<>();
        for (Stmt s : statements) {
            if (s instanceof Stmt.Comment c) {
                comments.addAll(JavaComments.lines(c.text()));
                continue;
            }
            Statement statement = statement(s);
            // A statement holds one comment: the last line goes on it, any before it stand alone
            // just above (JavaParser prints comments without positions in the order added).
            for (int i = 0; i < comments.size() - 1; i++) {
                block.addOrphanComment(new LineComment(JavaComments.line(comments.get(i))));
            }
            if (!comments.isEmpty()) {
                statement.setComment(new LineComment(JavaComments.line(comments.get(comments.size() - 1))));
                comments.clear();
            }
            block.addStatement(statement);
        }
        for (String c : comments) {
            block.addOrphanComment(new LineComment(JavaComments.line(c)));
        }
        blocks.pop();
    }

    private Statement statement(Stmt s) {
        if (s instanceof Stmt.Declare d) {
            // The initial value is in the scope before the declaration: it cannot see the new local.
            Expression init = expressions.translate(d.init(), d.kind(), "the initial value of " + d.local());
            String name = declare(d.local(), d.kind());
            return new ExpressionStmt(new VariableDeclarationExpr(
                    new VariableDeclarator(JavaExpressions.primitive(d.kind()), name, init)));
        } else if (s instanceof Stmt.Assign a) {
            Local l = lookup(a.local());
            return assign(new NameExpr(l.javaName()), expressions.translate(a.value(), l.kind(), "the value of " + a.local()));
        } else if (s instanceof Stmt.Store st) {
            Kind kind = scope.buffer(st.buffer()).kind();
            return assign(new ArrayAccessExpr(new NameExpr(buffer(st.buffer())),
                    expressions.translate(st.index(), Kind.I32, "the index into " + st.buffer())),
                    expressions.translate(st.value(), kind, "a value stored into " + st.buffer()));
        } else if (s instanceof Stmt.For f) {
            return loop(f);
        } else if (s instanceof Stmt.Invoke i) {
            String callee = scope.names().method(i.method());
            if (!scope.program().method(i.method()).params().isEmpty()) {
                throw new IllegalArgumentException("method " + method + " calls " + i.method()
                        + " without its arguments");
            }
            return new ExpressionStmt(new MethodCallExpr(callee));
        } else if (s instanceof Stmt.Parallel p) {
            return parallel(p);
        } else if (s instanceof Stmt.Gemm g) {
            return gemm(g);
        } else if (s instanceof Stmt.GemmSubtract g) {
            return gemmSubtract(g);
        } else if (s instanceof Stmt.SumRows r) {
            return sumRows(r);
        } else if (s instanceof Stmt.BiasAdd r) {
            return runtimeLoop("biasAdd", r.kind(), List.of(new BooleanLiteralExpr(r.relu()), index(r.from(), "from"),
                    index(r.to(), "to"), index(r.n(), "n")), r.z(), r.b(), r.out());
        } else if (s instanceof Stmt.ReluGrad r) {
            return runtimeLoop("reluGrad", r.kind(), List.of(index(r.from(), "from"), index(r.to(), "to")),
                    r.h(), r.g(), r.out());
        }
        throw new IllegalArgumentException("unknown statement " + s);
    }

    private static Statement assign(Expression target, Expression value) {
        return new ExpressionStmt(new AssignExpr(target, value, AssignExpr.Operator.ASSIGN));
    }

    /** {@code for (int i = from; i < to; i++) { ... }}; {@code to} is read before each iteration. */
    /** {@code parallel(task, count, grain, align);} */
    private Statement parallel(Stmt.Parallel p) {
        int task = scope.program().rangeMethods().indexOf(p.method());
        if (task < 0) {
            throw new IllegalArgumentException("method " + method + " runs " + p.method()
                    + " in parallel, which is not a range method of the program");
        }
        Expression count = expressions.translate(p.count(), Kind.I32, "the iteration count of " + p.method());
        return new ExpressionStmt(new MethodCallExpr(null, Program.PARALLEL, new NodeList<>(
                new IntegerLiteralExpr(Integer.toString(task)), count,
                new IntegerLiteralExpr(Integer.toString(p.grain())),
                new IntegerLiteralExpr(Integer.toString(p.align())))));
    }

    private Statement loop(Stmt.For f) {
        Expression from = expressions.translate(f.from(), Kind.I32, "the start of loop " + f.var());
        Expression to = expressions.translate(f.to(), Kind.I32, "the end of loop " + f.var());
        String var = fresh(f.var());
        BlockStmt body = new BlockStmt();
        block(body, f.body(), Map.of(f.var(), new Local(var, Kind.I32)));
        ForStmt loop = new ForStmt();
        loop.getInitialization().add(new VariableDeclarationExpr(
                new VariableDeclarator(JavaExpressions.primitive(Kind.I32), var, from)));
        loop.setCompare(JavaExpressions.binary(BinaryExpr.Operator.LESS, new NameExpr(var), to));
        loop.getUpdate().add(new UnaryExpr(new NameExpr(var), UnaryExpr.Operator.POSTFIX_INCREMENT));
        loop.setBody(body);
        return loop;
    }

    private Statement gemm(Stmt.Gemm g) {
        NodeList<Expression> args = gemmProduct(g, List.of(g.a(), g.b(), g.c()));
        args.add(JavaLiterals.number(g.kind(), g.beta(), scope.types()));
        args.addAll(List.of(new NameExpr(buffer(g.c())), index(g.cOffset(), "cOffset"), index(g.ldc(), "ldc")));
        String name = g.kind() == Kind.F32 ? "sgemm" : "dgemm";
        return new ExpressionStmt(new MethodCallExpr(scope.types().scope(Gemm.class), name, args));
    }

    /** {@code Gemm.sgemmSubtract(..., c, cOffset, ldc, scale, target, cOffset)}. */
    private Statement gemmSubtract(Stmt.GemmSubtract s) {
        Stmt.Gemm g = s.product();
        NodeList<Expression> args = gemmProduct(g, List.of(g.a(), g.b(), g.c(), s.target()));
        args.addAll(List.of(new NameExpr(buffer(g.c())), index(g.cOffset(), "cOffset"), index(g.ldc(), "ldc"),
                expressions.translate(s.scale(), g.kind(), "the scale of the update fused into GEMM"),
                new NameExpr(buffer(s.target())), index(g.cOffset(), "cOffset")));
        String name = g.kind() == Kind.F32 ? "sgemmSubtract" : "dgemmSubtract";
        return new ExpressionStmt(new MethodCallExpr(scope.types().scope(Gemm.class), name, args));
    }

    /** {@code Gemm.sumRows(m, n, a, 0, n, out, 0)}. */
    private Statement sumRows(Stmt.SumRows r) {
        if (!r.kind().isFloat()) {
            throw new IllegalArgumentException("column sums over " + r.kind() + " in method " + method);
        }
        for (String b : List.of(r.a(), r.out())) {
            if (scope.buffer(b).kind() != r.kind()) {
                throw new IllegalArgumentException(r.kind() + " column sums over " + scope.buffer(b).kind()
                        + " buffer " + b);
            }
        }
        Expression zero = new IntegerLiteralExpr("0");
        NodeList<Expression> args = new NodeList<>(index(r.m(), "m"), index(r.n(), "n"),
                new NameExpr(buffer(r.a())), zero, index(r.n(), "n"), new NameExpr(buffer(r.out())), zero.clone());
        return new ExpressionStmt(new MethodCallExpr(scope.types().scope(Gemm.class), "sumRows", args));
    }

    /** {@code Gemm.name(sizes..., buffers...)}, a loop the runtime runs on its kernel. */
    private Statement runtimeLoop(String name, Kind kind, List<Expression> sizes, String... buffers) {
        if (!kind.isFloat()) {
            throw new IllegalArgumentException(name + " over " + kind + " in method " + method);
        }
        NodeList<Expression> args = new NodeList<>(sizes);
        for (String b : buffers) {
            if (scope.buffer(b).kind() != kind) {
                throw new IllegalArgumentException(kind + " " + name + " over " + scope.buffer(b).kind() + " buffer " + b);
            }
            args.add(new NameExpr(buffer(b)));
        }
        return new ExpressionStmt(new MethodCallExpr(scope.types().scope(Gemm.class), name, args));
    }

    /** Checks the buffers' kinds; the arguments up to B's: transA, transB, m, n, k, alpha, A, B. */
    private NodeList<Expression> gemmProduct(Stmt.Gemm g, List<String> buffers) {
        Kind kind = g.kind();
        if (!kind.isFloat()) {
            throw new IllegalArgumentException("GEMM over " + kind + " in method " + method);
        }
        for (String b : buffers) {
            if (scope.buffer(b).kind() != kind) {
                throw new IllegalArgumentException(kind + " GEMM over " + scope.buffer(b).kind() + " buffer " + b);
            }
        }
        return new NodeList<>(
                new BooleanLiteralExpr(g.transA()), new BooleanLiteralExpr(g.transB()),
                index(g.m(), "m"), index(g.n(), "n"), index(g.k(), "k"),
                JavaLiterals.number(kind, g.alpha(), scope.types()),
                new NameExpr(buffer(g.a())), index(g.aOffset(), "aOffset"), index(g.lda(), "lda"),
                new NameExpr(buffer(g.b())), index(g.bOffset(), "bOffset"), index(g.ldb(), "ldb"));
    }

    private Expression index(Expr e, String what) {
        return expressions.translate(e, Kind.I32, "GEMM's " + what);
    }

    private String declare(String name, Kind kind) {
        String javaName = fresh(name);
        Block block = blocks.peek();
        block.locals().put(name, new Local(javaName, kind));
        block.javaNames().add(javaName);
        return javaName;
    }

    /** A Java name for a new local that no local in scope has, even one a redeclaration hid. */
    private String fresh(String name) {
        Set<String> inScope = new HashSet<>();
        for (Block b : blocks) {
            inScope.addAll(b.javaNames());
        }
        return scope.names().local(name, inScope);
    }

    private Local lookup(String name) {
        for (Block b : blocks) {
            Local l = b.locals().get(name);
            if (l != null) {
                return l;
            }
        }
        throw new IllegalArgumentException("local " + name + " is used in method " + method + " outside its scope");
    }
}
