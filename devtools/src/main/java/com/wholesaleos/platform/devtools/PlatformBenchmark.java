package com.wholesaleos.platform.devtools;

import java.util.Map;

/**
 * One mode of {@code wos bench}: runs on a fresh embedded platform of its own, prints its figures and saves them under
 * {@code bench-results/}, and returns them. A benchmark measures; it never asserts (these machines are shared and noisy).
 */
public interface PlatformBenchmark {
    Map<String, Object> run() throws Exception;
}
