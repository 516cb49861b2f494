package org.saferlhub.app.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saferlhub.Rl;
import org.saferlhub.train.RunConfig;

/**
 * A benchmark, not a test (it asserts nothing and is off unless asked for): the in-page engine's
 * speed in this Chromium, one run after another. It trains 1,000,000 Blackjack Q-learning episodes
 * with the WebAssembly build and with the JavaScript build, then runs REINFORCEjs's {@code TDAgent}
 * (Q-learning, the same ε, α and γ) on the same game in the same page, and the JVM engine in this
 * process; it also records the compiled engine's size and lesson 1's time to interactive. Figures
 * go to standard output and {@code target/engine-benchmark.txt}.
 *
 * <pre>
 * ./mvnw -B verify -pl app -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=EngineBenchmarkIT -Dbench.reinforcejs=PATH/TO/reinforcejs/lib/rl.js
 * </pre>
 *
 * REINFORCEjs is not part of SafeRLHub: give the path of its {@code lib/rl.js} (github.com/karpathy/
 * reinforcejs); the page loads it unchanged. Its Blackjack below is written for this benchmark:
 * the same rules as the engine's {@code blackjack:sab} (infinite deck, dealer sticks on 17), with
 * states numbered as the engine numbers them.
 */
@ExtendWith(BrowserSupport.class)
@EnabledIfSystemProperty(named = "bench.reinforcejs", matches = ".+")
class EngineBenchmarkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPEATS = 5;
    private static final int EPISODES = 1_000_000;

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    @Test
    void engineInThePageAgainstReinforceJsAndTheJvm(Page page) throws Exception {
        page.setDefaultTimeout(600_000);
        List<String> lines = new ArrayList<>();
        Path rl = Path.of(System.getProperty("bench.reinforcejs"));
        String rlSource = Files.readString(rl);

        // Lesson 1's time to interactive: navigation start until the training form is ready.
        double[] tti = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            page.navigate(server.base() + "/lessons/blackjack");
            page.waitForSelector("train-agent[data-state=idle]");
            tti[i] = ((Number) page.evaluate("() => performance.now()")).doubleValue();
        }
        lines.add(String.format(Locale.ROOT, "lesson 1 time to interactive: median %.0f ms (%s)",
                median(tti), Arrays.toString(round(tti))));

        for (String build : List.of("wasm", "js")) {
            double[] inEngine = new double[REPEATS];
            double[] wall = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                JsonNode end = JSON.readTree((String) page.evaluate("""
                        async ([episodes, preferJs]) => {
                          const worker = new Worker('/js/engine-worker.js', { type: 'module' });
                          const t0 = performance.now();
                          const answer = await new Promise((resolve, reject) => {
                            worker.onmessage = (e) => {
                              if (e.data.type === 'done') resolve(e.data.answer);
                              if (e.data.type === 'failed') reject(new Error(e.data.error));
                            };
                            worker.postMessage({ type: 'train', preferJs,
                              fields: { episodes, seed: 1, algorithm: 'q-learning' } });
                          });
                          const ms = performance.now() - t0;
                          worker.terminate();
                          return JSON.stringify({ ms, seconds: answer.full.elapsedSeconds,
                            expected: answer.full.expectedReturn });
                        }""", List.of(EPISODES, build.equals("js"))));
                inEngine[i] = end.path("seconds").asDouble() * 1000;
                wall[i] = end.path("ms").asDouble();
            }
            // The first run of a fresh worker also loads and compiles the engine: "steady" leaves it out.
            double steady = median(Arrays.copyOfRange(inEngine, 1, REPEATS));
            lines.add(String.format(Locale.ROOT, "engine (%s) in Chromium, 1,000,000 episodes: training %s ms, "
                    + "steady median %.0f ms = %.2f M episodes/s; with worker start and engine load %s ms",
                    build, Arrays.toString(round(inEngine)), steady, EPISODES / steady / 1000,
                    Arrays.toString(round(wall))));
        }

        page.navigate(server.base() + "/lessons/blackjack");
        // Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses an
        // inline <script> (page.addScriptTag). rl.js declares its library as `var RL`.
        page.evaluate("() => {\n" + rlSource + "\nwindow.RL = RL;\n}");
        double[] rljs = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            rljs[i] = ((Number) page.evaluate(REINFORCEJS_BLACKJACK, EPISODES)).doubleValue();
        }
        double rlSteady = median(Arrays.copyOfRange(rljs, 1, REPEATS));
        lines.add(String.format(Locale.ROOT, "REINFORCEjs TDAgent (qlearn) in Chromium, 1,000,000 episodes: %s ms, "
                + "steady median %.0f ms = %.2f M episodes/s", Arrays.toString(round(rljs)), rlSteady,
                EPISODES / rlSteady / 1000));

        double[] jvm = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            Rl.train(RunConfig.defaults().withEpisodes(EPISODES).withSeed(1));
            jvm[i] = (System.nanoTime() - t0) / 1e6;
        }
        lines.add(String.format(Locale.ROOT, "JVM engine in this process, 1,000,000 episodes: %s ms, steady median %.0f ms",
                Arrays.toString(round(jvm)), median(Arrays.copyOfRange(jvm, 1, REPEATS))));

        Path engine = Path.of("target/classes/public/engine");
        for (String file : List.of("saferlhub.wasm", "saferlhub.wasm-runtime.js", "saferlhub.js")) {
            lines.add(String.format(Locale.ROOT, "%s: %,d bytes", file, Files.size(engine.resolve(file))));
        }
        lines.forEach(System.out::println);
        Files.write(Path.of("target/engine-benchmark.txt"), lines);
    }

    /** REINFORCEjs's TDAgent playing the engine's Blackjack rules; answers milliseconds. */
    private static final String REINFORCEJS_BLACKJACK = """
            (episodes) => {
              // blackjack:sab, infinite deck: cards 1..10, face cards count 10.
              const draw = () => Math.min(10, 1 + Math.floor(Math.random() * 13));
              const env = { getNumStates: () => 704, getMaxNumActions: () => 2, allowedActions: () => [0, 1] };
              const agent = new RL.TDAgent(env, { update: 'qlearn', gamma: 1, epsilon: 0.1, alpha: 0.01 });
              const state = (sum, dealer, usable) => (sum * 11 + dealer) * 2 + usable;
              const t0 = performance.now();
              for (let k = 0; k < episodes; k++) {
                let a1 = draw(), a2 = draw();
                let sum = a1 + a2, aces = (a1 === 1) + (a2 === 1);
                const dealer = draw();
                let hidden = draw();
                let usable = aces > 0 && sum + 10 <= 21 ? 1 : 0;
                while (true) {
                  const s = state(usable ? sum + 10 : sum, dealer, usable);
                  const a = agent.act(s);
                  if (a === 1) {
                    const c = draw();
                    sum += c;
                    if (c === 1) aces++;
                    usable = aces > 0 && sum + 10 <= 21 ? 1 : 0;
                    if (sum > 21) { agent.learn(-1); break; }
                    agent.learn(0);
                  } else {
                    let d = dealer + hidden, dAces = (dealer === 1) + (hidden === 1);
                    const total = () => (dAces > 0 && d + 10 <= 21 ? d + 10 : d);
                    while (total() < 17) { const c = draw(); d += c; if (c === 1) dAces++; }
                    const me = usable ? sum + 10 : sum;
                    const them = total();
                    agent.learn(them > 21 || me > them ? 1 : me === them ? 0 : -1);
                    break;
                  }
                }
              }
              return performance.now() - t0;
            }""";

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
