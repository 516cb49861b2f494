package org.saferlhub.app.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Tracing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * JUnit extension for real-browser tests: Playwright 1.62 driving Debian's Chromium, headless.
 *
 * <pre>{@code
 * @ExtendWith(BrowserSupport.class)
 * class LessonPageIT {
 *     @Test
 *     void lessonRenders(Page page, BrowserSupport.PageErrors errors) {
 *         page.navigate(baseUrl + "/lessons/td");
 *         assertThat(BrowserSupport.axeViolations(page)).isEmpty();
 *         assertThat(errors.all()).isEmpty();
 *         BrowserSupport.screenshot(page, "lesson-td");
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>One Playwright driver and one Chromium are shared by every test in the JVM (started on
 *       first use, closed when the whole test run ends); each test gets a fresh, isolated
 *       {@link BrowserContext} and {@link Page} (no cookies or storage carried over).</li>
 *   <li>Injectable parameters: {@link Page}, {@link BrowserContext}, {@link PageErrors} (console
 *       errors, uncaught page errors and Content-Security-Policy violations of every page in the
 *       test's context) and {@link Browser} (for tests that need several contexts, e.g. two
 *       users).</li>
 *   <li>The site's Content-Security-Policy is enforced, never bypassed: whatever it blocks in a
 *       page (a {@code securitypolicyviolation} event) is one of the page's errors.</li>
 *   <li>When a test fails, a full-page screenshot {@code <Class>-<method>-FAILED.png} is written
 *       to the screenshots directory and the captured errors are printed. With
 *       {@code -Dbrowser.trace=true} a Playwright trace of each failed test is saved too.</li>
 *   <li>Not thread-safe: Playwright objects must stay on one thread, so do not enable JUnit
 *       parallel execution for browser tests.</li>
 * </ul>
 *
 * <p>System properties: {@code screenshots.dir} (set by Failsafe to
 * {@code ${project.build.directory}/screenshots}), {@code chromium.path} (else the
 * {@code CHROMIUM_PATH} environment variable, else {@code /usr/lib/chromium/chromium}, else
 * {@code /usr/bin/chromium}), {@code browser.headed=true} to watch the browser,
 * {@code browser.trace=true}.
 */
public final class BrowserSupport implements ParameterResolver, AfterTestExecutionCallback, AfterEachCallback {

    /** The impacts an accessibility audit fails on by default. */
    public static final Set<String> SERIOUS_OR_CRITICAL = Set.of("serious", "critical");

    /** Chromium flags verified on Debian 12 as root in a small container (see docs/stack.md). */
    public static final List<String> CHROMIUM_ARGS = List.of(
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private static final List<String> CHROMIUM_CANDIDATES =
            List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium");
    private static final String AXE_RESOURCE = "/axe/axe.min.js";
    /** The binding through which pages report what their Content-Security-Policy blocked. */
    private static final String CSP_BINDING = "__saferlhubCspViolation";
    private static final double DEFAULT_TIMEOUT_MS = 15_000;

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BrowserSupport.class);

    private static volatile String axeSource;

    // ------------------------------------------------------------------------------------------
    // Helpers for tests
    // ------------------------------------------------------------------------------------------

    /**
     * Writes a full-page PNG screenshot to {@code <screenshots dir>/<name>.png} and returns its
     * path. Characters other than letters, digits, '.', '_' and '-' in the name become '_'.
     */
    public static Path screenshot(Page page, String name) {
        return screenshot(page, name, true);
    }

    /**
     * Writes a screenshot of the whole page ({@code fullPage}) or of what the viewport shows. A
     * sweep over every page takes the viewport: rendering a 17,000 px lesson twice per page costs
     * more than the audit it documents.
     */
    public static Path screenshot(Page page, String name, boolean fullPage) {
        return write(page, name, fullPage && FULL_PAGE_SHOTS);
    }

    /**
     * Whether {@link #screenshot(Page, String)} renders the whole page: system property
     * {@code screenshots.fullPage}, false in {@code ./mvnw verify} (the pom) so that the suite
     * stays fast, true to review the pages ({@code -Dscreenshots.fullPage=true}). A failed test's
     * screenshot is always of the whole page.
     */
    private static final boolean FULL_PAGE_SHOTS =
            Boolean.parseBoolean(System.getProperty("screenshots.fullPage", "true"));

    private static Path write(Page page, String name, boolean fullPage) {
        Path file = screenshotsDir().resolve(safeFileName(name) + ".png");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file.getParent(), e);
        }
        // A screenshot documents a test; it is not what the test checks. A full page of lesson 1 is
        // 17,000 px tall, which a loaded 2-core machine may take long to render: allow a minute,
        // and if even that passes, say so and let the test go on.
        try {
            page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(fullPage)
                    .setTimeout(60_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            System.out.println("[screenshot] " + name + " not written: the page took longer than "
                    + "60 s to render (a loaded machine); the test goes on");
        }
        return file;
    }

    /** The directory screenshots are written to (created on first screenshot). */
    public static Path screenshotsDir() {
        String configured = System.getProperty("screenshots.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String basedir = System.getProperty("basedir");
        Path base = basedir != null && !basedir.isBlank() ? Path.of(basedir) : Path.of("");
        return base.resolve("target").resolve("screenshots").toAbsolutePath();
    }

    /** The page's full width in CSS pixels ({@code document.documentElement.scrollWidth}). */
    public static int scrollWidth(Page page) {
        return ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
    }

    /** {@link #axeViolations(Page, Set)} with impact serious or critical. */
    public static List<String> axeViolations(Page page) {
        return axeViolations(page, SERIOUS_OR_CRITICAL);
    }

    /**
     * Runs the vendored axe-core (4.14.1) on the page as it is now and returns the violations
     * whose impact is one of {@code impacts} ("minor", "moderate", "serious", "critical"), one
     * readable line each: {@code id [impact] first-target (+n more): help (helpUrl)}.
     * An empty list means the page passed. Works on pages with a strict Content-Security-Policy.
     */
    public static List<String> axeViolations(Page page, Set<String> impacts) {
        Objects.requireNonNull(impacts, "impacts");
        injectAxe(page);
        List<String> wanted = impacts.stream().map(i -> i.toLowerCase(Locale.ROOT)).sorted().toList();
        Object result = page.evaluate("""
                async (impacts) => {
                  const results = await axe.run(document, { resultTypes: ['violations'] });
                  return results.violations
                    .filter(v => impacts.includes(v.impact))
                    .map(v => {
                      const node = v.nodes[0];
                      const target = node
                        ? node.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' ')
                        : '(no node)';
                      const more = v.nodes.length > 1 ? ` (+${v.nodes.length - 1} more)` : '';
                      return `${v.id} [${v.impact}] ${target}${more}: ${v.help} (${v.helpUrl})`;
                    });
                }""", wanted);
        if (!(result instanceof List<?> list)) {
            throw new IllegalStateException("axe.run returned " + result);
        }
        List<String> violations = new ArrayList<>(list.size());
        for (Object item : list) {
            violations.add(String.valueOf(item));
        }
        return Collections.unmodifiableList(violations);
    }

    private static void injectAxe(Page page) {
        if (Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            return;
        }
        // Evaluated through the DevTools protocol, so a page's Content-Security-Policy (which
        // would block page.addScriptTag's inline <script>) does not apply.
        page.evaluate("() => {\n" + axeSource() + "\n}");
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            throw new IllegalStateException("axe-core did not load into " + page.url());
        }
    }

    private static String axeSource() {
        String source = axeSource;
        if (source == null) {
            try (InputStream in = BrowserSupport.class.getResourceAsStream(AXE_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(AXE_RESOURCE + " is not on the test class path");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + AXE_RESOURCE, e);
            }
            axeSource = source;
        }
        return source;
    }

    /** Path of the Chromium executable the tests use; fails with an install hint if none. */
    public static Path chromiumExecutable() {
        String configured = System.getProperty("chromium.path", System.getenv("CHROMIUM_PATH"));
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("Chromium set to " + path + ", which is not an executable file");
            }
            return path;
        }
        for (String candidate : CHROMIUM_CANDIDATES) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        throw new IllegalStateException("Browser tests need Debian's Chromium, found at neither "
                + CHROMIUM_CANDIDATES + ". Install it with "
                + "`apt-get update && apt-get install -y chromium fontconfig fonts-dejavu-core`, "
                + "set -Dchromium.path=..., or skip browser tests with -DskipITs.");
    }

    private static String safeFileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "screenshot" : safe;
    }

    // ------------------------------------------------------------------------------------------
    // Captured errors
    // ------------------------------------------------------------------------------------------

    /**
     * Console errors, uncaught page errors and Content-Security-Policy violations seen by every
     * page of one test's context.
     */
    public static final class PageErrors {
        private final List<String> console = Collections.synchronizedList(new ArrayList<>());
        private final List<String> uncaught = Collections.synchronizedList(new ArrayList<>());
        private final List<String> blocked = Collections.synchronizedList(new ArrayList<>());

        /** {@code console.error(...)} calls and resource/network errors Chromium logs. */
        public List<String> consoleErrors() {
            synchronized (console) {
                return List.copyOf(console);
            }
        }

        /** Uncaught exceptions and unhandled promise rejections. */
        public List<String> pageErrors() {
            synchronized (uncaught) {
                return List.copyOf(uncaught);
            }
        }

        /**
         * What the page's Content-Security-Policy blocked, one line each: {@code <directive>
         * blocked <what> at <source>:<line> on <page>}. Each is a {@code securitypolicyviolation}
         * event of a page's document. A worker's own violations are not seen here: a worker
         * refused WebAssembly falls back to the JavaScript build, which {@code InPageEngineIT}
         * catches ({@code data-where}).
         */
        public List<String> cspViolations() {
            synchronized (blocked) {
                return List.copyOf(blocked);
            }
        }

        /** All three kinds, console errors first; assert this is empty for a clean page. */
        public List<String> all() {
            List<String> all = new ArrayList<>(consoleErrors());
            all.addAll(pageErrors());
            all.addAll(cspViolations());
            return List.copyOf(all);
        }

        /** Forgets what was captured so far (e.g. after provoking an expected error). */
        public void clear() {
            console.clear();
            uncaught.clear();
            blocked.clear();
        }

        @Override
        public String toString() {
            return all().toString();
        }
    }

    // ------------------------------------------------------------------------------------------
    // JUnit wiring
    // ------------------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == Page.class || type == BrowserContext.class || type == PageErrors.class
                || type == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == Browser.class) {
            return sharedBrowser(extensionContext).browser;
        }
        if (extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException(type.getSimpleName()
                    + " is per test: inject it into @Test, @BeforeEach or @AfterEach methods only");
        }
        Session session = session(extensionContext);
        if (type == Page.class) {
            return session.page;
        }
        if (type == BrowserContext.class) {
            return session.context;
        }
        return session.errors;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).get(Session.class, Session.class);
        if (session == null || context.getExecutionException().isEmpty()
                || context.getExecutionException().get() instanceof org.opentest4j.TestAbortedException) {
            return; // passed, or skipped by an assumption
        }
        String name = context.getRequiredTestClass().getSimpleName() + "-"
                + context.getRequiredTestMethod().getName();
        try {
            Path shot = write(session.page, name + "-FAILED", true);
            System.err.println("[browser] " + name + " failed; screenshot " + shot + " of " + session.page.url());
        } catch (RuntimeException e) {
            System.err.println("[browser] " + name + " failed; no screenshot: " + e.getMessage());
        }
        if (!session.errors.all().isEmpty()) {
            System.err.println("[browser] errors seen by the page: " + String.join("\n  ", session.errors.all()));
        }
        if (session.tracing) {
            Path trace = screenshotsDir().resolveSibling("playwright-traces").resolve(safeFileName(name) + ".zip");
            try {
                session.context.tracing().stop(new Tracing.StopOptions().setPath(trace));
                session.tracing = false;
                System.err.println("[browser] trace: " + trace + " (open with https://trace.playwright.dev)");
            } catch (PlaywrightException e) {
                System.err.println("[browser] no trace: " + e.getMessage());
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).remove(Session.class, Session.class);
        if (session != null) {
            session.close();
        }
    }

    private static Session session(ExtensionContext context) {
        SharedBrowser shared = sharedBrowser(context);
        return context.getStore(NAMESPACE).computeIfAbsent(Session.class, k -> new Session(shared.browser), Session.class);
    }

    private static SharedBrowser sharedBrowser(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedBrowser.class, k -> SharedBrowser.start(), SharedBrowser.class);
    }

    /** Playwright driver + Chromium for the whole test run; JUnit closes it at the end. */
    private static final class SharedBrowser implements AutoCloseable {
        final Playwright playwright;
        final Browser browser;

        private SharedBrowser(Playwright playwright, Browser browser) {
            this.playwright = playwright;
            this.browser = browser;
        }

        static SharedBrowser start() {
            Path chromium = chromiumExecutable();
            // Never let Playwright download its own browsers: Debian's Chromium is used instead.
            Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            try {
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium)
                        .setHeadless(!Boolean.getBoolean("browser.headed"))
                        .setArgs(CHROMIUM_ARGS));
                return new SharedBrowser(playwright, browser);
            } catch (RuntimeException e) {
                playwright.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                browser.close();
            } finally {
                playwright.close();
            }
        }
    }

    /** One test's context and page, with error capture. */
    private static final class Session implements AutoCloseable {
        final BrowserContext context;
        final Page page;
        final PageErrors errors = new PageErrors();
        boolean tracing;

        Session(Browser browser) {
            // Reduced motion turns off the site's smooth scrolling: on a loaded machine a click
            // could otherwise land while the page still glides the element into view.
            context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(1280, 900)
                    .setLocale("en-US")
                    .setTimezoneId("UTC")
                    .setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE));
            context.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
            context.onConsoleMessage(message -> {
                if ("error".equals(message.type())) {
                    String where = message.location();
                    errors.console.add(message.text() + (where == null || where.isBlank() ? "" : " (at " + where + ")"));
                }
            });
            context.onWebError(error -> errors.uncaught.add(error.error()));
            watchContentSecurityPolicy(context, errors);
            if (Boolean.getBoolean("browser.trace")) {
                context.tracing().start(new Tracing.StartOptions().setScreenshots(true).setSnapshots(true));
                tracing = true;
            }
            page = context.newPage();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /**
     * Reports every {@code securitypolicyviolation} event of every document in {@code context} to
     * {@code errors}. The listener is an init script and the report a binding: both come through
     * the DevTools protocol, which the policy does not govern, and run before any page script.
     */
    private static void watchContentSecurityPolicy(BrowserContext context, PageErrors errors) {
        context.exposeBinding(CSP_BINDING, (source, args) -> {
            errors.blocked.add(String.valueOf(args[0]));
            return null;
        });
        context.addInitScript("""
                document.addEventListener('securitypolicyviolation', (e) => {
                  self.%s(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`
                    + ` at ${e.sourceFile || '?'}:${e.lineNumber} on ${location.href}`);
                }, true);""".formatted(CSP_BINDING));
    }
}
