package org.saferlhub.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Shared command-line plumbing: exit codes, error messages and JSON output. */
public final class Cli {

  /** Exit code for bad input: a clear message, nothing run. */
  public static final int BAD_INPUT = 2;

  static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Cli() {}

  /**
   * Engine fields whose option is not {@code --field} nor a run option of {@link SchemaHelp}:
   * the user chooses the {@code algorithm} with {@code --agent}.
   */
  private static final Map<String, String> RENAMED = Map.of("algorithm", "--agent");

  /**
   * A picocli command line whose bad-input errors exit with {@link #BAD_INPUT} after one short
   * message naming the option: a value picocli cannot read, or an
   * {@link IllegalArgumentException} from the command (see {@link #forUser}).
   */
  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    SchemaHelp.apply(cl); // run options document themselves from the engine's parameters
    WholeNumbers.register(cl);
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      PrintWriter err = failed.getErr();
      err.println(failed.getCommandName() + ": error: " + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("See '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
      err.flush();
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException bad) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandName() + ": error: "
            + forUser(bad, commandLine.getCommandSpec(), parseResult.originalArgs()));
        err.flush();
        return BAD_INPUT;
      }
      throw e;
    });
    return cl;
  }

  /**
   * The message of a bad-input error in the user's words. A {@link ParameterException} names
   * the engine's field ({@code planningSteps}, {@code algorithm}), where the user typed an option
   * ({@code --planning-steps}, {@code --agent} or its alias {@code --algorithm}): a message that
   * starts with the field starts with the option instead, one that names neither gets the option
   * in front. This is the one place the CLI maps fields to options.
   *
   * @param command the command that failed, whose options are looked up
   * @param args the command line as typed, to name an option as the user spelled it
   */
  static String forUser(IllegalArgumentException e, CommandSpec command, List<String> args) {
    String message = String.valueOf(e.getMessage());
    if (!(e instanceof ParameterException p)) {
      return message;
    }
    String field = p.field();
    String name = RENAMED.getOrDefault(field, SchemaHelp.optionOf(field).orElse("--" + field));
    @Nullable OptionSpec option = command.findOption(name);
    if (option == null) {
      return message; // not an option of this command, such as export-site's DIR
    }
    for (String alias : option.names()) {
      if (message.contains(alias)) {
        return message; // says it already
      }
    }
    String typed = typedName(option, args, name);
    boolean startsWithField = message.startsWith(field) && (message.length() == field.length()
        || !Character.isLetterOrDigit(message.charAt(field.length())));
    return startsWithField ? typed + message.substring(field.length()) : typed + ": " + message;
  }

  /** The name of {@code option} the user typed, or {@code fallback}. */
  private static String typedName(OptionSpec option, List<String> args, String fallback) {
    for (String arg : args) {
      for (String alias : option.names()) {
        if (arg.equals(alias) || arg.startsWith(alias + "=")) {
          return alias;
        }
      }
    }
    return fallback;
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
