/**
 * The engine in a learner's browser: the same run pipeline as the server ({@code RunConfigs},
 * the trainer, {@code RunReports}) behind three functions that TeaVM exports to JavaScript, compiled
 * to WebAssembly (GC) and to plain JavaScript as part of the build. Only {@link BrowserEngine} knows
 * it is in a browser; {@link BrowserRun} is plain Java, tested on the JVM like the rest.
 */
@NullMarked
package org.saferlhub.app.browser;

import org.jspecify.annotations.NullMarked;
