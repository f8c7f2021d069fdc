package org.tsnlat.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a test needs from the machine: {@code @Needs({Need.ROOT, Need.PTP4L})} on a test class
 * (for all its tests, nested classes included) or on a test method. Decided for each test
 * method apart, by {@link NeedsCondition}: a test whose needs are missing is reported skipped
 * with the reason ("needs ptp4l and pmc (apt-get install linuxptp)"), and fails instead when
 * TSNLAT_REQUIRE_ALL_TESTS=1 (CI). The {@code @BeforeAll}/{@code @AfterAll} methods of a class
 * run only when the class's needs are met. See docs/testing.md.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NeedsCondition.class)
public @interface Needs {
    Need[] value();
}
