package org.saferlhub.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.saferlhub.Rl;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.Envs;

class SeedExperimentTest {

  @Test
  void eachSeedIsTheSameRunAsTrainingItAlone() {
    RunConfig config = RunConfig.defaults().withEpisodes(20_000).withSeed(40);
    SeedExperiment e = SeedExperiment.run(config, 3, RunConfig::makeEnv, () -> false,
        Duration.ofMinutes(1));
    assertThat(e.runs()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(e.runs().get(i).config().seed()).isEqualTo(40 + i);
      assertThat(e.runs().get(i).q().toArray())
          .isEqualTo(Rl.train(config.withSeed(40 + i)).q().toArray());
    }
  }

  @Test
  void theBandIsMeanSdMinMaxOfTheCurvesPointByPoint() {
    RunConfig config = RunConfig.defaults().withEpisodes(2_000).withSeed(1);
    SeedExperiment e = SeedExperiment.run(config, 4, RunConfig::makeEnv, () -> false,
        Duration.ofMinutes(1));
    assertThat(e.curve()).hasSize(e.runs().get(0).points().size());
    int p = 17;
    double[] ys = e.runs().stream().mapToDouble(r -> r.points().get(p).meanReturn()).toArray();
    double mean = (ys[0] + ys[1] + ys[2] + ys[3]) / 4;
    double var = 0;
    for (double y : ys) {
      var += (y - mean) * (y - mean);
    }
    SeedExperiment.Band band = e.curve().get(p);
    assertThat(band.mean()).isCloseTo(mean, within(1e-12));
    assertThat(band.sd()).isCloseTo(Math.sqrt(var / 3), within(1e-12));
    assertThat(band.min()).isEqualTo(java.util.Arrays.stream(ys).min().orElseThrow());
    assertThat(band.max()).isEqualTo(java.util.Arrays.stream(ys).max().orElseThrow());
    assertThat(band.episode()).isEqualTo(e.runs().get(0).points().get(p).episode());
    assertThat(band.sd()).as("different seeds give different curves").isPositive();
  }

  @Test
  void seedCountIsChecked() {
    assertThatThrownBy(() -> SeedExperiment.run(RunConfig.defaults(), 11, RunConfig::makeEnv,
        () -> false, Duration.ofMinutes(1))).isInstanceOf(ParameterException.class)
        .hasMessage("seeds must be an integer from 2 to 10, was 11");
  }
}
