package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plots the path experiments write (issue 14): {@code trust-region --beta-plot}, {@code
 * best-of-n --plot} and the lead times of {@code warnings --out}, as PNG or SVG, each printing
 * the command that made it; a bad file name is refused before anything runs.
 */
class PathPlotsCliTest {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

  @Test
  void eachExperimentDrawsItsPlot(@TempDir Path dir) throws Exception {
    Path beta = dir.resolve("beta.png");
    CliTest.Outcome trust = CliTest.run("experiment", "trust-region", "--steps", "40",
        "--beta-plot", beta.toString());
    assertThat(trust.code()).as(trust.err()).isZero();
    assertThat(Files.readAllBytes(beta)).startsWith(PNG);

    Path best = dir.resolve("best.svg");
    CliTest.Outcome bon = CliTest.run("experiment", "best-of-n", "--n", "1,4,64", "--plot",
        best.toString());
    assertThat(bon.code()).as(bon.err()).isZero();
    assertThat(Files.readString(best)).contains("<svg ")
        .contains("<desc>Made by: saferlhub experiment best-of-n --n 1,4,64 --plot " + best
            + "</desc>");

    Path out = dir.resolve("warnings");
    CliTest.Outcome warnings = CliTest.run("experiment", "warnings", "--seeds", "1", "--steps",
        "60", "--out", out.toString());
    assertThat(warnings.code()).as(warnings.err()).isZero();
    assertThat(out.resolve("summary.csv")).isRegularFile();
    assertThat(Files.readAllBytes(out.resolve("lead-times.png"))).startsWith(PNG);
    CliTest.Outcome svg = CliTest.run("experiment", "warnings", "--seeds", "1", "--steps", "60",
        "--out", out.toString(), "--svg");
    assertThat(svg.code()).as(svg.err()).isZero();
    assertThat(Files.readString(out.resolve("lead-times.svg"))).contains("<svg ")
        .contains("--svg</desc>");
  }

  @Test
  void aPlotThatIsNoPngOrSvgIsRefused(@TempDir Path dir) {
    CliTest.Outcome trust = CliTest.run("experiment", "trust-region", "--beta-plot",
        dir.resolve("beta.pdf").toString());
    assertThat(trust.code()).isEqualTo(2);
    assertThat(trust.err()).contains("--beta-plot must be a file name ending in .png or .svg");
    CliTest.Outcome bon = CliTest.run("experiment", "best-of-n", "--plot",
        dir.resolve("best.txt").toString());
    assertThat(bon.code()).isEqualTo(2);
    assertThat(bon.err()).contains("--plot must be a file name ending in .png or .svg");
    assertThat(dir.resolve("beta.pdf")).doesNotExist();
  }
}
