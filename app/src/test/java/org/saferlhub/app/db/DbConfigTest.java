package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.config.ParameterException;

/** Choosing the database: URL, environment, defaults, and the H2 durability options. */
class DbConfigTest {

  @TempDir
  Path tmp;

  @Test
  void theDefaultIsTheEmbeddedH2FileInTheDataFolderCreatedIfMissing() {
    Path data = tmp.resolve("data");
    DbConfig c = DbConfig.resolve(null, null, null, data, Map.of());
    assertThat(c.url()).isEqualTo("jdbc:h2:file:" + data.toAbsolutePath() + "/saferlhub");
    assertThat(c.user()).isEqualTo("sa");
    assertThat(c.password()).isEmpty();
    assertThat(c.kind()).isEqualTo("h2");
    assertThat(data).isDirectory();
    assertThat(c.jdbcUrl()).isEqualTo(c.url() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void explicitArgumentsWinOverTheEnvironmentWhichWinsOverTheDefault() {
    Map<String, String> env = Map.of("SAFERLHUB_DB_URL", "jdbc:postgresql://db.env/x",
        "SAFERLHUB_DB_USER", "envuser", "SAFERLHUB_DB_PASSWORD", "envpass");
    DbConfig fromEnv = DbConfig.resolve(null, null, null, tmp, env);
    assertThat(fromEnv).isEqualTo(new DbConfig("jdbc:postgresql://db.env/x", "envuser",
        "envpass"));
    assertThat(fromEnv.kind()).isEqualTo("postgresql");
    assertThat(fromEnv.jdbcUrl()).isEqualTo("jdbc:postgresql://db.env/x");

    DbConfig explicit = DbConfig.resolve("jdbc:postgresql://db.arg/y", "arguser", "argpass", tmp,
        env);
    assertThat(explicit).isEqualTo(new DbConfig("jdbc:postgresql://db.arg/y", "arguser",
        "argpass"));

    DbConfig emptyPassword = DbConfig.resolve(" jdbc:postgresql://db.arg/y ", null, "", tmp, env);
    assertThat(emptyPassword).isEqualTo(new DbConfig("jdbc:postgresql://db.arg/y", "envuser",
        ""));
  }

  @Test
  void anExplicitH2UrlKeepsItsOwnOptionsAndGetsTheMissingOnes() {
    DbConfig c = DbConfig.resolve("jdbc:h2:file:/srv/x;write_delay=100", null, null, tmp,
        Map.of());
    assertThat(c.user()).isEqualTo("sa");
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:h2:file:/srv/x;write_delay=100;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(DbConfig.inMemory("t1").jdbcUrl()).isEqualTo("jdbc:h2:mem:t1;DB_CLOSE_DELAY=-1");
  }

  @Test
  void aUrlOfAnotherDatabaseIsBadInputNamingDbWithoutShowingSecrets() {
    assertThatThrownBy(() -> DbConfig.resolve("jdbc:mysql://root:hunter2@db/x?password=hunter3",
        null, null, tmp, Map.of()))
        .isInstanceOfSatisfying(ParameterException.class,
            e -> assertThat(e.field()).isEqualTo("db"))
        .hasMessageStartingWith("db must be a jdbc:h2: or jdbc:postgresql: URL, was 'jdbc:")
        .hasMessageNotContaining("hunter");
    assertThatThrownBy(() -> DbConfig.resolve(null, null, null, tmp,
        Map.of("SAFERLHUB_DB_URL", "postgres://x")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("'postgres://x'");
    assertThatThrownBy(() -> new DbConfig("sqlite:x", "", ""))
        .isInstanceOf(ParameterException.class);
  }

  @Test
  void displayUrlHidesCredentialsAndOptions() {
    assertThat(DbConfig.safe("jdbc:postgresql://u:p@host:5432/db?password=s"))
        .isEqualTo("jdbc:postgresql://…@host:5432/db…");
    assertThat(new DbConfig("jdbc:h2:file:/x;CIPHER=AES", "sa", "secret").toString())
        .doesNotContain("secret").doesNotContain("AES");
  }

  @Test
  void inMemoryNamesAreChecked() {
    assertThatThrownBy(() -> DbConfig.inMemory("a;INIT=RUNSCRIPT FROM 'x'"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDataDirThatIsAFileIsBadInput() throws Exception {
    Path file = java.nio.file.Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> DbConfig.h2(file)).isInstanceOfSatisfying(ParameterException.class,
        e -> assertThat(e.field()).isEqualTo("data-dir"));
  }
}
