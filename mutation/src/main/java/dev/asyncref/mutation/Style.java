package dev.asyncref.mutation;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The styles whose code PIT mutates, by package, each with its bridge: the one class at the module's edge that
 * turns the style's own result type into the {@code CompletionStage} the contract calls. A bridge is tested
 * too, but it is not a pattern anyone copies, so the page scores it apart.
 */
enum Style {
    CALLBACKS("callbacks", "callbacks", "dev.asyncref.callbacks.", "CallbackBridge"),
    FUTURES("futures", "futures", "dev.asyncref.futures.", null),
    RXJAVA("RxJava", "reactive", "dev.asyncref.reactive.rxjava.", "RxBridge"),
    REACTOR("Reactor", "reactive", "dev.asyncref.reactive.reactor.", "ReactorBridge"),
    VIRTUAL_THREADS("virtual threads", "virtual-threads", "dev.asyncref.virtualthreads.plain.", null),
    STRUCTURED("structured concurrency", "virtual-threads", "dev.asyncref.virtualthreads.structured.", null),
    /** What the two virtual-thread styles share: their bridge, steps, streams and cores, and the blocking patterns. */
    VIRTUAL_THREADS_SHARED("virtual threads, shared by both", "virtual-threads", "dev.asyncref.virtualthreads.",
            "BlockingBridge");

    final String label;
    final String module;
    private final String packagePrefix;
    private final String bridge;

    Style(String label, String module, String packagePrefix, String bridge) {
        this.label = label;
        this.module = module;
        this.packagePrefix = packagePrefix;
        this.bridge = bridge;
    }

    /** The style whose package holds {@code className}; the most specific package wins. */
    static Optional<Style> of(String className) {
        return Stream.of(values()).filter(style -> style.holds(className)).findFirst();
    }

    /** The modules PIT runs in, each once. */
    static List<String> modules() {
        return Stream.of(values()).map(style -> style.module).distinct().toList();
    }

    boolean holds(String className) {
        return className.startsWith(packagePrefix)
                && (this != VIRTUAL_THREADS_SHARED || sharedByBoth(className.substring(packagePrefix.length())));
    }

    /** A class of the shared package itself, or of its patterns, which both styles call. */
    private static boolean sharedByBoth(String relativeName) {
        return relativeName.indexOf('.') < 0 || relativeName.startsWith("patterns.");
    }

    boolean isBridge(Mutant mutant) {
        return bridge != null && mutant.topLevelClass().equals(packagePrefix + bridge);
    }
}
