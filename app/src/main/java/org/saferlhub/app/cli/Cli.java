package org.saferlhub.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Shared command-line plumbing: exit codes, error messages and JSON output. */
public final class Cli {

  /** Exit code for bad input: a clear message, nothing run. */
  public static final int BAD_INPUT = 2;

  static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Cli() {}

  /** A picocli command line whose bad-input errors exit with {@link #BAD_INPUT}. */
  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    SchemaHelp.apply(cl); // run options document themselves from the engine's parameters
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandName() + ": error: " + e.getMessage());
        err.flush();
        return BAD_INPUT;
      }
      throw e;
    });
    return cl;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the version from the jar's manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"saferlhub " + (v == null ? "development build" : v)};
    }
  }
}
