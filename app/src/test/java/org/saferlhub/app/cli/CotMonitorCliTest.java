package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saferlhub experiment cot-monitor} (issue 16, part B): JSON, CSV, plot and errors. */
class CotMonitorCliTest {

  @Test
  void printsEveryIterationAndTheFinalValues(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("cot.csv");
    Path png = dir.resolve("cot.png");
    CliTest.Outcome o = CliTest.run("experiment", "cot-monitor", "--arm", "pressure",
        "--monitor", "careful", "--iterations", "4000", "--seed", "0", "--json", "--csv",
        csv.toString(), "--plot", png.toString());
    assertThat(o.code()).as(o.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(o.out());
    assertThat(m.get("iterations")).hasSize(4001);
    JsonNode last = m.get("final");
    assertThat(last.get("hackRate").asDouble()).isGreaterThanOrEqualTo(0.5);
    assertThat(last.get("monitorRecall").asDouble()).isLessThanOrEqualTo(0.1);
    assertThat(last.has("genuinePass")).isTrue();
    assertThat(m.get("iterations").get(250).get("genuinePass").asDouble())
        .isGreaterThan(m.get("iterations").get(0).get("genuinePass").asDouble());
    assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).hasSize(2 + 4001);
    assertThat(new String(Files.readAllBytes(png), 1, 3, StandardCharsets.US_ASCII))
        .isEqualTo("PNG");
  }

  @Test
  void badOptionsExitTwo() {
    for (String[] args : new String[][] {
        {"experiment", "cot-monitor", "--arm", "sideways"},
        {"experiment", "cot-monitor", "--monitor", "lazy"},
        {"experiment", "cot-monitor", "--beta", "-1"},
        {"experiment", "cot-monitor", "--iterations", "0"}}) {
      CliTest.Outcome o = CliTest.run(args);
      assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(o.err()).isNotBlank();
    }
  }
}
