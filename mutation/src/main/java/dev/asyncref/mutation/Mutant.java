package dev.asyncref.mutation;

/**
 * One mutant as PIT reports it: where it is, what it changed, and what the tests made of it.
 *
 * @param status PIT's verdict: {@code KILLED}, {@code TIMED_OUT}, {@code MEMORY_ERROR}, {@code RUN_ERROR} (all
 *     detected), {@code SURVIVED} or {@code NO_COVERAGE} (not detected)
 */
public record Mutant(String mutatedClass, String method, int line, String mutator, String description,
        String status) {

    /** Whether a test failed, timed out or crashed with the mutant in place: the suite noticed it. */
    public boolean detected() {
        return switch (status) {
            case "KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR" -> true;
            default -> false;
        };
    }

    /** The class as a reader finds it: the top-level class, without a lambda's or nested class's suffix. */
    public String topLevelClass() {
        int nested = mutatedClass.indexOf('$');
        return nested < 0 ? mutatedClass : mutatedClass.substring(0, nested);
    }

    /** The mutator's short name ({@code VoidMethodCallMutator}, not its package). */
    public String mutatorName() {
        return mutator.substring(mutator.lastIndexOf('.') + 1);
    }

    /** Where it is, as a reader looks it up: {@code CallbackPizzeria.findCourier:212}. */
    public String place() {
        String simple = topLevelClass().substring(topLevelClass().lastIndexOf('.') + 1);
        return simple + "." + method + ":" + line;
    }
}
