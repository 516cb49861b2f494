package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.app.Main;

/** The command line, run in-process: output, exit codes and reproducibility. */
class CliTest {

  static final ObjectMapper JSON = new ObjectMapper();

  record Outcome(int code, String out, String err) {}

  static synchronized Outcome run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cl = Cli.commandLine(new Main());
      cl.setErr(new java.io.PrintWriter(System.err, true));
      cl.setOut(new java.io.PrintWriter(System.out, true));
      int code = cl.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void trainJsonHasEveryFieldAndRepeatsExactlyButForTime() throws Exception {
    String[] args = {"train", "--env", "blackjack", "--rules", "sab", "--agent", "q-learning",
        "--episodes", "200000", "--alpha", "0.01", "--gamma", "1", "--epsilon", "0.1",
        "--seed", "7", "--json"};
    Outcome first = run(args);
    assertThat(first.code()).as(first.err()).isZero();
    JsonNode a = JSON.readTree(first.out());
    for (String field : new String[] {"env", "rules", "agent", "alpha", "gamma", "epsilon",
        "epsilonSchedule", "epsilonFinal", "seed", "episodes", "episodesPerSecond",
        "elapsedSeconds", "meanReturn", "policy", "expectedReturn", "optimalExpectedReturn"}) {
      assertThat(a.has(field)).as(field).isTrue();
    }
    assertThat(a.get("policy").get("usable").size()).isEqualTo(10);
    assertThat(a.get("policy").get("no_usable").size()).isEqualTo(18);
    assertThat(a.get("policy").get("no_usable").get("4").asText()).matches("[HS]{10}");
    assertThat(a.get("optimalExpectedReturn").asDouble())
        .isCloseTo(-0.04311310541347702, org.assertj.core.api.Assertions.within(1e-12));

    JsonNode b = JSON.readTree(run(args).out());
    for (JsonNode n : new JsonNode[] {a, b}) {
      ((ObjectNode) n).remove("episodesPerSecond");
      ((ObjectNode) n).remove("elapsedSeconds");
    }
    assertThat(b).isEqualTo(a);
  }

  @Test
  void badInputExitsWithTwoAndNamesTheField() {
    Outcome alpha = run("train", "--alpha", "2", "--episodes", "100");
    assertThat(alpha.code()).isEqualTo(2);
    assertThat(alpha.err()).contains("alpha must be more than 0 and at most 1, was 2");
    Outcome rules = run("train", "--rules", "vegas");
    assertThat(rules.code()).isEqualTo(2);
    assertThat(rules.err()).contains("rules must be one of sab, default, natural");
    Outcome notANumber = run("train", "--episodes", "many");
    assertThat(notANumber.code()).isEqualTo(2);
    assertThat(notANumber.err()).contains("--episodes");
    assertThat(run("solve", "--env", "chess").code()).isEqualTo(2);
    assertThat(run("evaluate", "--policy", "/no/such/file.json").err())
        .contains("policy file not found");
  }

  @Test
  void solvePrintsTheExactOptimum(@TempDir Path dir) throws Exception {
    Outcome solved = run("solve", "--env", "blackjack", "--rules", "default", "--json");
    assertThat(solved.code()).isZero();
    JsonNode s = JSON.readTree(solved.out());
    assertThat(s.get("optimalExpectedReturn").asDouble())
        .isCloseTo(-0.04655597706669755, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(s.get("policy").get("no_usable").get("16").asText()).isEqualTo("HSSSSSHHHH");
    assertThat(s.get("policy").get("usable").get("18").asText()).isEqualTo("HSSSSSSSHH");

    // evaluate plays the saved optimum: the sample mean agrees with the exact value.
    Path policy = dir.resolve("optimal.json");
    Files.writeString(policy, solved.out());
    Outcome evaluated = run("evaluate", "--rules", "default", "--policy", policy.toString(),
        "--episodes", "200000", "--seed", "1", "--json");
    assertThat(evaluated.code()).as(evaluated.err()).isZero();
    JsonNode e = JSON.readTree(evaluated.out());
    double exact = e.get("expectedReturn").asDouble();
    assertThat(exact).isCloseTo(-0.04655597706669755, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(Math.abs(e.get("meanReturn").asDouble() - exact))
        .isLessThan(4 * e.get("standardError").asDouble());
  }

  @Test
  void trainSavesTheRunAndPlotsTheCurve(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run.json");
    Path png = dir.resolve("curve.png");
    Path svg = dir.resolve("curve.svg");
    assertThat(run("train", "--episodes", "5000", "--quiet", "--out", out.toString(),
        "--plot", png.toString()).code()).isZero();
    assertThat(run("train", "--episodes", "5000", "--quiet", "--plot", svg.toString()).code())
        .isZero();
    JsonNode saved = JSON.readTree(Files.readString(out));
    assertThat(saved.get("points").size()).isEqualTo(200);
    assertThat(saved.get("q").get("no_usable").get("20").get("stick")).hasSize(10);
    byte[] pngBytes = Files.readAllBytes(png);
    assertThat(pngBytes).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertThat(Files.readString(svg)).contains("<svg");
    assertThat(run("train", "--plot", dir.resolve("curve.gif").toString()).code()).isEqualTo(2);

    // A run file is a valid policy for evaluate.
    assertThat(run("evaluate", "--policy", out.toString(), "--episodes", "1000").code()).isZero();
  }

  @Test
  void experimentSummarisesSeveralSeedsAndWritesCsv(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("curve.csv");
    Path png = dir.resolve("band.png");
    Outcome e = run("experiment", "--episodes", "5000", "--seeds", "3", "--seed", "10", "--json",
        "--csv", csv.toString(), "--plot", png.toString());
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode j = JSON.readTree(e.out());
    assertThat(j.get("seeds").toString()).isEqualTo("[10,11,12]");
    assertThat(j.get("expectedReturn").get("values")).hasSize(3);
    assertThat(j.get("curve")).hasSize(200);
    var lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("episode,mean,sd,min,max,seed_10,seed_11,seed_12");
    assertThat(lines).hasSize(201);
    assertThat(lines.get(200)).startsWith("5000,");
    assertThat(Files.readAllBytes(png)).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    // Each seed's exact value equals what train prints for that seed alone.
    JsonNode single = JSON.readTree(run("train", "--episodes", "5000", "--seed", "11", "--json")
        .out());
    assertThat(j.get("expectedReturn").get("values").get(1).asDouble())
        .isEqualTo(single.get("expectedReturn").asDouble());
    assertThat(run("experiment", "--seeds", "1").code()).isEqualTo(2);
  }

  @Test
  void helpListsEverySubCommand() {
    Outcome help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("serve", "train", "solve", "evaluate", "experiment", "bench",
        "feedback");
  }

  @Test
  void benchReportsEpisodesPerSecond() throws Exception {
    Outcome bench = run("bench", "--episodes", "1000", "--warmup", "0", "--trials", "1", "--json");
    assertThat(bench.code()).isZero();
    assertThat(JSON.readTree(bench.out()).get("episodesPerSecond").asLong()).isPositive();
  }
}
