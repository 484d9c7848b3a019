package dev.asyncref.demo;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The pattern pages ({@code docs/patterns/<pattern>.md}): for one pattern, each style's helper and the
 * pizzeria code that calls it, quoted from the sources the build compiles, each with a link to its lines,
 * and the trap each style's helper avoids, read from its Javadoc. Nothing on a page is written by hand, so
 * it cannot drift from the code; {@code PatternPagesTest} writes them in every build.
 *
 * <p>Read with the JDK's own parser (the {@code com.sun.source} tree API of {@code jdk.compiler}): it reads
 * every construct of the language level the code is written in, positions included, where a text search
 * for a method's end would trip over braces in strings and lambdas, and a third-party parser lags behind
 * new language levels.
 */
final class PatternPages {

    /** One pattern: the page's name, its title, and the class that holds it in every style's patterns. */
    record Topic(String page, String title, String helper) {}

    /**
     * One style: where its pattern helpers are (the first folder that holds a helper wins), and the folders
     * of the code that uses them.
     */
    record Source(String name, List<String> patterns, List<String> code) {}

    static final List<Topic> TOPICS = List.of(
            new Topic("first-success", "First success of several", "FirstSuccess"),
            new Topic("hedge", "Hedged request", "Hedge"),
            new Topic("time-limits", "Timeout and deadline", "TimeLimits"),
            new Topic("retry", "Retry with backoff", "Retry"),
            new Topic("bounded-concurrency", "Bounded concurrency, in order", "BoundedConcurrency"),
            new Topic("give-backs", "Compensation: give back what was acquired", "GiveBacks"),
            new Topic("adapters", "Adapters that keep cancellation", "Adapters"));

    private static final String MAIN = "src/main/java/dev/asyncref/";

    static final List<Source> SOURCES = List.of(
            new Source("Callbacks", List.of("callbacks/" + MAIN + "callbacks/patterns"),
                    List.of("callbacks/" + MAIN + "callbacks")),
            new Source("Futures", List.of("futures/" + MAIN + "futures/patterns"),
                    List.of("futures/" + MAIN + "futures")),
            new Source("RxJava 3", List.of("reactive/" + MAIN + "reactive/rxjava/patterns"),
                    List.of("reactive/" + MAIN + "reactive/rxjava")),
            new Source("Reactor", List.of("reactive/" + MAIN + "reactive/reactor/patterns"),
                    List.of("reactive/" + MAIN + "reactive/reactor")),
            new Source("Virtual threads", List.of("virtual-threads/" + MAIN + "virtualthreads/patterns"),
                    List.of("virtual-threads/" + MAIN + "virtualthreads/plain",
                            "virtual-threads/" + MAIN + "virtualthreads")),
            new Source("Structured concurrency",
                    List.of("virtual-threads/" + MAIN + "virtualthreads/structured/patterns",
                            "virtual-threads/" + MAIN + "virtualthreads/patterns"),
                    List.of("virtual-threads/" + MAIN + "virtualthreads/structured",
                            "virtual-threads/" + MAIN + "virtualthreads")));

    private static final Pattern TRAP = Pattern.compile("The trap it avoids:\\s*(.+?\\.)(?=\\s+[A-Z{<]|\\s*$)",
            Pattern.DOTALL);

    private final Path root;
    /** Each file parsed once: a pizzeria is read for every page, a helper for its trap and its members. */
    private final Map<Path, Parsed> parses = new HashMap<>();

    /** @param root the project's root folder, which every path on a page is relative to */
    PatternPages(Path root) {
        this.root = root;
    }

    /** The page of {@code topic}, as markdown. */
    String page(Topic topic) {
        StringBuilder page = new StringBuilder()
                .append("# ").append(topic.title()).append("\n\n")
                .append("Generated from the sources by `demo/src/test/java/dev/asyncref/demo/PatternPagesTest.java`")
                .append(" in every build\n(`./mvnw verify`); do not edit by hand. A stale page fails the build,")
                .append(" which writes the new one.\n\n")
                .append("`").append(topic.helper()).append("` in each style, then the pizzeria code that calls it.")
                .append(" The trap each style's\nhelper avoids, from its Javadoc:\n\n");
        List<Quote> helpers = new ArrayList<>();
        for (Source source : SOURCES) {
            Optional<Path> file = helperFile(source, topic);
            String trap = file.map(this::trap).orElse("no helper yet.");
            page.append("- **").append(source.name()).append("**: ").append(trap).append("\n");
            file.ifPresent(found -> helpers.add(new Quote(source.name(), found, publicMembers(found))));
        }
        page.append("\n## The helpers\n");
        helpers.forEach(quote -> quote.appendTo(page, root));
        page.append("\n## In the pizzerias\n");
        for (Source source : SOURCES) {
            for (Path file : codeFiles(source)) {
                List<Member> users = membersUsing(file, topic.helper());
                if (!users.isEmpty()) {
                    new Quote(source.name(), file, users).appendTo(page, root);
                }
            }
        }
        return page.toString();
    }

