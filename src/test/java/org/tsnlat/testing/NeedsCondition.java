package org.tsnlat.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link Needs}. For each test method it gathers the needs of the method
 * and of its class and enclosing classes; when one is missing the test is disabled with the
 * reason (and a line {@code SKIPPED Class.method: needs ...} on stdout). A class is always
 * enabled, so a skip shows on each of its tests, never as a class of 0 tests.
 *
 * <p>Strict mode (environment TSNLAT_REQUIRE_ALL_TESTS=1, or the configuration parameter
 * {@value #STRICT} = true): the test is enabled and fails before its {@code @BeforeEach} with an
 * AssertionError giving the same reason. {@link Need#NON_ROOT} is exempt: missing, it skips.
 *
 * <p>{@code @BeforeAll}/{@code @AfterAll} of a class whose own needs are missing are skipped, as
 * are the {@code @AfterEach} methods of a test whose needs are missing.
 *
 * <p>{@value #PRETEND_MISSING} (a system property or configuration parameter, e.g. {@code
 * -Dtsnlat.pretendMissing=ROOT,CHROMIUM}) treats the named needs as missing, to see the skips
 * (or strict failures) on a machine that has everything.
 */
public final class NeedsCondition implements ExecutionCondition, BeforeEachCallback, InvocationInterceptor {
    /** Configuration parameter that turns strict mode on ("true") or off ("false"), over the environment. */
    public static final String STRICT = "tsnlat.requireAllTests";
    /** Environment variable that turns strict mode on when it is 1. */
    public static final String STRICT_ENV = "TSNLAT_REQUIRE_ALL_TESTS";
    /** System property or configuration parameter: needs to treat as missing, by name, comma-separated. */
    public static final String PRETEND_MISSING = "tsnlat.pretendMissing";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("@Needs is decided for each test method");
        }
        List<Need> missing = missing(context, needsOfTest(context));
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("has all it needs");
        }
        String reason = reason(missing);
        if (strict(context) && !missing.contains(Need.NON_ROOT)) {
            return ConditionEvaluationResult.enabled(reason + "; runs to fail (" + STRICT_ENV + "=1)");
        }
        System.out.println("SKIPPED " + name(context) + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Reached only in strict mode (otherwise the test was disabled): fail, saying what is missing. */
    @Override
    public void beforeEach(ExtensionContext context) {
        List<Need> missing = missing(context, needsOfTest(context));
        if (!missing.isEmpty()) {
            throw new AssertionError(reason(missing) + " [" + STRICT_ENV + "=1: a missing need fails the test]");
        }
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedUnlessMissing(invocation, context, needsOfClass(context.getRequiredTestClass()));
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedUnlessMissing(invocation, context, needsOfClass(context.getRequiredTestClass()));
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedUnlessMissing(invocation, context, needsOfTest(context));
    }

    private static void proceedUnlessMissing(Invocation<Void> invocation, ExtensionContext context, Set<Need> needs)
            throws Throwable {
        if (missing(context, needs).isEmpty()) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }

    /** "needs root, ptp4l and pmc (run the tests as root; apt-get install linuxptp)" */
    static String reason(List<Need> missing) {
        List<String> what = missing.stream().map(Need::what).toList();
        List<String> todo = new ArrayList<>();
        Set<String> packages = new LinkedHashSet<>();
        for (Need n : missing) {
            if (n.debianPackage() != null) {
                packages.add(n.debianPackage());
            } else if (n.otherwise() != null) {
                todo.add(n.otherwise());
            }
        }
        if (!packages.isEmpty()) {
            todo.add("apt-get install " + String.join(" ", packages));
        }
        String list = what.size() == 1 ? what.get(0)
                : String.join(", ", what.subList(0, what.size() - 1)) + " and " + what.get(what.size() - 1);
        return "needs " + list + " (" + String.join("; ", todo) + ")";
    }

    private static Set<Need> needsOfTest(ExtensionContext context) {
        Set<Need> needs = needsOfClass(context.getRequiredTestClass());
        add(needs, context.getRequiredTestMethod());
        return needs;
    }

    /** The class's needs and those of the classes it is nested in. */
    private static Set<Need> needsOfClass(Class<?> testClass) {
        Set<Need> needs = EnumSet.noneOf(Need.class);
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            add(needs, c);
        }
        return needs;
    }

    private static void add(Set<Need> needs, AnnotatedElement element) {
        AnnotationSupport.findAnnotation(element, Needs.class).ifPresent(n -> needs.addAll(List.of(n.value())));
    }

    private static List<Need> missing(ExtensionContext context, Set<Need> needs) {
        Set<Need> pretended = pretendMissing(context);
        return needs.stream().filter(n -> pretended.contains(n) || !n.met()).toList();
    }

    private static Set<Need> pretendMissing(ExtensionContext context) {
        Set<Need> pretended = EnumSet.noneOf(Need.class);
        Optional<String> names = context.getConfigurationParameter(PRETEND_MISSING);
        for (String name : names.orElse("").split(",")) {
            if (!name.isBlank()) {
                try {
                    pretended.add(Need.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PRETEND_MISSING + ": no need '" + name.strip()
                            + "'; one of " + List.of(Need.values()), e);
                }
            }
        }
        return pretended;
    }

    private static boolean strict(ExtensionContext context) {
        return context.getConfigurationParameter(STRICT).map(Boolean::parseBoolean)
                .orElseGet(() -> "1".equals(System.getenv(STRICT_ENV)));
    }

    private static String name(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    }
}
