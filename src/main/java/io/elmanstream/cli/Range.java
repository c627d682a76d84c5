package io.elmanstream.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric option accepts, checked by {@link RangeCheck} before a command runs, so that
 * {@code --epochs -1} or {@code --learning-rate -0.1} is a one-line usage error (exit 2) instead of
 * work done wrong.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Range {
    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /** Whether {@code min} itself is refused (a rate or a temperature must be more than 0). */
    boolean aboveMin() default false;

    /** Whether {@code max} itself is refused (a dropout rate must be less than 1). */
    boolean belowMax() default false;
}