    private Optional<Path> helperFile(Source source, Topic topic) {
        return source.patterns().stream()
                .map(folder -> root.resolve(folder).resolve(topic.helper() + ".java"))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    private List<Path> codeFiles(Source source) {
        List<Path> files = new ArrayList<>();
        for (String folder : source.code()) {
            try (Stream<Path> listed = Files.list(root.resolve(folder))) {
                listed.filter(file -> file.toString().endsWith(".java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The first sentence after "The trap it avoids:" in the class's Javadoc, as markdown. */
    private String trap(Path file) {
        Parsed parsed = parsed(file);
        DocCommentTree doc = parsed.docs.getDocCommentTree(
                TreePath.getPath(parsed.unit, parsed.unit.getTypeDecls().getFirst()));
        Matcher matcher = TRAP.matcher(doc == null ? "" : doc.toString());
        if (!matcher.find()) {
            throw new IllegalStateException(file + ": its Javadoc names no trap (\"The trap it avoids: ...\")");
        }
        return markdown(matcher.group(1));
    }

    /** The public constructors and methods of the file's top-level class, in the file's order. */
    private List<Member> publicMembers(Path file) {
        Parsed parsed = parsed(file);
        ClassTree type = (ClassTree) parsed.unit.getTypeDecls().getFirst();
        return type.getMembers().stream()
                .filter(member -> member instanceof MethodTree method
                        && method.getModifiers().getFlags().contains(Modifier.PUBLIC))
                .map(parsed::member)
                .toList();
    }

    /**
     * The methods of the file's classes whose code names {@code helper} (a call, a type, a constructor), if the
     * file imports it from a patterns package: a class of the same name from elsewhere (Reactor's own
     * {@code Retry}) is not the pattern.
     */
    private List<Member> membersUsing(Path file, String helper) {
        Parsed parsed = parsed(file);
        List<Member> users = new ArrayList<>();
        boolean imported = parsed.unit.getImports().stream()
                .map(declaration -> declaration.getQualifiedIdentifier().toString())
                .anyMatch(name -> name.endsWith(".patterns." + helper) || name.endsWith(".patterns.*"));
        if (!imported) {
            return users;
        }
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitMethod(MethodTree method, Void unused) {
                if (names(method, helper)) {
                    users.add(parsed.member(method));
                    return null;
                }
                return super.visitMethod(method, unused);
            }
        }.scan(parsed.unit, null);
        return users;
    }

    private Parsed parsed(Path file) {
        return parses.computeIfAbsent(file, Parsed::of);
    }

    private static boolean names(Tree tree, String name) {
        Boolean found = new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
                return identifier.getName().contentEquals(name);
            }

            @Override
            public Boolean reduce(Boolean first, Boolean second) {
                return Boolean.TRUE.equals(first) || Boolean.TRUE.equals(second);
            }
        }.scan(tree, null);
        return Boolean.TRUE.equals(found);
    }

    private static String markdown(String javadoc) {
        return javadoc.replaceAll("\\s+", " ")
                .replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
                .replaceAll("\\{@link(?:plain)? #?([^} ]*)[^}]*}", "`$1`")
                .replace('#', '.')
                .replaceAll("</?(?:em|i)>", "*");
    }

    /** Code quoted from one file: the style, the file, the members and their lines. */
    private record Quote(String style, Path file, List<Member> members) {

        void appendTo(StringBuilder page, Path root) {
            String link = root.relativize(file).toString().replace('\\', '/');
            page.append("\n### ").append(style).append(": [").append(file.getFileName()).append("](../../")
                    .append(link).append(")\n");
            for (Member member : members) {
                page.append("\n[Lines ").append(member.first()).append(" to ").append(member.last())
                        .append("](../../").append(link).append("#L").append(member.first()).append("-L")
                        .append(member.last()).append(")\n\n```java\n").append(member.text()).append("```\n");
            }
        }
    }

    /** A member's source, its indentation removed, and its first and last lines in the file. */
    private record Member(String text, long first, long last) {}

    /** One source file, parsed, with what it takes to find positions and Javadoc in it. */
    private record Parsed(String source, CompilationUnitTree unit, DocTrees docs) {

        private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

        static Parsed of(Path file) {
            try (StandardJavaFileManager files = JAVAC.getStandardFileManager(null, null, null)) {
                JavacTask task = (JavacTask) JAVAC.getTask(null, files, null,
                        List.of("--release", String.valueOf(Runtime.version().feature()), "--enable-preview"),
                        null, files.getJavaFileObjects(file));
                CompilationUnitTree unit = task.parse().iterator().next();
                return new Parsed(Files.readString(file), unit, DocTrees.instance(task));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Member member(Tree tree) {
            long start = docs.getSourcePositions().getStartPosition(unit, tree);
            long end = docs.getSourcePositions().getEndPosition(unit, tree);
            long first = unit.getLineMap().getLineNumber(start);
            long last = unit.getLineMap().getLineNumber(end);
            int from = (int) unit.getLineMap().getStartPosition(first);
            String text = source.substring(from, (int) end).stripIndent();
            return new Member(text.endsWith("\n") ? text : text + "\n", first, last);
        }
    }
}
