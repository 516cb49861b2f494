package org.saferlhub.app;

import org.saferlhub.app.cli.BenchCommand;
import org.saferlhub.app.cli.Cli;
import org.saferlhub.app.cli.EvaluateCommand;
import org.saferlhub.app.cli.ExperimentCommand;
import org.saferlhub.app.cli.ExportSiteCommand;
import org.saferlhub.app.cli.FeedbackCommand;
import org.saferlhub.app.cli.FixCommand;
import org.saferlhub.app.cli.InspectCommand;
import org.saferlhub.app.cli.PlayCommand;
import org.saferlhub.app.cli.ServeCommand;
import org.saferlhub.app.cli.SolveCommand;
import org.saferlhub.app.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code saferlhub}: serves the site, and reproduces everything it shows from the command line.
 * With no sub-command it serves, as {@code saferlhub serve}.
 */
@Command(name = "saferlhub", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
    description = {"Learn RL safety and interpretability by training real agents.",
        "With no sub-command: serve the site at http://localhost:8080."},
    subcommands = {ServeCommand.class, TrainCommand.class, PlayCommand.class, FixCommand.class, SolveCommand.class,
        EvaluateCommand.class, ExperimentCommand.class, BenchCommand.class, FeedbackCommand.class,
        ExportSiteCommand.class, InspectCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Runs the command line and exits with its code (2 for bad input). */
  public static void main(String[] args) {
    int code = run(args.length == 0 ? new String[] {"serve"} : args);
    System.exit(code);
  }

  /** Runs the command line and returns its exit code, without exiting. */
  public static int run(String... args) {
    return Cli.commandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new ServeCommand().call();
  }
}
