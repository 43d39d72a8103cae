package dev.slipway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A test that runs beside the other {@code @ConcurrentTest}s of its class (at most three at once,
 * junit-platform.properties), for methods that share nothing but the class's server. The class itself
 * stays in line with every other class: annotating the class {@code @Execution(CONCURRENT)} instead
 * would also run it beside other classes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Execution(ExecutionMode.CONCURRENT)
public @interface ConcurrentTest {}
